//! Therapists and patients on both databases: invite codes, consent,
//! revoking, the access log, a prescription reaching the patient through
//! `/api/sync`, the overview's figures, refusals of bad input, and one
//! route × role × owner matrix over every API route.

use crate::helpers::{Backend, PASSWORD, TestApp, expect_error, session_cookie};
use crate::on_both_databases;
use app::domain::{DisplayName, Email, Language, Password, Role};
use serde_json::{Value, json};
use server::auth::accounts::{self, NewAccount};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

on_both_databases!(
    a_patient_links_consents_and_revokes,
    invite_codes_are_single_use_expire_and_refuse_typos,
    guessing_invite_codes_is_rate_limited,
    a_prescription_change_reaches_the_patient_through_sync,
    out_of_range_prescriptions_and_bad_notes_change_nothing,
    the_overview_reads_synced_sessions_and_flags_who_stopped,
    the_clinic_pages_render_for_the_therapist_only,
    every_api_route_answers_each_role_as_the_matrix_says,
    an_admin_makes_disables_and_enables_therapists_and_sees_no_health_data,
    clinic_outcomes_show_no_figure_for_fewer_than_five_patients,
    a_group_has_meetings_with_homework_members_and_the_patient_sees_the_next,
);

/// An account of `role` made as `server user create` makes it, logged in.
pub(crate) async fn account(app: &TestApp, email: &str, role: Role, name: Option<&str>) -> String {
    accounts::create(
        &app.db,
        &Default::default(),
        NewAccount {
            email: Email::parse(email).unwrap(),
            password: Password::parse(PASSWORD).unwrap(),
            display_name: DisplayName::parse_optional(name).unwrap(),
            language: Language::default(),
            role,
        },
    )
    .await
    .expect("account");
    let response = app.login(email, PASSWORD).await;
    assert_eq!(response.status(), 200);
    session_cookie(&response)
}

pub(crate) async fn get(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    app.http
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .expect("request")
}

/// The patient holding `cookie` enters an invite code.
pub(crate) async fn enter_code(app: &TestApp, cookie: &str, code: &str) -> reqwest::Response {
    send(
        app,
        "POST",
        cookie,
        "/api/links",
        Some(json!({ "code": code })),
    )
    .await
}

/// The JSON body of a GET by the holder of `cookie`.
pub(crate) async fn get_json(app: &TestApp, cookie: &str, path: &str) -> Value {
    get(app, cookie, path)
        .await
        .json()
        .await
        .expect("a JSON body")
}

/// Every op of a sync answer was applied.
pub(crate) fn assert_all_applied(body: &Value) {
    let results = body["results"].as_array().expect("results");
    assert!(results.iter().all(|r| r["status"] == "applied"), "{body}");
}

pub(crate) async fn send(
    app: &TestApp,
    method: &str,
    cookie: &str,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = app
        .http
        .request(method, app.url(path))
        .header("cookie", cookie);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request")
}

