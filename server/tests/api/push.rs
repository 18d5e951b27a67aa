//! Reminders by Web Push, on both databases: subscriptions checked at the
//! edge; a reminder pushed at the patient's time, encrypted for the device
//! (decrypted here by a local push service), signed with the server's key,
//! sent once even by two servers at once, not sent when the day's dose is
//! done; an endpoint that is gone is removed, not tried again; pushes go
//! only to public addresses unless the loopback setting is on (the tests
//! that push to a service on this machine turn it on); one patient's
//! endpoints that never answer delay no one else's reminder.

use crate::helpers::{
    Backend, TestApp, expect_error, logged, push_names, session_cookie, start_server,
};
use crate::on_both_databases;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use base64ct::{Base64UrlUnpadded, Encoding};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use server::db::entities::{push::push_subscription, user};
use server::push::address::{Destinations, FixedNames};
use server::push::{Pusher, Round, SEND_TIMEOUT, remind, vapid::Vapid};
use std::sync::{Arc, Mutex};
use tokio::io::AsyncReadExt;
use uuid::Uuid;

on_both_databases!(
    an_endpoint_that_does_not_lead_to_the_public_internet_is_refused_when_subscribing,
    a_reminder_goes_to_no_address_on_this_machine_without_the_setting_and_no_endpoint_is_logged,
    a_patient_whose_endpoints_never_answer_delays_no_one_elses_reminder,
    one_endpoint_subscribed_by_ten_accounts_at_once_ends_with_one_owner_and_no_error,
    subscriptions_are_checked_and_kept_per_device,
    a_reminder_is_pushed_once_at_the_patients_time_and_encrypted_for_the_device,
    no_reminder_when_the_days_dose_is_done,
    a_gone_endpoint_is_removed_and_not_tried_again,
    two_server_processes_send_a_reminder_once,
    logging_out_removes_that_phones_subscription_only,
);

/// The browser's side of a subscription: its key pair and auth secret.
const BROWSER_SECRET: [u8; 32] = [7; 32];
const AUTH: [u8; 16] = [3; 16];

/// A subscription as `PushSubscription.toJSON()` gives it, for `endpoint`.
pub fn browser_subscription(endpoint: &str) -> Value {
    let secret = p256::SecretKey::from_slice(&BROWSER_SECRET).unwrap();
    json!({
        "endpoint": endpoint,
        "expirationTime": null,
        "keys": {
            "p256dh": Base64UrlUnpadded::encode_string(secret.public_key().to_encoded_point(false).as_bytes()),
            "auth": Base64UrlUnpadded::encode_string(&AUTH),
        },
        "device_id": Uuid::new_v4().to_string(),
    })
}

/// What the local push service received: (path id, headers, decrypted body).
type Received = Arc<Mutex<Vec<(String, HeaderMap, Value)>>>;

/// A push service on this machine: `/push/gone` answers 410, any other
/// `/push/{id}` decrypts what it got as the browser would and answers 201.
async fn push_service() -> (String, Received) {
    async fn receive(
        State(received): State<Received>,
        Path(id): Path<String>,
        headers: HeaderMap,
        body: axum::body::Bytes,
    ) -> StatusCode {
        if id == "gone" {
            received.lock().unwrap().push((id, headers, Value::Null));
            return StatusCode::GONE;
        }
        let secret = p256::SecretKey::from_slice(&BROWSER_SECRET).unwrap();
        let auth = web_push_native::Auth::clone_from_slice(&AUTH);
        let plain = web_push_native::decrypt(body.to_vec(), &secret, &auth).expect("decrypts");
        let json: Value = serde_json::from_slice(&plain).expect("JSON");
        received.lock().unwrap().push((id, headers, json));
        StatusCode::CREATED
    }
    let received = Received::default();
    let router = axum::Router::new()
        .route("/push/{id}", axum::routing::post(receive))
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{addr}/push"), received)
}

