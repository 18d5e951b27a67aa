//! The training programme over sync: the prescription travels as
//! `prescription.set` (last writer wins; out of range is refused, naming the
//! range, and the last valid one stays), and a logged session carries a
//! snapshot of the prescription that is checked the same way.

use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_databases;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_databases!(
    a_prescription_is_stored_and_pulled_by_other_devices,
    an_out_of_range_prescription_is_refused_and_the_last_valid_one_stays,
    a_phone_cannot_claim_a_therapists_prescription,
    sessions_with_impossible_counts_or_prescriptions_are_refused,
    a_session_logged_again_resolves_by_last_writer_wins,
    relaxation_sessions_take_five_to_forty_five_minutes,
);

fn prescription(reps: i64, hold: i64, lifts: i64) -> Value {
    json!({"reps_per_round": reps, "rounds_per_day": 3, "hold_secs": hold, "quick_lifts": lifts,
           "rest_secs": 4, "position": "sitting", "schedule": {"mode": "together", "pause_secs": 60}})
}

fn programme() -> Value {
    json!({"phase": "intensive", "since": "2026-11-02", "pregnancy": false})
}

fn prescription_op(rx: Value, set_by: Value, ts: &str) -> Value {
    json!({"op_id": Uuid::now_v7().to_string(), "kind": "prescription.set", "client_ts": ts,
           "payload": {"prescription": rx, "programme": programme(), "set_by": set_by}})
}

fn result(body: &Value, i: usize) -> (&str, &str) {
    let r = &body["results"][i];
    (
        r["status"].as_str().unwrap(),
        r["error"].as_str().unwrap_or(""),
    )
}

async fn stored_prescription(app: &TestApp) -> Value {
    let text = app
        .text("SELECT value AS v FROM keyed_values WHERE key = 'prescription'")
        .await;
    serde_json::from_str(&text).unwrap()
}

async fn a_prescription_is_stored_and_pulled_by_other_devices(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let phone = Uuid::new_v4().to_string();
    let older = prescription_op(
        prescription(10, 4, 0),
        json!({"by": "patient"}),
        "2026-11-02T08:00:00Z",
    );
    let newer = prescription_op(
        prescription(12, 7, 3),
        json!({"by": "patient"}),
        "2026-11-03T08:00:00Z",
    );
    // The newer one arrives first; the older one does not replace it.
    let body = app.sync(&cookie, &phone, &[newer, older]).await;
    assert_eq!(result(&body, 0).0, "applied");
    assert_eq!(result(&body, 1).0, "applied");
    assert_eq!(
        stored_prescription(&app).await["prescription"]["hold_secs"],
        7
    );
    let tablet = Uuid::new_v4().to_string();
    let pulled = app.sync(&cookie, &tablet, &[]).await;
    let kinds: Vec<&str> = pulled["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["prescription.set", "prescription.set"]);
}

async fn an_out_of_range_prescription_is_refused_and_the_last_valid_one_stays(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let phone = Uuid::new_v4().to_string();
    let good = prescription_op(
        prescription(10, 5, 0),
        json!({"by": "patient"}),
        "2026-11-02T08:00:00Z",
    );
    let too_many = prescription_op(
        prescription(40, 5, 0),
        json!({"by": "patient"}),
        "2026-11-03T08:00:00Z",
    );
    let lifts_too_early = prescription_op(
        prescription(10, 4, 3),
        json!({"by": "patient"}),
        "2026-11-03T09:00:00Z",
    );
    let body = app
        .sync(&cookie, &phone, &[good, too_many, lifts_too_early])
        .await;
    assert_eq!(result(&body, 0).0, "applied");
    let (status, reason) = result(&body, 1);
    assert_eq!(status, "rejected");
    assert!(reason.contains("between 8 and 12"), "{reason}");
    let (status, reason) = result(&body, 2);
    assert_eq!(status, "rejected");
    assert!(reason.contains("6 seconds"), "{reason}");
    let stored = stored_prescription(&app).await;
    assert_eq!(stored["prescription"]["reps_per_round"], 10);
    assert_eq!(app.count("changes").await, 1);
}

async fn a_phone_cannot_claim_a_therapists_prescription(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let forged = prescription_op(
        prescription(10, 5, 0),
        json!({"by": "therapist", "name": "Dr. Nobody"}),
        "2026-11-02T08:00:00Z",
    );
    let body = app
        .sync(&cookie, &Uuid::new_v4().to_string(), &[forged])
        .await;
    let (status, reason) = result(&body, 0);
    assert_eq!(status, "rejected");
    assert!(reason.contains("therapist"), "{reason}");
    assert_eq!(app.count("keyed_values").await, 0);
}

async fn sessions_with_impossible_counts_or_prescriptions_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let session = |rx: Value, done_reps: u16, done_rounds: u16| {
        json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.logged", "client_ts": "2026-11-02T08:10:00Z",
               "payload": {"id": Uuid::now_v7(), "kind": "training", "started_at": "2026-11-02T08:00:00Z",
                           "ended_at": "2026-11-02T08:09:00Z", "planned_reps": 30, "done_reps": done_reps,
                           "planned_rounds": 3, "done_rounds": done_rounds, "prescription": rx, "feedback": "too_easy",
                           "problems": ["held_breath"]}})
    };
    let ops = [
        session(prescription(10, 5, 0), 30, 3),
        session(prescription(10, 5, 0), 12, 3),
        session(prescription(10, 11, 0), 30, 3),
    ];
    let body = app.sync(&cookie, &Uuid::new_v4().to_string(), &ops).await;
    assert_eq!(result(&body, 0).0, "applied");
    let (status, reason) = result(&body, 1);
    assert_eq!(status, "rejected");
    assert!(reason.contains("round"), "{reason}");
    let (status, reason) = result(&body, 2);
    assert_eq!(status, "rejected");
    assert!(reason.contains("between 2 and 10"), "{reason}");
    assert_eq!(app.count("entries").await, 1);
}

