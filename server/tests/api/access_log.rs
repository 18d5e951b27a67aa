//! The patient's access log on both databases: a therapist's repeated
//! overview sightings are one row per therapist, patient and day, every
//! other read a row of its own, and the log pages back to the first read.

use crate::care::{account, get, get_json, linked_patient, send};
use crate::helpers::{Backend, TestApp, expect_error};
use crate::on_both_databases;
use app::domain::Role;
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use server::db::entities::care::access_log;
use std::collections::BTreeSet;
use uuid::Uuid;

on_both_databases!(
    a_hundred_dashboard_searches_are_one_line_beside_the_page_and_csv_reads,
    the_access_log_pages_back_to_the_first_read,
    the_group_page_logs_the_candidates_it_names,
);

/// Every entry of the patient's log, page by page, as (what, times, at).
async fn whole_log(app: &TestApp, patient: &str) -> Vec<(String, u64, String)> {
    let mut entries = Vec::new();
    let mut path = "/api/access-log".to_owned();
    let mut pages = 0;
    loop {
        let body = get_json(app, patient, &path).await;
        pages += 1;
        assert!(pages < 100, "the log pages without end");
        for e in body["entries"].as_array().expect("entries") {
            entries.push((
                e["what"].as_str().unwrap().to_owned(),
                e["times"].as_u64().unwrap(),
                e["at"].as_str().unwrap().to_owned(),
            ));
        }
        match body["next"].as_str() {
            Some(next) => path = format!("/api/access-log?before={next}"),
            None => return entries,
        }
    }
}

async fn a_hundred_dashboard_searches_are_one_line_beside_the_page_and_csv_reads(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, Some("Ingrid")).await;
    let (kari, kari_id, _) = linked_patient(&app, &therapist, "kari@example.no").await;

    for _ in 0..50 {
        let list = get_json(&app, &therapist, "/api/therapist/patients?q=kari").await;
        assert_eq!(list["patients"][0]["id"], kari_id.as_str());
    }
    let page = get(
        &app,
        &therapist,
        &format!("/api/therapist/patients/{kari_id}"),
    )
    .await;
    assert_eq!(page.status(), 200);
    let csv = get(
        &app,
        &therapist,
        &format!("/api/therapist/patients/{kari_id}/export.csv"),
    )
    .await;
    assert_eq!(csv.status(), 200);
    for _ in 0..50 {
        get_json(&app, &therapist, "/api/therapist/patients").await;
    }

    // One line for the day's hundred sightings, one per read that matters.
    let log: BTreeSet<(String, u64)> = whole_log(&app, &kari)
        .await
        .into_iter()
        .map(|(what, times, _)| (what, times))
        .collect();
    assert_eq!(
        log,
        BTreeSet::from([
            ("overview".to_owned(), 100),
            ("patient_page".to_owned(), 1),
            ("export".to_owned(), 1),
        ])
    );
    assert_eq!(app.count("access_log").await, 3);
    let body = get_json(&app, &kari, "/api/access-log").await;
    let overview = body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["what"] == "overview")
        .expect("the overview line");
    assert_eq!(overview["therapist"], "Ingrid");
    assert!(overview["last_at"].as_str().unwrap() >= overview["at"].as_str().unwrap());
    // The sharing page says how many times.
    let html = get(&app, &kari, "/sharing").await.text().await.unwrap();
    assert!(html.contains("100 "), "the count is shown");
}

async fn the_access_log_pages_back_to_the_first_read(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, Some("Ingrid")).await;
    let (kari, kari_id, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let kari_id = Uuid::parse_str(&kari_id).unwrap();
    let therapist_id = Uuid::parse_str(
        app.me(&therapist).await.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    // 620 reads over 31 days (more than the 500 the log showed before),
    // twenty a second so that some share their second.
    let start = 1_780_000_000_i64;
    let rows: Vec<access_log::ActiveModel> = (0..620)
        .map(|i| {
            access_log::Model {
                id: Uuid::new_v4(),
                patient_id: kari_id,
                therapist_id,
                therapist_name: "Ingrid".into(),
                what: if i % 2 == 0 { "patient_page" } else { "export" }.into(),
                at: start + (i / 20) * 86_400 / 20,
                sighting_day: None,
                times: 1,
                last_at: None,
            }
            .into()
        })
        .collect();
    for chunk in rows.chunks(100) {
        access_log::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
    let mut stored: Vec<(String, i64)> = access_log::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.what, r.at))
        .collect();
    stored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    let log = whole_log(&app, &kari).await;
    assert_eq!(log.len(), 620, "every read, once");
    let mut seen: Vec<(String, i64)> = log
        .iter()
        .map(|(what, _, at)| {
            let at =
                time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
                    .unwrap()
                    .unix_timestamp();
            (what.clone(), at)
        })
        .collect();
    assert!(
        seen.windows(2).all(|w| w[0].1 >= w[1].1),
        "newest first across pages"
    );
    seen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(seen, stored);

    // The sharing page offers the older entries, and they are there.
    let html = get(&app, &kari, "/sharing").await.text().await.unwrap();
    assert!(html.contains("data-testid=\"access-log-older\""), "{html}");
    let first = get_json(&app, &kari, "/api/access-log").await;
    let older = format!("/sharing?before={}", first["next"].as_str().unwrap());
    assert_eq!(get(&app, &kari, &older).await.status(), 200);

    // A cursor the server did not give out is refused, not a 500.
    for bad in [
        "x",
        "12_notauuid",
        "_",
        "99999999999999999999_00000000-0000-0000-0000-000000000000",
    ] {
        let (code, _) = expect_error(
            get(&app, &kari, &format!("/api/access-log?before={bad}")).await,
            422,
        )
        .await;
        assert_eq!(code, "invalid_cursor");
    }
}

async fn the_group_page_logs_the_candidates_it_names(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, Some("Ingrid")).await;
    let (kari, _, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let response = send(
        &app,
        "POST",
        &therapist,
        "/api/therapist/groups",
        Some(json!({"name": "Smerteskole", "meetings": [{"on": "2099-01-05"}]})),
    )
    .await;
    assert_eq!(response.status(), 201);
    let id = response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let detail = get_json(&app, &therapist, &format!("/api/therapist/groups/{id}")).await;
    assert_eq!(detail["candidates"][0][1], "kari@example.no");
    // Her name was on the page: her log says so.
    let log: Vec<(String, u64)> = whole_log(&app, &kari)
        .await
        .into_iter()
        .map(|(what, times, _)| (what, times))
        .collect();
    assert_eq!(log, vec![("overview".to_owned(), 1)]);
    // A search that does not match her names nobody, and logs nothing more.
    let detail = get_json(
        &app,
        &therapist,
        &format!("/api/therapist/groups/{id}?q=nobody"),
    )
    .await;
    assert_eq!(detail["candidates"], json!([]));
    let log: Vec<(String, u64)> = whole_log(&app, &kari)
        .await
        .into_iter()
        .map(|(what, times, _)| (what, times))
        .collect();
    assert_eq!(log, vec![("overview".to_owned(), 1)]);
}
