use crate::helpers::{Backend, PASSWORD, TestApp, expect_error};
use crate::on_both_databases;
use serde_json::json;

on_both_databases!(
    a_cross_site_post_is_refused_and_changes_nothing,
    a_same_origin_post_is_accepted,
    api_responses_carry_the_security_headers,
    every_response_has_a_request_id,
    two_origins_or_a_foreign_origin_with_fetch_metadata_are_refused,
    a_client_request_id_is_kept_only_when_well_formed,
    no_answer_about_signing_in_may_be_cached,
    an_account_waits_after_wrong_passwords_except_on_its_own_devices,
    the_logs_are_captured_and_searched,
    every_form_post_refuses_a_cross_site_request_and_changes_nothing,
);

async fn a_cross_site_post_is_refused_and_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let body = json!({"email": "kari@example.no", "password": PASSWORD});
    let by_fetch_metadata = app
        .http
        .post(app.url("/api/auth/register"))
        .header("sec-fetch-site", "cross-site")
        .json(&body)
        .send()
        .await
        .unwrap();
    let (code, _) = expect_error(by_fetch_metadata, 403).await;
    assert_eq!(code, "cross_site_request");
    let by_origin = app
        .http
        .post(app.url("/api/auth/register"))
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    expect_error(by_origin, 403).await;
    assert_eq!(app.count("users").await, 0);
}

async fn a_same_origin_post_is_accepted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .http
        .post(app.url("/api/auth/register"))
        .header("origin", format!("http://{}", app.addr))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({"email": "kari@example.no", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
}

async fn api_responses_carry_the_security_headers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.http.get(app.url("/api/me")).send().await.unwrap();
    let headers = response.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-frame-options"], "DENY");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(
        headers.get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );
}

async fn every_response_has_a_request_id(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.http.get(app.url("/healthz")).send().await.unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
}

async fn two_origins_or_a_foreign_origin_with_fetch_metadata_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let body = json!({"email": "kari@example.no", "password": PASSWORD});
    let ours = format!("http://{}", app.addr);
    let two_origins = app
        .http
        .post(app.url("/api/auth/register"))
        .header("origin", ours.as_str())
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    let (code, _) = expect_error(two_origins, 403).await;
    assert_eq!(code, "cross_site_request");
    for site in ["none", "same-origin"] {
        let foreign = app
            .http
            .post(app.url("/api/auth/register"))
            .header("sec-fetch-site", site)
            .header("origin", "https://evil.example")
            .json(&body)
            .send()
            .await
            .unwrap();
        expect_error(foreign, 403).await;
    }
    assert_eq!(app.count("users").await, 0);
    // A browser's own post under `Referrer-Policy: no-referrer`.
    let own = app
        .http
        .post(app.url("/api/auth/register"))
        .header("sec-fetch-site", "same-origin")
        .header("origin", "null")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 201);
}

async fn a_client_request_id_is_kept_only_when_well_formed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let sent = "7f3a9c0d2e1b4a5f8c6d7e0f1a2b3c4d";
    let kept = app
        .http
        .get(app.url("/healthz"))
        .header("x-request-id", sent)
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], sent);
    for forged in ["kari@example.no", "a b", "x", &"a".repeat(200)] {
        let response = app
            .http
            .get(app.url("/healthz"))
            .header("x-request-id", forged)
            .send()
            .await
            .unwrap();
        let ids: Vec<_> = response.headers().get_all("x-request-id").iter().collect();
        assert_eq!(ids.len(), 1, "{forged}");
        let id = ids[0].to_str().unwrap();
        assert!(
            uuid::Uuid::parse_str(id).is_ok(),
            "{forged} came back as {id}"
        );
    }
}

async fn no_answer_about_signing_in_may_be_cached(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let no_store = |response: &reqwest::Response, what: &str| {
        let value = response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(
            value.contains("no-store"),
            "{what}: cache-control {value:?}"
        );
    };
    let registered = app.register("kari@example.no").await;
    no_store(&registered, "register");
    let cookie = crate::helpers::session_cookie(&registered);
    no_store(
        &app.register("kari@example.no").await,
        "register, email taken",
    );
    no_store(
        &app.login("kari@example.no", "not the password").await,
        "wrong password",
    );
    no_store(&app.login("kari", PASSWORD).await, "malformed login");
    no_store(&app.login("kari@example.no", PASSWORD).await, "login");
    no_store(&app.me(&cookie).await, "me");
    no_store(
        &app.http.get(app.url("/api/me")).send().await.unwrap(),
        "me, signed out",
    );
    let form = app
        .http
        .post(app.url("/login"))
        .form(&[
            ("email", "kari@example.no"),
            ("password", "not the password"),
        ])
        .send()
        .await
        .unwrap();
    no_store(&form, "login form, wrong password");
    no_store(&app.logout(&cookie).await, "logout");
}

