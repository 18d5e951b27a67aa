use crate::helpers::{Backend, PASSWORD, TestApp, expect_error, session_cookie};
use crate::on_both_databases;

on_both_databases!(
    healthz_reports_ok,
    healthz_reports_a_broken_database_as_503,
    metrics_are_served_only_with_their_token,
);

async fn metrics_are_served_only_with_their_token(backend: Backend) {
    let unset = TestApp::spawn(backend).await;
    let response = unset.http.get(unset.url("/metrics")).send().await.unwrap();
    expect_error(response, 404).await;
    drop(unset);

    let app = TestApp::spawn_with(backend, |c| c.metrics_token = Some("s3cret-token".into())).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    app.sync(
        &cookie,
        "0b5e8c1e-3f4a-4c1b-9a57-1c2d3e4f5a6b",
        &[crate::sync::session_op(uuid::Uuid::new_v4())],
    )
    .await;
    app.login("kari@example.no", "not the password").await;
    app.login("kari@example.no", PASSWORD).await;
    let metrics = |auth: Option<&'static str>| {
        let mut request = app.http.get(app.url("/metrics"));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        request.send()
    };
    expect_error(metrics(None).await.unwrap(), 401).await;
    expect_error(metrics(Some("Bearer wrong")).await.unwrap(), 401).await;
    let response = metrics(Some("Bearer s3cret-token")).await.unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    for line in [
        "knip_http_requests_total{method=\"POST\",route=\"/api/auth\",status=\"201\"} 1",
        "knip_http_requests_total{method=\"POST\",route=\"/api/sync\",status=\"200\"} 1",
        "knip_sync_ops_total{outcome=\"Applied\"} 1",
        "knip_logins_total{outcome=\"WrongPassword\"} 1",
        "knip_logins_total{outcome=\"SignedIn\"} 1",
        "knip_http_request_duration_seconds_bucket",
    ] {
        assert!(text.contains(line), "{line} missing in\n{text}");
    }
    assert!(
        !text.contains("example.no") && !text.contains("0b5e8c1e"),
        "{text}"
    );
}

async fn healthz_reports_ok(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["db"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

async fn healthz_reports_a_broken_database_as_503(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.db.clone().close().await.unwrap();
    let response = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["db"], "unreachable");
}
