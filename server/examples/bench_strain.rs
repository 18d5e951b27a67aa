//! Benchmark: the server under strain (issue #13), against a real process.
//!
//! 1. A burst of 200 failed logins at once from 20 loopback addresses (each
//!    within its rate-limit burst): peak and settled RSS of the server, how
//!    many were answered 401 and 503, and `/healthz` latency meanwhile.
//! 2. A flood of clients that connect, send `GET / HTTP/1.1\r\n` and stop:
//!    `/healthz` latency while the flood holds, and how many the server
//!    closed.
//!
//! `make bench-strain` (builds the release server first); `KNIP_SERVER_BIN`
//! measures another binary. The server runs with `ulimit -n` 4 096
//! (`prlimit`) and the flood is 6 000 connections (`KNIP_BENCH_FLOOD`): more
//! than the server has file descriptors, as 20 000 were on a server with
//! this machine's limit of 20 000.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const PASSWORD: &str = "fjell og fjord i sol";

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let bin = std::env::var("KNIP_SERVER_BIN").unwrap_or_else(|_| "target/release/server".into());
    let dir = std::env::temp_dir().join(format!("knip-strain-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut child = Command::new("prlimit")
        .args(["--nofile=4096:4096", "--"])
        .arg(&bin)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()),
        )
        .env("RUST_LOG", "off")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {bin}: {e}"));
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the server's first line");
    let base = line.trim().rsplit(' ').next().expect("url").to_owned();
    Server { child, base }
}

fn rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Latency of one `/healthz`, or `None` when it did not answer 200 within 3 s.
async fn healthz(base: &str) -> Option<Duration> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .pool_max_idle_per_host(0)
        .build()
        .ok()?;
    let started = Instant::now();
    let response = client.get(format!("{base}/healthz")).send().await.ok()?;
    (response.status() == 200).then(|| started.elapsed())
}

fn summary(mut samples: Vec<Option<Duration>>) -> String {
    let failed = samples.iter().filter(|s| s.is_none()).count();
    let mut ok: Vec<Duration> = samples.drain(..).flatten().collect();
    ok.sort();
    if ok.is_empty() {
        return format!("no answer ({failed} probes failed)");
    }
    let at = |q: f64| ok[((ok.len() - 1) as f64 * q).round() as usize];
    format!(
        "p50 {:.1} ms, max {:.1} ms, {} of {} probes failed",
        at(0.5).as_secs_f64() * 1e3,
        ok[ok.len() - 1].as_secs_f64() * 1e3,
        failed,
        failed + ok.len()
    )
}

async fn login_burst(server: &Server) {
    let pid = server.child.id();
    let http = reqwest::Client::new();
    let register = http
        .post(format!("{}/api/auth/register", server.base))
        .json(&serde_json::json!({"email": "bench@example.no", "password": PASSWORD}))
        .send()
        .await
        .expect("register");
    assert!(
        register.status().is_success(),
        "register: {}",
        register.status()
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss_mib(pid);
    let mut attempts = Vec::new();
    for host in 2..22u8 {
        let client = reqwest::Client::builder()
            .local_address(std::net::IpAddr::from([127, 0, 0, host]))
            .build()
            .expect("client");
        for i in 0..10 {
            // An account each: one account would soon have to wait
            // (auth::throttle), and the burst is about the hashing queue.
            let email = format!("guess{host}-{i}@example.no");
            let request = client
                .post(format!("{}/api/auth/login", server.base))
                .json(&serde_json::json!({"email": email, "password": "wrong password"}));
            attempts.push(tokio::spawn(async move {
                request
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            }));
        }
    }
    let base = server.base.clone();
    let probes = tokio::spawn(async move {
        let mut samples = Vec::new();
        for _ in 0..20 {
            samples.push(healthz(&base).await);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        samples
    });
    let mut peak = before;
    let mut statuses = Vec::new();
    for attempt in attempts {
        while !attempt.is_finished() {
            peak = peak.max(rss_mib(pid));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        statuses.push(attempt.await.unwrap_or(0));
    }
    let burst_probes = probes.await.expect("probes");
    tokio::time::sleep(Duration::from_secs(15)).await;
    let settled = rss_mib(pid);
    let count = |code: u16| statuses.iter().filter(|s| **s == code).count();
    println!("| login burst (200 at once) | RSS before | {before:.1} MiB |");
    println!("| | RSS peak | {peak:.1} MiB |");
    println!("| | RSS 15 s after | {settled:.1} MiB |");
    println!(
        "| | answers | {} × 401, {} × 503, {} other |",
        count(401),
        count(503),
        statuses.len() - count(401) - count(503)
    );
    println!(
        "| | /healthz during the burst | {} |",
        summary(burst_probes)
    );
}

async fn slow_flood(server: &Server, size: usize) {
    let addr = server.base.trim_start_matches("http://").to_owned();
    let mut flood = Vec::with_capacity(size);
    let mut refused = 0;
    for _ in 0..size {
        // Ten connects in a row that hang: the server has stopped accepting.
        if refused >= 10 {
            refused = size - flood.len();
            break;
        }
        // A server that stopped accepting leaves connects hanging.
        match tokio::time::timeout(Duration::from_secs(1), TcpStream::connect(&addr)).await {
            Ok(Ok(mut stream)) => {
                if stream.write_all(b"GET / HTTP/1.1\r\n").await.is_ok() {
                    flood.push(stream);
                }
            }
            _ => refused += 1,
        }
    }
    let mut samples = Vec::new();
    for _ in 0..20 {
        samples.push(healthz(&server.base).await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The server closes a connection it evicted or timed out: peek sees EOF.
    let mut closed = 0;
    for stream in &flood {
        let mut byte = [0u8; 1];
        if matches!(stream.try_read(&mut byte), Ok(0)) {
            closed += 1;
        }
    }
    println!(
        "| slow clients ({size} half-sent requests) | connected / refused | {} / {refused} |",
        flood.len()
    );
    println!("| | closed by the server within ~2 s | {closed} |");
    println!("| | /healthz during the flood | {} |", summary(samples));
}

#[tokio::main]
async fn main() {
    let size: usize = std::env::var("KNIP_BENCH_FLOOD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6_000);
    println!("| strain | figure | value |\n|---|---|---|");
    let server = start();
    login_burst(&server).await;
    drop(server);
    let server = start();
    slow_flood(&server, size).await;
}
