//! Property: any schedule of batches, with ops duplicated, reordered and
//! retried, leaves the server in the state of applying each op once.

use app::domain::sync::{Cursor, WireOp};
use proptest::prelude::*;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Set, Statement};
use server::db;
use server::db::entities::user;
use server::sync::sync_batch;
use uuid::Uuid;

/// A pool of ops: sessions (some deleted later), and settings with distinct
/// timestamps, so the protocol's conflict rules give one right answer.
fn op_pool() -> Vec<WireOp> {
    let mut ops = Vec::new();
    let entries: Vec<Uuid> = (0..4).map(|i| Uuid::from_u128(0x1000 + i)).collect();
    for (i, id) in entries.iter().enumerate() {
        ops.push(WireOp {
            op_id: Uuid::from_u128(0xA000 + i as u128).to_string(),
            kind: "session.logged".into(),
            client_ts: format!("2026-11-01T08:0{i}:00Z"),
            payload: serde_json::json!({"id": id, "kind": "training", "started_at": "2026-11-01T08:00:00Z",
                "ended_at": "2026-11-01T08:05:00Z", "planned_reps": 30, "done_reps": 10 + i, "planned_rounds": 3, "done_rounds": 1}),
        });
    }
    for (i, id) in entries.iter().take(2).enumerate() {
        ops.push(WireOp {
            op_id: Uuid::from_u128(0xB000 + i as u128).to_string(),
            kind: "session.deleted".into(),
            client_ts: format!("2026-11-02T08:0{i}:00Z"),
            payload: serde_json::json!({"id": id}),
        });
    }
    for (i, value) in [true, false, true].iter().enumerate() {
        ops.push(WireOp {
            op_id: Uuid::from_u128(0xC000 + i as u128).to_string(),
            kind: "setting.set".into(),
            client_ts: format!("2026-11-03T08:0{i}:00Z"),
            payload: serde_json::json!({"key": "sound", "value": value}),
        });
    }
    ops
}

async fn fresh_user_db() -> (DatabaseConnection, Uuid, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("knip-prop-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let conn = db::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.join("knip.db").display()
    ))
    .await
    .unwrap();
    db::migrations::run(&conn).await.unwrap();
    let id = Uuid::now_v7();
    user::ActiveModel {
        id: Set(id),
        email: Set(format!("{id}@example.no")),
        password_hash: Set("unused".into()),
        display_name: Set(None),
        role: Set("patient".into()),
        locale: Set("nb".into()),
        created_at: Set(0),
        change_seq: Set(0),
        disabled_at: Set(None),
        search_text: Set(None),
    }
    .insert(&conn)
    .await
    .unwrap();
    (conn, id, dir)
}

/// Everything a user's data consists of, without bookkeeping such as
/// sequence numbers, which legitimately differ with arrival order.
async fn state(conn: &DatabaseConnection) -> Vec<String> {
    let mut rows = Vec::new();
    for sql in [
        "SELECT hex(id) || '|' || deleted || '|' || payload AS r FROM entries ORDER BY id",
        "SELECT key || '|' || value AS r FROM keyed_values ORDER BY key",
        "SELECT hex(op_id) AS r FROM applied_ops ORDER BY op_id",
    ] {
        let result = conn
            .query_all_raw(Statement::from_string(
                conn.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .unwrap();
        rows.extend(
            result
                .iter()
                .map(|row| row.try_get::<String>("", "r").unwrap()),
        );
    }
    rows
}

async fn run(batches: Vec<Vec<usize>>, pool: &[WireOp]) -> (Vec<String>, i64) {
    let (conn, user_id, dir) = fresh_user_db().await;
    let device = Uuid::from_u128(7);
    for batch in batches {
        let ops: Vec<WireOp> = batch.into_iter().map(|i| pool[i].clone()).collect();
        sync_batch(
            &conn,
            &Default::default(),
            user_id,
            device,
            Cursor::START,
            &ops,
        )
        .await
        .unwrap();
    }
    let changes = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT COUNT(*) AS n FROM changes".to_owned(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    let result = (state(&conn).await, changes);
    conn.close().await.unwrap();
    let _ = std::fs::remove_dir_all(dir);
    result
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_schedule_of_retries_applies_each_op_once(
        batches in prop::collection::vec(prop::collection::vec(0usize..9, 0..12), 1..6)
    ) {
        let pool = op_pool();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        // Every op the schedule mentions, once each, in pool order.
        let mut once: Vec<usize> = batches.iter().flatten().copied().collect();
        once.sort_unstable();
        once.dedup();
        let expected = rt.block_on(run(vec![once.clone()], &pool));
        let actual = rt.block_on(run(batches, &pool));
        prop_assert_eq!(&actual.0, &expected.0);
        prop_assert_eq!(actual.1, once.len() as i64, "one change per distinct op");
    }
}