async fn put(app: &TestApp, cookie: &str, body: Value) -> reqwest::Response {
    app.http
        .put(app.url("/api/push/subscription"))
        .header("cookie", cookie)
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn setting_op(reminders: Value, client_ts: &str) -> Value {
    json!({"op_id": Uuid::now_v7().to_string(), "kind": "setting.set", "client_ts": client_ts,
           "payload": {"key": "reminders", "value": reminders}})
}

/// A patient with reminders at `times` in Oslo and a device subscribed at
/// `endpoint`.
async fn patient(app: &TestApp, email: &str, times: &[&str], endpoint: &str) -> String {
    let cookie = session_cookie(&app.register(email).await);
    let reminders = json!({"on": true, "times": times, "weekdays": [1, 2, 3, 4, 5, 6, 7],
                           "time_zone": "Europe/Oslo"});
    let body = app
        .sync(
            &cookie,
            &Uuid::new_v4().to_string(),
            &[setting_op(reminders, "2026-01-01T00:00:00Z")],
        )
        .await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    assert_eq!(
        put(app, &cookie, browser_subscription(endpoint))
            .await
            .status(),
        204
    );
    cookie
}

/// The instant `hh:mm` on `day` in Oslo.
fn oslo(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Oslo
        .from_local_datetime(&day.and_hms_opt(hour, minute, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

/// The test server, with the setting that lets pushes go to this machine
/// (where the tests' push services are) turned on.
async fn app_allowing_loopback(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |config| config.push_allow_loopback = true).await
}

/// A pusher that knows `names` and allows loopback when `loopback`.
async fn pusher_with(app: &TestApp, names: FixedNames, loopback: bool) -> Pusher {
    let vapid = Vapid::load_or_create(&app.db).await.unwrap();
    Pusher::new(vapid, Destinations::new(Arc::new(names), loopback)).unwrap()
}

/// A pusher that may push to this machine.
async fn pusher(app: &TestApp) -> Pusher {
    pusher_with(app, push_names(), true).await
}

/// A phone handed on after logging out gets no more of the account's
/// reminders: the logout (JSON or form) names the phone's subscription and
/// the server removes it with the session; the patient's other phones keep
/// theirs.
async fn logging_out_removes_that_phones_subscription_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let phone = "https://push.example.net/push/phone";
    let tablet = "https://push.example.net/push/tablet";
    let first = patient(&app, "kari@example.no", &["08:00"], phone).await;
    assert_eq!(
        put(&app, &first, browser_subscription(tablet))
            .await
            .status(),
        204
    );
    let logout = app
        .http
        .post(app.url("/api/auth/logout"))
        .header("cookie", &first)
        .json(&json!({"push_endpoint": phone}))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 204);
    assert_eq!(
        app.text("SELECT endpoint AS v FROM push_subscriptions")
            .await,
        tablet
    );
    // The form on the Me page does the same.
    let second = session_cookie(&app.login("kari@example.no", crate::helpers::PASSWORD).await);
    let form = app
        .http
        .post(app.url("/logout"))
        .header("cookie", &second)
        .form(&[("wipe", "no"), ("push_endpoint", tablet)])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 303);
    assert_eq!(app.count("push_subscriptions").await, 0);
    assert_eq!(app.count("sessions").await, 0);
    // Another account's endpoint is not this one's to remove; a logout
    // without a body or with garbage still logs out.
    let ola = patient(&app, "ola@example.no", &["08:00"], phone).await;
    let kari = session_cookie(&app.login("kari@example.no", crate::helpers::PASSWORD).await);
    let other = app
        .http
        .post(app.url("/api/auth/logout"))
        .header("cookie", &kari)
        .json(&json!({"push_endpoint": phone}))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 204);
    assert_eq!(app.count("push_subscriptions").await, 1, "Ola's stays");
    let garbage = app
        .http
        .post(app.url("/api/auth/logout"))
        .header("cookie", &ola)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 204);
    assert_eq!(app.count("sessions").await, 0);
}

