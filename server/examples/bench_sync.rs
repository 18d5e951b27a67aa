//! Benchmark: sync ingest. Pushes 500-op batches through `POST /api/sync`
//! into SQLite and compares with inserting the same rows (entries, change
//! log, replay guard, overview fact) with plain SQL, one transaction per batch, on the same
//! machine in the same run.
//!
//! `cargo run --release -p server --example bench_sync` (`make bench-sync`)

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, TransactionTrait, Value};
use server::config::ServeConfig;
use server::{AppState, build_router, db};
use std::time::{Duration, Instant};
use uuid::Uuid;

const BATCHES: usize = 20;
const OPS_PER_BATCH: usize = 500;

fn session_op(i: usize) -> serde_json::Value {
    serde_json::json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.logged", "client_ts": "2026-11-01T08:10:00Z",
        "payload": {"id": Uuid::now_v7(), "kind": "training", "started_at": "2026-11-01T08:00:00Z", "ended_at": "2026-11-01T08:09:00Z",
                    "planned_reps": 30, "done_reps": i % 30, "planned_rounds": 3, "done_rounds": 3}})
}

async fn fresh(name: &str) -> DatabaseConnection {
    let dir = std::env::temp_dir().join(format!("knip-bench-{name}-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let conn = db::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.join("knip.db").display()
    ))
    .await
    .expect("connect");
    db::migrations::run(&conn).await.expect("migrate");
    conn
}

