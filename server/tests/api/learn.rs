//! The education modules on both databases: reading progress and quiz
//! answers through `/api/sync`, checked against the module they name; a
//! quiz checked by the server for a browser without JavaScript; readers'
//! feedback kept without a name and shown to the clinic.

use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_databases;
use app::domain::Role;
use app::domain::learn::ClosingShape;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_databases!(
    reading_progress_is_kept_and_progress_that_fits_no_module_is_refused,
    a_quiz_is_checked_by_the_server_for_a_browser_without_javascript,
    feedback_on_a_module_is_kept_without_a_name_and_shown_to_the_clinic,
    bad_feedback_is_shown_again_with_the_reason_and_nothing_is_kept,
);

fn progress_op(payload: Value) -> Value {
    json!({
        "op_id": Uuid::now_v7().to_string(),
        "kind": "education.progressed",
        "client_ts": "2026-11-20T20:00:00Z",
        "payload": payload,
    })
}

/// The quiz of a module: (options, right option) per question.
fn quiz_of(slug: &str) -> Vec<(usize, usize)> {
    match app::features::learn::modules::shape(slug)
        .expect("module")
        .closing
    {
        ClosingShape::Quiz(questions) => questions,
        other => panic!("{slug} has no quiz: {other:?}"),
    }
}

/// A form posted as a browser without JavaScript posts it, in English.
async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    crate::forms::post_form(app, path, fields, &[("accept-language", "en")]).await
}

async fn reading_progress_is_kept_and_progress_that_fits_no_module_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let device = Uuid::new_v4().to_string();
    let pages = app::features::learn::modules::shape("sleep").unwrap().pages;
    let answers: Vec<usize> = quiz_of("sleep").iter().map(|(_, right)| *right).collect();
    let read = json!({"module": "sleep", "page": pages, "completed": true, "quiz": answers});
    let body = app
        .sync(&cookie, &device, &[progress_op(read.clone())])
        .await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    // Another device pulls it.
    let other = app.sync(&cookie, &Uuid::new_v4().to_string(), &[]).await;
    let pulled = &other["changes"][0];
    assert_eq!(pulled["kind"], "education.progressed", "{other}");
    assert_eq!(pulled["payload"], read);

    let options = quiz_of("sleep")[0].0;
    let too_few = vec![0; quiz_of("sleep").len() - 1];
    let mut out_of_range = answers.clone();
    out_of_range[0] = options;
    for (payload, rule) in [
        (
            json!({"module": "no-such-module", "page": 1}),
            "no education module",
        ),
        (
            json!({"module": "sleep", "page": pages + 1}),
            &format!("between 0 and {pages}") as &str,
        ),
        (
            json!({"module": "sleep", "page": 1, "quiz": too_few}),
            "one answer for each",
        ),
        (
            json!({"module": "sleep", "page": 1, "quiz": out_of_range}),
            "question 1",
        ),
        (
            json!({"module": "stress", "page": 1, "quiz": [0]}),
            "no quiz",
        ),
        (
            json!({"module": "sleep", "page": 1, "quiz": [0, 0, 0, 0, 0, 0]}),
            "at most 5",
        ),
        (json!({"module": "Sleep!", "page": 1}), "module name"),
    ] {
        let body = app
            .sync(&cookie, &device, &[progress_op(payload.clone())])
            .await;
        let result = &body["results"][0];
        assert_eq!(result["status"], "rejected", "{payload}: {body}");
        let reason = result["error"].as_str().unwrap_or_default();
        assert!(reason.contains(rule), "{payload}: {reason}");
    }
    assert_eq!(
        app.count("keyed_values").await,
        1,
        "only the good progress is kept"
    );
}

