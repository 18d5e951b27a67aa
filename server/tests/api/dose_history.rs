//! A change of the dose judges the days from then on, never the days
//! before (issue 27, item 1): the therapist's overview, the patient page
//! and the report for the referring doctor keep last week's figures after a
//! change today; and the current week is the week so far.

use crate::care::{account, assert_all_applied, get, get_json, linked_patient, send};
use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;
use app::domain::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use server::care::facts::{DEFAULT_ZONE, local_day};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

on_both_databases!(
    a_dose_change_today_leaves_every_figure_of_the_days_before_as_it_was,
    sessions_stored_before_their_prescription_was_kept_get_it_from_their_payload,
    the_defaults_a_phone_trains_by_show_to_the_therapist_and_give_way_to_any_programme,
);

fn prescription(reps: u8) -> Value {
    json!({"reps_per_round": reps, "rounds_per_day": 3, "hold_secs": 6, "quick_lifts": 0,
           "rest_secs": 4, "position": "lying", "schedule": {"mode": "together", "pause_secs": 60}})
}

fn fmt(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap()
}

/// A training session at `started` with `done` squeezes of the 10 × 3 it
/// was done with.
fn session(started: OffsetDateTime, done: u16) -> Value {
    json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.logged", "client_ts": fmt(started + Duration::minutes(10)),
           "payload": {"id": Uuid::now_v7(), "kind": "training", "started_at": fmt(started),
                       "ended_at": fmt(started + Duration::minutes(9)), "planned_reps": 30, "done_reps": done,
                       "planned_rounds": 3, "done_rounds": done / 10, "prescription": prescription(10)}})
}

/// Noon on the patient's day `days_ago` days before today (Knip's zone).
fn noon_days_ago(days_ago: i64) -> OffsetDateTime {
    let today = server::care::overview::today();
    let mut at = OffsetDateTime::now_utc().replace_time(time::Time::from_hms(11, 0, 0).unwrap())
        - Duration::days(days_ago);
    // Oslo is UTC+1 or +2: 11:00 UTC is noon or one o'clock there.
    while local_day(at, DEFAULT_ZONE) > today - Duration::days(days_ago) {
        at -= Duration::hours(1);
    }
    while local_day(at, DEFAULT_ZONE) < today - Duration::days(days_ago) {
        at += Duration::hours(1);
    }
    at
}

