//! Two server processes on one PostgreSQL, as behind a load balancer: a
//! patient's phones push through both at once and a third device pulls
//! from both in turn. Every op is stored once, the puller sees every change
//! in order without a gap, and all devices end with the same data,
//! including the setting both phones changed (last writer wins).

use crate::helpers::{Backend, TestApp, register_on, start_server};
use crate::sync::{session_op, setting_op};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use uuid::Uuid;

const BATCHES: usize = 12;
const OPS_PER_BATCH: usize = 25;

async fn sync(
    http: &reqwest::Client,
    base: &str,
    cookie: &str,
    device: &str,
    cursor: Option<&str>,
    ops: &[Value],
) -> Value {
    let response = http
        .post(format!("{base}/api/sync"))
        .header("cookie", cookie)
        .json(&json!({"device_id": device, "cursor": cursor, "ops": ops}))
        .send()
        .await
        .expect("sync");
    assert_eq!(response.status(), 200, "sync through {base}");
    response.json().await.expect("sync body")
}

/// Pulls everything after `cursor` through `base`; the changes' (seq, op id).
async fn pull_all(
    http: &reqwest::Client,
    base: &str,
    cookie: &str,
    device: &str,
    cursor: &mut Option<String>,
) -> Vec<(i64, String)> {
    let mut seen = Vec::new();
    loop {
        let body = sync(http, base, cookie, device, cursor.as_deref(), &[]).await;
        for change in body["changes"].as_array().unwrap() {
            seen.push((
                change["seq"].as_i64().unwrap(),
                change["op_id"].as_str().unwrap().to_owned(),
            ));
        }
        *cursor = Some(body["cursor"].as_str().unwrap().to_owned());
        if body["more"] != true {
            return seen;
        }
    }
}

// Several threads: the two pushers and the puller run at the same time.
#[tokio::test(flavor = "multi_thread", worker_threads = 3)]
async fn phones_syncing_through_two_servers_converge_and_no_change_is_skipped() {
    if !crate::helpers::postgres_available().await {
        return;
    }
    let app = TestApp::spawn(Backend::Postgres).await;
    let (_a, base_a) = start_server(&app.database_url, &[]);
    let (_b, base_b) = start_server(&app.database_url, &[]);
    let http = reqwest::Client::new();
    let cookie = register_on(&http, &base_a, "kari@example.no").await;

    // Two phones push at once, one through each server; each also sets the
    // same setting, phone B later (by client_ts) than phone A.
    let pusher = |base: String, ts: &'static str, value: &'static str| {
        let (http, cookie) = (http.clone(), cookie.clone());
        tokio::spawn(async move {
            let device = Uuid::new_v4().to_string();
            let mut acknowledged = Vec::new();
            for batch in 0..BATCHES {
                let mut ops: Vec<Value> = (0..OPS_PER_BATCH)
                    .map(|_| session_op(Uuid::now_v7()))
                    .collect();
                if batch == BATCHES / 2 {
                    ops.push(setting_op("language", json!(value), ts));
                }
                let body = sync(&http, &base, &cookie, &device, None, &ops).await;
                for (op, result) in ops.iter().zip(body["results"].as_array().unwrap()) {
                    assert_eq!(result["status"], "applied", "{result}");
                    acknowledged.push(op["op_id"].as_str().unwrap().to_owned());
                }
            }
            acknowledged
        })
    };
    let phone_a = pusher(base_a.clone(), "2026-11-01T08:00:00Z", "en");
    let phone_b = pusher(base_b.clone(), "2026-11-01T09:00:00Z", "nn");

    // Meanwhile a tablet pulls through one server, then the other, ...
    let puller = {
        let (http, cookie, bases) = (
            http.clone(),
            cookie.clone(),
            [base_a.clone(), base_b.clone()],
        );
        tokio::spawn(async move {
            let device = Uuid::new_v4().to_string();
            let mut cursor = None;
            let mut seen = Vec::new();
            for round in 0..40 {
                let base = &bases[round % 2];
                seen.extend(pull_all(&http, base, &cookie, &device, &mut cursor).await);
            }
            (device, cursor, seen)
        })
    };
    let mut acknowledged = phone_a.await.unwrap();
    acknowledged.extend(phone_b.await.unwrap());
    let (tablet, mut cursor, mut seen) = puller.await.unwrap();
    // ... and once more after the pushes, through B.
    seen.extend(pull_all(&http, &base_b, &cookie, &tablet, &mut cursor).await);

    let total = 2 * (BATCHES * OPS_PER_BATCH + 1);
    assert_eq!(acknowledged.len(), total);
    assert_eq!(
        app.count("entries").await,
        (2 * BATCHES * OPS_PER_BATCH) as i64,
        "every session stored once"
    );
    // In order, without a gap or a repeat, and every acknowledged op in it.
    let seqs: Vec<i64> = seen.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
    let pulled: BTreeSet<&str> = seen.iter().map(|(_, id)| id.as_str()).collect();
    assert!(
        acknowledged.iter().all(|id| pulled.contains(id.as_str())),
        "a change acknowledged by one server was never pulled"
    );

    // A new device pulls everything through either server: the same log,
    // and the later setting won on both.
    for base in [&base_a, &base_b] {
        let device = Uuid::new_v4().to_string();
        let mut fresh = None;
        let all = pull_all(&http, base, &cookie, &device, &mut fresh).await;
        assert_eq!(all, seen, "the log through {base}");
    }
    let language = app
        .text("SELECT value AS v FROM keyed_values WHERE key = 'setting:language'")
        .await;
    assert_eq!(language, "\"nn\"");
}