async fn subscriptions_are_checked_and_kept_per_device(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    let key = crate::care::get_json(&app, &cookie, "/api/push/key").await;
    let public = key["public_key"].as_str().unwrap();
    assert_eq!(Base64UrlUnpadded::decode_vec(public).unwrap().len(), 65);
    // Made once, kept in the database: every process reads the same key.
    assert_eq!(
        Vapid::load_or_create(&app.db).await.unwrap().public_key(),
        public
    );

    let endpoint = "https://push.example.net/send/abc";
    assert_eq!(
        put(&app, &cookie, browser_subscription(endpoint))
            .await
            .status(),
        204
    );
    assert_eq!(
        put(&app, &cookie, browser_subscription(endpoint))
            .await
            .status(),
        204
    );
    assert_eq!(
        app.count("push_subscriptions").await,
        1,
        "one row per endpoint"
    );

    let good = browser_subscription("https://push.example.net/send/other");
    let with = |path: &[&str], value: Value| {
        let mut body = good.clone();
        let mut at = &mut body;
        for p in &path[..path.len() - 1] {
            at = &mut at[*p];
        }
        at[path[path.len() - 1]] = value;
        body
    };
    for (body, rule) in [
        (
            with(&["endpoint"], json!("http://push.example.net/x")),
            "endpoint",
        ),
        (with(&["endpoint"], json!("not a url")), "endpoint"),
        (with(&["keys", "p256dh"], json!("AAAA")), "p256dh"),
        (with(&["keys", "auth"], json!("AAECAw")), "auth"),
        (
            with(&["device_id"], json!(Uuid::nil().to_string())),
            "device_id",
        ),
        (with(&["device_id"], json!("phone")), "device_id"),
    ] {
        let (code, message) = expect_error(put(&app, &cookie, body.clone()).await, 422).await;
        assert_eq!(code, "invalid_push_subscription", "{message}");
        assert!(message.contains(rule), "{rule}: {message}");
    }
    let unknown_field = with(&["keys", "extra"], json!(1));
    expect_error(put(&app, &cookie, unknown_field).await, 422).await;
    assert_eq!(
        app.count("push_subscriptions").await,
        1,
        "nothing bad is kept"
    );

    for _ in 0..2 {
        let gone = app
            .http
            .delete(app.url("/api/push/subscription"))
            .header("cookie", &cookie)
            .json(&json!({"endpoint": endpoint}))
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), 204);
    }
    assert_eq!(app.count("push_subscriptions").await, 0);
}

async fn a_reminder_is_pushed_once_at_the_patients_time_and_encrypted_for_the_device(
    backend: Backend,
) {
    let app = app_allowing_loopback(backend).await;
    let (service, received) = push_service().await;
    let cookie = patient(
        &app,
        "kari@example.no",
        &["07:30"],
        &format!("{service}/kari"),
    )
    .await;
    let pusher = pusher(&app).await;
    // A winter day (UTC+1) and a summer day (UTC+2): 07:30 on the clock.
    for (day, utc_hour) in [("2026-01-15", 6), ("2026-07-15", 5)] {
        let day: NaiveDate = day.parse().unwrap();
        let at = oslo(day, 7, 30);
        assert_eq!(at.format("%H:%M").to_string(), format!("{utc_hour:02}:30"));
        let before = remind(
            &app.db,
            &pusher,
            at - Duration::minutes(10),
            at - Duration::seconds(1),
        )
        .await
        .unwrap();
        assert_eq!(before.reminders, 0, "not before its time");
        let round = remind(
            &app.db,
            &pusher,
            at - Duration::seconds(1),
            at + Duration::seconds(29),
        )
        .await
        .unwrap();
        assert_eq!((round.reminders, round.sent), (1, 1), "{round:?}");
        // A second look at the same minute (a restart, an overlap) sends nothing.
        let again = remind(
            &app.db,
            &pusher,
            at - Duration::minutes(5),
            at + Duration::minutes(5),
        )
        .await
        .unwrap();
        assert_eq!(again.reminders, 0);
    }
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    let (id, headers, body) = &got[0];
    assert_eq!(id, "kari");
    assert_eq!(
        body["title"], "Tid for øvelsene dine",
        "the neutral text, in bokmål"
    );
    assert_eq!(body["url"], "/app/today");
    assert_eq!(headers["content-encoding"], "aes128gcm");
    let authorization = headers["authorization"].to_str().unwrap();
    let key = Vapid::load_or_create(&app.db).await.unwrap();
    assert!(
        authorization.starts_with("vapid t=")
            && authorization.ends_with(&format!(", k={}", key.public_key())),
        "{authorization}"
    );

    // Two servers on one database look at the same minute: one sends.
    let second = server::db::connect(&app.database_url).await.unwrap();
    let other = Pusher::new(
        Vapid::load_or_create(&second).await.unwrap(),
        Destinations::new(Arc::new(push_names()), true),
    )
    .unwrap();
    let day: NaiveDate = "2026-03-02".parse().unwrap();
    let at = oslo(day, 7, 30);
    let (a, b) = tokio::join!(
        remind(&app.db, &pusher, at - Duration::seconds(1), at),
        remind(&second, &other, at - Duration::seconds(1), at),
    );
    assert_eq!(a.unwrap().reminders + b.unwrap().reminders, 1);
    assert_eq!(received.lock().unwrap().len(), 3);

    // The patient's own word, when they chose one.
    let reminders = json!({"on": true, "times": ["07:30"], "weekdays": [1, 2, 3, 4, 5, 6, 7],
                           "time_zone": "Europe/Oslo", "word": "Yoga"});
    app.sync(
        &cookie,
        &Uuid::new_v4().to_string(),
        &[setting_op(reminders, "2026-01-02T00:00:00Z")],
    )
    .await;
    let at = oslo("2026-03-03".parse().unwrap(), 7, 30);
    remind(&app.db, &pusher, at - Duration::seconds(1), at)
        .await
        .unwrap();
    assert_eq!(received.lock().unwrap()[3].2["title"], "Yoga");
}

