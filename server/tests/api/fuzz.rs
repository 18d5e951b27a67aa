//! Our own fuzzing, where a schema-driven tool cannot reach: the sync ops'
//! payloads (one JSON shape per kind inside an untyped `payload`) and the
//! form posts (no JSON schema at all). Inputs come from proptest strategies
//! run with a fixed seed, so a failure repeats; each is sent over HTTP to the
//! real router. Never a 5xx, and every refusal leaves every table as it was.

use crate::care::{router_routes, table_rows};
use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_databases;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRng, TestRunner};
use serde_json::{Map, Value, json};
use uuid::Uuid;

on_both_databases!(
    mutated_ops_are_applied_or_refused_never_a_5xx,
    random_form_posts_never_fail_the_server_and_refusals_change_nothing,
);

/// How many inputs each test sends (each takes a request and a count of
/// every table's rows).
const CASES: usize = 160;

/// A runner with a fixed seed: the same inputs every run.
fn runner() -> TestRunner {
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &[7; 32]),
    )
}

/// Any JSON, leaning to what breaks parsers: edge numbers, long, empty and
/// odd strings (controls, zero-width, RTL, emoji), nesting.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop_oneof![
            Just(0i64),
            Just(-1),
            Just(1),
            Just(255),
            Just(256),
            Just(65_536),
            Just(i64::MAX),
            Just(i64::MIN)
        ]
        .prop_map(Value::from),
        Just(json!(u64::MAX)),
        any::<f64>()
            .prop_filter("JSON has no NaN", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,30}".prop_map(Value::from),
        prop_oneof![
            Just(""),
            Just("\u{0}"),
            Just("\u{200b}"),
            Just("\u{202e}abc"),
            Just("😀"),
            Just("2026-11-01"),
            Just("2026-02-30"),
            Just("2026-11-01T08:00:00Z"),
            Just("9999-12-31T23:59:59Z"),
            Just("00000000-0000-0000-0000-000000000000"),
            Just("=cmd|' /C calc'!A0"),
        ]
        .prop_map(Value::from),
        Just(Value::from("x".repeat(5_000))),
        any::<u128>().prop_map(|n| Value::from(Uuid::from_u128(n).to_string())),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,14}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A valid op of each kind, to mutate.
fn seeds() -> Vec<Value> {
    // One id per family: an id is one kind of entry for good.
    let (session, diary, answer) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let sleep = app::features::learn::modules::shape("sleep").expect("the sleep module");
    let quiz: Vec<usize> = match sleep.closing {
        app::domain::learn::ClosingShape::Quiz(questions) => {
            questions.iter().map(|(_, right)| *right).collect()
        }
        _ => Vec::new(),
    };
    let op = |kind: &str, payload: Value| json!({"op_id": Uuid::now_v7().to_string(), "kind": kind, "client_ts": "2026-11-20T20:00:00Z", "payload": payload});
    vec![
        op(
            "session.logged",
            json!({"id": session, "kind": "training", "started_at": "2026-11-01T08:00:00Z", "ended_at": "2026-11-01T08:09:00Z",
                   "planned_reps": 30, "done_reps": 30, "planned_rounds": 3, "done_rounds": 3}),
        ),
        op("session.deleted", json!({"id": session})),
        op(
            "diary.logged",
            json!({"id": diary, "date": "2026-11-01", "leakage_episodes": 2, "pain_nrs": 4, "note": "fuzz"}),
        ),
        op("diary.deleted", json!({"id": diary})),
        op(
            "prom.answered",
            json!({"id": answer, "questionnaire": "month3", "answered_on": "2026-11-20", "pain_nrs": 4, "pgi_i": 2,
                   "goals": [{"goal": "Walk to work", "closeness": 6}]}),
        ),
        op(
            "education.progressed",
            json!({"module": "sleep", "page": sleep.pages, "completed": true, "quiz": quiz}),
        ),
        op("setting.set", json!({"key": "sound", "value": true})),
        op(
            "prescription.set",
            json!({"prescription": {"reps_per_round": 10, "rounds_per_day": 3, "hold_secs": 6, "quick_lifts": 3,
                                    "rest_secs": 4, "position": "lying", "schedule": {"mode": "together", "pause_secs": 60}},
                   "programme": {"phase": "intensive", "since": "2026-09-01", "started": "2026-09-01"},
                   "set_by": {"by": "patient"}}),
        ),
    ]
}

