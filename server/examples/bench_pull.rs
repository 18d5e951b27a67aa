//! Benchmark: pull latency for a user with 100 000 changes, cursor in the
//! middle (each pull returns the next 1 000), on SQLite and PostgreSQL.
//!
//! `cargo run --release -p server --example bench_pull` (`make bench-pull`);
//! `KNIP_BENCH_POSTGRES_URL` points at a PostgreSQL whose role may create
//! databases (default `postgres://postgres@127.0.0.1:5432/test`).

use app::domain::sync::Cursor;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, TransactionTrait};
use server::db;
use server::sync::sync_batch;
use std::time::{Duration, Instant};
use uuid::Uuid;

const CHANGES: i64 = 100_000;
const PULLS: usize = 50;

async fn seed(conn: &DatabaseConnection) -> Uuid {
    db::migrations::run(conn).await.expect("migrate");
    let user = Uuid::now_v7();
    let backend = conn.get_database_backend();
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        "INSERT INTO users (id, email, password_hash, role, locale, created_at, change_seq) VALUES ($1, 'bench@example.no', 'x', 'patient', 'nb', 0, $2)",
        [user.into(), CHANGES.into()],
    ))
    .await
    .expect("user");
    let txn = conn.begin().await.expect("begin");
    for chunk in (1..=CHANGES).collect::<Vec<_>>().chunks(500) {
        let mut sql = String::from(
            "INSERT INTO changes (user_id, seq, op_id, kind, device_id, client_ts, payload) VALUES ",
        );
        let mut values = Vec::new();
        for (i, seq) in chunk.iter().enumerate() {
            let n = i * 4;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${}, ${}, ${}, 'setting.set', ${}, '2026-11-01T08:00:00Z', '{{\"key\":\"sound\",\"value\":true}}')", n + 1, n + 2, n + 3, n + 4));
            values.extend([
                user.into(),
                (*seq).into(),
                Uuid::now_v7().into(),
                user.into(),
            ]);
        }
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await
            .expect("changes");
    }
    txn.commit().await.expect("commit");
    user
}

async fn measure(name: &str, conn: &DatabaseConnection) {
    let user = seed(conn).await;
    let device = Uuid::now_v7();
    let mut times: Vec<Duration> = Vec::with_capacity(PULLS);
    for i in 0..PULLS {
        let cursor = Cursor(CHANGES / 2 + (i as i64 * 37) % 1000);
        let start = Instant::now();
        let response = sync_batch(conn, &Default::default(), user, device, cursor, &[])
            .await
            .expect("pull");
        times.push(start.elapsed());
        assert_eq!(response.changes.len(), 1000);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name:<10} pull of 1000 changes at cursor ~50 000 of 100 000: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(times[PULLS / 2]),
        ms(times[PULLS * 95 / 100]),
        ms(times[PULLS - 1])
    );
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("knip-bench-pull-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let sqlite = db::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.join("knip.db").display()
    ))
    .await
    .expect("sqlite");
    measure("SQLite", &sqlite).await;
    let _ = std::fs::remove_dir_all(&dir);

    let admin_url = std::env::var("KNIP_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let Ok(admin) = db::connect(&admin_url).await else {
        println!("PostgreSQL     not reachable at {admin_url}; skipped");
        return;
    };
    let name = format!("knip_bench_{}", Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create db");
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b.to_owned())
        .expect("url");
    let pg = db::connect(&format!("{base}/{name}"))
        .await
        .expect("postgres");
    measure("PostgreSQL", &pg).await;
    pg.close().await.ok();
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .ok();
}