async fn no_reminder_when_the_days_dose_is_done(backend: Backend) {
    let app = app_allowing_loopback(backend).await;
    let (service, received) = push_service().await;
    let cookie = patient(
        &app,
        "kari@example.no",
        &["12:00"],
        &format!("{service}/kari"),
    )
    .await;
    let pusher = pusher(&app).await;
    let today = Utc::now()
        .with_timezone(&chrono_tz::Europe::Oslo)
        .date_naive();
    let trained = today - Duration::days(2);
    // The whole dose (3 rounds) that morning.
    let started =
        time::OffsetDateTime::from_unix_timestamp(oslo(trained, 9, 0).timestamp()).unwrap();
    let body = app
        .sync(
            &cookie,
            &Uuid::new_v4().to_string(),
            &[crate::care::session(started, false)],
        )
        .await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let at = oslo(trained, 12, 0);
    let round = remind(&app.db, &pusher, at - Duration::seconds(1), at)
        .await
        .unwrap();
    assert_eq!(round.reminders, 0, "the dose was done");
    // The day before, nothing was done: reminded.
    let at = oslo(trained - Duration::days(1), 12, 0);
    let round = remind(&app.db, &pusher, at - Duration::seconds(1), at)
        .await
        .unwrap();
    assert_eq!(round.reminders, 1);
    assert_eq!(received.lock().unwrap().len(), 1);
}

async fn a_gone_endpoint_is_removed_and_not_tried_again(backend: Backend) {
    let app = app_allowing_loopback(backend).await;
    let (service, received) = push_service().await;
    patient(
        &app,
        "kari@example.no",
        &["07:30"],
        &format!("{service}/gone"),
    )
    .await;
    let pusher = pusher(&app).await;
    let at = oslo("2026-01-15".parse().unwrap(), 7, 30);
    let round = remind(&app.db, &pusher, at - Duration::seconds(1), at)
        .await
        .unwrap();
    assert_eq!((round.reminders, round.gone), (1, 1), "{round:?}");
    assert_eq!(app.count("push_subscriptions").await, 0);
    let at = oslo("2026-01-16".parse().unwrap(), 7, 30);
    let round = remind(&app.db, &pusher, at - Duration::seconds(1), at)
        .await
        .unwrap();
    assert_eq!(round.reminders, 0, "no device left to remind");
    assert_eq!(received.lock().unwrap().len(), 1, "tried once");
}

