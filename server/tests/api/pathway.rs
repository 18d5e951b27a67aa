//! The start assessment and bladder training (issue 28): the ops travel
//! through sync by the op table's rules and are refused by rule with
//! nothing stored; a linked therapist sees and changes the pathway, the
//! change reaches the phone, and a red flag nobody has seen shows on the
//! overview.

use crate::care::{access_log, account, assert_all_applied, get_json, linked_patient, send};
use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_databases;
use app::domain::Role;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

on_both_databases!(
    the_assessment_and_the_bladder_diary_sync_and_bad_ones_are_refused_by_rule,
    a_therapist_sees_and_changes_the_pathway_and_the_phone_gets_it,
);

fn op(kind: &str, payload: Value) -> Value {
    json!({"op_id": Uuid::now_v7().to_string(), "kind": kind,
           "client_ts": OffsetDateTime::now_utc().format(&Rfc3339).unwrap(), "payload": payload})
}

fn visit(at: OffsetDateTime, urge: u8, leak: bool, volume: Option<u16>) -> Value {
    let mut payload = json!({"id": Uuid::now_v7(), "at": at.format(&Rfc3339).unwrap(),
                             "urge": urge, "leak": leak});
    if let Some(volume) = volume {
        payload["volume_ml"] = json!(volume);
    }
    op("bladder.logged", payload)
}

