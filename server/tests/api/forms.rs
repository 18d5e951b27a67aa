//! The public pages' HTML forms, as a browser without JavaScript posts them:
//! the same rules and refusals as the JSON API, shown as pages.

use crate::helpers::{Backend, PASSWORD, TestApp, session_cookie};
use crate::on_both_databases;
use app::routes::{self, Area, Page};

on_both_databases!(
    public_pages_ship_only_small_plain_scripts_and_app_pages_their_own_bundle,
    logging_in_with_the_form_signs_in_and_goes_to_today,
    a_wrong_password_shows_the_page_again_with_the_email_but_never_the_password,
    registering_with_the_form_creates_the_account,
    a_refused_registration_keeps_what_was_typed_and_stores_nothing,
    a_form_that_is_not_a_form_is_refused_as_a_page,
    a_cross_site_form_post_is_refused_as_a_page,
    too_many_form_logins_are_refused_as_a_page,
    the_logout_form_ends_the_session_and_can_wipe_the_device,
    the_language_form_remembers_the_choice_and_goes_back,
);

pub(crate) async fn post_form(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app.http.post(app.url(path)).form(fields);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// The `src` of every script element a page loads, in document order.
fn scripts_of(html: &str) -> Vec<&str> {
    html.split("<script src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

pub(crate) fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn public_pages_ship_only_small_plain_scripts_and_app_pages_their_own_bundle(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    // The scripts of pages without the app: the offline note (plain JS
    // under 2 KB) everywhere, and "show the password" beside a password.
    let offline_only: &[&str] = &["/offline.js"];
    let with_password: &[&str] = &["/offline.js", "/password.js"];
    for (path, expected) in [
        ("/", offline_only),
        ("/login", with_password),
        ("/register", with_password),
        ("/help", offline_only),
        ("/no/such/page", offline_only),
    ] {
        let html = app
            .http
            .get(app.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(scripts_of(&html), expected, "{path}");
        // Without scripts, "show the password" stays hidden: a control that
        // would do nothing is not offered.
        let control = html
            .split("<div")
            .find(|tag| tag.contains("data-show-password"))
            .and_then(|tag| tag.split('>').next());
        match control {
            Some(tag) => assert!(tag.contains(" hidden"), "{path}: {tag}"),
            None => assert_eq!(
                expected, offline_only,
                "{path} has no show-password control"
            ),
        }
        assert!(
            !html.contains(".wasm")
                && !html.contains("/pkg/daily")
                && !html.contains("/pkg/records")
                && !html.contains("/pkg/care"),
            "{path}: {html}"
        );
    }
    // Every page of a hydrated area is a document of its own: it names its
    // page for the bundle, and loads its own area's bundle only.
    for page in Page::ALL {
        let path = page.path();
        let bundle = page.area().bundle().expect("a hydrated area");
        let others: Vec<&str> = Area::HYDRATED
            .into_iter()
            .filter_map(Area::bundle)
            .filter(|b| *b != bundle)
            .collect();
        let response = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("data-page=\"{}\"", page.slug())),
            "{path} names its page"
        );
        assert!(
            html.contains(&format!("/pkg/{bundle}.js")),
            "{path} hydrates with {bundle}"
        );
        for other in others {
            assert!(
                !html.contains(&format!("/pkg/{other}.js")),
                "{path} does not load {other}"
            );
        }
    }
    // `/app` opens Today; a path under `/app` that is no page is a plain
    // "not found" page, with no bundle that could hydrate the wrong page.
    let response = app.http.get(app.url("/app")).send().await.unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(header(&response, "location"), routes::TODAY);
    let response = app.http.get(app.url("/app/nothing")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(
        !html.contains("/pkg/daily")
            && !html.contains("/pkg/records")
            && !html.contains("data-page"),
        "{html}"
    );
}

async fn logging_in_with_the_form_signs_in_and_goes_to_today(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(app.register("kari@example.no").await.status(), 201);
    let response = post_form(
        &app,
        "/login",
        &[("email", "Kari@Example.no"), ("password", PASSWORD)],
        &[],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(header(&response, "location"), "/app/today");
    let cookie = session_cookie(&response);
    let me: serde_json::Value = app.me(&cookie).await.json().await.unwrap();
    assert_eq!(me["email"], "kari@example.no");
}

async fn a_wrong_password_shows_the_page_again_with_the_email_but_never_the_password(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(app.register("kari@example.no").await.status(), 201);
    let wrong = "not the right password at all";
    let response = post_form(
        &app,
        "/login",
        &[("email", "kari@example.no"), ("password", wrong)],
        &[],
    )
    .await;
    assert_eq!(response.status(), 401);
    assert!(header(&response, "set-cookie").is_empty(), "no session");
    let html = response.text().await.unwrap();
    assert!(html.contains("E-post eller passord stemmer ikke"), "{html}");
    assert!(
        html.contains("value=\"kari@example.no\""),
        "the email stays typed"
    );
    assert!(!html.contains(wrong), "the password is never sent back");

    let empty = post_form(&app, "/login", &[("password", wrong)], &[]).await;
    assert_eq!(empty.status(), 422);
    let html = empty.text().await.unwrap();
    assert!(html.contains("Skriv inn e-postadressen din."));
    assert!(
        html.contains("aria-invalid=\"true\""),
        "the field is marked for screen readers"
    );
}

async fn registering_with_the_form_creates_the_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = post_form(
        &app,
        "/register",
        &[
            ("email", "ola@example.no"),
            ("password", PASSWORD),
            ("display_name", "Ola"),
            ("locale", "nn"),
        ],
        &[],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(header(&response, "location"), "/app/today");
    let me: serde_json::Value = app
        .me(&session_cookie(&response))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "ola@example.no");
    assert_eq!(me["locale"], "nn");
}

async fn a_refused_registration_keeps_what_was_typed_and_stores_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = post_form(
        &app,
        "/register",
        &[
            ("email", "ola@example.no"),
            ("password", "short"),
            ("display_name", "Ola Nordmann"),
        ],
        &[],
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Passordet må ha minst 10 tegn."));
    assert!(html.contains("value=\"ola@example.no\"") && html.contains("value=\"Ola Nordmann\""));
    assert_eq!(app.count("users").await, 0);

    assert_eq!(app.register("kari@example.no").await.status(), 201);
    let taken = post_form(
        &app,
        "/register",
        &[("email", "kari@example.no"), ("password", PASSWORD)],
        &[],
    )
    .await;
    assert_eq!(taken.status(), 409);
    assert!(
        taken
            .text()
            .await
            .unwrap()
            .contains("Det finnes allerede en konto")
    );
    assert_eq!(app.count("users").await, 1);
}

async fn a_form_that_is_not_a_form_is_refused_as_a_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .http
        .post(app.url("/register"))
        .json(&serde_json::json!({"email": "ola@example.no", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    assert!(header(&response, "content-type").starts_with("text/html"));
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Skjemaet kunne ikke leses")
    );
    assert_eq!(app.count("users").await, 0);
}

async fn a_cross_site_form_post_is_refused_as_a_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = post_form(
        &app,
        "/register",
        &[("email", "ola@example.no"), ("password", PASSWORD)],
        &[("sec-fetch-site", "cross-site"), ("accept-language", "en")],
    )
    .await;
    assert_eq!(response.status(), 403);
    assert!(header(&response, "content-type").starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert!(html.contains("sent from another website"), "{html}");
    assert_eq!(app.count("users").await, 0);

    let logout = post_form(
        &app,
        "/logout",
        &[("wipe", "yes")],
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(logout.status(), 403);
    assert!(header(&logout, "clear-site-data").is_empty());
    assert!(
        logout
            .text()
            .await
            .unwrap()
            .contains("Det gikk ikke gjennom")
    );
}

async fn too_many_form_logins_are_refused_as_a_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A burst of 10 attempts, then one every 6 s (`middleware::rate_limit`);
    // slow password checks on a busy machine may refill a slot or two.
    let mut last = None;
    for _ in 0..20 {
        let response = post_form(
            &app,
            "/login",
            &[
                ("email", "kari@example.no"),
                ("password", "wrong password here"),
            ],
            &[],
        )
        .await;
        if response.status() == 429 {
            last = Some(response);
            break;
        }
    }
    let response = last.expect("the limit holds");
    assert_eq!(response.status(), 429);
    assert!(!header(&response, "retry-after").is_empty());
    assert!(response.text().await.unwrap().contains("For mange forsøk"));
}

async fn the_logout_form_ends_the_session_and_can_wipe_the_device(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let keep = post_form(&app, "/logout", &[("wipe", "no")], &[("cookie", &cookie)]).await;
    assert_eq!(keep.status(), 303);
    assert_eq!(header(&keep, "location"), "/login");
    assert!(header(&keep, "set-cookie").contains("Max-Age=0"));
    assert!(
        header(&keep, "clear-site-data").is_empty(),
        "the patient chose to keep the data"
    );
    assert_eq!(
        app.me(&cookie).await.status(),
        401,
        "the session is over on the server"
    );

    let cookie = session_cookie(&app.login("kari@example.no", PASSWORD).await);
    let wipe = post_form(&app, "/logout", &[("wipe", "yes")], &[("cookie", &cookie)]).await;
    assert_eq!(wipe.status(), 303);
    assert_eq!(header(&wipe, "clear-site-data"), "\"cache\", \"storage\"");
    assert_eq!(app.me(&cookie).await.status(), 401);
}

async fn the_language_form_remembers_the_choice_and_goes_back(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = post_form(
        &app,
        "/language",
        &[("lang", "en"), ("back", "/register")],
        &[],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(header(&response, "location"), "/register");
    assert!(header(&response, "set-cookie").starts_with("i18n_pref_locale=en;"));

    let away = post_form(
        &app,
        "/language",
        &[("lang", "nn"), ("back", "//evil.example/")],
        &[],
    )
    .await;
    assert_eq!(
        header(&away, "location"),
        "/",
        "never a redirect to another site"
    );

    let unknown = post_form(
        &app,
        "/language",
        &[("lang", "klingon"), ("back", "/")],
        &[],
    )
    .await;
    assert_eq!(unknown.status(), 422);
    assert!(header(&unknown, "set-cookie").is_empty());
}