/// Three weeks of 10 × 3 with a round missed now and then, then the
/// therapist raises the dose to 12 × 3 today.
async fn a_dose_change_today_leaves_every_figure_of_the_days_before_as_it_was(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(
        &app,
        "fysio@klinikk.no",
        Role::Therapist,
        Some("Ingrid Fysio"),
    )
    .await;
    let (kari, kari_id, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let since = (server::care::overview::today() - Duration::days(40)).to_string();
    let mut ops = vec![
        json!({"op_id": Uuid::now_v7().to_string(), "kind": "prescription.set",
        "client_ts": fmt(OffsetDateTime::now_utc() - Duration::days(40)),
        "payload": {"prescription": prescription(10),
                    "programme": {"phase": "intensive", "since": since, "started": since},
                    "set_by": {"by": "patient"}}}),
    ];
    // Every day but today: 30 squeezes, or 20 on every third day.
    ops.extend((1..=21).map(|d| session(noon_days_ago(d), if d % 3 == 0 { 20 } else { 30 })));
    let body = app.sync(&kari, &Uuid::new_v4().to_string(), &ops).await;
    assert_all_applied(&body);

    let detail_path = format!("/api/therapist/patients/{kari_id}");
    let before: Value = get_json(&app, &therapist, &detail_path).await;
    let report_path = format!("/clinic/patients/{kari_id}/report");

    let response = send(
        &app,
        "PUT",
        &therapist,
        &format!("{detail_path}/prescription"),
        Some(json!({"prescription": prescription(12)})),
    )
    .await;
    assert_eq!(response.status(), 200);
    let after: Value = get_json(&app, &therapist, &detail_path).await;
    assert_eq!(after["programme"]["prescription"]["reps_per_round"], 12);

    // The weeks before this one: every figure as it was.
    let weeks = |detail: &Value| detail["weeks"].as_array().unwrap().clone();
    let (old, new) = (weeks(&before), weeks(&after));
    assert_eq!(old.len(), new.len());
    let current = old.len() - 1;
    assert_eq!(old[current]["so_far"], true, "{old:?}");
    assert!(
        old[..current].iter().all(|w| w["so_far"] == false),
        "{old:?}"
    );
    assert!(current >= 2, "{old:?}");
    assert_eq!(old[..current], new[..current]);
    for week in &old[..current] {
        let (done, asked) = (
            week["done_reps"].as_u64().unwrap(),
            week["prescribed_reps"].as_u64().unwrap(),
        );
        // Judged at 10 × 3: 30 a day.
        assert_eq!(asked % 30, 0, "{week}");
        assert!(done < asked, "{week}");
    }
    // This week so far: the same squeezes done; only today is asked 36.
    assert_eq!(old[current]["done_reps"], new[current]["done_reps"]);
    assert_eq!(
        new[current]["prescribed_reps"].as_u64().unwrap(),
        old[current]["prescribed_reps"].as_u64().unwrap() + 6
    );

    // The 7 and 30 days: the days before today as they were, today at 36.
    let done_7: u64 = (1..=6).map(|d| if d % 3 == 0 { 20 } else { 30 }).sum();
    assert_eq!(before["overview"]["dose_7"], done_7 * 100 / (7 * 30));
    assert_eq!(after["overview"]["dose_7"], done_7 * 100 / (6 * 30 + 36));
    let done_30: u64 = (1..=21).map(|d| if d % 3 == 0 { 20 } else { 30 }).sum();
    assert_eq!(after["overview"]["dose_30"], done_30 * 100 / (29 * 30 + 36));

    // The overview list says what the patient page says.
    let list: Value = get_json(&app, &therapist, "/api/therapist/patients").await;
    let row = list["patients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == kari_id)
        .unwrap()
        .clone();
    assert_eq!(row["dose_7"], after["overview"]["dose_7"]);
    assert_eq!(row["dose_30"], after["overview"]["dose_30"]);

    // The report for the referring doctor shows last weeks' figures as they were.
    let report = get(&app, &therapist, &report_path)
        .await
        .text()
        .await
        .unwrap();
    for week in &old[..current] {
        let figures = format!("{} / {}", week["done_reps"], week["prescribed_reps"]);
        assert!(report.contains(&figures), "{figures} not in the report");
    }
}

/// The migration that keeps each session's prescription with its fact
/// fills it from the stored payloads, on both databases.
async fn sessions_stored_before_their_prescription_was_kept_get_it_from_their_payload(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let (kari, _, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let started = noon_days_ago(2);
    let relaxation = json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.logged",
        "client_ts": fmt(started + Duration::minutes(21)),
        "payload": {"id": Uuid::now_v7(), "kind": "relaxation", "started_at": fmt(started),
                    "ended_at": fmt(started + Duration::minutes(20)), "planned_minutes": 20}});
    let ops = [session(noon_days_ago(1), 30), relaxation];
    let body = app.sync(&kari, &Uuid::new_v4().to_string(), &ops).await;
    assert_all_applied(&body);
    assert_eq!(
        (
            asked(&app, "session").await,
            asked(&app, "relaxation").await
        ),
        ("10x3".into(), "-x-".into())
    );
    // As if stored before the columns existed, then filled as the migration does.
    app.db
        .execute_unprepared(
            "UPDATE entry_facts SET asked_reps_per_round = NULL, asked_rounds_per_day = NULL",
        )
        .await
        .unwrap();
    app.db
        .execute_unprepared(server::db::migrations::fill_session_prescriptions(
            app.db.get_database_backend(),
        ))
        .await
        .unwrap();
    assert_eq!(
        (
            asked(&app, "session").await,
            asked(&app, "relaxation").await
        ),
        ("10x3".into(), "-x-".into())
    );
}

/// The prescription kept with the fact of the one entry of `family`.
async fn asked(app: &TestApp, family: &str) -> String {
    app.text(&format!(
        "SELECT COALESCE(CAST(asked_reps_per_round AS TEXT), '-') || 'x' || \
         COALESCE(CAST(asked_rounds_per_day AS TEXT), '-') AS v FROM entry_facts WHERE family = '{family}'"
    ))
    .await
}

/// A phone that trains on the defaults records them, stamped with
/// `DEFAULTS_CLIENT_TS` (issue 27, item 5): the therapist sees the
/// programme the patient trains by, and a programme the therapist set
/// before the phone heard of it is not replaced by the defaults.
async fn the_defaults_a_phone_trains_by_show_to_the_therapist_and_give_way_to_any_programme(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let (kari, kari_id, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let today = server::care::overview::today().to_string();
    let defaults = || {
        json!({"op_id": Uuid::now_v7().to_string(), "kind": "prescription.set",
            "client_ts": app::domain::sync::DEFAULTS_CLIENT_TS,
            "payload": {"prescription": prescription(10),
                        "programme": {"phase": "learning", "since": today, "started": today},
                        "set_by": {"by": "patient"}}})
    };
    let body = app
        .sync(
            &kari,
            &Uuid::new_v4().to_string(),
            &[defaults(), session(noon_days_ago(1), 30)],
        )
        .await;
    assert_all_applied(&body);
    let detail_path = format!("/api/therapist/patients/{kari_id}");
    let detail: Value = get_json(&app, &therapist, &detail_path).await;
    assert_eq!(detail["programme"]["prescription"]["reps_per_round"], 10);
    assert_eq!(detail["programme"]["phase"], "learning");
    assert!(detail["overview"]["dose_7"].is_number(), "{detail}");

    // The therapist sets 12; a second phone that has not pulled yet then
    // records the defaults again: the therapist's programme stays, on the
    // server and in the log every phone applies.
    let response = send(
        &app,
        "PUT",
        &therapist,
        &format!("{detail_path}/prescription"),
        Some(json!({"prescription": prescription(12)})),
    )
    .await;
    assert_eq!(response.status(), 200);
    app.sync(&kari, &Uuid::new_v4().to_string(), &[defaults()])
        .await;
    let detail: Value = get_json(&app, &therapist, &detail_path).await;
    assert_eq!(detail["programme"]["prescription"]["reps_per_round"], 12);
    let pulled = app.sync(&kari, &Uuid::new_v4().to_string(), &[]).await;
    let mut held: Option<(String, Value)> = None;
    for change in pulled["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "prescription.set")
    {
        let stamp = (
            change["client_ts"].as_str().unwrap().to_owned(),
            change["payload"].clone(),
        );
        if held.as_ref().is_none_or(|(at, _)| stamp.0 > *at) {
            held = Some(stamp);
        }
    }
    assert_eq!(held.unwrap().1["prescription"]["reps_per_round"], 12);
}