/// The status and message of each op's result, in order.
fn results(body: &Value) -> Vec<(String, String)> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["status"].as_str().unwrap().to_owned(),
                r["error"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// What a new device of the user pulls of `kind`, as payloads.
async fn pulled(app: &TestApp, cookie: &str, kind: &str) -> Vec<Value> {
    let body = app.sync(cookie, &Uuid::new_v4().to_string(), &[]).await;
    body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .map(|c| c["payload"].clone())
        .collect()
}

async fn the_assessment_and_the_bladder_diary_sync_and_bad_ones_are_refused_by_rule(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let kari = session_cookie(&app.register("kari@example.no").await);
    let device = Uuid::new_v4().to_string();
    let now = OffsetDateTime::now_utc();
    let answered = json!({"red_flags": ["blood_in_urine"], "problems": ["urgency", "effort_leakage"],
                          "doctor_seen": true});
    let good = vec![
        op("assessment.answered", answered),
        visit(now - Duration::hours(3), 3, true, Some(250)),
        visit(now - Duration::hours(1), 1, false, None),
        op(
            "bladder.target_set",
            json!({"minutes": 90, "since": now.date().to_string()}),
        ),
    ];
    let body = app.sync(&kari, &device, &good).await;
    assert_all_applied(&body);

    let bad = vec![
        op(
            "assessment.answered",
            json!({"red_flags": ["headache"], "problems": []}),
        ),
        op("assessment.answered", json!({"problems": ["back_pain"]})),
        op(
            "assessment.answered",
            json!({"problems": ["urgency", "urgency"]}),
        ),
        visit(now - Duration::hours(2), 5, false, None),
        visit(now - Duration::hours(2), 2, false, Some(1600)),
        visit(now + Duration::days(2), 2, false, None),
        visit(now - Duration::days(4 * 366), 2, false, None),
        op(
            "bladder.target_set",
            json!({"minutes": 20, "since": now.date().to_string()}),
        ),
        op(
            "bladder.target_set",
            json!({"minutes": 300, "since": now.date().to_string()}),
        ),
    ];
    let body = app.sync(&kari, &device, &bad).await;
    let results = results(&body);
    assert!(
        results.iter().all(|(status, _)| status == "rejected"),
        "{body}"
    );
    let says = |i: usize, words: &[&str]| {
        for word in words {
            assert!(
                results[i].1.contains(word),
                "{i}: {:?} lacks {word}",
                results[i].1
            );
        }
    };
    says(0, &["headache", "blood_in_urine", "worsening_pain"]);
    says(1, &["back_pain", "pelvic_pain", "pregnancy_or_birth"]);
    says(2, &["at most once"]);
    says(3, &["urge", "0", "4"]);
    says(4, &["1500"]);
    says(5, &["future"]);
    says(6, &["3 years"]);
    says(7, &["30 minutes"]);
    says(8, &["240"]);

    // Only the good ones are kept, with the values sent.
    let assessment = pulled(&app, &kari, "assessment.answered").await;
    assert_eq!(assessment.len(), 1);
    assert_eq!(
        assessment[0]["problems"],
        json!(["effort_leakage", "urgency"])
    );
    assert_eq!(assessment[0]["red_flags"], json!(["blood_in_urine"]));
    assert_eq!(assessment[0]["doctor_seen"], true);
    let visits = pulled(&app, &kari, "bladder.logged").await;
    let urges: Vec<(Value, Value, Value)> = visits
        .iter()
        .map(|v| {
            (
                v["urge"].clone(),
                v["leak"].clone(),
                v.get("volume_ml").cloned().unwrap_or(Value::Null),
            )
        })
        .collect();
    assert_eq!(
        urges,
        vec![
            (json!(3), json!(true), json!(250)),
            (json!(1), json!(false), Value::Null)
        ]
    );
    let target = pulled(&app, &kari, "bladder.target_set").await;
    assert_eq!(target.len(), 1);
    assert_eq!(target[0]["minutes"], 90);

    // A visit deleted stays deleted, and the export holds what is left.
    let first = visits[0]["id"].as_str().unwrap().to_owned();
    let body = app
        .sync(
            &kari,
            &device,
            &[op("bladder.deleted", json!({"id": first}))],
        )
        .await;
    assert_all_applied(&body);
    let export: Value = get_json(&app, &kari, "/api/export").await;
    let entries = export["tables"]["entries"].as_array().unwrap();
    let live: Vec<&Value> = entries
        .iter()
        .filter(|e| e["family"] == "bladder" && e["deleted"] == false)
        .collect();
    assert_eq!(live.len(), 1, "{entries:?}");
    let keyed = export["tables"]["keyed_values"].as_array().unwrap();
    assert!(keyed.iter().any(|k| k["key"] == "assessment"), "{keyed:?}");
    assert!(
        keyed.iter().any(|k| k["key"] == "bladder_target"),
        "{keyed:?}"
    );
}

async fn a_therapist_sees_and_changes_the_pathway_and_the_phone_gets_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(
        &app,
        "fysio@klinikk.no",
        Role::Therapist,
        Some("Ingrid Fysio"),
    )
    .await;
    let (kari, kari_id, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let device = Uuid::new_v4().to_string();
    let now = OffsetDateTime::now_utc();
    // Kari answers: pelvic pain, and a lump she has not shown a doctor.
    let body = app
        .sync(
            &kari,
            &device,
            &[
                op("assessment.answered", json!({"red_flags": ["new_lump"], "problems": ["pelvic_pain"], "doctor_seen": false})),
                visit(now - Duration::hours(5), 2, false, Some(300)),
                visit(now - Duration::hours(2), 4, true, None),
            ],
        )
        .await;
    assert_all_applied(&body);

    // The overview flags the red flag first; the patient page shows the answers and the diary.
    let list: Value = get_json(&app, &therapist, "/api/therapist/patients").await;
    let row = &list["patients"][0];
    assert_eq!(row["id"], kari_id);
    assert_eq!(row["flags"][0], "red_flag", "{row}");
    let detail: Value = get_json(
        &app,
        &therapist,
        &format!("/api/therapist/patients/{kari_id}"),
    )
    .await;
    let pathway = &detail["pathway"];
    assert_eq!(pathway["assessment"]["problems"], json!(["pelvic_pain"]));
    assert_eq!(pathway["assessment"]["red_flags"], json!(["new_lump"]));
    let days = pathway["bladder_days"].as_array().unwrap();
    let visits: u64 = days.iter().map(|d| d["visits"].as_u64().unwrap()).sum();
    let leaks: u64 = days.iter().map(|d| d["leaks"].as_u64().unwrap()).sum();
    assert_eq!((visits, leaks), (2, 1), "{pathway}");
    assert!(days.iter().any(|d| d["strongest_urge"] == 4), "{pathway}");

    // Bad answers are refused with the rule and change nothing.
    let path = format!("/api/therapist/patients/{kari_id}/assessment");
    for (body, words) in [
        (
            json!({"problems": ["back_pain"]}),
            vec!["back_pain", "pelvic_pain"],
        ),
        (
            json!({"red_flags": ["headache"]}),
            vec!["headache", "new_lump"],
        ),
        (
            json!({"problems": ["bowel", "bowel"]}),
            vec!["at most once"],
        ),
        (json!({"problems": [], "pathway": "x"}), vec!["pathway"]),
    ] {
        let response = send(&app, "PUT", &therapist, &path, Some(body.clone())).await;
        assert_eq!(response.status(), 422, "{body}");
        let text = response.text().await.unwrap();
        for word in words {
            assert!(text.contains(word), "{body}: {text}");
        }
    }
    assert_eq!(
        pulled(&app, &kari, "assessment.answered").await,
        vec![json!({"red_flags": ["new_lump"], "problems": ["pelvic_pain"], "doctor_seen": false})]
    );

    // The doctor has seen it; the therapist adds urgency to the pathway.
    let changed = json!({"red_flags": ["new_lump"], "problems": ["urgency", "pelvic_pain"], "doctor_seen": true});
    let response = send(&app, "PUT", &therapist, &path, Some(changed)).await;
    assert_eq!(response.status(), 200);
    let answered: Value = response.json().await.unwrap();
    assert_eq!(answered["problems"], json!(["urgency", "pelvic_pain"]));
    // Kari's phone pulls it, and a later sync from it keeps it.
    let body = app.sync(&kari, &device, &[]).await;
    let got: Vec<&Value> = body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "assessment.answered")
        .collect();
    let last = got.last().unwrap();
    assert_eq!(
        last["payload"]["problems"],
        json!(["urgency", "pelvic_pain"])
    );
    assert_eq!(last["payload"]["doctor_seen"], true);
    // Kari's answer made offline before the therapist's change loses to it.
    let stale = json!({"op_id": Uuid::now_v7().to_string(), "kind": "assessment.answered",
        "client_ts": (now - Duration::minutes(5)).format(&Rfc3339).unwrap(),
        "payload": {"red_flags": [], "problems": ["effort_leakage"], "doctor_seen": false}});
    app.sync(&kari, &device, &[stale]).await;
    let detail: Value = get_json(
        &app,
        &therapist,
        &format!("/api/therapist/patients/{kari_id}"),
    )
    .await;
    assert_eq!(
        detail["pathway"]["assessment"]["problems"],
        json!(["urgency", "pelvic_pain"])
    );
    // The red flag is no longer waiting; the change is in Kari's access log.
    let list: Value = get_json(&app, &therapist, "/api/therapist/patients").await;
    assert!(
        !list["patients"][0]["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("red_flag"))
    );
    let log = access_log(&app, &kari).await;
    assert!(
        log.iter()
            .any(|(who, what)| who.contains("Ingrid Fysio") && what == "assessment_change"),
        "{log:?}"
    );
}
