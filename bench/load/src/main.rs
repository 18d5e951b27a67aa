//! Load benchmark: many simulated phones against the real release server.
//!
//! Each phone registers its own account, then, after a think time, syncs:
//! one `POST /api/sync` that pushes a small batch of finished training
//! sessions and pulls what changed since its cursor, again and again. The
//! load generator is goose; the figures are goose's, for the sync requests
//! only, over the steady part of the run (goose resets its metrics once
//! every phone has started).
//!
//! Two runs: one server on SQLite, and two server processes on one
//! PostgreSQL database (the phones split between them). For each: syncs and
//! ops per second, p50/p99/max latency, errors, and the server's RSS idle
//! after start and idle again after the load.
//!
//! `make bench-load` (or `make bench`, which prints it in one table). Knobs:
//! `KNIP_LOAD_PHONES` (1000), `KNIP_LOAD_SECONDS` (60 steady seconds),
//! `KNIP_LOAD_OPS` (5 per batch), `KNIP_LOAD_THINK` ("2-8" seconds between
//! syncs), `KNIP_SERVER_BIN` (target/release/server), `KNIP_TEST_POSTGRES_URL`
//! (postgres://postgres@127.0.0.1:5432/test; `KNIP_LOAD_POSTGRES=0` skips).
//!
//! Every figure line is also printed as `FIGURE|name|value|goal` for
//! `scripts/bench.sh`.

use goose::prelude::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;
use uuid::Uuid;

const PASSWORD: &str = "fjell og fjord i sol";

/// The servers the phones talk to; phone `i` uses `HOSTS[i % len]`.
static HOSTS: OnceLock<Vec<String>> = OnceLock::new();
static OPS_PER_BATCH: OnceLock<usize> = OnceLock::new();

#[derive(Clone)]
struct Phone {
    base: String,
    device: String,
    cursor: Option<String>,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a valid value")),
        Err(_) => default,
    }
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(database_url: &str) -> Server {
        let bin =
            std::env::var("KNIP_SERVER_BIN").unwrap_or_else(|_| "target/release/server".into());
        let mut child = Command::new(&bin)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", "error")
            // Every phone registers from 127.0.0.1: the password rate limit
            // would otherwise (rightly) refuse the 6th registration.
            .env("KNIP_PASSWORD_BURST", "100000")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("start {bin} (run `cargo build --release -p server` first): {e}")
            });
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the server's first line");
        let base = line.trim().rsplit(' ').next().expect("url").to_owned();
        assert!(base.starts_with("http://"), "unexpected first line: {line}");
        Server { child, base }
    }

    /// Resident memory in MB, from /proc.
    fn rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("read /proc status");
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("VmRSS");
        kb / 1024.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn register(user: &mut GooseUser) -> TransactionResult {
    let hosts = HOSTS.get().expect("hosts");
    let base = hosts[user.weighted_users_index % hosts.len()].clone();
    let email = format!(
        "phone{}-{}@example.no",
        user.weighted_users_index,
        Uuid::new_v4().simple()
    );
    let body = serde_json::json!({"email": email, "password": PASSWORD});
    // The server hashes one password per core and answers 503 `busy` past a
    // short queue; a phone then tries again after Retry-After, as the app
    // does. (Not part of the sync figures.)
    for _ in 0..60 {
        let builder = user
            .get_request_builder(&GooseMethod::Post, &format!("{base}/api/auth/register"))?
            .json(&body);
        let request = GooseRequest::builder()
            .method(GooseMethod::Post)
            .name("register")
            .set_request_builder(builder)
            .expect_status_code(201)
            .build();
        let goose = user.request(request).await?;
        match goose.response {
            Ok(r) if r.status().as_u16() == 201 => break,
            Ok(r) => {
                let wait = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                tokio::time::sleep(Duration::from_secs(wait)).await;
            }
            Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
        }
    }
    user.set_session_data(Phone {
        base,
        device: Uuid::new_v4().to_string(),
        cursor: None,
    });
    Ok(())
}