async fn two_server_processes_send_a_reminder_once(backend: Backend) {
    let app = app_allowing_loopback(backend).await;
    let (service, received) = push_service().await;
    // Due this very minute: each server, when it starts, looks back a few
    // minutes for reminders no server sent.
    let now = Utc::now().with_timezone(&chrono_tz::Europe::Oslo);
    let minute = now.format("%H:%M").to_string();
    patient(
        &app,
        "kari@example.no",
        &[&minute],
        &format!("{service}/kari"),
    )
    .await;
    let allow = [("KNIP_PUSH_ALLOW_LOOPBACK", "true")];
    let (first, _) = start_server(&app.database_url, &allow);
    let (second, _) = start_server(&app.database_url, &allow);
    for _ in 0..100 {
        if !received.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Time for a second send, were there one.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    drop((first, second));
    assert_eq!(
        received.lock().unwrap().len(),
        1,
        "one reminder, from one of the two"
    );
    assert_eq!(app.count("push_sends").await, 1);
}

/// Issue #27, item 7: an endpoint is taken only if every address its host
/// has is public. The test server's names are a fixed table (see
/// `push_names`): nothing is looked up and nothing is connected to.
async fn an_endpoint_that_does_not_lead_to_the_public_internet_is_refused_when_subscribing(
    backend: Backend,
) {
    // The setting is off unless turned on.
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app.register("kari@example.no").await);
    for endpoint in [
        "http://127.0.0.1:4000/push/1",
        "http://localhost:4000/push/1",
        "https://localhost/push/1",
        "https://[::1]/push/1",
        "https://127.1/push/1",
        "https://2130706433/push/1",
        "https://0x7f.1/push/1",
        "https://[::ffff:127.0.0.1]/push/1",
        "https://10.0.0.1/push/1",
        "https://192.168.1.1/push/1",
        "https://100.64.0.1/push/1",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::ffff:169.254.169.254]/latest/meta-data/",
        "https://[fd00:ec2::254]/latest/meta-data/",
        "https://[fe80::1]/push/1",
        "https://224.0.0.1/push/1",
        "https://0.0.0.0/push/1",
        "https://192.0.2.1/push/1",
        "https://inside.example.net/push/1",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://unknown.example.net/push/1",
    ] {
        let response = put(&app, &cookie, browser_subscription(endpoint)).await;
        let (code, message) = expect_error(response, 422).await;
        assert_eq!(code, "invalid_push_subscription", "{endpoint}: {message}");
        assert!(
            message.starts_with("endpoint must"),
            "{endpoint}: {message}"
        );
    }
    assert_eq!(app.count("push_subscriptions").await, 0, "nothing kept");
    // A name that leads to the public internet is kept.
    let public = "https://push.example.net/send/abc";
    assert_eq!(
        put(&app, &cookie, browser_subscription(public))
            .await
            .status(),
        204
    );
    assert_eq!(
        app.text("SELECT endpoint AS v FROM push_subscriptions")
            .await,
        public
    );
}

/// A TCP listener on this machine that counts the connections made to it
/// and closes each at once.
async fn knock_counter() -> (u16, Arc<Mutex<usize>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let knocks = Arc::new(Mutex::new(0));
    let counted = knocks.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            *counted.lock().unwrap() += 1;
            drop(socket);
        }
    });
    (port, knocks)
}

/// Issue #27, item 7, at send time: subscriptions taken while the setting
/// allowed this machine (or before there were rules), and a name that led
/// to a public address when it was subscribed and leads here now, get no
/// connection from a server without the setting. An endpoint the rules
/// refuse as it stands is removed; one whose name leads here is kept and
/// counted failed like any unreachable one (so the subscriber learns
/// nothing of the server's network). No endpoint appears in the logs.
async fn a_reminder_goes_to_no_address_on_this_machine_without_the_setting_and_no_endpoint_is_logged(
    backend: Backend,
) {
    let app = app_allowing_loopback(backend).await;
    let (service, received) = push_service().await;
    let (port, knocks) = knock_counter().await;
    let plain = format!("{service}/kari-7f3a");
    let literal = format!("https://127.0.0.1:{port}/push/per-7f3a");
    let rebound = format!("https://push.example.net:{port}/push/ola-7f3a");
    patient(&app, "kari@example.no", &["07:30"], &plain).await;
    patient(&app, "per@example.no", &["07:30"], &literal).await;
    patient(&app, "ola@example.no", &["07:30"], &rebound).await;
    let names = push_names().with("push.example.net", &[std::net::Ipv4Addr::LOCALHOST.into()]);
    let strict = pusher_with(&app, names, false).await;
    let at = oslo("2026-01-15".parse().unwrap(), 7, 30);
    let round = remind(&app.db, &strict, at - Duration::seconds(1), at)
        .await
        .unwrap();
    assert_eq!(
        round,
        Round {
            reminders: 3,
            sent: 0,
            gone: 0,
            refused: 2,
            failed: 1
        }
    );
    assert!(received.lock().unwrap().is_empty(), "nothing was posted");
    assert_eq!(*knocks.lock().unwrap(), 0, "no connection was made");
    assert_eq!(
        app.text("SELECT endpoint AS v FROM push_subscriptions")
            .await,
        rebound
    );
    for endpoint in [&plain, &literal, &rebound] {
        let path = &endpoint[endpoint.find("/push/").unwrap()..];
        assert!(!logged(path), "{path} was logged");
    }
}

/// The order things happened in, across the test's push services.
type Events = Arc<Mutex<Vec<&'static str>>>;