pub(crate) async fn invite(app: &TestApp, therapist: &str) -> String {
    let response = send(app, "POST", therapist, "/api/therapist/invites", None).await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let code = body["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 9, "ABCD-EFGH: {code}");
    assert!(body["expires_at"].as_str().unwrap().starts_with('2'));
    code
}

/// A patient linked to the therapist with consent: the patient's cookie,
/// id and link id.
pub(crate) async fn linked_patient(
    app: &TestApp,
    therapist: &str,
    email: &str,
) -> (String, String, String) {
    let patient = session_cookie(&app.register(email).await);
    let me: Value = app.me(&patient).await.json().await.unwrap();
    let code = invite(app, therapist).await;
    let response = enter_code(app, &patient, &code).await;
    assert_eq!(response.status(), 201);
    let link: Value = response.json().await.unwrap();
    let link_id = link["id"].as_str().unwrap().to_owned();
    let response = send(
        app,
        "POST",
        &patient,
        &format!("/api/links/{link_id}/consent"),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    (patient, me["id"].as_str().unwrap().to_owned(), link_id)
}

pub(crate) async fn access_log(app: &TestApp, patient: &str) -> Vec<(String, String)> {
    let body: Value = get(app, patient, "/api/access-log")
        .await
        .json()
        .await
        .unwrap();
    body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["therapist"].as_str().unwrap().to_owned(),
                e["what"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn a_patient_links_consents_and_revokes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(
        &app,
        "fysio@klinikk.no",
        Role::Therapist,
        Some("Ingrid Fysio"),
    )
    .await;
    let patient = session_cookie(&app.register("kari@example.no").await);
    let me: Value = app.me(&patient).await.json().await.unwrap();
    let patient_id = me["id"].as_str().unwrap().to_owned();

    // The code, typed in lower case without the dash, makes a pending link
    // that shows the patient what the therapist would see.
    let code = invite(&app, &therapist).await;
    let typed = code.replace('-', "").to_lowercase();
    let response = enter_code(&app, &patient, &typed).await;
    assert_eq!(response.status(), 201);
    let link: Value = response.json().await.unwrap();
    assert_eq!(link["status"], "pending");
    assert_eq!(link["therapist"], "Ingrid Fysio");
    assert_eq!(
        link["sees"],
        json!(["overview", "patient_page", "export", "report"])
    );
    assert_eq!(
        link["changes"],
        json!(["prescription_change", "assessment_change"])
    );
    let link_id = link["id"].as_str().unwrap();

    // Before consent the therapist sees nothing.
    let list: Value = get_json(&app, &therapist, "/api/therapist/patients").await;
    assert_eq!(list["patients"], json!([]));
    let path = format!("/api/therapist/patients/{patient_id}");
    expect_error(get(&app, &therapist, &path).await, 404).await;
    assert_eq!(access_log(&app, &patient).await, vec![]);

    let response = send(
        &app,
        "POST",
        &patient,
        &format!("/api/links/{link_id}/consent"),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    let list: Value = get_json(&app, &therapist, "/api/therapist/patients").await;
    assert_eq!(list["patients"].as_array().unwrap().len(), 1);
    assert_eq!(list["patients"][0]["id"], patient_id);
    assert_eq!(list["patients"][0]["name"], "kari@example.no");
    let response = get(&app, &therapist, &path).await;
    assert_eq!(response.status(), 200);
    let csv = get(&app, &therapist, &format!("{path}/export.csv")).await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(csv.text().await.unwrap().starts_with("type,day,"));

    // Every read is in the patient's log, newest first, by name.
    let log = access_log(&app, &patient).await;
    let whats: Vec<&str> = log.iter().map(|(_, w)| w.as_str()).collect();
    assert_eq!(whats, vec!["export", "patient_page", "overview"]);
    assert!(log.iter().all(|(who, _)| who == "Ingrid Fysio"));

    // Revoked: the therapist sees nothing more, exactly as for a stranger.
    let response = send(
        &app,
        "DELETE",
        &patient,
        &format!("/api/links/{link_id}"),
        None,
    )
    .await;
    assert_eq!(response.status(), 204);
    let (code, _) = expect_error(get(&app, &therapist, &path).await, 404).await;
    let (stranger, _) = expect_error(
        get(
            &app,
            &therapist,
            &format!("/api/therapist/patients/{}", Uuid::new_v4()),
        )
        .await,
        404,
    )
    .await;
    assert_eq!(code, stranger);
    expect_error(
        get(&app, &therapist, &format!("{path}/export.csv")).await,
        404,
    )
    .await;
    let list: Value = get_json(&app, &therapist, "/api/therapist/patients").await;
    assert_eq!(list["patients"], json!([]));
    let links: Value = get_json(&app, &patient, "/api/links").await;
    assert_eq!(links["links"], json!([]));
    // Revoking again is no error; another patient's link is not found.
    assert_eq!(
        send(
            &app,
            "DELETE",
            &patient,
            &format!("/api/links/{link_id}"),
            None
        )
        .await
        .status(),
        204
    );
    let other = session_cookie(&app.register("ola@example.no").await);
    expect_error(
        send(
            &app,
            "DELETE",
            &other,
            &format!("/api/links/{link_id}"),
            None,
        )
        .await,
        404,
    )
    .await;
    expect_error(
        send(
            &app,
            "POST",
            &other,
            &format!("/api/links/{link_id}/consent"),
            None,
        )
        .await,
        404,
    )
    .await;

    // A patient may have more than one therapist.
    let second = account(&app, "fysio2@klinikk.no", Role::Therapist, None).await;
    linked_patient_existing(&app, &second, &patient).await;
    let code = invite(&app, &therapist).await;
    let response = enter_code(&app, &patient, &code).await;
    assert_eq!(response.status(), 201);
    let links: Value = get_json(&app, &patient, "/api/links").await;
    assert_eq!(links["links"].as_array().unwrap().len(), 2);
}

async fn linked_patient_existing(app: &TestApp, therapist: &str, patient: &str) {
    let code = invite(app, therapist).await;
    let link: Value = enter_code(app, patient, &code).await.json().await.unwrap();
    let id = link["id"].as_str().unwrap();
    assert_eq!(
        send(
            app,
            "POST",
            patient,
            &format!("/api/links/{id}/consent"),
            None
        )
        .await
        .status(),
        200
    );
}

async fn invite_codes_are_single_use_expire_and_refuse_typos(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let kari = session_cookie(&app.register("kari@example.no").await);
    let ola = session_cookie(&app.register("ola@example.no").await);
    let code = invite(&app, &therapist).await;

    let (c, message) = expect_error(enter_code(&app, &kari, "ABC").await, 422).await;
    assert_eq!(c, "invalid_invite_code");
    assert!(message.contains("8"), "{message}");
    let (c, _) = expect_error(enter_code(&app, &kari, "ABCD-EFG!").await, 422).await;
    assert_eq!(c, "invalid_invite_code");
    let (c, _) = expect_error(enter_code(&app, &kari, "ZZZZ-ZZZZ").await, 422).await;
    assert_eq!(c, "invite_not_valid");

    assert_eq!(enter_code(&app, &kari, &code).await.status(), 201);
    // Used: the same answer as for a code that never existed.
    let (c, _) = expect_error(enter_code(&app, &ola, &code).await, 422).await;
    assert_eq!(c, "invite_not_valid");
    // Linked already: the second code is not spent.
    let again = invite(&app, &therapist).await;
    let (c, _) = expect_error(enter_code(&app, &kari, &again).await, 409).await;
    assert_eq!(c, "already_linked");
    assert_eq!(enter_code(&app, &ola, &again).await.status(), 201);

    // Expired after 14 days.
    let old = invite(&app, &therapist).await;
    let stored = old.replace('-', "");
    app.db
        .execute_unprepared(&format!(
            "UPDATE invites SET expires_at = 1 WHERE code = '{stored}'"
        ))
        .await
        .unwrap();
    let third = session_cookie(&app.register("siri@example.no").await);
    let (c, _) = expect_error(enter_code(&app, &third, &old).await, 422).await;
    assert_eq!(c, "invite_not_valid");
    // A therapist cannot use a code, nor an admin make one.
    let (c, _) = expect_error(enter_code(&app, &therapist, &code).await, 403).await;
    assert_eq!(c, "forbidden");
    assert_eq!(app.count("care_links").await, 2);
}

use sea_orm::ConnectionTrait;

async fn guessing_invite_codes_is_rate_limited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let kari = session_cookie(&app.register("kari@example.no").await);
    let mut statuses = Vec::new();
    for n in 0..12 {
        let code = format!("AAAA-{n:04}");
        statuses.push(enter_code(&app, &kari, &code).await.status().as_u16());
    }
    // One account from one address: the account's own limit comes first
    // (five wrong codes are free, then it waits); the address's limit
    // (a burst of ten) is tested from many accounts in `abuse`.
    assert!(statuses[..5].iter().all(|s| *s == 422), "{statuses:?}");
    // (On a slow machine a guess may come after a wait has run out: it is
    // checked, and the next wait is longer.)
    assert!(
        statuses[5..].iter().all(|s| [422, 429].contains(s)),
        "{statuses:?}"
    );
    assert!(statuses[5..].contains(&429), "{statuses:?}");
}

fn prescription(reps: u8, hold: u8) -> Value {
    json!({"reps_per_round": reps, "rounds_per_day": 3, "hold_secs": hold, "quick_lifts": 0,
           "rest_secs": 4, "position": "lying", "schedule": {"mode": "together", "pause_secs": 60}})
}

fn now_rfc3339(offset_secs: i64) -> String {
    (OffsetDateTime::now_utc() + time::Duration::seconds(offset_secs))
        .format(&Rfc3339)
        .unwrap()
}

async fn a_prescription_change_reaches_the_patient_through_sync(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(
        &app,
        "fysio@klinikk.no",
        Role::Therapist,
        Some("Ingrid Fysio"),
    )
    .await;
    let (patient, patient_id, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let device = Uuid::new_v4().to_string();
    // The patient's own adjustment, made a minute ago.
    let own = json!({"op_id": Uuid::now_v7().to_string(), "kind": "prescription.set", "client_ts": now_rfc3339(-60),
        "payload": {"prescription": prescription(10, 3),
                    "programme": {"phase": "intensive", "since": "2026-09-01", "started": "2026-09-01"},
                    "set_by": {"by": "patient"}}});
    let body = app.sync(&patient, &device, &[own]).await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let cursor = body["cursor"].clone();

    let response = send(&app, "PUT", &therapist, &format!("/api/therapist/patients/{patient_id}/prescription"),
        Some(json!({"prescription": prescription(12, 6), "phase": "maintenance", "reason": "Symptom-free at 6 months"}))).await;
    assert_eq!(response.status(), 200);
    let view: Value = response.json().await.unwrap();
    assert_eq!(view["phase"], "maintenance");
    assert_eq!(view["set_by"]["by"], "therapist");
    assert_eq!(view["set_by"]["name"], "Ingrid Fysio");
    assert_eq!(
        view["set_by"]["on"].as_str().unwrap().len(),
        10,
        "the day it was set"
    );

    // The phone's next pull brings it, set by the therapist.
    let response = app
        .http
        .post(app.url("/api/sync"))
        .header("cookie", &patient)
        .json(&json!({"device_id": device, "cursor": cursor, "ops": []}))
        .send()
        .await
        .unwrap();
    let pulled: Value = response.json().await.unwrap();
    let changes = pulled["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{pulled}");
    assert_eq!(changes[0]["kind"], "prescription.set");
    assert_eq!(changes[0]["payload"]["prescription"]["reps_per_round"], 12);
    assert_eq!(changes[0]["payload"]["programme"]["phase"], "maintenance");
    assert_eq!(changes[0]["payload"]["set_by"]["name"], "Ingrid Fysio");

    // An older adjustment from a phone that was offline does not undo it.
    let late = json!({"op_id": Uuid::now_v7().to_string(), "kind": "prescription.set", "client_ts": now_rfc3339(-30),
        "payload": {"prescription": prescription(8, 3),
                    "programme": {"phase": "intensive", "since": "2026-09-01", "started": "2026-09-01"},
                    "set_by": {"by": "patient"}}});
    app.sync(&patient, &Uuid::new_v4().to_string(), &[late])
        .await;
    let detail: Value = get_json(
        &app,
        &therapist,
        &format!("/api/therapist/patients/{patient_id}"),
    )
    .await;
    assert_eq!(detail["programme"]["prescription"]["reps_per_round"], 12);
    assert_eq!(detail["notes"][0]["text"], "Symptom-free at 6 months");
    // And the patient sees that the change was made.
    assert!(
        access_log(&app, &patient)
            .await
            .iter()
            .any(|(_, w)| w == "prescription_change")
    );
}

async fn out_of_range_prescriptions_and_bad_notes_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let (_, patient_id, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let path = format!("/api/therapist/patients/{patient_id}/prescription");
    let changes = app.count("changes").await;
    let (code, message) = expect_error(
        send(
            &app,
            "PUT",
            &therapist,
            &path,
            Some(json!({"prescription": prescription(13, 3)})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(code, "invalid_fields");
    assert!(message.contains("between 8 and 12"), "{message}");
    let (_, message) = expect_error(
        send(
            &app,
            "PUT",
            &therapist,
            &path,
            Some(json!({"prescription": prescription(10, 11)})),
        )
        .await,
        422,
    )
    .await;
    assert!(message.contains("between 2 and 10"), "{message}");
    let (code, _) = expect_error(
        send(
            &app,
            "PUT",
            &therapist,
            &path,
            Some(json!({"prescription": prescription(10, 3), "phase": "maintenance"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(
        code, "invalid_phase_change",
        "maintenance follows the intensive phase"
    );
    let (code, _) = expect_error(
        send(
            &app,
            "PUT",
            &therapist,
            &path,
            Some(json!({"prescription": prescription(10, 3), "reason": "x".repeat(4001)})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(code, "invalid_note");
    assert_eq!(app.count("changes").await, changes);
    assert_eq!(app.count("keyed_values").await, 0);
    let ok = json!({"prescription": prescription(10, 3), "phase": "intensive"});
    assert_eq!(
        send(&app, "PUT", &therapist, &path, Some(ok))
            .await
            .status(),
        200
    );
    let (code, _) = expect_error(
        send(
            &app,
            "PUT",
            &therapist,
            &path,
            Some(json!({"prescription": prescription(10, 3), "phase": "learning"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(code, "invalid_phase_change");
    assert_eq!(app.count("changes").await, changes + 1);

    let notes = format!("/api/therapist/patients/{patient_id}/notes");
    let (code, _) = expect_error(
        send(
            &app,
            "POST",
            &therapist,
            &notes,
            Some(json!({"text": "   "})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(code, "invalid_note");
    expect_error(
        send(
            &app,
            "POST",
            &therapist,
            &notes,
            Some(json!({"text": "x".repeat(4001)})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(app.count("therapist_notes").await, 0);
    assert_eq!(
        send(
            &app,
            "POST",
            &therapist,
            &notes,
            Some(json!({"text": "Good contact."}))
        )
        .await
        .status(),
        201
    );
    // Ids that are not ids are patients that do not exist.
    expect_error(
        get(&app, &therapist, "/api/therapist/patients/not-a-uuid").await,
        404,
    )
    .await;
}

pub(crate) fn session(started: OffsetDateTime, hurt: bool) -> Value {
    let fmt = |t: OffsetDateTime| t.format(&Rfc3339).unwrap();
    json!({"op_id": Uuid::now_v7().to_string(), "kind": "session.logged", "client_ts": fmt(started + time::Duration::minutes(10)),
           "payload": {"id": Uuid::now_v7(), "kind": "training", "started_at": fmt(started),
                       "ended_at": fmt(started + time::Duration::minutes(9)), "planned_reps": 30, "done_reps": 30,
                       "planned_rounds": 3, "done_rounds": 3, "prescription": prescription(10, 3), "pain": hurt}})
}

/// An instant at most an hour ago on the patients' day today (Knip's zone).
/// "An hour ago" alone falls on yesterday in the first hour after midnight
/// in Oslo, and every figure of "today" and "the last 7 days" with it.
fn earlier_today() -> OffsetDateTime {
    use server::care::facts::{DEFAULT_ZONE, local_day};
    let today = server::care::overview::today();
    let mut at = OffsetDateTime::now_utc() - time::Duration::hours(1);
    while local_day(at, DEFAULT_ZONE) < today {
        at += time::Duration::minutes(1);
    }
    at
}

async fn the_overview_reads_synced_sessions_and_flags_who_stopped(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let (kari, kari_id, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let (ola, ola_id, _) = linked_patient(&app, &therapist, "ola@example.no").await;
    let now = earlier_today();
    let programme = |since: &str| {
        json!({"op_id": Uuid::now_v7().to_string(), "kind": "prescription.set", "client_ts": now_rfc3339(-3600),
        "payload": {"prescription": prescription(10, 3),
                    "programme": {"phase": "intensive", "since": since, "started": since},
                    "set_by": {"by": "patient"}}})
    };
    let since = (OffsetDateTime::now_utc() - time::Duration::days(60))
        .date()
        .to_string();
    // Kari trained the full dose each of the last 7 days; Ola last 10 days
    // ago, and that session hurt.
    let mut ops = vec![programme(&since)];
    ops.extend((0..7).map(|d| session(now - time::Duration::days(d), false)));
    let body = app.sync(&kari, &Uuid::new_v4().to_string(), &ops).await;
    assert_all_applied(&body);
    let body = app
        .sync(
            &ola,
            &Uuid::new_v4().to_string(),
            &[
                programme(&since),
                session(now - time::Duration::days(10), true),
            ],
        )
        .await;
    assert_all_applied(&body);

    let list: Value = get_json(&app, &therapist, "/api/therapist/patients").await;
    let rows = list["patients"].as_array().unwrap();
    // Most in need first.
    assert_eq!(rows[0]["id"], ola_id);
    assert_eq!(rows[0]["days_since_session"], 10);
    assert_eq!(rows[0]["dose_7"], 0);
    // The session that hurt, 10 days ago, asks for the therapist's help.
    assert_eq!(
        rows[0]["flags"],
        json!(["asked_for_help", "no_training", "low_dose"])
    );
    assert_eq!(rows[1]["id"], kari_id);
    assert_eq!(rows[1]["dose_7"], 100);
    assert_eq!(rows[1]["days_since_session"], 0);
    assert_eq!(rows[1]["phase"], "intensive");
    assert_eq!(rows[1]["week"], 9);
    assert_eq!(rows[1]["flags"], json!([]));
    // A session synced after that read shows at once (the kept row is renewed).
    app.sync(&ola, &Uuid::new_v4().to_string(), &[session(now, false)])
        .await;
    let list: Value = get_json(&app, &therapist, "/api/therapist/patients").await;
    let ola_row = list["patients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == ola_id)
        .unwrap()
        .clone();
    assert_eq!(ola_row["days_since_session"], 0, "{ola_row}");
    assert!(
        !ola_row["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("no_training"))
    );
    // Search, sort and paging.
    let found: Value = get_json(&app, &therapist, "/api/therapist/patients?q=KARI").await;
    assert_eq!(found["total"], 1);
    // No name or email holds a control character: such a search finds
    // nobody (a NUL was a 500 on PostgreSQL, found by schemathesis).
    for q in ["KA%00RI", "KARI%00", "%1Dn%00"] {
        let found: Value =
            get_json(&app, &therapist, &format!("/api/therapist/patients?q={q}")).await;
        assert_eq!(found["total"], 0, "{q}");
    }
    let by_name: Value =
        get_json(&app, &therapist, "/api/therapist/patients?sort=name&page=7").await;
    assert_eq!(by_name["patients"][0]["id"], kari_id);
    assert_eq!(by_name["page"], 1);

    // A session deleted on the phone leaves the figures.
    let detail: Value = get_json(
        &app,
        &therapist,
        &format!("/api/therapist/patients/{kari_id}"),
    )
    .await;
    assert_eq!(detail["sessions"].as_array().unwrap().len(), 7);
    let last_week = detail["weeks"].as_array().unwrap().last().unwrap().clone();
    assert!(last_week["done_reps"].as_u64().unwrap() > 0, "{last_week}");
    // The diary by week, from the facts.
    let today = server::care::overview::today().to_string();
    let diary = json!({"op_id": Uuid::now_v7().to_string(), "kind": "diary.logged", "client_ts": now_rfc3339(-60),
        "payload": {"id": Uuid::now_v7(), "date": today, "leakage_episodes": 3, "pain_nrs": 4}});
    app.sync(&kari, &Uuid::new_v4().to_string(), &[diary]).await;
    let detail: Value = get_json(
        &app,
        &therapist,
        &format!("/api/therapist/patients/{kari_id}"),
    )
    .await;
    let weeks = detail["diary_weeks"].as_array().unwrap();
    let this_week = weeks.last().unwrap();
    assert_eq!(this_week["days_logged"], 1, "{weeks:?}");
    assert_eq!(this_week["leakage_per_day"], 3.0);
    assert_eq!(this_week["pain_max"], 4);
}

async fn the_clinic_pages_render_for_the_therapist_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let (patient, patient_id, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let page = get(&app, &therapist, "/clinic").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store")
    );
    let html = page.text().await.unwrap();
    assert!(
        html.contains("kari@example.no"),
        "the overview lists the patient"
    );
    assert!(!html.contains(".wasm"), "no WASM on the clinic's pages");
    let page = get(&app, &therapist, &format!("/clinic/patients/{patient_id}")).await;
    assert_eq!(page.status(), 200);
    let report = get(
        &app,
        &therapist,
        &format!("/clinic/patients/{patient_id}/report"),
    )
    .await;
    assert_eq!(report.status(), 200);
    // A patient, a stranger's id and nobody.
    assert_eq!(get(&app, &patient, "/clinic").await.status(), 404);
    assert_eq!(
        get(
            &app,
            &therapist,
            &format!("/clinic/patients/{}", Uuid::new_v4())
        )
        .await
        .status(),
        404
    );
    let anonymous = app.http.get(app.url("/clinic")).send().await.unwrap();
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()["location"], "/login");
    let sharing = get(&app, &patient, "/sharing").await;
    assert_eq!(sharing.status(), 200);
    assert!(
        sharing
            .text()
            .await
            .unwrap()
            .contains("data-testid=\"access-log\"")
    );
    // The form post of the prescription, out of range: back with the reason.
    let response = app
        .http
        .post(app.url(&format!("/clinic/patients/{patient_id}/prescription")))
        .header("cookie", &therapist)
        .form(&[
            ("reps_per_round", "20"),
            ("rounds_per_day", "3"),
            ("hold_secs", "3"),
            ("quick_lifts", "0"),
            ("rest_secs", "4"),
            ("position", "lying"),
            ("schedule", "together"),
            ("pause_secs", "60"),
            ("phase", ""),
            ("reason", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        format!("/clinic/patients/{patient_id}?flash=err_reps").as_str()
    );
    assert_eq!(app.count("changes").await, 0);
    // The page says what the address names, and nothing for a word it
    // does not know (a hand-typed `?flash=x` once said "pause out of range").
    const REPS: &str = "Velg mellom 8 og 12 knip i hver runde.";
    const PAUSE: &str = "Pausen mellom rundene må være mellom 30 og 180 sekunder.";
    let said = |html: String| html.contains(REPS) || html.contains(PAUSE);
    let named = get(
        &app,
        &therapist,
        &format!("/clinic/patients/{patient_id}?flash=err_reps"),
    )
    .await;
    assert!(
        named.text().await.unwrap().contains(REPS),
        "err_reps is said"
    );
    for unknown in ["x", "err_pause%20", "created", "meeting_1"] {
        let page = get(
            &app,
            &therapist,
            &format!("/clinic/patients/{patient_id}?flash={unknown}"),
        )
        .await;
        assert_eq!(page.status(), 200, "{unknown}");
        assert!(!said(page.text().await.unwrap()), "{unknown} says nothing");
    }
}

/// Who is asking, for the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Nobody,
    /// The patient the ids belong to.
    Patient,
    OtherPatient,
    /// The therapist the patient consented to.
    Therapist,
    OtherTherapist,
    Admin,
}

const EVERYONE: [Who; 6] = [
    Who::Nobody,
    Who::Patient,
    Who::OtherPatient,
    Who::Therapist,
    Who::OtherTherapist,
    Who::Admin,
];

/// The statuses for nobody, the patient, another patient, the linked
/// therapist, another therapist and an admin.
type Expect = [u16; 6];

struct Entry {
    method: &'static str,
    /// With `{patient}` and `{link}` for the owner's ids.
    path: &'static str,
    body: Option<Value>,
    expect: Option<Expect>,
}

/// Every `.route("/api/…", method(…).method(…))` of the router's source,
/// as (method, path): the matrix must name each of them.
fn api_routes() -> Vec<(String, String)> {
    let found: Vec<_> = router_routes()
        .into_iter()
        .filter(|(_, path)| path.starts_with("/api/") && !path.contains('*'))
        .collect();
    assert!(
        found.len() >= 20,
        "the router's routes were not found: {found:?}"
    );
    found
}

/// Every `.route(path, method(…))` in the router's source, as (METHOD,
/// path); a path named by a constant (`routes::LOGIN`) is looked up in
/// `app::routes`.
pub(crate) fn router_routes() -> Vec<(String, String)> {
    // The router and the pages' routers, one per area.
    let source = [
        include_str!("../../src/router.rs"),
        include_str!("../../src/routes/auth.rs"),
        include_str!("../../src/routes/me.rs"),
        include_str!("../../src/routes/push.rs"),
        include_str!("../../src/routes/sync.rs"),
        include_str!("../../src/routes/care.rs"),
        include_str!("../../src/routes/admin.rs"),
        include_str!("../../src/routes/pages/clinic.rs"),
        include_str!("../../src/routes/pages/groups.rs"),
        include_str!("../../src/routes/pages/sharing.rs"),
        include_str!("../../src/routes/pages/admin.rs"),
    ]
    .concat();
    let constants = include_str!("../../../app/src/routes.rs");
    let constant = |name: &str| {
        let line = constants.lines().find(|l| {
            l.trim_start()
                .starts_with(&format!("pub const {name}: &str = \""))
        })?;
        line.split('"').nth(1).map(str::to_owned)
    };
    let mut found = Vec::new();
    for chunk in source.split(".route(").skip(1) {
        // The call's own text: up to the parenthesis that closes `.route(`.
        let mut depth = 1;
        let end = chunk
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(chunk.len(), |(at, _)| at);
        let chunk = chunk[..end].trim_start();
        let (path, after) = if let Some(rest) = chunk.strip_prefix('"') {
            let Some((path, after)) = rest.split_once('"') else {
                continue;
            };
            (path.to_owned(), after)
        } else if let Some(rest) = ["app::routes::", "routes::", "r::"]
            .iter()
            .find_map(|prefix| chunk.strip_prefix(prefix))
        {
            let Some((name, after)) = rest.split_once(',') else {
                continue;
            };
            let Some(path) = constant(name.trim()) else {
                panic!("routes::{name} is not in app/src/routes.rs");
            };
            (path, after)
        } else {
            continue;
        };
        for method in ["get", "post", "put", "delete", "patch"] {
            let call = format!("{method}(");
            let named = after.match_indices(&call).any(|(at, _)| {
                !after[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':')
            });
            if named {
                found.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    found
}

/// The headers every API answer carries, whatever its status.
fn assert_security_headers(response: &reqwest::Response, method: &str, path: &str) {
    let headers = response.headers();
    let has = |name: &str, value: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(value))
    };
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("content-security-policy", "default-src 'none'"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cache-control", "no-store"),
        ("x-request-id", "-"),
    ] {
        assert!(
            has(name, value),
            "{method} {path}: {name} should hold {value:?}"
        );
    }
}

/// The number of rows in each table the database lists (read from the
/// schema, so a new table is counted too).
pub(crate) async fn table_rows(app: &TestApp) -> Vec<(String, i64)> {
    let list = if app.database_url.starts_with("sqlite") {
        "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    } else {
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
    };
    let rows = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            list,
        ))
        .await
        .unwrap();
    let mut counts = Vec::new();
    for row in rows {
        let table: String = row.try_get("", "t").unwrap();
        counts.push((table.clone(), app.count(&table).await));
    }
    counts
}

async fn every_api_route_answers_each_role_as_the_matrix_says(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let other_therapist = account(&app, "fysio2@klinikk.no", Role::Therapist, None).await;
    let admin = account(&app, "admin@klinikk.no", Role::Admin, None).await;
    let (patient, patient_id, link_id) = linked_patient(&app, &therapist, "kari@example.no").await;
    let other_patient = session_cookie(&app.register("ola@example.no").await);
    // A therapist only the admin's entries act on.
    account(&app, "fysio3@klinikk.no", Role::Therapist, None).await;
    let staff: Value = get_json(&app, &admin, "/api/admin/therapists").await;
    let staff_id = staff["therapists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["email"] == "fysio3@klinikk.no")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let cookie = |who: Who| match who {
        Who::Nobody => String::new(),
        Who::Patient => patient.clone(),
        Who::OtherPatient => other_patient.clone(),
        Who::Therapist => therapist.clone(),
        Who::OtherTherapist => other_therapist.clone(),
        Who::Admin => admin.clone(),
    };
    let rx = json!({"prescription": prescription(10, 3)});
    let made: Value = send(
        &app,
        "POST",
        &therapist,
        "/api/therapist/groups",
        Some(json!({"name": "Oppfølging", "meetings": [{"on": "2099-01-05"}]})),
    )
    .await
    .json()
    .await
    .unwrap();
    let group_id = made["id"].as_str().unwrap().to_owned();
    let sync = json!({"device_id": Uuid::new_v4().to_string(), "cursor": null, "ops": []});
    // Nobody, patient, other patient, therapist, other therapist, admin.
    let matrix = vec![
        // Open to all (the accounts tests cover them); logout ends the
        // session, so it is asked last, separately.
        // Erasing an account has its own tests (account.rs): asked here,
        // it would end the owner's part of the matrix.
        Entry {
            method: "DELETE",
            path: "/api/account",
            body: None,
            expect: None,
        },
        // Ends every session of the owner: its own test (account.rs).
        Entry {
            method: "POST",
            path: "/api/auth/logout-everywhere",
            body: None,
            expect: None,
        },
        Entry {
            method: "GET",
            path: "/api/export",
            body: None,
            expect: Some([401, 200, 200, 403, 403, 403]),
        },
        Entry {
            method: "GET",
            path: "/api/export/csv",
            body: None,
            expect: Some([401, 200, 200, 403, 403, 403]),
        },
        Entry {
            method: "POST",
            path: "/api/auth/register",
            body: None,
            expect: None,
        },
        Entry {
            method: "POST",
            path: "/api/auth/login",
            body: None,
            expect: None,
        },
        Entry {
            method: "POST",
            path: "/api/auth/logout",
            body: None,
            expect: None,
        },
        Entry {
            method: "GET",
            path: "/api/me",
            body: None,
            expect: Some([401, 200, 200, 200, 200, 200]),
        },
        // The API's own description, public.
        Entry {
            method: "GET",
            path: "/api/openapi.json",
            body: None,
            expect: Some([200, 200, 200, 200, 200, 200]),
        },
        Entry {
            method: "GET",
            path: "/api/instruments",
            body: None,
            expect: Some([401, 200, 200, 200, 200, 200]),
        },
        // Reminders by push: a patient's own devices.
        Entry {
            method: "GET",
            path: "/api/push/key",
            body: None,
            expect: Some([401, 200, 200, 403, 403, 403]),
        },
        Entry {
            method: "PUT",
            path: "/api/push/subscription",
            body: Some(crate::push::browser_subscription(
                "https://push.example.net/send/1",
            )),
            expect: Some([401, 204, 204, 403, 403, 403]),
        },
        Entry {
            method: "DELETE",
            path: "/api/push/subscription",
            body: Some(json!({"endpoint": "https://push.example.net/send/1"})),
            expect: Some([401, 204, 204, 403, 403, 403]),
        },
        Entry {
            method: "POST",
            path: "/api/sync",
            body: Some(sync),
            expect: Some([401, 200, 200, 200, 200, 200]),
        },
        Entry {
            method: "GET",
            path: "/api/links",
            body: None,
            expect: Some([401, 200, 200, 403, 403, 403]),
        },
        Entry {
            method: "POST",
            path: "/api/links",
            body: Some(json!({"code": "ZZZZ-ZZZZ"})),
            expect: Some([401, 422, 422, 403, 403, 403]),
        },
        Entry {
            method: "POST",
            path: "/api/links/{link}/consent",
            body: None,
            expect: Some([401, 200, 404, 403, 403, 403]),
        },
        Entry {
            method: "GET",
            path: "/api/access-log",
            body: None,
            expect: Some([401, 200, 200, 403, 403, 403]),
        },
        Entry {
            method: "POST",
            path: "/api/therapist/invites",
            body: None,
            expect: Some([401, 403, 403, 201, 201, 403]),
        },
        Entry {
            method: "GET",
            path: "/api/therapist/groups",
            body: None,
            expect: Some([401, 403, 403, 200, 200, 403]),
        },
        Entry {
            method: "POST",
            path: "/api/therapist/groups",
            body: Some(json!({"name": "Smerteskole", "meetings": [{"on": "2099-01-05"}]})),
            expect: Some([401, 403, 403, 201, 201, 403]),
        },
        Entry {
            method: "GET",
            path: "/api/therapist/groups/{group}",
            body: None,
            expect: Some([401, 403, 403, 200, 404, 403]),
        },
        Entry {
            method: "POST",
            path: "/api/therapist/groups/{group}/members",
            body: Some(json!({"patient_id": "{patient}"})),
            expect: Some([401, 403, 403, 201, 404, 403]),
        },
        Entry {
            method: "DELETE",
            path: "/api/therapist/groups/{group}/members/{patient}",
            body: None,
            expect: Some([401, 403, 403, 204, 404, 403]),
        },
        Entry {
            method: "GET",
            path: "/api/groups/next",
            body: None,
            expect: Some([401, 200, 200, 403, 403, 403]),
        },
        Entry {
            method: "GET",
            path: "/api/therapist/outcomes",
            body: None,
            expect: Some([401, 403, 403, 200, 200, 403]),
        },
        Entry {
            method: "GET",
            path: "/api/therapist/patients",
            body: None,
            expect: Some([401, 403, 403, 200, 200, 403]),
        },
        Entry {
            method: "GET",
            path: "/api/therapist/patients/{patient}",
            body: None,
            expect: Some([401, 403, 403, 200, 404, 403]),
        },
        Entry {
            method: "PUT",
            path: "/api/therapist/patients/{patient}/prescription",
            body: Some(rx),
            expect: Some([401, 403, 403, 200, 404, 403]),
        },
        Entry {
            method: "PUT",
            path: "/api/therapist/patients/{patient}/assessment",
            body: Some(json!({"red_flags": [], "problems": ["urgency"], "doctor_seen": false})),
            expect: Some([401, 403, 403, 200, 404, 403]),
        },
        Entry {
            method: "POST",
            path: "/api/therapist/patients/{patient}/notes",
            body: Some(json!({"text": "ok"})),
            expect: Some([401, 403, 403, 201, 404, 403]),
        },
        Entry {
            method: "GET",
            path: "/api/therapist/patients/{patient}/export.csv",
            body: None,
            expect: Some([401, 403, 403, 200, 404, 403]),
        },
        Entry {
            method: "GET",
            path: "/api/admin/therapists",
            body: None,
            expect: Some([401, 403, 403, 403, 403, 200]),
        },
        Entry {
            method: "POST",
            path: "/api/admin/therapists",
            body: Some(json!({"email": "new@klinikk.no", "password": PASSWORD})),
            expect: Some([401, 403, 403, 403, 403, 201]),
        },
        Entry {
            method: "POST",
            path: "/api/admin/therapists/{staff}/disable",
            body: None,
            expect: Some([401, 403, 403, 403, 403, 200]),
        },
        Entry {
            method: "POST",
            path: "/api/admin/therapists/{staff}/enable",
            body: None,
            expect: Some([401, 403, 403, 403, 403, 200]),
        },
        // Last: revoking ends the link the entries above use.
        Entry {
            method: "DELETE",
            path: "/api/links/{link}",
            body: None,
            expect: Some([401, 204, 404, 403, 403, 403]),
        },
    ];
    // Any `{…}` segment stands for an id.
    let shape = |path: &str| -> String {
        path.split('/')
            .map(|seg| if seg.starts_with('{') { "{}" } else { seg })
            .collect::<Vec<_>>()
            .join("/")
    };
    for (method, path) in api_routes() {
        assert!(
            matrix
                .iter()
                .any(|e| e.method == method && shape(e.path) == shape(&path)),
            "{method} {path} has no entry in the authorisation matrix"
        );
    }
    let fill = |text: &str| {
        text.replace("{patient}", &patient_id)
            .replace("{link}", &link_id)
            .replace("{staff}", &staff_id)
            .replace("{group}", &group_id)
    };
    // Every state-changing route refuses a cross-site request, whoever's
    // cookie it carries, and changes nothing (the matrix below then finds
    // everything as it was: the link, the sessions, the account).
    let rows_before = table_rows(&app).await;
    for entry in matrix.iter().filter(|e| e.method != "GET") {
        let path = fill(entry.path);
        let body = entry
            .body
            .as_ref()
            .map(|b| serde_json::from_str::<Value>(&fill(&b.to_string())).unwrap());
        for who in EVERYONE {
            let method = reqwest::Method::from_bytes(entry.method.as_bytes()).unwrap();
            let mut request = app
                .http
                .request(method, app.url(&path))
                .header("cookie", cookie(who))
                .header("sec-fetch-site", "cross-site")
                .header("origin", "https://evil.example");
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            assert_security_headers(&response, entry.method, entry.path);
            let (code, _) = expect_error(response, 403).await;
            assert_eq!(
                code, "cross_site_request",
                "{} {} as {who:?}",
                entry.method, entry.path
            );
        }
    }
    assert_eq!(
        table_rows(&app).await,
        rows_before,
        "a refused request changed data"
    );
    for entry in &matrix {
        let Some(expect) = entry.expect else { continue };
        let fill = |text: &str| {
            text.replace("{patient}", &patient_id)
                .replace("{link}", &link_id)
                .replace("{staff}", &staff_id)
                .replace("{group}", &group_id)
        };
        let path = fill(entry.path);
        let body = entry
            .body
            .as_ref()
            .map(|b| serde_json::from_str::<Value>(&fill(&b.to_string())).unwrap());
        let revokes = entry.path == "/api/links/{link}";
        for (who, status) in EVERYONE.into_iter().zip(expect) {
            // The owner's DELETE must come after the others' attempts.
            if revokes && who == Who::Patient {
                continue;
            }
            let response = send(&app, entry.method, &cookie(who), &path, body.clone()).await;
            assert_security_headers(&response, entry.method, entry.path);
            assert_eq!(
                response.status().as_u16(),
                status,
                "{} {} as {who:?}",
                entry.method,
                entry.path
            );
        }
        if revokes {
            let response = send(&app, "DELETE", &patient, &path, None).await;
            assert_eq!(response.status().as_u16(), expect[1], "DELETE as the owner");
            // And after that the linked therapist is a stranger.
            let detail = get(
                &app,
                &therapist,
                &format!("/api/therapist/patients/{patient_id}"),
            )
            .await;
            assert_eq!(detail.status(), 404);
        }
    }
}

async fn an_admin_makes_disables_and_enables_therapists_and_sees_no_health_data(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = account(&app, "admin@klinikk.no", Role::Admin, None).await;
    let response = send(
        &app,
        "POST",
        &admin,
        "/api/admin/therapists",
        Some(json!({"email": "ny@klinikk.no", "password": PASSWORD, "display_name": "Nora Fysio"})),
    )
    .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["disabled"], false);
    let id = created["id"].as_str().unwrap().to_owned();
    // Bad input: a clear refusal, nothing made.
    let (code, _) = expect_error(
        send(
            &app,
            "POST",
            &admin,
            "/api/admin/therapists",
            Some(json!({"email": "ny@klinikk.no", "password": PASSWORD})),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(code, "email_taken");
    let (code, _) = expect_error(
        send(
            &app,
            "POST",
            &admin,
            "/api/admin/therapists",
            Some(json!({"email": "kort@klinikk.no", "password": "kort"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(code, "weak_password");
    expect_error(
        send(
            &app,
            "POST",
            &admin,
            &format!("/api/admin/therapists/{}/disable", Uuid::new_v4()),
            None,
        )
        .await,
        404,
    )
    .await;

    // The new therapist logs in and lands at the clinic.
    let login = app.login("ny@klinikk.no", PASSWORD).await;
    assert_eq!(login.status(), 200);
    let therapist = session_cookie(&login);
    // Disabled: logged out everywhere, and no new login.
    let response = send(
        &app,
        "POST",
        &admin,
        &format!("/api/admin/therapists/{id}/disable"),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.me(&therapist).await.status(), 401);
    let (code, message) = expect_error(app.login("ny@klinikk.no", PASSWORD).await, 403).await;
    assert_eq!(code, "account_disabled");
    assert!(message.contains("administrator"), "{message}");
    let list: Value = get_json(&app, &admin, "/api/admin/therapists").await;
    assert_eq!(list["therapists"][0]["disabled"], true);
    // A patient's id is no therapist's.
    let patient = session_cookie(&app.register("kari@example.no").await);
    let me: Value = app.me(&patient).await.json().await.unwrap();
    let patient_id = me["id"].as_str().unwrap();
    expect_error(
        send(
            &app,
            "POST",
            &admin,
            &format!("/api/admin/therapists/{patient_id}/disable"),
            None,
        )
        .await,
        404,
    )
    .await;
    assert_eq!(app.me(&patient).await.status(), 200);
    // Enabled again.
    assert_eq!(
        send(
            &app,
            "POST",
            &admin,
            &format!("/api/admin/therapists/{id}/enable"),
            None
        )
        .await
        .status(),
        200
    );
    assert_eq!(app.login("ny@klinikk.no", PASSWORD).await.status(), 200);
    // The admin's page: staff accounts only; no patient appears.
    let page = get(&app, &admin, "/admin").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("ny@klinikk.no"));
    assert!(!html.contains("kari@example.no"));
    assert_eq!(
        get(&app, &therapist, "/admin").await.status(),
        303,
        "a logged-out session goes to log in"
    );
    assert_eq!(get(&app, &patient, "/admin").await.status(), 404);
}

fn answer(questionnaire: &str, day: &str, pain: u8, pgi: Option<u8>, closeness: u8) -> Value {
    json!({"op_id": Uuid::now_v7().to_string(), "kind": "prom.answered", "client_ts": now_rfc3339(-60),
           "payload": {"id": Uuid::now_v7(), "questionnaire": questionnaire, "answered_on": day, "pain_nrs": pain,
                       "pgi_i": pgi, "goals": [{"goal": "Walk without worrying", "closeness": closeness}]}})
}

async fn clinic_outcomes_show_no_figure_for_fewer_than_five_patients(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let day = |days_ago: i64| {
        (OffsetDateTime::now_utc() - time::Duration::days(days_ago))
            .date()
            .to_string()
    };
    for n in 0..5 {
        let (patient, _, _) = linked_patient(&app, &therapist, &format!("p{n}@example.no")).await;
        let ops = [
            answer("baseline", &day(100), 6, None, 2),
            answer("month3", &day(5), 4, Some(if n == 0 { 5 } else { 2 }), 6),
        ];
        let body = app.sync(&patient, &Uuid::new_v4().to_string(), &ops).await;
        assert_all_applied(&body);
        let report: Value = get_json(&app, &therapist, "/api/therapist/outcomes").await;
        assert_eq!(report["patients"], n + 1);
        assert_eq!(report["rows"][0]["at"], "month3");
        assert_eq!(report["rows"][0]["patients"], n + 1);
        if n < 4 {
            assert_eq!(
                report["rows"][0]["pain_change"],
                Value::Null,
                "hidden under 5: {report}"
            );
            assert_eq!(report["rows"][0]["improved"], Value::Null);
        } else {
            assert_eq!(report["rows"][0]["pain_change"], -2.0);
            assert_eq!(report["rows"][0]["improved"], 80);
            assert_eq!(report["rows"][0]["goal_change"], 4.0);
        }
    }
    // No patient's name on the page or in the CSV; nothing in anyone's log.
    let page = get(&app, &therapist, "/clinic/outcomes")
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("@example.no"));
    let csv = get(&app, &therapist, "/clinic/outcomes.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("month3,5,-2.0,80,4.0"), "{csv}");
    assert_eq!(app.count("access_log").await, 0);
}

async fn a_group_has_meetings_with_homework_members_and_the_patient_sees_the_next(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(
        &app,
        "fysio@klinikk.no",
        Role::Therapist,
        Some("Ingrid Fysio"),
    )
    .await;
    let (kari, kari_id, link) = linked_patient(&app, &therapist, "kari@example.no").await;
    let stranger = session_cookie(&app.register("ola@example.no").await);
    let stranger_id: Value = app.me(&stranger).await.json().await.unwrap();
    let day = |days: i64| {
        (OffsetDateTime::now_utc() + time::Duration::days(days))
            .date()
            .to_string()
    };

    // Bad schedules are refused, naming the meeting; nothing is made.
    for (meetings, says) in [
        (json!([{"on": day(-2)}]), "past"),
        (json!([{"on": day(7)}, {"on": day(3)}]), "Meeting 2"),
        (json!([{"on": day(7), "module": "astrology"}]), "module"),
        (json!([{"on": day(7), "relax_minutes": 90}]), ""),
        (json!([]), "at least one"),
    ] {
        let response = send(
            &app,
            "POST",
            &therapist,
            "/api/therapist/groups",
            Some(json!({"name": "Smerteskole", "meetings": meetings})),
        )
        .await;
        assert_eq!(response.status(), 422, "{meetings}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["error"]["message"].as_str().unwrap().contains(says),
            "{body}"
        );
    }
    assert_eq!(app.count("care_groups").await, 0);

    let response = send(
        &app,
        "POST",
        &therapist,
        "/api/therapist/groups",
        Some(json!({"name": "Smerteskole", "meetings": [
        {"on": day(2), "module": "sleep", "relax_minutes": 30}, {"on": day(9)}]})),
    )
    .await;
    assert_eq!(response.status(), 201);
    let id = response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Only linked patients join.
    let members = format!("/api/therapist/groups/{id}/members");
    expect_error(
        send(
            &app,
            "POST",
            &therapist,
            &members,
            Some(json!({"patient_id": stranger_id["id"]})),
        )
        .await,
        404,
    )
    .await;
    assert_eq!(
        send(
            &app,
            "POST",
            &therapist,
            &members,
            Some(json!({"patient_id": kari_id}))
        )
        .await
        .status(),
        201
    );
    assert_eq!(
        send(
            &app,
            "POST",
            &therapist,
            &members,
            Some(json!({"patient_id": kari_id}))
        )
        .await
        .status(),
        201
    );

    let detail: Value = get_json(&app, &therapist, &format!("/api/therapist/groups/{id}")).await;
    assert_eq!(detail["members"].as_array().unwrap().len(), 1);
    assert_eq!(detail["meetings"][0]["module"], "sleep");
    assert_eq!(detail["candidates"], json!([]));
    let list: Value = get_json(&app, &therapist, "/api/therapist/groups").await;
    assert_eq!(list["groups"][0]["members"], 1);
    assert_eq!(list["groups"][0]["next"], day(2));

    // The member sees the next meeting and its homework; the stranger nothing.
    let next: Value = get_json(&app, &kari, "/api/groups/next").await;
    assert_eq!(next["meeting"]["on"], day(2));
    assert_eq!(next["meeting"]["group"], "Smerteskole");
    assert_eq!(next["meeting"]["therapist"], "Ingrid Fysio");
    assert_eq!(next["meeting"]["relax_minutes"], 30);
    assert!(next["meeting"]["module_title"].as_str().unwrap().len() > 3);
    let none: Value = get_json(&app, &stranger, "/api/groups/next").await;
    assert_eq!(none["meeting"], Value::Null);
    // Revoked: out of the group's views, and no more meetings shown.
    assert_eq!(
        send(&app, "DELETE", &kari, &format!("/api/links/{link}"), None)
            .await
            .status(),
        204
    );
    let next: Value = get_json(&app, &kari, "/api/groups/next").await;
    assert_eq!(next["meeting"], Value::Null);
    let detail: Value = get_json(&app, &therapist, &format!("/api/therapist/groups/{id}")).await;
    assert_eq!(detail["members"], json!([]));
    // The group pages render; another therapist's group is not found.
    assert_eq!(get(&app, &therapist, "/clinic/groups").await.status(), 200);
    assert_eq!(
        get(&app, &therapist, &format!("/clinic/groups/{id}"))
            .await
            .status(),
        200
    );
    let other = account(&app, "fysio2@klinikk.no", Role::Therapist, None).await;
    assert_eq!(
        get(&app, &other, &format!("/clinic/groups/{id}"))
            .await
            .status(),
        404
    );
    // A group form with the first meeting in the past comes back with the reason.
    let response = app
        .http
        .post(app.url("/clinic/groups"))
        .header("cookie", &therapist)
        .form(&[
            ("name", "Vår"),
            ("template", "pain_school"),
            ("start", &day(-1)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["location"],
        "/clinic/groups?flash=err_past"
    );
    let response = app
        .http
        .post(app.url("/clinic/groups"))
        .header("cookie", &therapist)
        .form(&[
            ("name", "Vår"),
            ("template", "pain_school"),
            ("start", &day(1)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let list: Value = get_json(&app, &therapist, "/api/therapist/groups").await;
    assert_eq!(list["groups"].as_array().unwrap().len(), 2);
}
