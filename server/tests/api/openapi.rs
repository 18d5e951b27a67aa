//! The OpenAPI document: served, 3.1, and naming exactly the routes the
//! router has, each with a success answer and the shared errors.

use crate::care::router_routes;
use crate::helpers::{Backend, TestApp};
use serde_json::Value;
use std::collections::BTreeSet;

#[tokio::test]
async fn the_document_lists_every_api_route_the_router_has() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let response = app
        .http
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );

    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if !["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            documented.insert((method.to_uppercase(), path.clone()));
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{method} {path} documents no success"
            );
            if path.starts_with("/api/") {
                for status in ["400", "401", "403", "404", "422", "503"] {
                    assert!(
                        responses.contains_key(status),
                        "{method} {path} lacks {status}"
                    );
                }
            }
        }
    }
    let routed: BTreeSet<(String, String)> = router_routes()
        .into_iter()
        .filter(|(_, path)| {
            (path.starts_with("/api/") && !path.contains('*')) || path == "/healthz"
        })
        .collect();
    let missing: Vec<_> = routed.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&routed).collect();
    assert!(
        missing.is_empty(),
        "routes the document does not describe: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "documented routes the router does not have: {extra:?}"
    );

    // Every reference points at a schema the document holds.
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"").skip(1) {
        let target = reference.split('"').next().unwrap();
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{target}"));
        assert!(schemas.contains_key(name), "{target} is not in components");
    }
    // The shapes the contract names are there.
    for name in [
        "SyncRequest",
        "SyncResponse",
        "RegisterRequest",
        "UserEnvelope",
        "ErrorBody",
        "PatientDetail",
    ] {
        assert!(schemas.contains_key(name), "{name}");
    }
}
