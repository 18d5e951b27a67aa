use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;

on_both_databases!(healthz_reports_ok, healthz_reports_a_broken_database_as_503);

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
