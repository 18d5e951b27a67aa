//! Crash test: the real server binary is killed (SIGKILL) while it applies a
//! large batch. After a restart the batch is wholly applied or not at all,
//! and the client's retry ends with every op applied exactly once.

use crate::helpers::{Backend, TestApp, register_on, start_server};
use crate::on_both_databases;
use crate::sync::session_op;
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

on_both_databases!(a_batch_killed_mid_way_is_all_or_nothing_and_the_retry_completes_it);

async fn count(app: &TestApp, table: &str) -> i64 {
    app.count(table).await
}

async fn a_batch_killed_mid_way_is_all_or_nothing_and_the_retry_completes_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let http = reqwest::Client::new();
    let (mut server, mut base) = start_server(&app.database_url, &[]);
    let cookie = register_on(&http, &base, "kari@example.no").await;
    let device = Uuid::new_v4().to_string();

    let mut delay_ms = 2;
    let mut all_ops = Vec::new();
    // Kill at growing delays until a kill lands while a batch is in flight.
    let killed_in_flight = loop {
        let ops: Vec<Value> = (0..500).map(|_| session_op(Uuid::now_v7())).collect();
        all_ops.push(ops.clone());
        let body = json!({"device_id": device, "cursor": null, "ops": ops});
        let request = http
            .post(format!("{base}/api/sync"))
            .header("cookie", &cookie)
            .json(&body)
            .send();
        let in_flight = tokio::spawn(request);
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        server.kill();
        let answered = matches!(in_flight.await.unwrap(), Ok(r) if r.status() == 200);
        (server, base) = start_server(&app.database_url, &[]);
        if !answered || delay_ms > 2000 {
            break !answered;
        }
        delay_ms *= 2;
    };
    // All or nothing for every batch, whatever the moment of the kill.
    let changes = count(&app, "changes").await;
    assert_eq!(
        changes % 500,
        0,
        "a batch was half applied: {changes} changes"
    );

    // The client retries everything it did not get an answer for (here: all).
    for ops in &all_ops {
        let body = json!({"device_id": device, "cursor": null, "ops": ops});
        let response = http
            .post(format!("{base}/api/sync"))
            .header("cookie", &cookie)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        let statuses: Vec<&str> = body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert!(
            statuses
                .iter()
                .all(|s| *s == statuses[0] && *s != "rejected"),
            "a batch is applied or duplicate as a whole"
        );
    }
    let expected = (all_ops.len() * 500) as i64;
    assert_eq!(count(&app, "changes").await, expected);
    assert_eq!(count(&app, "applied_ops").await, expected);
    assert_eq!(count(&app, "entries").await, expected);
    if !killed_in_flight {
        eprintln!("note: every kill landed after the answer; all-or-nothing held trivially");
    }
}
