//! `POST /api/sync`: exactly-once application, per-op results, pulls that
//! never skip a change, and last-writer-wins settings.

use crate::helpers::{Backend, TestApp, expect_error, session_cookie};
use crate::on_both_databases;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_databases!(
    pushed_ops_are_applied_and_pulled_back,
    replaying_a_batch_a_hundred_times_applies_each_op_once,
    bad_ops_are_rejected_one_by_one_and_the_rest_applies,
    the_same_entry_id_in_two_accounts_makes_two_entries_that_never_meet,
    two_accounts_sending_the_same_new_id_at_once_both_succeed,
    an_op_for_an_entry_of_another_kind_says_so,
    odd_time_offsets_are_stored_in_utc_or_refused_with_a_reason,
    entries_logged_before_the_per_owner_key_survive_the_migration,
    bad_requests_get_a_clear_4xx,
    settings_resolve_by_last_writer_wins_across_devices,
    a_tombstone_that_arrives_first_still_wins,
    concurrent_pushers_never_make_a_puller_skip_a_change,
    a_push_from_behind_is_answered_with_the_log_as_it_stands,
);

pub fn setting_op(key: &str, value: Value, ts: &str) -> Value {
    json!({"op_id": Uuid::now_v7().to_string(), "kind": "setting.set", "client_ts": ts, "payload": {"key": key, "value": value}})
}

pub fn session_op(id: Uuid) -> Value {
    json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.logged", "client_ts": "2026-11-01T08:10:00Z",
           "payload": {"id": id, "kind": "training", "started_at": "2026-11-01T08:00:00Z", "ended_at": "2026-11-01T08:09:00Z",
                       "planned_reps": 30, "done_reps": 30, "planned_rounds": 3, "done_rounds": 3}})
}

struct Device<'a> {
    app: &'a TestApp,
    cookie: String,
    id: String,
    cursor: Option<String>,
}

impl<'a> Device<'a> {
    fn new(app: &'a TestApp, cookie: &str) -> Self {
        Self {
            app,
            cookie: cookie.to_owned(),
            id: Uuid::new_v4().to_string(),
            cursor: None,
        }
    }

    async fn send(&self, body: Value) -> reqwest::Response {
        self.app
            .http
            .post(self.app.url("/api/sync"))
            .header("cookie", &self.cookie)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn sync(&mut self, ops: &[Value]) -> Value {
        let response = self
            .send(json!({"device_id": self.id, "cursor": self.cursor, "ops": ops}))
            .await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        self.cursor = Some(body["cursor"].as_str().unwrap().to_owned());
        body
    }
}

async fn signed_in(app: &TestApp, email: &str) -> String {
    session_cookie(&app.register(email).await)
}

fn statuses(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect()
}

async fn pushed_ops_are_applied_and_pulled_back(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = signed_in(&app, "kari@example.no").await;
    let mut phone = Device::new(&app, &cookie);
    let ops = vec![
        session_op(Uuid::now_v7()),
        setting_op("sound", json!(false), "2026-11-01T08:00:00Z"),
    ];
    let body = phone.sync(&ops).await;
    assert_eq!(statuses(&body), ["applied", "applied"]);
    let seqs: Vec<i64> = body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2]);
    assert_eq!(body["cursor"], "v1.2");
    assert_eq!(body["more"], false);
    assert_eq!(body["changes"][0]["kind"], "session.logged");
    assert_eq!(body["changes"][0]["op_id"], ops[0]["op_id"]);
    assert_eq!(
        body["changes"][1]["payload"],
        json!({"key": "sound", "value": false})
    );

    // A second device of the same user pulls everything from the start.
    let mut tablet = Device::new(&app, &cookie);
    let pulled = tablet.sync(&[]).await;
    assert_eq!(pulled["changes"].as_array().unwrap().len(), 2);
    assert_eq!(pulled["changes"][0]["device_id"], phone.id.as_str());
    // And nothing more once it is up to date.
    assert_eq!(
        tablet.sync(&[]).await["changes"].as_array().unwrap().len(),
        0
    );
}

async fn replaying_a_batch_a_hundred_times_applies_each_op_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = signed_in(&app, "kari@example.no").await;
    let ops: Vec<Value> = (0..5).map(|_| session_op(Uuid::now_v7())).collect();
    let mut phone = Device::new(&app, &cookie);
    assert_eq!(statuses(&phone.sync(&ops).await), vec!["applied"; 5]);
    for _ in 0..99 {
        let mut retry = Device {
            cursor: None,
            ..Device::new(&app, &cookie)
        };
        retry.id = phone.id.clone();
        assert_eq!(statuses(&retry.sync(&ops).await), vec!["duplicate"; 5]);
    }
    assert_eq!(app.count("changes").await, 5);
    assert_eq!(app.count("applied_ops").await, 5);
    assert_eq!(app.count("entries").await, 5);
}

