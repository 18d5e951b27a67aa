//! The server under strain: a database outage, a burst of password checks,
//! and clients that connect and never finish a request.

use crate::helpers::{Backend, PASSWORD, TestApp, expect_error, session_cookie};
use crate::on_both_databases;
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

on_both_databases!(a_database_outage_never_signs_anyone_out);

async fn a_database_outage_never_signs_anyone_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    app.db.clone().close().await.unwrap();

    // Who asks cannot be checked: 503, which the phone retries, never 401,
    // which would make it believe it is signed out.
    let (code, _) = expect_error(app.me(&cookie).await, 503).await;
    assert_eq!(code, "database_unavailable");
    let sync = app
        .http
        .post(app.url("/api/sync"))
        .header("cookie", &cookie)
        .json(&json!({"device_id": uuid::Uuid::new_v4().to_string(), "ops": []}))
        .send()
        .await
        .unwrap();
    assert!(sync.headers().contains_key("retry-after"));
    expect_error(sync, 503).await;
    let page = app
        .http
        .get(app.url("/app/today"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503, "a page is not rendered as signed out");
    assert!(page.text().await.unwrap().contains("Nothing is lost"));

    // A logout that cannot reach the session says so and keeps the cookie.
    let logout = app.logout(&cookie).await;
    assert!(logout.headers().get("set-cookie").is_none());
    expect_error(logout, 503).await;
    let (code, _) = expect_error(app.login("kari@example.no", PASSWORD).await, 503).await;
    assert_eq!(code, "database_unavailable");
    // The log-in form says it in the person's language, with or without an
    // old session cookie, and keeps the email typed.
    for cookie in ["", cookie.as_str()] {
        let form = app
            .http
            .post(app.url("/login"))
            .header("cookie", cookie)
            .form(&[("email", "kari@example.no"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), 503);
        assert!(form.headers().contains_key("retry-after"));
        let html = form.text().await.unwrap();
        assert!(html.contains("Knip får ikke tak i dataene sine"), "{html}");
    }

    // The session is still there when the database is back.
    let back = server::db::connect(&app.database_url).await.unwrap();
    let sessions = sea_orm::ConnectionTrait::query_one_raw(
        &back,
        sea_orm::Statement::from_string(
            sea_orm::ConnectionTrait::get_database_backend(&back),
            "SELECT COUNT(*) AS n FROM sessions",
        ),
    )
    .await
    .unwrap()
    .unwrap()
    .try_get::<i64>("", "n")
    .unwrap();
    assert_eq!(sessions, 1);
}

/// PostgreSQL unreachable mid-run (the network to it cut, as in a restart
/// or a failover): the real server binary answers 503 with a clear code,
/// `/healthz` says the database is unreachable, nothing half-done is
/// stored; when the database is back the server recovers by itself,
/// without a restart, and the phone's retried batch is applied once.
// Several threads: the relay's tasks run while the test waits for the
// server process to start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_gone_mid_run_is_503_and_the_server_recovers_by_itself() {
    if !crate::helpers::postgres_available().await {
        return;
    }
    let app = TestApp::spawn(Backend::Postgres).await;
    let upstream = {
        let url = app.database_url.clone();
        let host = url.split('@').nth(1).unwrap().split('/').next().unwrap();
        tokio::net::lookup_host(host).await.unwrap().next().unwrap()
    };
    let relay = crate::helpers::Relay::to(upstream).await;
    let via_relay = app
        .database_url
        .replacen(&upstream.to_string(), &relay.addr.to_string(), 1)
        .replacen("localhost:5432", &relay.addr.to_string(), 1);
    assert!(via_relay.contains(&relay.addr.to_string()), "{via_relay}");
    let (_server, base) = crate::helpers::start_server(&via_relay, &[]);
    let http = reqwest::Client::new();
    let cookie = crate::helpers::register_on(&http, &base, "kari@example.no").await;
    let device = uuid::Uuid::new_v4().to_string();
    let sync = |ops: Vec<serde_json::Value>| {
        http.post(format!("{base}/api/sync"))
            .header("cookie", &cookie)
            .json(&json!({"device_id": device, "ops": ops}))
            .send()
    };
    let first = crate::sync::session_op(uuid::Uuid::now_v7());
    assert_eq!(sync(vec![first]).await.unwrap().status(), 200);

    relay.cut();
    let outbox: Vec<_> = (0..20)
        .map(|_| crate::sync::session_op(uuid::Uuid::now_v7()))
        .collect();
    let refused = sync(outbox.clone()).await.unwrap();
    assert!(refused.headers().contains_key("retry-after"));
    let (code, _) = expect_error(refused, 503).await;
    assert_eq!(code, "database_unavailable");
    let me = http
        .get(format!("{base}/api/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    expect_error(me, 503).await;
    let health = http.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 503);
    let body: serde_json::Value = health.json().await.unwrap();
    assert_eq!(body["db"], "unreachable");

    relay.mend();
    // Back without a restart: the phone's next tries get through.
    let mut applied = None;
    for _ in 0..40 {
        let response = sync(outbox.clone()).await.unwrap();
        if response.status() == 200 {
            applied = Some(response.json::<serde_json::Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let applied = applied.expect("the server did not recover within 10 s");
    let statuses: Vec<_> = applied["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["applied"; 20]);
    assert_eq!(app.count("entries").await, 21);
    let health = http.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    // Sent once more, nothing is stored twice.
    let again: serde_json::Value = sync(outbox).await.unwrap().json().await.unwrap();
    assert!(
        again["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "duplicate")
    );
    assert_eq!(app.count("entries").await, 21);
}

#[tokio::test]
async fn a_burst_of_logins_is_queued_or_turned_away_and_the_server_keeps_answering() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    assert_eq!(app.register("kari@example.no").await.status(), 201);
    // 20 addresses, each within its rate-limit burst of 10: 200 at once,
    // each for an account of its own (one account would soon have to wait,
    // see `auth::throttle`; unknown addresses are hashed all the same).
    let mut attempts = Vec::new();
    for host in 2..22u8 {
        let client = reqwest::Client::builder()
            .local_address(std::net::IpAddr::from([127, 0, 0, host]))
            .build()
            .unwrap();
        for i in 0..10 {
            let email = format!("guess{host}-{i}@example.no");
            let request = client
                .post(app.url("/api/auth/login"))
                .json(&json!({"email": email, "password": "not the password"}));
            attempts.push(tokio::spawn(async move { request.send().await.unwrap() }));
        }
    }
    assert_healthy(&app, "during the burst").await;
    let mut busy = 0;
    for attempt in attempts {
        let response = attempt.await.unwrap();
        match response.status().as_u16() {
            401 => {}
            503 => {
                assert!(response.headers().contains_key("retry-after"));
                let (code, _) = expect_error(response, 503).await;
                assert_eq!(code, "busy");
                busy += 1;
            }
            other => panic!("a login in a burst answered {other}"),
        }
    }
    assert!(
        busy > 0,
        "200 hashes at once were all admitted: nothing bounds them"
    );
    // The queue drains: the right password works again at once.
    assert_eq!(app.login("kari@example.no", PASSWORD).await.status(), 200);
}

/// `/healthz` answers 200, and in good time (a generous bound: speed is
/// measured by `make bench-strain`, not here).
async fn assert_healthy(app: &TestApp, when: &str) {
    let health = app
        .http
        .get(app.url("/healthz"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap_or_else(|e| panic!("/healthz did not answer {when}: {e}"));
    assert_eq!(health.status(), 200, "/healthz {when}");
}

/// Opens a connection and sends the start of a request, never the end.
async fn slow_client(app: &TestApp) -> TcpStream {
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
    stream
}

/// Whether the server closed the connection within `wait`.
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(wait, stream.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.connections.header_timeout_secs = 1;
    })
    .await;
    let mut slow = slow_client(&app).await;
    assert!(closed_within(&mut slow, Duration::from_secs(15)).await);
}

#[tokio::test]
async fn a_flood_of_slow_clients_cannot_crowd_out_the_others() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.connections.header_timeout_secs = 120;
        config.connections.max_connections = Some(32);
    })
    .await;
    let mut flood = Vec::new();
    for _ in 0..100 {
        flood.push(slow_client(&app).await);
    }
    assert_healthy(&app, "during the flood").await;
    assert_eq!(app.register("kari@example.no").await.status(), 201);
    // The limit held: the oldest slow clients made room for the newcomers.
    let mut closed = 0;
    for stream in flood.iter_mut().take(40) {
        if closed_within(stream, Duration::from_millis(200)).await {
            closed += 1;
        }
    }
    assert_eq!(closed, 40, "the oldest slow clients are closed first");
}
