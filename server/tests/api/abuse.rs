//! Guessing, disguising and flooding, on both databases (issue #27): invite
//! codes guessed from many addresses, names that hide characters or turn
//! the text's direction, and 429 answers on a kept-alive connection.

use crate::care::{account, send};
use crate::helpers::{Backend, PASSWORD, TestApp, expect_error, session_cookie};
use crate::on_both_databases;
use app::domain::Role;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_databases!(
    invite_code_guesses_from_many_addresses_are_limited_per_account,
    names_with_invisible_or_direction_changing_characters_are_refused,
    every_429_on_a_kept_alive_connection_is_a_whole_answer,
);

async fn invite_code_guesses_from_many_addresses_are_limited_per_account(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let kari = session_cookie(&app.register("kari@example.no").await);
    let ola = session_cookie(&app.register("ola@example.no").await);
    let guess = |cookie: String, n: usize| {
        let (http, url) = (app.http.clone(), app.url("/api/links"));
        async move {
            // A new address for every guess: the per-address limit never
            // bites.
            let response = http
                .post(url)
                .header("cookie", cookie)
                .header("x-forwarded-for", format!("203.0.113.{n}"))
                .json(&json!({ "code": format!("ZZZZ-{n:04}") }))
                .send()
                .await
                .expect("request");
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or_default();
            (
                status,
                body["error"]["code"].as_str().unwrap_or("").to_owned(),
            )
        }
    };
    let mut answers = Vec::new();
    for n in 0..40 {
        answers.push(guess(kari.clone(), n).await);
    }
    let wrong = ("invite_not_valid".to_owned(), 422);
    let waiting = ("rate_limited".to_owned(), 429);
    let mut expected = vec![wrong.clone(); 5];
    expected.extend(vec![waiting; 35]);
    assert_eq!(
        answers
            .into_iter()
            .map(|(status, code)| (code, status))
            .collect::<Vec<_>>(),
        expected
    );
    // Another patient's account is not held up by Kari's guesses.
    let (status, code) = guess(ola.clone(), 41).await;
    assert_eq!((code, status), wrong);
    // A right code works once the wait is over, and ends it.
    let response = send(&app, "POST", &therapist, "/api/therapist/invites", None).await;
    let code: Value = response.json().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let entered = send(
        &app,
        "POST",
        &kari,
        "/api/links",
        Some(json!({ "code": code["code"] })),
    )
    .await;
    assert_eq!(entered.status(), 201);
    let (status, code) = guess(kari, 42).await;
    assert_eq!((code, status), wrong);
}

async fn names_with_invisible_or_direction_changing_characters_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = account(&app, "admin@klinikk.no", Role::Admin, None).await;
    for (n, name) in [
        "Kari\u{200B}Nordmann",
        "\u{202E}nnamdroN iraK",
        "Ola \u{2067}Fysio\u{2069}",
        "Kari\u{200D}",
        "\u{FEFF}Kari",
    ]
    .into_iter()
    .enumerate()
    {
        let registered = app
            .post_json(
                "/api/auth/register",
                json!({"email": format!("p{n}@example.no"), "password": PASSWORD, "display_name": name}),
            )
            .await;
        let (code, message) = expect_error(registered, 422).await;
        assert_eq!(code, "invalid_display_name", "{name:?}");
        assert!(message.contains("invisible"), "{message}");
        let made = send(
            &app,
            "POST",
            &admin,
            "/api/admin/therapists",
            Some(json!({"email": format!("t{n}@klinikk.no"), "password": PASSWORD, "display_name": name})),
        )
        .await;
        let (code, _) = expect_error(made, 422).await;
        assert_eq!(code, "invalid_display_name", "{name:?}");
    }
    // Only the admin's account exists.
    assert_eq!(app.count("users").await, 1);
    let registered = app
        .post_json(
            "/api/auth/register",
            json!({"email": "ase@example.no", "password": PASSWORD, "display_name": "Åse Ødegård"}),
        )
        .await;
    assert_eq!(registered.status(), 201);
}

/// One HTTP/1.1 answer read off the connection: its status and whether its
/// body arrived whole (as long as its `content-length` says).
async fn read_answer(stream: &mut tokio::net::TcpStream) -> Result<(u16, String), String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            Ok(_) => return Err(format!("the connection closed after {} bytes", head.len())),
            Err(e) => return Err(format!("the connection failed: {e}")),
        }
    }
    let head = String::from_utf8_lossy(&head).to_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or("no content-length")?;
    let mut body = vec![0u8; length];
    stream
        .read_exact(&mut body)
        .await
        .map_err(|e| format!("the body was cut off: {e}"))?;
    Ok((status, head))
}

async fn every_429_on_a_kept_alive_connection_is_a_whole_answer(backend: Backend) {
    const REQUESTS: usize = 30;
    let mut burst = 0;
    let app = TestApp::spawn_with(backend, |c| burst = c.password_burst as usize).await;
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let body = json!({"email": "nobody@example.no", "password": "not the right one"}).to_string();
    let mut statuses = Vec::new();
    for n in 0..REQUESTS {
        // The head first and the body a moment later, as a client whose
        // body crosses a packet boundary sends them: the limit could
        // answer in between.
        let head = format!(
            "POST /api/auth/login HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            app.addr,
            body.len()
        );
        let sent = async {
            stream.write_all(head.as_bytes()).await?;
            tokio::time::sleep(std::time::Duration::from_millis(30)).await;
            stream.write_all(body.as_bytes()).await
        };
        if let Err(e) = sent.await {
            panic!("request {n} could not be sent ({e}); answers so far: {statuses:?}");
        }
        match read_answer(&mut stream).await {
            Ok((status, head)) => {
                assert!(
                    !head.contains("connection: close"),
                    "answer {n} ({status}) closes the connection"
                );
                statuses.push(status);
            }
            Err(e) => panic!("answer {n}: {e}; answers so far: {statuses:?}"),
        }
    }
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 429),
        "{statuses:?}"
    );
    // Past the burst, every attempt is over the address's limit.
    assert_eq!(
        statuses[burst..],
        vec![429; REQUESTS - burst],
        "{statuses:?}"
    );
}