fn session_op() -> serde_json::Value {
    serde_json::json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.logged", "client_ts": "2026-11-01T08:10:00Z",
        "payload": {"id": Uuid::now_v7().to_string(), "kind": "training", "started_at": "2026-11-01T08:00:00Z", "ended_at": "2026-11-01T08:09:00Z",
                    "planned_reps": 30, "done_reps": 30, "planned_rounds": 3, "done_rounds": 3}})
}

async fn sync(user: &mut GooseUser) -> TransactionResult {
    let phone = user.get_session_data_unchecked::<Phone>().clone();
    let ops: Vec<_> = (0..*OPS_PER_BATCH.get().expect("ops"))
        .map(|_| session_op())
        .collect();
    let body = serde_json::json!({"device_id": phone.device, "cursor": phone.cursor, "ops": ops});
    let builder = user
        .get_request_builder(&GooseMethod::Post, &format!("{}/api/sync", phone.base))?
        .json(&body);
    let request = GooseRequest::builder()
        .method(GooseMethod::Post)
        .name("sync")
        .set_request_builder(builder)
        .build();
    let mut goose = user.request(request).await?;
    let answer = match goose.response {
        Ok(response) if response.status().is_success() => {
            response.json::<serde_json::Value>().await
        }
        _ => return Ok(()),
    };
    let cursor = match answer {
        Ok(v) => v["cursor"].as_str().map(str::to_owned),
        Err(e) => {
            return user.set_failure(
                "the answer was not JSON",
                &mut goose.request,
                None,
                Some(&e.to_string()),
            );
        }
    };
    user.get_session_data_unchecked_mut::<Phone>().cursor = cursor;
    Ok(())
}

struct Figures {
    syncs_per_s: f64,
    ops_per_s: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    errors: usize,
    requests: usize,
}

async fn load(hosts: Vec<String>, phones: usize, seconds: usize, think: (u64, u64)) -> Figures {
    HOSTS.set(hosts).ok();
    let ops = *OPS_PER_BATCH.get().expect("ops");
    // Phones start over about 20 s (their registrations hash passwords).
    let rate = (phones / 20).max(1);
    let metrics = GooseAttack::initialize_with_config(goose::config::GooseConfiguration::default())
        .expect("goose")
        .register_scenario(
            scenario!("Phone")
                .set_wait_time(Duration::from_secs(think.0), Duration::from_secs(think.1))
                .expect("wait time")
                .register_transaction(transaction!(register).set_on_start())
                .register_transaction(transaction!(sync)),
        )
        .set_default(GooseDefault::Host, "http://127.0.0.1")
        .and_then(|g| g.set_default(GooseDefault::Users, phones))
        .and_then(|g| g.set_default(GooseDefault::IncreaseRate, rate.to_string().as_str()))
        .and_then(|g| g.set_default(GooseDefault::RunTime, seconds))
        .and_then(|g| g.set_default(GooseDefault::NoPrintMetrics, true))
        .and_then(|g| g.set_default(GooseDefault::Quiet, 1))
        .and_then(|g| g.set_default(GooseDefault::NoTelnet, true))
        .and_then(|g| g.set_default(GooseDefault::Timeout, "30"))
        .expect("goose settings")
        .execute()
        .await
        .expect("the load ran");
    let sync = metrics
        .requests
        .values()
        .find(|r| r.path == "sync")
        .expect("sync requests were made");
    let duration = metrics.duration.max(1) as f64;
    let requests = sync.success_count + sync.fail_count;
    let errors = sync.fail_count;
    Figures {
        syncs_per_s: sync.success_count as f64 / duration,
        ops_per_s: (sync.success_count * ops) as f64 / duration,
        p50_ms: sync.raw_data.percentile_us(0.50) as f64 / 1000.0,
        p99_ms: sync.raw_data.percentile_us(0.99) as f64 / 1000.0,
        max_ms: sync.raw_data.maximum_time_us as f64 / 1000.0,
        errors,
        requests,
    }
}