async fn bad_ops_are_rejected_one_by_one_and_the_rest_applies(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = signed_in(&app, "kari@example.no").await;
    let mut phone = Device::new(&app, &cookie);
    let good = setting_op("vibration", json!(true), "2026-11-01T08:00:00Z");
    let unknown_kind = json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.exploded", "client_ts": "2026-11-01T08:00:00Z", "payload": {}});
    let bad_uuid = json!({"op_id": "nope", "kind": "setting.set", "client_ts": "2026-11-01T08:00:00Z", "payload": {"key": "sound", "value": true}});
    let wrong_shape = setting_op("sound", json!("loud"), "2026-11-01T08:00:00Z");
    let garbage_ts = setting_op("sound", json!(true), "last tuesday");
    let far_future = setting_op("sound", json!(true), "2099-01-01T00:00:00Z");
    let mut backwards = session_op(Uuid::now_v7());
    backwards["payload"]["ended_at"] = json!("2026-11-01T07:00:00Z");
    let body = phone
        .sync(&[
            good,
            unknown_kind,
            bad_uuid,
            wrong_shape,
            garbage_ts,
            far_future,
            backwards,
        ])
        .await;
    assert_eq!(
        statuses(&body),
        [
            "applied", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected"
        ]
    );
    for result in &body["results"].as_array().unwrap()[1..] {
        assert!(
            result["error"].as_str().is_some_and(|e| !e.is_empty()),
            "each rejection says why: {result}"
        );
    }
    assert_eq!(app.count("changes").await, 1);
}

async fn the_same_entry_id_in_two_accounts_makes_two_entries_that_never_meet(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let kari = signed_in(&app, "kari@example.no").await;
    let ola = signed_in(&app, "ola@example.no").await;
    let entry = Uuid::now_v7();
    assert_eq!(
        statuses(&Device::new(&app, &kari).sync(&[session_op(entry)]).await),
        ["applied"]
    );
    // Ola's phone happens to use the same id: his own entry, which tells
    // him nothing about Kari's, and his tombstone deletes only his.
    let mut ola_phone = Device::new(&app, &ola);
    assert_eq!(
        statuses(&ola_phone.sync(&[session_op(entry)]).await),
        ["applied"]
    );
    let delete = json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.deleted", "client_ts": "2026-11-01T08:20:00Z", "payload": {"id": entry}});
    assert_eq!(statuses(&ola_phone.sync(&[delete]).await), ["applied"]);
    assert_eq!(app.count("entries").await, 2);
    assert_eq!(app.count("entries WHERE deleted = true").await, 1);
    // Kari's pull shows her entry alive, and none of Ola's changes.
    let pulled = Device::new(&app, &kari).sync(&[]).await;
    let kinds: Vec<&str> = pulled["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["session.logged"]);
}

async fn two_accounts_sending_the_same_new_id_at_once_both_succeed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let kari = signed_in(&app, "kari@example.no").await;
    let ola = signed_in(&app, "ola@example.no").await;
    let (kari_phone, ola_phone) = (Device::new(&app, &kari), Device::new(&app, &ola));
    for _ in 0..15 {
        let entry = Uuid::now_v7();
        let body = |phone: &Device| json!({"device_id": phone.id, "cursor": null, "ops": [session_op(entry)]});
        let (a, b) = tokio::join!(
            kari_phone.send(body(&kari_phone)),
            ola_phone.send(body(&ola_phone))
        );
        for response in [a, b] {
            assert_eq!(response.status(), 200);
            let body: Value = response.json().await.unwrap();
            assert_eq!(statuses(&body), ["applied"]);
        }
    }
}

async fn an_op_for_an_entry_of_another_kind_says_so(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = signed_in(&app, "kari@example.no").await;
    let mut phone = Device::new(&app, &cookie);
    let session = Uuid::now_v7();
    assert_eq!(
        statuses(&phone.sync(&[session_op(session)]).await),
        ["applied"]
    );
    let delete = json!({"op_id": Uuid::now_v7().to_string(), "kind": "diary.deleted", "client_ts": "2026-11-01T08:20:00Z", "payload": {"id": session}});
    let body = phone.sync(&[delete]).await;
    assert_eq!(statuses(&body), ["rejected"]);
    let reason = body["results"][0]["error"].as_str().unwrap();
    assert!(
        reason.contains("a session") && reason.contains("not a diary entry"),
        "{reason}"
    );
    assert!(!reason.contains("another account"), "{reason}");
}