async fn through_the_api() -> Duration {
    let conn = fresh("api").await;
    let config = ServeConfig::for_tests("target/site".into());
    let limits = config.connections.limits();
    let router = build_router(AppState::new(conn, config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(server::connections::serve(
        listener,
        router,
        limits,
        std::future::pending(),
    ));
    let http = reqwest::Client::new();
    let register = http
        .post(format!("http://{addr}/api/auth/register"))
        .json(&serde_json::json!({"email": "bench@example.no", "password": "fjell og fjord i sol"}))
        .send()
        .await
        .expect("register");
    let cookie = register.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    let device = Uuid::new_v4().to_string();
    let batches: Vec<Vec<serde_json::Value>> = (0..BATCHES)
        .map(|_| (0..OPS_PER_BATCH).map(session_op).collect())
        .collect();
    let start = Instant::now();
    // Like a real device: each request carries the cursor the last one gave.
    let mut cursor = serde_json::Value::Null;
    for ops in &batches {
        let body = serde_json::json!({"device_id": device, "cursor": cursor, "ops": ops});
        let response = http
            .post(format!("http://{addr}/api/sync"))
            .header("cookie", &cookie)
            .json(&body)
            .send()
            .await
            .expect("sync");
        assert_eq!(response.status(), 200);
        let answer: serde_json::Value = response.json().await.expect("body");
        cursor = answer["cursor"].clone();
    }
    start.elapsed()
}

async fn raw_sql() -> Duration {
    let conn = fresh("raw").await;
    let user = Uuid::now_v7();
    let device = Uuid::new_v4();
    conn.execute_raw(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "INSERT INTO users (id, email, password_hash, role, locale, created_at, change_seq) VALUES ($1, 'raw@example.no', 'x', 'patient', 'nb', 0, 0)",
        [Value::from(user)],
    ))
    .await
    .expect("user");
    let backend = conn.get_database_backend();
    let ops: Vec<Vec<serde_json::Value>> = (0..BATCHES)
        .map(|_| (0..OPS_PER_BATCH).map(session_op).collect())
        .collect();
    let start = Instant::now();
    let mut seq = 0i64;
    // The same rows the API writes (the entry, its line in the change log,
    // its replay guard and the therapist's overview fact), batched the way
    // the API batches them (100 rows a statement), so the ratio measures
    // the API's own cost.
    for batch in &ops {
        let txn = conn.begin().await.expect("begin");
        for chunk in batch.chunks(100) {
            let mut tables = [
                Rows::new(
                    "entries (id, user_id, family, payload, deleted, updated_seq, client_ts, device_id)",
                ),
                Rows::new("changes (user_id, seq, op_id, kind, device_id, client_ts, payload)"),
                Rows::new("applied_ops (user_id, op_id, seq, applied_at)"),
                Rows::new(
                    "entry_facts (user_id, entry_id, family, day, reps, rounds, pain, leakage, pgi_i, goals, questionnaire, hurt, asked_reps_per_round, asked_rounds_per_day)",
                ),
            ];
            for op in chunk {
                seq += 1;
                let op_id = Uuid::parse_str(op["op_id"].as_str().expect("op id")).expect("uuid");
                let entry_id =
                    Uuid::parse_str(op["payload"]["id"].as_str().expect("id")).expect("uuid");
                let payload = op["payload"].to_string();
                let client_ts = op["client_ts"].as_str().expect("client_ts").to_owned();
                let reps = op["payload"]["done_reps"].as_i64().expect("reps");
                let asked = |field: &str| {
                    op["payload"]["prescription"][field]
                        .as_i64()
                        .and_then(|v| i16::try_from(v).ok())
                };
                let [entries, changes, applied, facts] = &mut tables;
                entries.push([
                    Value::from(entry_id),
                    Value::from(user),
                    Value::from("session"),
                    Value::from(payload.clone()),
                    Value::from(false),
                    Value::from(seq),
                    Value::from(client_ts.clone()),
                    Value::from(device),
                ]);
                changes.push([
                    Value::from(user),
                    Value::from(seq),
                    Value::from(op_id),
                    Value::from("session.logged"),
                    Value::from(device),
                    Value::from(client_ts),
                    Value::from(payload),
                ]);
                applied.push([
                    Value::from(user),
                    Value::from(op_id),
                    Value::from(seq),
                    Value::from(0i64),
                ]);
                facts.push([
                    Value::from(user),
                    Value::from(entry_id),
                    Value::from("session"),
                    Value::from("2026-11-01"),
                    Value::from(reps as i32),
                    Value::from(3i32),
                    Value::from(None::<i16>),
                    Value::from(None::<i32>),
                    Value::from(None::<i16>),
                    Value::from(None::<i16>),
                    Value::from(None::<String>),
                    Value::from(false),
                    Value::from(asked("reps_per_round")),
                    Value::from(asked("rounds_per_day")),
                ]);
            }
            for table in tables {
                txn.execute_raw(table.statement(backend))
                    .await
                    .expect("insert");
            }
        }
        txn.commit().await.expect("commit");
    }
    start.elapsed()
}

/// One multi-row `INSERT` being put together.
struct Rows {
    into: &'static str,
    groups: Vec<String>,
    values: Vec<Value>,
}

impl Rows {
    fn new(into: &'static str) -> Self {
        Self {
            into,
            groups: Vec::new(),
            values: Vec::new(),
        }
    }

    fn push<const N: usize>(&mut self, row: [Value; N]) {
        // Plain `?` as sea-orm writes for SQLite: numbered `$N` marks make
        // the driver look each one up by name, which grows with the square
        // of the marks in a statement.
        self.groups.push(format!("({})", vec!["?"; N].join(", ")));
        self.values.extend(row);
    }

    fn statement(self, backend: sea_orm::DatabaseBackend) -> Statement {
        let sql = format!(
            "INSERT INTO {} VALUES {}",
            self.into,
            self.groups.join(", ")
        );
        Statement::from_sql_and_values(backend, sql, self.values)
    }
}

#[tokio::main]
async fn main() {
    let ops = (BATCHES * OPS_PER_BATCH) as f64;
    let raw = raw_sql().await;
    let api = through_the_api().await;
    println!("sync ingest, SQLite, {BATCHES} batches x {OPS_PER_BATCH} ops");
    println!(
        "  raw SQL, one transaction per batch: {:8.1} ms  ({:7.0} ops/s)",
        raw.as_secs_f64() * 1e3,
        ops / raw.as_secs_f64()
    );
    println!(
        "  POST /api/sync (HTTP, JSON, checks): {:8.1} ms  ({:7.0} ops/s)",
        api.as_secs_f64() * 1e3,
        ops / api.as_secs_f64()
    );
    let ratio = api.as_secs_f64() / raw.as_secs_f64();
    println!("  ratio api / raw: {ratio:.2}x (goal <= 1.5x)");
    // For scripts/bench.sh's table.
    println!(
        "FIGURE|sync ingest vs raw SQL inserts (SQLite, 500-op batches)|{ratio:.2}× ({:.0} vs {:.0} ops/s)|≤ 1.5×",
        ops / api.as_secs_f64(),
        ops / raw.as_secs_f64()
    );
}
