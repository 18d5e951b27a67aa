//! Every mistake a client can make gets a clear 4xx, changes nothing and
//! never a 5xx.

use crate::helpers::{Backend, PASSWORD, TestApp, expect_error};
use crate::on_both_databases;
use serde_json::json;

on_both_databases!(
    malformed_json_is_400,
    a_wrong_content_type_is_415,
    missing_and_extra_fields_are_422,
    an_invalid_email_is_422,
    a_weak_password_is_422_and_names_the_rule,
    a_duplicate_email_is_409,
    passwords_guessed_first_are_422,
    look_alike_emails_are_one_account_or_refused,
    an_oversized_body_is_413,
    login_with_a_malformed_email_is_422,
    too_many_login_attempts_are_429,
    x_forwarded_for_counts_only_from_a_trusted_proxy,
    unknown_api_paths_are_json_404,
);

async fn malformed_json_is_400(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .http
        .post(app.url("/api/auth/register"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    let (code, _) = expect_error(response, 400).await;
    assert_eq!(code, "malformed_json");
    assert_eq!(app.count("users").await, 0);
}

async fn a_wrong_content_type_is_415(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .http
        .post(app.url("/api/auth/register"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=kari%40example.no&password=fjell+og+fjord")
        .send()
        .await
        .unwrap();
    let (code, message) = expect_error(response, 415).await;
    assert_eq!(code, "unsupported_media_type");
    assert!(message.contains("application/json"));
    assert_eq!(app.count("users").await, 0);
}

async fn missing_and_extra_fields_are_422(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (code, message) = expect_error(
        app.post_json("/api/auth/register", json!({"email": "kari@example.no"}))
            .await,
        422,
    )
    .await;
    assert_eq!(code, "invalid_fields");
    assert!(
        message.contains("password"),
        "names the missing field: {message}"
    );
    let extra = json!({"email": "kari@example.no", "password": PASSWORD, "role": "admin"});
    let (code, message) = expect_error(app.post_json("/api/auth/register", extra).await, 422).await;
    assert_eq!(code, "invalid_fields");
    assert!(
        message.contains("role"),
        "names the unknown field: {message}"
    );
    let wrong_type = json!({"email": 42, "password": PASSWORD});
    expect_error(app.post_json("/api/auth/register", wrong_type).await, 422).await;
    assert_eq!(app.count("users").await, 0);
}

async fn an_invalid_email_is_422(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (code, _) = expect_error(app.register("kari.example.no").await, 422).await;
    assert_eq!(code, "invalid_email");
    assert_eq!(app.count("users").await, 0);
}

async fn a_weak_password_is_422_and_names_the_rule(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .post_json(
            "/api/auth/register",
            json!({"email": "kari@example.no", "password": "kort"}),
        )
        .await;
    let (code, message) = expect_error(response, 422).await;
    assert_eq!(code, "weak_password");
    assert!(message.contains("10 characters"), "{message}");
    assert_eq!(app.count("users").await, 0);
}

async fn passwords_guessed_first_are_422(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (password, says) in [
        ("0123456789", "run of letters or digits"),
        ("passwordpassword", "repeated"),
        ("Password123", "most common"),
        ("qwertyuiop", "most common"),
        ("kari.nordmann i fjellet", "email address"),
        ("fjell og\u{1}fjord i sol", "control characters"),
    ] {
        let response = app
            .post_json(
                "/api/auth/register",
                json!({"email": "kari.nordmann@example.no", "password": password}),
            )
            .await;
        let (code, message) = expect_error(response, 422).await;
        assert_eq!(code, "weak_password", "{password:?}");
        assert!(message.contains(says), "{password:?}: {message}");
    }
    // NUL is refused before any rule, in any field of any JSON body.
    let response = app
        .post_json(
            "/api/auth/register",
            json!({"email": "kari.nordmann@example.no", "password": "fjell og\u{0}fjord i sol"}),
        )
        .await;
    let (code, message) = expect_error(response, 422).await;
    assert_eq!(code, "invalid_fields");
    assert!(message.contains("NUL"), "{message}");
    assert_eq!(app.count("users").await, 0);
}

async fn look_alike_emails_are_one_account_or_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let register = |email: &'static str| {
        app.post_json(
            "/api/auth/register",
            json!({"email": email, "password": PASSWORD}),
        )
    };
    // "å" written as one character, then as "a" and a combining ring.
    assert_eq!(register("h\u{e5}kon@example.no").await.status(), 201);
    let (code, _) = expect_error(register("ha\u{30a}kon@example.no").await, 409).await;
    assert_eq!(code, "email_taken");
    // The same address with a zero-width space inside.
    let (code, message) = expect_error(register("h\u{e5}\u{200b}kon@example.no").await, 422).await;
    assert_eq!(code, "invalid_email");
    assert!(message.contains("invisible"), "{message}");
    assert_eq!(app.count("users").await, 1);
    // Logging in with the decomposed spelling finds the account.
    let login = app.login("ha\u{30a}kon@example.no", PASSWORD).await;
    assert_eq!(login.status(), 200);
}

async fn a_duplicate_email_is_409(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(app.register("kari@example.no").await.status(), 201);
    let (code, _) = expect_error(app.register("KARI@example.no").await, 409).await;
    assert_eq!(code, "email_taken");
    assert_eq!(app.count("users").await, 1);
    assert_eq!(app.count("sessions").await, 1);
}

async fn an_oversized_body_is_413(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let huge = json!({"email": "kari@example.no", "password": "x".repeat(server::router::BODY_LIMIT_BYTES)});
    let (code, _) = expect_error(app.post_json("/api/auth/register", huge).await, 413).await;
    assert_eq!(code, "body_too_large");
}

async fn login_with_a_malformed_email_is_422(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (code, _) = expect_error(app.login("not-an-email", PASSWORD).await, 422).await;
    assert_eq!(code, "invalid_email");
}

async fn too_many_login_attempts_are_429(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut statuses = Vec::new();
    // A different account each time: the per-IP limit, not the account's.
    for i in 0..14 {
        statuses.push(
            app.login(&format!("kari{i}@example.no"), "wrong password here")
                .await
                .status()
                .as_u16(),
        );
    }
    assert!(
        statuses[..10].iter().all(|s| *s == 401),
        "the first attempts are judged: {statuses:?}"
    );
    let response = app.login("kari@example.no", "wrong password here").await;
    assert!(response.headers().get("retry-after").is_some());
    let (code, message) = expect_error(response, 429).await;
    assert_eq!(code, "rate_limited");
    assert!(message.contains("Wait"));
}

/// Logins from `n` different accounts through one client that claims to
/// forward for `client`; the statuses.
async fn logins_forwarded_for(app: &TestApp, client: &str, n: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for i in 0..n {
        let response = app
            .http
            .post(app.url("/api/auth/login"))
            .header("x-forwarded-for", client)
            .json(&json!({"email": format!("guess{i}@example.no"), "password": "not the password"}))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    statuses
}

async fn x_forwarded_for_counts_only_from_a_trusted_proxy(backend: Backend) {
    // Without a trusted proxy, a forged header buys no fresh allowance.
    let app = TestApp::spawn(backend).await;
    assert_eq!(
        logins_forwarded_for(&app, "203.0.113.5", 10).await,
        [401; 10]
    );
    assert_eq!(logins_forwarded_for(&app, "203.0.113.6", 1).await, [429]);
    drop(app);
    // Behind a trusted proxy (here the tests' own address), each client has
    // its own allowance, read from the right of the header.
    let app = TestApp::spawn_with(backend, |c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    assert_eq!(
        logins_forwarded_for(&app, "203.0.113.5", 10).await,
        [401; 10]
    );
    assert_eq!(logins_forwarded_for(&app, "203.0.113.5", 1).await, [429]);
    assert_eq!(logins_forwarded_for(&app, "203.0.113.6", 1).await, [401]);
    // A client that forges an address in front still counts as itself.
    assert_eq!(
        logins_forwarded_for(&app, "198.51.100.9, 203.0.113.5", 1).await,
        [429]
    );
}

async fn unknown_api_paths_are_json_404(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .http
        .get(app.url("/api/nothing-here"))
        .send()
        .await
        .unwrap();
    let (code, _) = expect_error(response, 404).await;
    assert_eq!(code, "not_found");
    let response = app
        .http
        .get(app.url("/api/auth/login"))
        .send()
        .await
        .unwrap();
    expect_error(response, 405).await;
}
