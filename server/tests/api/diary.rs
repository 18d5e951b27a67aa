//! The diary through `/api/sync` on both databases: an entry is logged,
//! edited on another device (the later edit wins), deleted (the deletion
//! wins whichever arrives first), and bad values are refused one by one
//! with a reason, nothing stored. Questionnaire answers likewise.

use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_databases;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

on_both_databases!(
    a_diary_entry_is_logged_edited_and_pulled_by_the_other_device,
    a_deletion_wins_over_an_edit_in_either_order,
    diary_values_out_of_range_are_refused_and_nothing_is_stored,
    questionnaire_answers_are_kept_and_bad_ones_refused_by_rule,
);

fn diary_op(id: Uuid, ts: &str, payload: Value) -> Value {
    let mut payload = payload;
    payload["id"] = json!(id);
    json!({"op_id": Uuid::now_v7().to_string(), "kind": "diary.logged", "client_ts": ts, "payload": payload})
}

fn delete_op(id: Uuid, ts: &str) -> Value {
    json!({"op_id": Uuid::now_v7().to_string(), "kind": "diary.deleted", "client_ts": ts, "payload": {"id": id}})
}

fn statuses(body: &Value) -> Vec<&str> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect()
}

/// What the server keeps for the entry `id`: its payload, or `None` when deleted.
async fn stored(app: &TestApp, id: Uuid) -> Option<Value> {
    use server::db::entities::sync::entry;
    let row = entry::Entity::find()
        .filter(entry::Column::Id.eq(id))
        .filter(entry::Column::Family.eq("diary"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the entry is stored");
    (!row.deleted).then(|| serde_json::from_str(&row.payload).unwrap())
}

async fn a_diary_entry_is_logged_edited_and_pulled_by_the_other_device(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let (phone, tablet) = (Uuid::new_v4().to_string(), Uuid::new_v4().to_string());
    let id = Uuid::now_v7();
    let first = diary_op(
        id,
        "2026-11-20T20:00:00Z",
        json!({"date": "2026-11-20", "leakage_episodes": 2, "pads": 1, "note": "Long walk"}),
    );
    assert_eq!(
        statuses(&app.sync(&cookie, &phone, &[first]).await),
        ["applied"]
    );
    let edit = diary_op(
        id,
        "2026-11-20T21:00:00Z",
        json!({"date": "2026-11-20", "leakage_episodes": 3, "pain_nrs": 4}),
    );
    assert_eq!(
        statuses(&app.sync(&cookie, &tablet, &[edit]).await),
        ["applied"]
    );
    // An older copy arriving late changes nothing.
    let stale = diary_op(
        id,
        "2026-11-20T19:00:00Z",
        json!({"date": "2026-11-20", "leakage_episodes": 9}),
    );
    app.sync(&cookie, &phone, &[stale]).await;
    let kept = stored(&app, id).await.expect("not deleted");
    assert_eq!(kept["leakage_episodes"], 3);
    assert_eq!(kept["pain_nrs"], 4);
    assert_eq!(kept.get("note"), Some(&Value::Null));
    // The phone pulls both of the entry's copies, in order.
    let pulled = app.sync(&cookie, &phone, &[]).await;
    let diary: Vec<&Value> = pulled["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "diary.logged")
        .collect();
    assert!(diary.len() >= 2);
    assert_eq!(diary[1]["payload"]["leakage_episodes"], 3);
    assert_eq!(diary[1]["device_id"], tablet.as_str());
}

async fn a_deletion_wins_over_an_edit_in_either_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let device = Uuid::new_v4().to_string();
    let entry = json!({"date": "2026-11-21", "urgency_episodes": 5});
    // Edit, then a deletion stamped earlier: still deleted.
    let a = Uuid::now_v7();
    app.sync(
        &cookie,
        &device,
        &[diary_op(a, "2026-11-21T20:00:00Z", entry.clone())],
    )
    .await;
    app.sync(&cookie, &device, &[delete_op(a, "2026-11-21T19:00:00Z")])
        .await;
    app.sync(
        &cookie,
        &device,
        &[diary_op(a, "2026-11-21T22:00:00Z", entry.clone())],
    )
    .await;
    assert_eq!(stored(&app, a).await, None);
    // The deletion first, the edit after (another phone was offline): deleted.
    let b = Uuid::now_v7();
    let both = [
        delete_op(b, "2026-11-21T19:00:00Z"),
        diary_op(b, "2026-11-21T20:00:00Z", entry.clone()),
    ];
    assert_eq!(
        statuses(&app.sync(&cookie, &device, &both).await),
        ["applied", "applied"]
    );
    assert_eq!(stored(&app, b).await, None);
}

async fn diary_values_out_of_range_are_refused_and_nothing_is_stored(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let device = Uuid::new_v4().to_string();
    let tomorrow_plus = (time::OffsetDateTime::now_utc() + time::Duration::days(3)).date();
    let bad = [
        (json!({"date": "2026-11-20", "pain_nrs": 11}), "0 to 10"),
        (
            json!({"date": "2026-11-20", "pads": 101}),
            "between 0 and 100",
        ),
        (
            json!({"date": "2026-11-20", "leakage_episodes": -2}),
            "leakage_episodes",
        ),
        (
            json!({"date": "2026-11-20", "urgency_episodes": 1.5}),
            "urgency_episodes",
        ),
        (
            json!({"date": tomorrow_plus.to_string(), "pads": 1}),
            "future",
        ),
        (json!({"date": "2019-01-01", "pads": 1}), "3 years"),
        (json!({"date": "20.11.2026", "pads": 1}), "YYYY-MM-DD"),
        (
            json!({"date": "2026-11-20", "note": "x".repeat(2001)}),
            "2000 characters",
        ),
        (
            json!({"date": "2026-11-20", "mood": "fine"}),
            "unknown field",
        ),
    ];
    let ops: Vec<Value> = bad
        .iter()
        .map(|(payload, _)| diary_op(Uuid::now_v7(), "2026-11-20T20:00:00Z", payload.clone()))
        .collect();
    let body = app.sync(&cookie, &device, &ops).await;
    for ((payload, rule), result) in bad.iter().zip(body["results"].as_array().unwrap()) {
        assert_eq!(result["status"], "rejected", "{payload}");
        let reason = result["error"].as_str().unwrap();
        assert!(reason.contains(rule), "{payload}: {reason}");
    }
    assert_eq!(app.count("entries").await, 0);
    assert_eq!(app.count("changes").await, 0);
}

async fn questionnaire_answers_are_kept_and_bad_ones_refused_by_rule(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let device = Uuid::new_v4().to_string();
    let prom = |payload: Value| {
        let mut payload = payload;
        payload["id"] = json!(Uuid::now_v7());
        json!({"op_id": Uuid::now_v7().to_string(), "kind": "prom.answered", "client_ts": "2026-11-20T20:00:00Z", "payload": payload})
    };
    let good = prom(
        json!({"questionnaire": "month3", "answered_on": "2026-11-20", "pain_nrs": 4, "pgi_i": 2,
                           "goals": [{"goal": " Walk to work without worry ", "closeness": 6}]}),
    );
    let goal = |n: usize| json!({"goal": format!("Goal {n}"), "closeness": 5});
    let bad = [
        (json!({"questionnaire": "month3", "pgi_i": 0}), "1 to 7"),
        (
            json!({"questionnaire": "month3", "pain_nrs": 11}),
            "0 to 10",
        ),
        (
            json!({"questionnaire": "month9", "pain_nrs": 1}),
            "questionnaire",
        ),
        (
            json!({"questionnaire": "baseline", "goals": [goal(1), goal(2), goal(3), goal(4)]}),
            "At most 3 goals",
        ),
        (
            json!({"questionnaire": "baseline", "goals": [{"goal": "Run", "closeness": 11}]}),
            "0 to 10",
        ),
        (
            json!({"questionnaire": "baseline", "goals": [{"goal": "  ", "closeness": 3}]}),
            "text",
        ),
        (
            json!({"questionnaire": "baseline", "answered_on": "2099-01-01"}),
            "future",
        ),
        (
            json!({"questionnaire": "baseline", "mood": 3}),
            "unknown field",
        ),
    ];
    let mut ops = vec![good];
    ops.extend(bad.iter().map(|(payload, _)| prom(payload.clone())));
    let body = app.sync(&cookie, &device, &ops).await;
    let results = body["results"].as_array().unwrap();
    assert_eq!(results[0]["status"], "applied");
    for ((payload, rule), result) in bad.iter().zip(&results[1..]) {
        assert_eq!(result["status"], "rejected", "{payload}");
        let reason = result["error"].as_str().unwrap();
        assert!(reason.contains(rule), "{payload}: {reason}");
    }
    assert_eq!(app.count("entries").await, 1);
    // The goal is kept as the patient meant it, without the stray spaces.
    let change = &body["changes"][0];
    assert_eq!(change["kind"], "prom.answered");
    assert_eq!(
        change["payload"]["goals"][0]["goal"],
        "Walk to work without worry"
    );
}