async fn relaxation_sessions_take_five_to_forty_five_minutes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let relaxed = |minutes: Value| {
        json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.logged", "client_ts": "2026-11-02T21:31:00Z",
               "payload": {"id": Uuid::now_v7(), "kind": "relaxation", "started_at": "2026-11-02T21:00:00Z",
                           "ended_at": "2026-11-02T21:30:00Z", "planned_minutes": minutes}})
    };
    let ops = [
        relaxed(json!(30)),
        relaxed(json!(90)),
        relaxed(json!(4)),
        relaxed(Value::Null),
    ];
    let body = app.sync(&cookie, &Uuid::new_v4().to_string(), &ops).await;
    assert_eq!(result(&body, 0).0, "applied");
    for i in 1..=2 {
        let (status, reason) = result(&body, i);
        assert_eq!(status, "rejected");
        assert!(reason.contains("from 5 to 45 minutes"), "{reason}");
    }
    let (status, reason) = result(&body, 3);
    assert_eq!(status, "rejected");
    assert!(reason.contains("planned_minutes"), "{reason}");
    assert_eq!(app.count("entries").await, 1);
}

async fn a_session_logged_again_resolves_by_last_writer_wins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let id = Uuid::now_v7();
    let logged = |ts: &str, feedback: Value| {
        json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.logged", "client_ts": ts,
               "payload": {"id": id, "kind": "training", "started_at": "2026-11-02T08:00:00Z",
                           "ended_at": "2026-11-02T08:09:00Z", "planned_reps": 30, "done_reps": 30,
                           "planned_rounds": 3, "done_rounds": 3, "feedback": feedback}})
    };
    // The copy with the feedback was made later but arrives first (another
    // device, a retry): the earlier copy must not undo it.
    let later = logged("2026-11-02T08:11:00Z", json!("too_hard"));
    let earlier = logged("2026-11-02T08:09:30Z", Value::Null);
    let phone = Uuid::new_v4().to_string();
    let body = app.sync(&cookie, &phone, &[later]).await;
    assert_eq!(result(&body, 0).0, "applied");
    let body = app.sync(&cookie, &phone, &[earlier]).await;
    assert_eq!(result(&body, 0).0, "applied");
    let stored = app.text("SELECT payload AS v FROM entries").await;
    let stored: Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(stored["feedback"], "too_hard");
    assert_eq!(app.count("entries").await, 1);
}