/// One change to an op.
#[derive(Debug, Clone)]
enum Mutation {
    /// Remove the payload field at this index (of its sorted keys).
    Drop(prop::sample::Index),
    /// Set the payload field at this index to a value.
    Set(prop::sample::Index, Value),
    /// Set a field the payload does not have.
    Add(String, Value),
    /// Set a field one level down (in an object or array the payload holds).
    Deep(prop::sample::Index, prop::sample::Index, Value),
    /// Replace the whole payload.
    Payload(Value),
    /// Another kind's name (its payload now fits the wrong kind), or any.
    Kind(prop::sample::Index, String),
    ClientTs(Value),
    OpId(Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => any::<prop::sample::Index>().prop_map(Mutation::Drop),
        4 => (any::<prop::sample::Index>(), any_json()).prop_map(|(i, v)| Mutation::Set(i, v)),
        1 => ("[a-z_]{1,12}", any_json()).prop_map(|(k, v)| Mutation::Add(k, v)),
        2 => (any::<prop::sample::Index>(), any::<prop::sample::Index>(), any_json())
            .prop_map(|(i, j, v)| Mutation::Deep(i, j, v)),
        1 => any_json().prop_map(Mutation::Payload),
        1 => (any::<prop::sample::Index>(), "\\PC{0,20}").prop_map(|(i, s)| Mutation::Kind(i, s)),
        1 => any_json().prop_map(Mutation::ClientTs),
        1 => any_json().prop_map(Mutation::OpId),
    ]
}

fn pick(map: &Map<String, Value>, index: &prop::sample::Index) -> Option<String> {
    let keys: Vec<&String> = map.keys().collect();
    (!keys.is_empty()).then(|| keys[index.index(keys.len())].clone())
}

fn apply(op: &mut Value, mutation: &Mutation, kinds: &[String]) {
    let payload = &mut op["payload"];
    match mutation {
        Mutation::Drop(i) => {
            if let Some(map) = payload.as_object_mut()
                && let Some(key) = pick(map, i)
            {
                map.remove(&key);
            }
        }
        Mutation::Set(i, v) => {
            if let Some(map) = payload.as_object_mut()
                && let Some(key) = pick(map, i)
            {
                map.insert(key, v.clone());
            }
        }
        Mutation::Add(k, v) => {
            if let Some(map) = payload.as_object_mut() {
                map.insert(k.clone(), v.clone());
            }
        }
        Mutation::Deep(i, j, v) => {
            if let Some(map) = payload.as_object_mut()
                && let Some(key) = pick(map, i)
            {
                match map.get_mut(&key) {
                    Some(Value::Object(inner)) => {
                        if let Some(k) = pick(inner, j) {
                            inner.insert(k, v.clone());
                        }
                    }
                    Some(Value::Array(items)) if !items.is_empty() => {
                        let at = j.index(items.len());
                        items[at] = v.clone();
                    }
                    _ => {}
                }
            }
        }
        Mutation::Payload(v) => *payload = v.clone(),
        Mutation::Kind(i, any) => {
            op["kind"] = if any.len() % 2 == 0 {
                json!(kinds[i.index(kinds.len())])
            } else {
                json!(any)
            }
        }
        Mutation::ClientTs(v) => op["client_ts"] = v.clone(),
        Mutation::OpId(v) => op["op_id"] = v.clone(),
    }
}

async fn mutated_ops_are_applied_or_refused_never_a_5xx(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let device = Uuid::new_v4().to_string();
    let seeds = seeds();
    let kinds: Vec<String> = seeds
        .iter()
        .map(|s| s["kind"].as_str().unwrap().to_owned())
        .collect();
    // Every seed is valid as it stands.
    for seed in &seeds {
        let body = app.sync(&cookie, &device, std::slice::from_ref(seed)).await;
        assert_eq!(body["results"][0]["status"], "applied", "{seed}: {body}");
    }
    let strategy = (0..seeds.len(), prop::collection::vec(mutation(), 1..4));
    let mut runner = runner();
    let (mut applied, mut refused) = (0, 0);
    for _ in 0..CASES {
        let (seed, mutations) = strategy.new_tree(&mut runner).unwrap().current();
        let mut op = seeds[seed].clone();
        // A fresh op id, so an unchanged one is not a duplicate.
        op["op_id"] = json!(Uuid::now_v7().to_string());
        if let Some(id) = op["payload"].get("id").cloned()
            && id.is_string()
        {
            op["payload"]["id"] = json!(Uuid::now_v7().to_string());
        }
        for m in &mutations {
            apply(&mut op, m, &kinds);
        }
        let before = table_rows(&app).await;
        let response = app
            .http
            .post(app.url("/api/sync"))
            .header("cookie", &cookie)
            .json(&json!({"device_id": device, "cursor": null, "ops": [op]}))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!(status < 500, "{status} for {op}: {text}");
        let body: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {text}: {e}"));
        let result = body["results"][0]["status"].as_str().unwrap_or("");
        if status == 200 && result == "applied" {
            applied += 1;
            continue;
        }
        refused += 1;
        assert!(
            status >= 400 || result == "rejected",
            "{status} {result} for {op}: {text}"
        );
        let reason = if status == 200 {
            &body["results"][0]["error"]
        } else {
            &body["error"]["message"]
        };
        assert!(
            reason.as_str().is_some_and(|r| !r.is_empty()),
            "a refusal names its reason: {text}"
        );
        assert_eq!(
            table_rows(&app).await,
            before,
            "a refused op changed a table: {op}"
        );
    }
    assert!(
        refused > CASES / 4,
        "the inputs reach the checks: {refused} refused"
    );
    eprintln!("mutated ops: {applied} applied, {refused} refused");
    // The server still works.
    let mut again = seeds[6].clone();
    again["op_id"] = json!(Uuid::now_v7().to_string());
    again["client_ts"] = json!("2026-11-21T20:00:00Z");
    let body = app.sync(&cookie, &device, &[again]).await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
}

