use crate::helpers::{Backend, PASSWORD, TestApp, expect_error, session_cookie, set_cookie};
use crate::on_both_databases;
use sea_orm::ConnectionTrait;

on_both_databases!(
    registering_creates_a_patient_and_signs_in,
    the_session_cookie_has_the_required_flags,
    secure_cookies_use_the_host_prefix,
    logging_in_issues_a_new_session_and_retires_the_old_one,
    a_wrong_password_and_an_unknown_email_get_the_same_answer,
    logging_out_ends_the_session_on_the_server,
    an_expired_session_is_refused_and_removed,
    an_idle_session_is_refused,
    a_session_in_use_is_never_idle_but_ends_at_its_absolute_expiry,
    me_without_a_session_is_401,
    the_registration_locale_is_kept,
);

async fn registering_creates_a_patient_and_signs_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.register("Kari@Example.no").await;
    assert_eq!(response.status(), 201);
    let cookie = session_cookie(&response);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["user"]["email"], "kari@example.no");
    assert_eq!(body["user"]["role"], "patient");
    assert!(uuid::Uuid::parse_str(body["user"]["id"].as_str().unwrap()).is_ok());

    let me = app.me(&cookie).await;
    assert_eq!(me.status(), 200);
    let me: serde_json::Value = me.json().await.unwrap();
    assert_eq!(me["email"], "kari@example.no");
    assert_eq!(me["role"], "patient");
    assert_eq!(me["locale"], "nb");
    assert_eq!(me["id"], body["user"]["id"]);
}

async fn the_session_cookie_has_the_required_flags(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let header = set_cookie(&app.register("kari@example.no").await);
    assert!(header.starts_with("knip_session="), "{header}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(header.contains(flag), "{flag} missing from {header}");
    }
    assert!(
        !header.contains("Secure"),
        "plain http must not mark the cookie Secure"
    );
    let token = header.split(';').next().unwrap().split_once('=').unwrap().1;
    assert_eq!(token.len(), 64, "a 256-bit token in hex");
    // Only a hash of the token is stored.
    let stored = app.text("SELECT token_hash AS v FROM sessions").await;
    assert_ne!(stored, token);
}

async fn secure_cookies_use_the_host_prefix(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.secure_cookies = true).await;
    let response = app.register("kari@example.no").await;
    let header = set_cookie(&response);
    assert!(header.starts_with("__Host-knip_session="), "{header}");
    assert!(header.contains("Secure"));
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_some()
    );
}

async fn logging_in_issues_a_new_session_and_retires_the_old_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = session_cookie(&app.register("kari@example.no").await);
    let response = app
        .http
        .post(app.url("/api/auth/login"))
        .header("cookie", &first)
        .json(&serde_json::json!({"email": "kari@example.no", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let second = session_cookie(&response);
    assert_ne!(first, second, "login must rotate the session id");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["user"]["email"], "kari@example.no");
    assert_eq!(
        app.me(&first).await.status(),
        401,
        "the old session is gone"
    );
    assert_eq!(app.me(&second).await.status(), 200);
    assert_eq!(app.count("sessions").await, 1);
}

async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.register("kari@example.no").await;
    let wrong = expect_error(app.login("kari@example.no", "not the password").await, 401).await;
    let unknown = expect_error(app.login("ola@example.no", PASSWORD).await, 401).await;
    assert_eq!(wrong.0, "invalid_credentials");
    assert_eq!(wrong, unknown);
}

async fn logging_out_ends_the_session_on_the_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let response = app.logout(&cookie).await;
    assert_eq!(response.status(), 204);
    assert!(
        set_cookie(&response).contains("Max-Age=0"),
        "the browser is told to forget the cookie"
    );
    assert_eq!(app.count("sessions").await, 0);
    // Replaying the old cookie does not bring the session back.
    expect_error(app.me(&cookie).await, 401).await;
    // Logging out twice is harmless.
    let again = app.logout(&cookie).await;
    assert_eq!(again.status(), 204);
}

async fn an_expired_session_is_refused_and_removed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    app.db
        .execute_unprepared("UPDATE sessions SET expires_at = 1")
        .await
        .unwrap();
    let (code, _) = expect_error(app.me(&cookie).await, 401).await;
    assert_eq!(code, "unauthenticated");
    assert_eq!(app.count("sessions").await, 0);
}

async fn an_idle_session_is_refused(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.sessions.idle_minutes = 1).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let long_ago = server::db::now_unix() - 120;
    app.db
        .execute_unprepared(&format!("UPDATE sessions SET last_seen_at = {long_ago}"))
        .await
        .unwrap();
    expect_error(app.me(&cookie).await, 401).await;
}

async fn a_session_in_use_is_never_idle_but_ends_at_its_absolute_expiry(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.sessions.idle_minutes = 2;
        c.sessions.absolute_minutes = 60;
    })
    .await;
    let registered = app.register("kari@example.no").await;
    assert!(
        set_cookie(&registered).contains("Max-Age=3600"),
        "the cookie lasts as long as the session may"
    );
    let cookie = session_cookie(&registered);
    let now = server::db::now_unix();
    // Used 90 s ago (idle limit 120 s): still valid, and this use counts.
    app.db
        .execute_unprepared(&format!("UPDATE sessions SET last_seen_at = {}", now - 90))
        .await
        .unwrap();
    assert_eq!(app.me(&cookie).await.status(), 200);
    let last_seen: i64 = app
        .text("SELECT CAST(last_seen_at AS TEXT) AS v FROM sessions")
        .await
        .parse()
        .unwrap();
    assert!(
        last_seen >= now - 5,
        "the use was recorded: {last_seen} vs {now}"
    );
    // In use all along, but past its absolute expiry: over.
    app.db
        .execute_unprepared(&format!("UPDATE sessions SET expires_at = {}", now - 1))
        .await
        .unwrap();
    expect_error(app.me(&cookie).await, 401).await;
    assert_eq!(app.count("sessions").await, 0);
}

async fn me_without_a_session_is_401(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.http.get(app.url("/api/me")).send().await.unwrap();
    expect_error(response, 401).await;
    expect_error(app.me("knip_session=forged").await, 401).await;
}

async fn the_registration_locale_is_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .post_json(
            "/api/auth/register",
            serde_json::json!({"email": "kari@example.no", "password": PASSWORD, "display_name": "Kari", "locale": "nn"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let me: serde_json::Value = app
        .me(&session_cookie(&response))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["locale"], "nn");
    assert_eq!(me["display_name"], "Kari");
}
