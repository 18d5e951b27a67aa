//! When the database cannot store (a full disk, an I/O error), nothing is
//! acknowledged that was not committed, the answer is a 503 the phone
//! retries, and the server recovers by itself once there is room again.

use crate::helpers::{Backend, TestApp, register_on, start_server};
use crate::on_both_databases;
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{Value, json};
use server::db;
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use uuid::Uuid;

on_both_databases!(a_connection_whose_transaction_ended_behind_the_drivers_back_is_not_reused);

/// SQLite ends a transaction by itself after some errors (a full disk, an
/// I/O error); here a plain `ROLLBACK` does the same behind the driver's
/// back. Reused, that connection ran every later "transaction" as a
/// savepoint inside one that never commits: commits that store nothing.
async fn a_connection_whose_transaction_ended_behind_the_drivers_back_is_not_reused(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let pool = db::connect(&app.database_url).await.unwrap();
    // A connection goes back to the pool a moment after it is let go; waiting
    // for that makes the next transaction take the same one.
    let settle = || tokio::time::sleep(std::time::Duration::from_millis(50));
    pool.execute_unprepared("CREATE TABLE probe (n INTEGER NOT NULL)")
        .await
        .unwrap();
    settle().await;
    {
        let txn = pool.begin().await.unwrap();
        txn.execute_unprepared("INSERT INTO probe VALUES (0)")
            .await
            .unwrap();
        txn.execute_unprepared("ROLLBACK").await.unwrap();
        // Dropped: the rollback the driver sends now finds no transaction.
    }
    settle().await;
    {
        let txn = pool.begin().await.unwrap();
        txn.execute_unprepared("INSERT INTO probe VALUES (-1)")
            .await
            .unwrap();
        // A request that fails half-way: dropped without a commit.
    }
    settle().await;
    for n in 1..=20 {
        let txn = pool.begin().await.unwrap();
        txn.execute_unprepared(&format!("INSERT INTO probe VALUES ({n})"))
            .await
            .unwrap();
        txn.commit().await.unwrap();
        settle().await;
    }
    pool.close().await.unwrap();
    assert_eq!(
        app.count("probe").await,
        20,
        "every commit that succeeded is stored, nothing else"
    );
}

/// A way to run out of space and to get it back.
enum Full {
    /// The file on a 3 MiB tmpfs, filled up by a ballast file: a real full
    /// disk, as in production. Needs root (to mount).
    Disk { mount: PathBuf, ballast: PathBuf },
    /// SQLite's `max_page_count` (the server's `KNIP_SQLITE_MAX_MIB`) and a
    /// ballast table: the same errors without root, though SQLite then
    /// rolls back only the failing statement, not the transaction.
    PageLimit { app: TestApp },
}

const MAX_MIB: u32 = 2;

impl Full {
    fn disk() -> Option<Self> {
        let mount = std::env::temp_dir().join(format!("knip-full-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&mount).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
            .arg(&mount)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            let _ = std::fs::remove_dir(&mount);
            return None;
        }
        let ballast = mount.join("ballast");
        Some(Full::Disk { mount, ballast })
    }

    fn database_url(&self) -> String {
        match self {
            Full::Disk { mount, .. } => {
                format!("sqlite://{}?mode=rwc", mount.join("knip.db").display())
            }
            Full::PageLimit { app } => app.database_url.clone(),
        }
    }

    fn server_env(&self) -> Vec<(&'static str, String)> {
        match self {
            Full::Disk { .. } => vec![],
            Full::PageLimit { .. } => vec![("KNIP_SQLITE_MAX_MIB", MAX_MIB.to_string())],
        }
    }

    /// Leaves about 120 KiB: a batch or two still fits, then none.
    async fn fill(&self) {
        match self {
            Full::Disk { ballast, .. } => {
                use std::io::Write;
                let mut file = std::fs::File::create(ballast).unwrap();
                let chunk = vec![0u8; 16 * 1024];
                let mut written = 0u64;
                while file
                    .write_all(&chunk)
                    .and_then(|()| file.sync_all())
                    .is_ok()
                {
                    written += chunk.len() as u64;
                }
                file.set_len(written.saturating_sub(120 * 1024)).unwrap();
                file.sync_all().unwrap();
            }
            Full::PageLimit { app } => {
                let limit_pages = i64::from(MAX_MIB) * 256;
                app.db
                    .execute_unprepared("CREATE TABLE ballast (b BLOB NOT NULL)")
                    .await
                    .unwrap();
                while page_count(app).await < limit_pages - 30 {
                    app.db
                        .execute_unprepared("INSERT INTO ballast VALUES (zeroblob(16384))")
                        .await
                        .unwrap();
                }
            }
        }
    }

    async fn make_room(&self) {
        match self {
            Full::Disk { ballast, .. } => std::fs::remove_file(ballast).unwrap(),
            // This needs the write lock, which a stuck transaction in the
            // server would hold.
            Full::PageLimit { app } => {
                app.db
                    .execute_unprepared("DROP TABLE ballast")
                    .await
                    .unwrap();
            }
        }
    }
}

impl Drop for Full {
    fn drop(&mut self) {
        if let Full::Disk { mount, .. } = self {
            let _ = Command::new("umount").arg(&*mount).status();
            let _ = std::fs::remove_dir(&*mount);
        }
    }
}

#[tokio::test]
async fn acknowledged_ops_survive_a_full_disk_and_the_server_recovers_when_there_is_room() {
    match Full::disk() {
        Some(full) => acknowledged_ops_survive(full).await,
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI runs as root and must test a real full disk, but mounting a tmpfs failed")
        }
        None => eprintln!("\n*** SKIPPED the full-disk test: mounting a tmpfs needs root ***\n"),
    }
}