/// The fields the forms have, and some they do not.
const FIELDS: &[&str] = &[
    "email",
    "password",
    "display_name",
    "locale",
    "lang",
    "text",
    "code",
    "reps_per_round",
    "rounds_per_day",
    "hold_secs",
    "quick_lifts",
    "rest_secs",
    "position",
    "phase",
    "reason",
    "name",
    "patient",
    "answer",
    "q0",
    "q1",
    "helped",
    "missed",
    "push_endpoint",
    "confirm",
    "return_to",
    "x",
];

#[derive(Debug, Clone)]
struct FormCase {
    route: prop::sample::Index,
    id: Value,
    fields: Vec<(prop::sample::Index, String)>,
    content_type: prop::sample::Index,
    /// Nobody, the patient or a therapist.
    who: usize,
}

fn form_case() -> impl Strategy<Value = FormCase> {
    (
        any::<prop::sample::Index>(),
        prop_oneof![
            any::<u128>().prop_map(|n| json!(Uuid::from_u128(n).to_string())),
            "\\PC{0,12}".prop_map(Value::from)
        ],
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop_oneof![
                    4 => "\\PC{0,40}",
                    1 => Just("x".repeat(20_000)),
                    1 => Just("kari@example.no".to_owned()),
                    // No text column takes NUL (PostgreSQL refuses it).
                    1 => Just("a\u{0}b".to_owned()),
                    1 => Just("12".to_owned()),
                ],
            ),
            0..6,
        ),
        any::<prop::sample::Index>(),
        0..3usize,
    )
        .prop_map(|(route, id, fields, content_type, who)| FormCase {
            route,
            id,
            fields,
            content_type,
            who,
        })
}

async fn random_form_posts_never_fail_the_server_and_refusals_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let forms: Vec<String> = router_routes()
        .into_iter()
        .filter(|(method, path)| method == "POST" && !path.starts_with("/api/"))
        .map(|(_, path)| path)
        .collect();
    assert!(
        forms.len() >= 10,
        "the router's forms were found: {forms:?}"
    );
    let content_types = [
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/json",
        "text/plain",
        "",
    ];
    let mut runner = runner();
    let mut cookie = session_cookie(&app.register("kari@example.no").await);
    let therapist = crate::care::account(
        &app,
        "fysio@example.no",
        app::domain::Role::Therapist,
        Some("Ingrid Fysio"),
    )
    .await;
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for _ in 0..CASES {
        let case = form_case().new_tree(&mut runner).unwrap().current();
        let template = &forms[case.route.index(forms.len())];
        let id = case.id.as_str().unwrap_or("x");
        let mut url = url::Url::parse(&app.url("/")).unwrap();
        url.path_segments_mut().unwrap().clear().extend(
            template
                .split('/')
                .skip(1)
                .map(|part| if part.starts_with('{') { id } else { part }),
        );
        let path = url.path().to_owned();
        let fields: Vec<(String, String)> = case
            .fields
            .iter()
            .map(|(i, v)| (FIELDS[i.index(FIELDS.len())].to_owned(), v.clone()))
            .collect();
        let content_type = content_types[case.content_type.index(content_types.len())];
        let body = match content_type {
            "application/json" => serde_json::to_string(&fields).unwrap(),
            _ => url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&fields)
                .finish(),
        };
        let mut request = app
            .http
            .post(app.url(&path))
            // What a browser sends with its own form post.
            .header("origin", app.url("").trim_end_matches('/'))
            .header("sec-fetch-site", "same-origin")
            .body(body);
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        match case.who {
            1 => request = request.header("cookie", &cookie),
            2 => request = request.header("cookie", &therapist),
            _ => {}
        }
        let before = table_rows(&app).await;
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        *statuses.entry(status).or_default() += 1;
        let text = response.text().await.unwrap_or_default();
        assert!(
            status < 500,
            "{status} for POST {path} {content_type} {fields:?}: {text}"
        );
        if status >= 400 {
            assert_eq!(
                table_rows(&app).await,
                before,
                "a refused form post ({status}) changed a table: POST {path} {fields:?}"
            );
        }
        if path.starts_with("/logout") && case.who == 1 && status < 400 {
            // It worked: sign in again for the cases that follow (when the
            // password rate limit allows; signed out otherwise).
            let login = app.login("kari@example.no", crate::helpers::PASSWORD).await;
            cookie = if login.status() == 200 {
                session_cookie(&login)
            } else {
                String::new()
            };
        }
    }
    eprintln!("form posts by status: {statuses:?}");
}
