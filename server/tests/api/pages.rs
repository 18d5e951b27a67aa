//! Server rendering of the pages, as a browser without JavaScript sees them.

use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_databases;

on_both_databases!(
    the_login_page_renders_in_bokmal_by_default,
    the_language_follows_accept_language_and_the_cookie,
    pages_have_a_nonce_csp_that_matches_their_scripts,
    the_me_page_shows_who_is_signed_in,
    an_unknown_page_is_a_404_page,
    when_to_get_help_names_the_reasons_of_the_source,
    a_module_page_renders_on_the_server_and_an_unknown_one_is_404,
    html_is_compressed,
);

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.http.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

async fn the_login_page_renders_in_bokmal_by_default(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = get(&app, "/login", &[]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("lang=\"nb\""), "bokmål is the default");
    assert!(
        html.contains("<title>Knip</title>"),
        "the tab says nothing but the name"
    );
    assert!(html.contains("Logg inn"));
    assert!(html.contains("id=\"email\"") && html.contains("id=\"password\""));
    assert!(html.contains("autocomplete=\"current-password\""));
}

async fn the_language_follows_accept_language_and_the_cookie(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let english = get(&app, "/", &[("accept-language", "en-GB,en;q=0.9")])
        .await
        .text()
        .await
        .unwrap();
    assert!(english.contains("lang=\"en\"") && english.contains("Get started"));
    let nynorsk = get(
        &app,
        "/",
        &[("accept-language", "en"), ("cookie", "i18n_pref_locale=nn")],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        nynorsk.contains("lang=\"nn\""),
        "the remembered choice wins over the browser"
    );
    assert!(nynorsk.contains("tre korte rundar om dagen"));
}

async fn pages_have_a_nonce_csp_that_matches_their_scripts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = get(&app, "/app/today", &[]).await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the CSP")
        .to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("'unsafe-inline'"));
    let html = response.text().await.unwrap();
    let inline_scripts = html.matches("<script").count() - html.matches("<script src").count();
    let nonced = html.matches(&format!("nonce=\"{nonce}\"")).count();
    assert!(nonced >= 1, "the hydration script carries the nonce");
    assert!(inline_scripts >= 1);
}

async fn the_me_page_shows_who_is_signed_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anonymous = get(&app, "/app/me", &[]).await;
    assert!(
        anonymous
            .headers()
            .get("cache-control")
            .is_none_or(|v| !v.to_str().unwrap().contains("no-store"))
    );
    let anonymous = anonymous.text().await.unwrap();
    assert!(anonymous.contains("uten konto"));
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let response = get(&app, "/app/me", &[("cookie", &cookie)]).await;
    assert_eq!(
        response.headers()["cache-control"],
        "private, no-store",
        "a signed-in page is never cached"
    );
    let signed_in = response.text().await.unwrap();
    assert!(signed_in.contains("kari@example.no"));
}

async fn when_to_get_help_names_the_reasons_of_the_source(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = get(&app, "/help", &[]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    for reason in [
        "lekkasje av urin, luft eller avføring",
        "fremfall",
        "smerter",
        "usikkerhet om du trener riktig",
    ] {
        assert!(html.contains(reason), "{reason}");
    }
    assert!(html.contains("henvisning til en fysioterapeut som jobber med bekkenbunnen"));
}

async fn an_unknown_page_is_a_404_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = get(&app, "/no/such/page", &[]).await;
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Fant ikke siden"));
}

async fn html_is_compressed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = get(&app, "/", &[("accept-encoding", "br")]).await;
    assert_eq!(response.headers()["content-encoding"], "br");
}

async fn a_module_page_renders_on_the_server_and_an_unknown_one_is_404(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = get(&app, "/learn/pelvic-floor/2", &[]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Når noe ikke fungerer"), "{html}");
    assert!(html.contains("<li>lekkasje av urin, luft eller avføring</li>"));
    // No WASM on a reading page: only the offline note and the small
    // script that keeps what was read for the app.
    let scripts: Vec<&str> = html
        .split("<script src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(
        scripts,
        ["/offline.js", "/learn.js"],
        "no WASM on a reading page"
    );
    assert!(
        !html.contains(".wasm") && !html.contains("/pkg/daily") && !html.contains("/pkg/records"),
        "{html}"
    );
    let english = get(
        &app,
        "/learn/pelvic-floor/1",
        &[("cookie", "i18n_pref_locale=en")],
    )
    .await;
    assert!(
        english
            .text()
            .await
            .unwrap()
            .contains("What the pelvic floor is")
    );
    let list = get(&app, "/learn", &[]).await.text().await.unwrap();
    assert!(list.contains("/learn/finding-the-muscles/1"));
    for missing in [
        "/learn/pelvic-floor/0",
        "/learn/pelvic-floor/9",
        "/learn/no-such-module/1",
    ] {
        assert_eq!(get(&app, missing, &[]).await.status(), 404, "{missing}");
    }
}

/// Leptos finds each app's pages by running it once, and meanwhile a
/// process-wide flag keeps every resource created anywhere from loading
/// (leptos-rs/leptos#4773). A page rendered in one server while another
/// server of the same process started waited for its signed-in user forever:
/// its answer never ended (it hung a CI run). Now a process finds its pages
/// once; here servers keep starting while one renders a page again and again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_rendered_while_other_servers_start_always_finishes() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let starting = std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        for _ in 0..30 {
            drop(runtime.block_on(TestApp::spawn(Backend::Sqlite)));
        }
    });
    let mut rendered = 0;
    while !starting.is_finished() || rendered < 20 {
        let page = tokio::time::timeout(std::time::Duration::from_secs(20), async {
            get(&app, "/app/me", &[("cookie", &cookie)])
                .await
                .text()
                .await
                .unwrap()
        })
        .await
        .unwrap_or_else(|_| panic!("render {rendered} never finished"));
        assert!(page.contains("kari@example.no"));
        rendered += 1;
    }
    starting.join().unwrap();
}