fn device_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("knip_device="))
        .and_then(|v| v.split(';').next())
        .expect("a device cookie")
        .to_owned()
}

async fn an_account_waits_after_wrong_passwords_except_on_its_own_devices(backend: Backend) {
    // A generous per-IP allowance: this is about the account's own limit,
    // which holds whatever address the guesses come from.
    let app = TestApp::spawn_with(backend, |c| c.password_burst = 1000).await;
    let registered = app.register("kari@example.no").await;
    let phone = device_cookie(&registered);
    for attempt in 1..=5 {
        let wrong = app.login("kari@example.no", "not the password").await;
        assert_eq!(wrong.status(), 401, "attempt {attempt} is checked");
    }
    // Now the account waits: even the right password is not checked.
    let refused = app.login("kari@example.no", PASSWORD).await;
    assert!(refused.headers().get("retry-after").is_some());
    let (code, message) = expect_error(refused, 429).await;
    assert_eq!(code, "rate_limited");
    assert!(message.contains("this account"), "{message}");
    // The same goes for an address nobody has: the answer tells nothing.
    for _ in 1..=5 {
        assert_eq!(
            app.login("nobody@example.no", "not the password")
                .await
                .status(),
            401
        );
    }
    expect_error(app.login("nobody@example.no", PASSWORD).await, 429).await;
    // Kari's own phone is let in, and that ends the wait for every device.
    let from_phone = app
        .http
        .post(app.url("/api/auth/login"))
        .header("cookie", phone.as_str())
        .json(&json!({"email": "kari@example.no", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(from_phone.status(), 200);
    assert_eq!(
        device_cookie(&from_phone),
        phone,
        "the phone keeps its token"
    );
    assert_eq!(app.login("kari@example.no", PASSWORD).await.status(), 200);
    // The log-in form obeys the same rule.
    for _ in 1..=5 {
        app.login("kari@example.no", "not the password").await;
    }
    let form = app
        .http
        .post(app.url("/login"))
        .form(&[("email", "kari@example.no"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 429);
    let from_phone = app
        .http
        .post(app.url("/login"))
        .header("cookie", phone.as_str())
        .form(&[("email", "kari@example.no"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(from_phone.status(), 303);
}

/// The log search of every test (helpers' `check_logs`) sees the servers'
/// lines and would catch a leak.
async fn the_logs_are_captured_and_searched(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login("kari@example.no", "not the password").await;
    assert!(crate::helpers::logged("login refused"));
    assert!(crate::helpers::leaks("user kari@example.no logged in"));
    assert!(crate::helpers::leaks(&format!(
        "token {}",
        "ab12".repeat(16)
    )));
    assert!(crate::helpers::leaks(r#"body {"note":"Long walk"}"#));
    assert!(!crate::helpers::leaks(
        "request{method=POST path=/api/auth/login request_id=0b5e8c1e-3f4a-4c1b-9a57-1c2d3e4f5a6b}: login refused"
    ));
}

/// The forms (plain HTML posts, outside `/api/`) are as guarded as the API:
/// every one the router has refuses a post from another site, whoever's
/// cookie it carries, and changes nothing.
async fn every_form_post_refuses_a_cross_site_request_and_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let patient = crate::helpers::session_cookie(&app.register("kari@example.no").await);
    let forms: Vec<String> = crate::care::router_routes()
        .into_iter()
        .filter(|(method, path)| method == "POST" && !path.starts_with("/api/"))
        .map(|(_, path)| {
            path.split('/')
                .map(|seg| {
                    if seg.starts_with('{') {
                        "0b5e8c1e-3f4a-4c1b-9a57-1c2d3e4f5a6b"
                    } else {
                        seg
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    assert!(
        forms.len() >= 15 && forms.iter().any(|p| p == "/login"),
        "the router's forms were not found: {forms:?}"
    );
    let before = crate::care::table_rows(&app).await;
    for path in &forms {
        let response = app
            .http
            .post(app.url(path))
            .header("cookie", patient.as_str())
            .header("sec-fetch-site", "cross-site")
            .header("origin", "https://evil.example")
            .form(&[
                ("email", "kari@example.no"),
                ("password", PASSWORD),
                ("code", "ABCD-EFGH"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "POST {path}");
    }
    assert_eq!(crate::care::table_rows(&app).await, before);
    // The patient is still signed in.
    assert_eq!(app.me(&patient).await.status(), 200);
}