async fn odd_time_offsets_are_stored_in_utc_or_refused_with_a_reason(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = signed_in(&app, "kari@example.no").await;
    let mut phone = Device::new(&app, &cookie);
    let ancient = setting_op("sound", json!(true), "0000-01-01T00:00:00+23:59");
    let local = setting_op("vibration", json!(true), "2026-11-01T09:10:00+01:00");
    let body = phone.sync(&[ancient, local]).await;
    assert_eq!(statuses(&body), ["rejected", "applied"]);
    assert!(
        body["results"][0]["error"]
            .as_str()
            .unwrap()
            .contains("before 1970")
    );
    let changes = body["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["client_ts"], "2026-11-01T08:10:00Z");
}

async fn entries_logged_before_the_per_owner_key_survive_the_migration(backend: Backend) {
    use sea_orm::{ConnectionTrait, Statement};
    use sea_orm_migration::MigratorTrait;
    use server::db::migrations::Migrator;
    let app = TestApp::spawn(backend).await;
    let kari = signed_in(&app, "kari@example.no").await;
    let me: Value = app.me(&kari).await.json().await.unwrap();
    let kari_id = Uuid::parse_str(me["id"].as_str().unwrap()).unwrap();
    // Back to the schema before m0004 (entries keyed by id alone), and an
    // entry stored the way that schema's server stored it.
    let after_m0003 = u32::try_from(Migrator::migrations().len() - 3).unwrap();
    Migrator::down(&app.db, Some(after_m0003)).await.unwrap();
    let entry = Uuid::now_v7();
    let payload = session_op(entry)["payload"].to_string();
    app.db
        .execute_raw(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            "INSERT INTO entries (id, user_id, family, payload, deleted, updated_seq, client_ts, device_id) \
             VALUES ($1, $2, 'session', $3, false, 1, '2026-11-01T08:10:00Z', $4)",
            [entry.into(), kari_id.into(), payload.into(), kari_id.into()],
        ))
        .await
        .unwrap();
    // As the server does at its start: the migrations, then what they
    // could not compute in SQL.
    server::db::migrations::run(&app.db).await.unwrap();
    assert_eq!(app.count("entries").await, 1);
    // The overview's facts of entries stored before them were written too,
    // after the last migration and with today's code.
    assert_eq!(app.count("entry_facts").await, 1);
    let ola = signed_in(&app, "ola@example.no").await;
    assert_eq!(
        statuses(&Device::new(&app, &ola).sync(&[session_op(entry)]).await),
        ["applied"]
    );
    assert_eq!(app.count("entries").await, 2);
}

async fn bad_requests_get_a_clear_4xx(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = signed_in(&app, "kari@example.no").await;
    let phone = Device::new(&app, &cookie);
    let anonymous = app
        .post_json("/api/sync", json!({"device_id": phone.id, "ops": []}))
        .await;
    expect_error(anonymous, 401).await;
    let (code, _) = expect_error(
        phone.send(json!({"device_id": "phone-1", "ops": []})).await,
        422,
    )
    .await;
    assert_eq!(code, "invalid_device_id");
    let (code, message) = expect_error(
        phone
            .send(json!({"device_id": "00000000-0000-0000-0000-000000000000", "ops": []}))
            .await,
        422,
    )
    .await;
    assert_eq!(code, "invalid_device_id");
    assert!(message.contains("not all zeros"), "{message}");
    let (code, _) = expect_error(
        phone
            .send(json!({"device_id": phone.id, "cursor": "garbage"}))
            .await,
        400,
    )
    .await;
    assert_eq!(code, "invalid_cursor");
    let (code, _) = expect_error(
        phone
            .send(json!({"device_id": phone.id, "cursor": "v1.99"}))
            .await,
        409,
    )
    .await;
    assert_eq!(code, "cursor_ahead");
    let too_many: Vec<Value> = (0..501)
        .map(|_| setting_op("sound", json!(true), "2026-11-01T08:00:00Z"))
        .collect();
    let (code, _) = expect_error(
        phone
            .send(json!({"device_id": phone.id, "ops": too_many}))
            .await,
        413,
    )
    .await;
    assert_eq!(code, "batch_too_large");
    expect_error(
        phone
            .send(json!({"device_id": phone.id, "ops": "all of them"}))
            .await,
        422,
    )
    .await;
    assert_eq!(app.count("changes").await, 0);
}

async fn settings_resolve_by_last_writer_wins_across_devices(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = signed_in(&app, "kari@example.no").await;
    let mut phone = Device::new(&app, &cookie);
    let mut tablet = Device::new(&app, &cookie);
    // The phone changed the setting later, but the tablet syncs last.
    phone
        .sync(&[setting_op("language", json!("nn"), "2026-11-02T10:00:00Z")])
        .await;
    tablet
        .sync(&[setting_op("language", json!("en"), "2026-11-02T09:00:00Z")])
        .await;
    let stored = app
        .text("SELECT value AS v FROM keyed_values WHERE key = 'setting:language'")
        .await;
    assert_eq!(
        stored, "\"nn\"",
        "the later change wins whatever the arrival order"
    );
    // Both devices see both changes, so each can apply the same rule locally.
    assert_eq!(
        phone.sync(&[]).await["changes"].as_array().unwrap().len(),
        1
    );
    assert_eq!(tablet.cursor.as_deref(), Some("v1.2"));
}