#[tokio::test]
async fn acknowledged_ops_survive_a_full_database_and_the_server_recovers_when_there_is_room() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    acknowledged_ops_survive(Full::PageLimit { app }).await;
}

async fn acknowledged_ops_survive(full: Full) {
    let database_url = full.database_url();
    let env = full.server_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (server, base) = start_server(&database_url, &env);
    let http = reqwest::Client::new();
    let cookie = register_on(&http, &base, "kari@example.no").await;
    let device = Uuid::new_v4().to_string();
    full.fill().await;

    let mut acknowledged = HashSet::new();
    let sync = |ops: Vec<Value>| {
        let request = http
            .post(format!("{base}/api/sync"))
            .header("cookie", &cookie)
            .json(&json!({"device_id": device, "cursor": null, "ops": ops}));
        async move { request.send().await.unwrap() }
    };
    let mut refused = 0;
    for _ in 0..12 {
        let (ops, ids) = diary_batch(100);
        let response = sync(ops).await;
        match response.status().as_u16() {
            200 => {
                let body: Value = response.json().await.unwrap();
                for (result, id) in body["results"].as_array().unwrap().iter().zip(ids) {
                    assert_eq!(result["status"], "applied");
                    acknowledged.insert(id);
                }
            }
            status => {
                assert_eq!(
                    status, 503,
                    "a full disk is the server's trouble, not a bug"
                );
                assert!(response.headers().contains_key("retry-after"));
                let body: Value = response.json().await.unwrap();
                assert!(
                    ["storage_unavailable", "database_unavailable"]
                        .contains(&body["error"]["code"].as_str().unwrap()),
                    "{body}"
                );
                refused += 1;
            }
        }
    }
    assert!(
        refused > 0,
        "the disk never filled up: the test proves nothing"
    );
    let health = http.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(
        health.status(),
        503,
        "a database that cannot store is not healthy"
    );

    full.make_room().await;
    for _ in 0..3 {
        let (ops, ids) = diary_batch(100);
        let response = sync(ops).await;
        assert_eq!(response.status(), 200, "the server recovers by itself");
        let body: Value = response.json().await.unwrap();
        for (result, id) in body["results"].as_array().unwrap().iter().zip(ids) {
            assert_eq!(result["status"], "applied");
            acknowledged.insert(id);
        }
    }
    let health = http.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);

    // Killed without warning and started again: every acknowledged op is there.
    server.kill();
    let (_server, base) = start_server(&database_url, &env);
    let fresh = db::connect(&database_url).await.unwrap();
    let stored: HashSet<Uuid> = fresh
        .query_all_raw(sea_orm::Statement::from_string(
            fresh.get_database_backend(),
            "SELECT id FROM entries WHERE family = 'diary'",
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get::<Uuid>("", "id").unwrap())
        .collect();
    fresh.close().await.unwrap();
    let lost: Vec<_> = acknowledged.difference(&stored).collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged ops were lost",
        lost.len(),
        acknowledged.len()
    );
    let health = http.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

async fn page_count(app: &TestApp) -> i64 {
    app.db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "PRAGMA page_count",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

/// `n` diary entries with long notes, and their ids.
fn diary_batch(n: usize) -> (Vec<Value>, Vec<Uuid>) {
    let note = "Litt lekkasje ved hoste, ellers en god dag. ".repeat(40);
    (0..n)
        .map(|_| {
            let id = Uuid::now_v7();
            let op = json!({"op_id": Uuid::now_v7().to_string(), "kind": "diary.logged",
                "client_ts": "2026-11-01T08:10:00Z",
                "payload": {"id": id, "date": "2026-11-01", "leakage_episodes": 2, "note": note}});
            (op, id)
        })
        .unzip()
}