fn print(label: &str, key: &str, f: &Figures, idle: f64, after: f64) {
    println!(
        "{label}: {} syncs in the steady part, {:.0} syncs/s, {:.0} ops/s, p50 {:.1} ms, p99 {:.1} ms, max {:.0} ms, {} errors; RSS {:.1} MB idle at start, {:.1} MB idle after",
        f.requests, f.syncs_per_s, f.ops_per_s, f.p50_ms, f.p99_ms, f.max_ms, f.errors, idle, after
    );
    println!(
        "FIGURE|load {key}: throughput|{:.0} ops/s ({:.0} syncs/s)|",
        f.ops_per_s, f.syncs_per_s
    );
    println!(
        "FIGURE|load {key}: sync p50 / p99|{:.1} / {:.1} ms|p99 ≤ 250 ms",
        f.p50_ms, f.p99_ms
    );
    println!("FIGURE|load {key}: errors|{} of {}|0", f.errors, f.requests);
    println!(
        "FIGURE|RSS {key}: idle at start / idle after the load|{idle:.1} / {after:.1} MB|≤ 30 / ≤ 40 MB"
    );
}

/// Waits until the servers have closed the phones' kept-alive connections
/// (header timeout 10 s) and settled, then reads their RSS.
async fn settled_rss(servers: &[Server]) -> f64 {
    tokio::time::sleep(Duration::from_secs(15)).await;
    servers.iter().map(Server::rss_mb).fold(0.0, f64::max)
}

#[tokio::main]
async fn main() {
    let phones: usize = env_or("KNIP_LOAD_PHONES", 1000);
    let seconds: usize = env_or("KNIP_LOAD_SECONDS", 60);
    let think: String = env_or("KNIP_LOAD_THINK", "2-8".to_owned());
    let think = think
        .split_once('-')
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .expect("KNIP_LOAD_THINK is MIN-MAX in seconds");
    OPS_PER_BATCH.set(env_or("KNIP_LOAD_OPS", 5)).ok();
    let which = std::env::args().nth(1).unwrap_or_else(|| "both".into());
    println!(
        "{phones} phones, each syncing {} ops every {}-{} s, {seconds} steady seconds",
        OPS_PER_BATCH.get().expect("ops"),
        think.0,
        think.1
    );

    if which == "both" || which == "sqlite" {
        let dir = std::env::temp_dir().join(format!("knip-load-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let server = Server::start(&format!(
            "sqlite://{}?mode=rwc",
            dir.join("knip.db").display()
        ));
        tokio::time::sleep(Duration::from_secs(2)).await;
        let idle = server.rss_mb();
        let figures = load(vec![server.base.clone()], phones, seconds, think).await;
        let servers = [server];
        let after = settled_rss(&servers).await;
        print("SQLite, one server", "SQLite", &figures, idle, after);
        drop(servers);
        let _ = std::fs::remove_dir_all(dir);
        if which == "both" {
            // goose keeps its hosts in a global: a second attack in this
            // process would reuse them, so PostgreSQL runs in a child.
            let status = Command::new(std::env::current_exe().expect("exe"))
                .arg("postgres")
                .status()
                .expect("run the PostgreSQL part");
            assert!(status.success());
        }
    }
    if which == "postgres" && std::env::var("KNIP_LOAD_POSTGRES").as_deref() != Ok("0") {
        let admin = std::env::var("KNIP_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let name = format!("knip_load_{}", Uuid::new_v4().simple());
        let psql = |sql: &str| {
            let ok = Command::new("psql")
                .args([admin.as_str(), "-qc", sql])
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "psql {sql} failed: is PostgreSQL at {admin}?");
        };
        psql(&format!("CREATE DATABASE {name}"));
        let base = admin.rsplit_once('/').expect("database url").0;
        let url = format!("{base}/{name}");
        {
            // One after the other: the first runs the migrations.
            let first = Server::start(&url);
            let second = Server::start(&url);
            tokio::time::sleep(Duration::from_secs(2)).await;
            let idle = first.rss_mb().max(second.rss_mb());
            let figures = load(
                vec![first.base.clone(), second.base.clone()],
                phones,
                seconds,
                think,
            )
            .await;
            let servers = [first, second];
            let after = settled_rss(&servers).await;
            print(
                "PostgreSQL, two servers",
                "PostgreSQL ×2",
                &figures,
                idle,
                after,
            );
        }
        psql(&format!("DROP DATABASE {name} WITH (FORCE)"));
    }
}