async fn a_tombstone_that_arrives_first_still_wins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = signed_in(&app, "kari@example.no").await;
    let entry = Uuid::now_v7();
    let delete = json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.deleted", "client_ts": "2026-11-01T09:00:00Z", "payload": {"id": entry}});
    let mut phone = Device::new(&app, &cookie);
    assert_eq!(statuses(&phone.sync(&[delete]).await), ["applied"]);
    assert_eq!(
        statuses(&phone.sync(&[session_op(entry)]).await),
        ["applied"]
    );
    assert_eq!(app.count("entries WHERE deleted = true").await, 1);
}

async fn concurrent_pushers_never_make_a_puller_skip_a_change(backend: Backend) {
    let app = std::sync::Arc::new(TestApp::spawn(backend).await);
    let cookie = signed_in(&app, "kari@example.no").await;
    const PUSHERS: usize = 6;
    const BATCHES: usize = 8;
    const OPS: usize = 3;
    let total = (PUSHERS * BATCHES * OPS) as i64;
    let mut pushers = Vec::new();
    for _ in 0..PUSHERS {
        let (app, cookie) = (app.clone(), cookie.clone());
        pushers.push(tokio::spawn(async move {
            let mut device = Device::new(&app, &cookie);
            for _ in 0..BATCHES {
                let ops: Vec<Value> = (0..OPS).map(|_| session_op(Uuid::now_v7())).collect();
                device.sync(&ops).await;
            }
        }));
    }
    let mut pullers = Vec::new();
    for _ in 0..3 {
        let (app, cookie) = (app.clone(), cookie.clone());
        pullers.push(tokio::spawn(async move {
            let mut device = Device::new(&app, &cookie);
            let mut seen = Vec::new();
            while (seen.len() as i64) < total {
                let body = device.sync(&[]).await;
                seen.extend(
                    body["changes"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c["seq"].as_i64().unwrap()),
                );
                tokio::task::yield_now().await;
            }
            seen
        }));
    }
    for pusher in pushers {
        pusher.await.unwrap();
    }
    for puller in pullers {
        let seen = puller.await.unwrap();
        assert_eq!(
            seen,
            (1..=total).collect::<Vec<_>>(),
            "a puller saw every change, in order, once"
        );
    }
}

/// A device that was behind pushes: its answer holds the changes it missed
/// and then its own, exactly as a later pull of the log shows them; past
/// one page, its own come on the next pull.
async fn a_push_from_behind_is_answered_with_the_log_as_it_stands(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = signed_in(&app, "kari@example.no").await;
    let mut tablet = Device::new(&app, &cookie);
    let mut phone = Device::new(&app, &cookie);
    tablet
        .sync(&[
            session_op(Uuid::now_v7()),
            setting_op("sound", json!(true), "2026-11-01T08:00:00Z"),
        ])
        .await;
    let answer = phone
        .sync(&[
            setting_op("sound", json!(false), "2026-11-01T09:00:00Z"),
            session_op(Uuid::now_v7()),
        ])
        .await;
    assert_eq!(statuses(&answer), ["applied", "applied"]);
    assert_eq!(answer["more"], false);
    let mut fresh = Device::new(&app, &cookie);
    let log = fresh.sync(&[]).await;
    assert_eq!(answer["changes"], log["changes"]);
    assert_eq!(answer["changes"].as_array().unwrap().len(), 4);
    assert_eq!(answer["cursor"], "v1.4");

    // More than a page (1,000) waiting: the pusher gets the first page,
    // and its own changes after the rest.
    for _ in 0..3 {
        let ops: Vec<Value> = (0..400).map(|_| session_op(Uuid::now_v7())).collect();
        tablet.sync(&ops).await;
    }
    let mine = session_op(Uuid::now_v7());
    let first = phone.sync(std::slice::from_ref(&mine)).await;
    assert_eq!(statuses(&first), ["applied"]);
    assert_eq!(first["more"], true);
    assert_eq!(first["changes"].as_array().unwrap().len(), 1000);
    assert_eq!(first["cursor"], "v1.1004");
    let rest = phone.sync(&[]).await;
    assert_eq!(rest["more"], false);
    let rest = rest["changes"].as_array().unwrap();
    assert_eq!(rest.len(), 201);
    assert_eq!(rest[200]["op_id"], mine["op_id"]);
    assert_eq!(rest[200]["seq"], 1205);
}