/// A push service on this machine that takes each connection, reads what
/// comes and never answers: "accepted" when a connection comes, "closed"
/// when the sender gives up on it.
async fn silent_service(events: Events) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            events.lock().unwrap().push("accepted");
            let events = events.clone();
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                while matches!(socket.read(&mut buffer).await, Ok(n) if n > 0) {}
                events.lock().unwrap().push("closed");
            });
        }
    });
    format!("http://{addr}/push")
}

/// A push service on this machine that answers 201 ("delivered") once the
/// silent one holds a connection, so that a delivery proves the two were
/// in flight together. (It gives up waiting after a while, so that a
/// sender that sends one at a time fails the test instead of hanging it.)
async fn prompt_service(events: Events) -> String {
    async fn receive(State(events): State<Events>) -> StatusCode {
        for _ in 0..200 {
            if events.lock().unwrap().contains(&"accepted") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        events.lock().unwrap().push("delivered");
        StatusCode::CREATED
    }
    let router = axum::Router::new()
        .route("/push/{id}", axum::routing::post(receive))
        .with_state(events);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/push")
}

/// Issue #27, item 8: sends go out together, each with its own timeout.
/// Kari's three phones' endpoints never answer; Ola's reminder is delivered
/// while they are still pending, and the round ends when their timeout
/// does, not one after another.
async fn a_patient_whose_endpoints_never_answer_delays_no_one_elses_reminder(backend: Backend) {
    let app = app_allowing_loopback(backend).await;
    let events = Events::default();
    let silent = silent_service(events.clone()).await;
    let prompt = prompt_service(events.clone()).await;
    let kari = patient(&app, "kari@example.no", &["07:30"], &format!("{silent}/1")).await;
    for phone in 2..=3 {
        let body = browser_subscription(&format!("{silent}/{phone}"));
        assert_eq!(put(&app, &kari, body).await.status(), 204);
    }
    patient(&app, "ola@example.no", &["07:30"], &format!("{prompt}/ola")).await;
    let pusher = pusher(&app).await;
    let at = oslo("2026-01-15".parse().unwrap(), 7, 30);
    // Each endpoint has SEND_TIMEOUT; one after another would be four of
    // them (and were the round not bounded at all, this ends the test).
    let round = tokio::time::timeout(
        SEND_TIMEOUT * 8,
        remind(&app.db, &pusher, at - Duration::seconds(1), at),
    )
    .await
    .expect("the round ended")
    .unwrap();
    assert_eq!(
        round,
        Round {
            reminders: 2,
            sent: 1,
            gone: 0,
            refused: 0,
            failed: 3
        }
    );
    let events = events.lock().unwrap().clone();
    let delivered = events.iter().position(|e| *e == "delivered");
    let first_closed = events
        .iter()
        .position(|e| *e == "closed")
        .unwrap_or(events.len());
    assert_eq!(events.first(), Some(&"accepted"), "{events:?}");
    assert!(
        delivered.is_some_and(|d| d < first_closed),
        "Ola's reminder was delivered while Kari's were pending: {events:?}"
    );
    assert!(!logged(&silent), "an endpoint was logged");
}

/// Issue #27, item 11: one endpoint, ten accounts subscribing it at once
/// (a shared phone, or someone trying): every request succeeds, and the
/// endpoint is kept once, for one of them (the last to subscribe owns it).
async fn one_endpoint_subscribed_by_ten_accounts_at_once_ends_with_one_owner_and_no_error(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let endpoint = "https://push.example.net/send/shared";
    let mut cookies = Vec::new();
    for n in 0..10 {
        let email = format!("patient{n}@example.no");
        cookies.push(session_cookie(&app.register(&email).await));
    }
    let statuses: Vec<u16> = futures_util::future::join_all(
        cookies
            .iter()
            .map(|cookie| put(&app, cookie, browser_subscription(endpoint))),
    )
    .await
    .iter()
    .map(|response| response.status().as_u16())
    .collect();
    assert_eq!(statuses, vec![204; 10]);
    let kept = push_subscription::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].endpoint, endpoint);
    let owner = user::Entity::find_by_id(kept[0].user_id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a patient");
    assert!(owner.email.starts_with("patient"), "{}", owner.email);
    // Subscribing again, one at a time: the last one owns it.
    assert_eq!(
        put(&app, &cookies[3], browser_subscription(endpoint))
            .await
            .status(),
        204
    );
    let kept = push_subscription::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    let owner = user::Entity::find_by_id(kept[0].user_id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a patient");
    assert_eq!(
        (kept.len(), owner.email.as_str()),
        (1, "patient3@example.no")
    );
}
