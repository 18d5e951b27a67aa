use crate::helpers::{Backend, PASSWORD, TestApp, expect_error};
use crate::on_both_databases;
use serde_json::json;

on_both_databases!(
    a_cross_site_post_is_refused_and_changes_nothing,
    a_same_origin_post_is_accepted,
    api_responses_carry_the_security_headers,
    every_response_has_a_request_id,
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
