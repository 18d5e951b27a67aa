//! The therapist's patient search finds names with letters beyond ASCII
//! (Æ, Ø, Å) in any case and in either Unicode form, on both databases
//! (issue #27: SQLite's `lower()` folds ASCII only).

use crate::care::{account, get_json, send};
use crate::helpers::{Backend, PASSWORD, TestApp, session_cookie};
use crate::on_both_databases;
use app::domain::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

on_both_databases!(
    the_patient_search_finds_norwegian_letters_in_any_case,
    accounts_made_before_the_search_text_are_found_after_a_restart,
);

/// A patient named `name`, linked to the therapist with consent.
async fn named_patient(app: &TestApp, therapist: &str, email: &str, name: &str) {
    let registered = app
        .post_json(
            "/api/auth/register",
            json!({"email": email, "password": PASSWORD, "display_name": name}),
        )
        .await;
    assert_eq!(registered.status(), 201);
    let patient = session_cookie(&registered);
    let invite: Value = send(app, "POST", therapist, "/api/therapist/invites", None)
        .await
        .json()
        .await
        .unwrap();
    let link: Value = send(
        app,
        "POST",
        &patient,
        "/api/links",
        Some(json!({ "code": invite["code"] })),
    )
    .await
    .json()
    .await
    .unwrap();
    let consent = send(
        app,
        "POST",
        &patient,
        &format!("/api/links/{}/consent", link["id"].as_str().unwrap()),
        None,
    )
    .await;
    assert_eq!(consent.status(), 200);
}

/// The names the search `q` finds, sorted.
async fn found(app: &TestApp, therapist: &str, q: &str) -> Vec<String> {
    let url = reqwest::Url::parse_with_params(
        &app.url("/api/therapist/patients"),
        &[("q", q), ("sort", "name")],
    )
    .unwrap();
    let list: Value = get_json(
        app,
        therapist,
        &format!("{}?{}", url.path(), url.query().unwrap()),
    )
    .await;
    let mut names: Vec<String> = list["patients"]
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

async fn three_patients(app: &TestApp) -> String {
    let therapist = account(app, "fysio@klinikk.no", Role::Therapist, None).await;
    named_patient(app, &therapist, "p1@example.no", "Ærlig Østbø").await;
    // "Å" written as "A" and a combining ring, as some keyboards send it.
    named_patient(app, &therapist, "p2@example.no", "A\u{30A}se Lie").await;
    named_patient(app, &therapist, "ola@example.no", "Ola Nordmann").await;
    therapist
}

async fn the_patient_search_finds_norwegian_letters_in_any_case(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = three_patients(&app).await;
    let erlig = vec!["Ærlig Østbø".to_owned()];
    let ase = vec!["A\u{30A}se Lie".to_owned()];
    for q in ["ærlig", "ÆRLIG", "østbø", "ØSTBØ", "Østbø"] {
        assert_eq!(found(&app, &therapist, q).await, erlig, "{q}");
    }
    for q in ["åse", "ÅSE", "A\u{30A}SE", "a\u{30A}se"] {
        assert_eq!(found(&app, &therapist, q).await, ase, "{q:?}");
    }
    // Emails are found as before; nothing matches across name and email.
    assert_eq!(
        found(&app, &therapist, "OLA@EXAMPLE").await,
        vec!["Ola Nordmann".to_owned()]
    );
    assert_eq!(
        found(&app, &therapist, "nordmannola").await,
        Vec::<String>::new()
    );
    assert_eq!(found(&app, &therapist, "%").await, Vec::<String>::new());
}

async fn accounts_made_before_the_search_text_are_found_after_a_restart(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = three_patients(&app).await;
    // As the rows of accounts made before migration m0012 are.
    app.db
        .execute_unprepared("UPDATE users SET search_text = NULL")
        .await
        .unwrap();
    assert_eq!(found(&app, &therapist, "østbø").await, Vec::<String>::new());
    // What the server does at its start, after the migrations.
    server::db::migrations::run(&app.db).await.unwrap();
    assert_eq!(
        found(&app, &therapist, "ØSTBØ").await,
        vec!["Ærlig Østbø".to_owned()]
    );
    assert_eq!(
        found(&app, &therapist, "åse").await,
        vec!["A\u{30A}se Lie".to_owned()]
    );
    assert_eq!(
        app.text("SELECT search_text AS v FROM users WHERE email = 'ola@example.no'")
            .await,
        "ola nordmann\nola@example.no"
    );
}