async fn a_quiz_is_checked_by_the_server_for_a_browser_without_javascript(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let quiz = quiz_of("sleep");
    let pages = app::features::learn::modules::shape("sleep").unwrap().pages;
    let get = |path: String| {
        let request = app.http.get(app.url(&path)).header("accept-language", "en");
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            response.text().await.unwrap()
        }
    };
    // The last page leads to the quiz.
    let last = get(format!("/learn/sleep/{pages}")).await;
    assert!(last.contains("href=\"/learn/sleep/done\""), "{last}");
    assert!(last.contains("<script src=\"/learn.js\""), "{last}");
    // Unanswered: the questions, their answers hidden.
    let page = get("/learn/sleep/done".into()).await;
    assert_eq!(
        page.matches("type=\"radio\"").count(),
        quiz.iter().map(|q| q.0).sum::<usize>()
    );
    assert!(!page.contains("of 3 right") && !page.contains(&format!("of {} right", quiz.len())));
    // All right but the first.
    let query: Vec<String> = quiz
        .iter()
        .enumerate()
        .map(|(i, (options, right))| {
            let answer = if i == 0 {
                (right + 1) % options
            } else {
                *right
            };
            format!("q{}={answer}", i + 1)
        })
        .collect();
    let checked = get(format!("/learn/sleep/done?{}", query.join("&"))).await;
    let score = format!("You got {} of {} right.", quiz.len() - 1, quiz.len());
    assert!(checked.contains(&score), "{checked}");
    assert!(
        checked.contains("Not quite. The right answer:"),
        "{checked}"
    );
    // A module that is not there, or a page it does not have.
    for path in ["/learn/no-such-module/done", "/learn/sleep/99"] {
        let response = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
}

async fn feedback_on_a_module_is_kept_without_a_name_and_shown_to_the_clinic(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = post_form(
        &app,
        "/learn/sleep/done",
        &[
            ("text", "  More about naps, please.\r\nThanks "),
            ("lang", "nn"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/learn/sleep/done?sent=1");
    assert_eq!(app.count("module_feedback").await, 1);
    let kept = app
        .text("SELECT module || '|' || language || '|' || text AS v FROM module_feedback")
        .await;
    assert_eq!(kept, "sleep|nn|More about naps, please.\nThanks");
    let thanks = app
        .http
        .get(app.url("/learn/sleep/done?sent=1"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(thanks.contains("Your feedback was sent"), "{thanks}");

    // The clinic reads it, with no name; a patient cannot.
    let therapist = crate::care::account(&app, "fysio@example.no", Role::Therapist, None).await;
    let outcomes = crate::care::get_json(&app, &therapist, "/api/therapist/outcomes").await;
    let feedback = &outcomes["module_feedback"][0];
    assert_eq!(feedback["module"], "sleep", "{outcomes}");
    assert_eq!(feedback["text"], "More about naps, please.\nThanks");
    let page = crate::care::get(&app, &therapist, "/clinic/outcomes")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("More about naps, please."), "{page}");
    let patient = session_cookie(&app.register("kari@example.no").await);
    let refused = crate::care::get(&app, &patient, "/api/therapist/outcomes").await;
    assert_eq!(refused.status(), 403);
}

async fn bad_feedback_is_shown_again_with_the_reason_and_nothing_is_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let empty = post_form(&app, "/learn/sleep/done", &[("text", "  \n ")]).await;
    assert_eq!(empty.status(), 422);
    assert!(
        empty
            .text()
            .await
            .unwrap()
            .contains("Write something before you send it.")
    );

    let long = "ø".repeat(1001);
    let too_long = post_form(&app, "/learn/sleep/done", &[("text", &long)]).await;
    assert_eq!(too_long.status(), 422);
    let html = too_long.text().await.unwrap();
    assert!(html.contains("at most 1,000 characters"), "{html}");
    assert!(html.contains(&long), "what was typed comes back");

    let unknown = post_form(&app, "/learn/no-such-module/done", &[("text", "Hi")]).await;
    assert_eq!(unknown.status(), 404);
    let not_done = post_form(&app, "/learn/sleep/1", &[("text", "Hi")]).await;
    assert_eq!(not_done.status(), 404);

    let cross_site = app
        .http
        .post(app.url("/learn/sleep/done"))
        .header("origin", "https://evil.example")
        .form(&[("text", "Hi")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert_eq!(app.count("module_feedback").await, 0);
}
