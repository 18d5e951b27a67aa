//! Licensed questionnaires as a plug-in: a made-up instrument in the
//! clinic's format is read from a folder, offered to signed-in patients,
//! and every answer is checked against it; a malformed file stops the
//! server with the file's name and the rule.

use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_databases;
use serde_json::{Value, json};
use server::instruments::Instruments;
use std::path::PathBuf;
use uuid::Uuid;

on_both_databases!(answers_to_a_plugged_in_questionnaire_are_checked_against_its_definition,);

const MADE_UP: &str = r#"{
    "id": "made-up-bother",
    "title": "How much does it bother you? (made up for tests)",
    "licence": "Made up for Knip's tests; not a real instrument.",
    "items": [
        {"id": "often", "text": "How often does it happen?",
         "options": [{"value": 0, "label": "Never"}, {"value": 1, "label": "Weekly"}, {"value": 3, "label": "Daily"}]},
        {"id": "bother", "text": "How much does it bother you?",
         "options": [{"value": 0, "label": "Not at all"}, {"value": 5, "label": "Somewhat"}, {"value": 10, "label": "A great deal"}]}
    ],
    "scoring": {"method": "sum", "items": ["often", "bother"]}
}"#;

fn folder_with(files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("knip-instruments-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

async fn answers_to_a_plugged_in_questionnaire_are_checked_against_its_definition(
    backend: Backend,
) {
    let dir = folder_with(&[("made-up.json", MADE_UP), ("notes.txt", "not a definition")]);
    let app =
        TestApp::spawn_with(backend, |config| config.instruments_dir = Some(dir.clone())).await;
    // Only for signed-in patients.
    let anonymous = app
        .http
        .get(app.url("/api/instruments"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let listed: Value = app
        .http
        .get(app.url("/api/instruments"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["instruments"].as_array().unwrap().len(), 1);
    assert_eq!(listed["instruments"][0]["id"], "made-up-bother");
    assert_eq!(
        listed["instruments"][0]["items"][1]["options"][2]["value"],
        10
    );

    let answer = |instrument: Value| {
        json!({"op_id": Uuid::now_v7().to_string(), "kind": "prom.answered", "client_ts": "2026-11-20T20:00:00Z",
               "payload": {"id": Uuid::now_v7(), "questionnaire": "on_demand", "answered_on": "2026-11-20", "instrument": instrument}})
    };
    let cases = [
        (
            json!({"id": "made-up-bother", "answers": {"often": 3, "bother": 5}}),
            None,
        ),
        (
            json!({"id": "made-up-bother", "answers": {"q9": 1}}),
            Some("no item \"q9\""),
        ),
        (
            json!({"id": "made-up-bother", "answers": {"often": 2}}),
            Some("one of 0, 1, 3"),
        ),
        (
            json!({"id": "iciq-ui-sf", "answers": {"q1": 1}}),
            Some("has not installed it"),
        ),
        (
            json!({"id": "Bad Name", "answers": {}}),
            Some("questionnaire's name"),
        ),
    ];
    let ops: Vec<Value> = cases.iter().map(|(i, _)| answer(i.clone())).collect();
    let body = app.sync(&cookie, &Uuid::new_v4().to_string(), &ops).await;
    for ((instrument, rule), result) in cases.iter().zip(body["results"].as_array().unwrap()) {
        match rule {
            None => assert_eq!(result["status"], "applied", "{instrument}"),
            Some(rule) => {
                assert_eq!(result["status"], "rejected", "{instrument}");
                let reason = result["error"].as_str().unwrap();
                assert!(reason.contains(rule), "{instrument}: {reason}");
            }
        }
    }
    assert_eq!(app.count("entries").await, 1);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_malformed_definition_stops_the_server_naming_the_file_and_the_rule() {
    let broken = MADE_UP.replace("\"bother\"]", "\"q7\"]");
    let dir = folder_with(&[("broken.json", &broken)]);
    let error = Instruments::load(Some(&dir)).unwrap_err();
    assert!(error.contains("broken.json"), "{error}");
    assert!(error.contains("scoring names item \"q7\""), "{error}");
    let twice = folder_with(&[("a.json", MADE_UP), ("b.json", MADE_UP)]);
    let error = Instruments::load(Some(&twice)).unwrap_err();
    assert!(
        error.contains("already defines \"made-up-bother\""),
        "{error}"
    );
    let missing = Instruments::load(Some(&dir.join("nowhere"))).unwrap_err();
    assert!(missing.contains("questionnaire folder"), "{missing}");
    std::fs::remove_dir_all(dir).ok();
    std::fs::remove_dir_all(twice).ok();
}
