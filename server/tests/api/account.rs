//! The patient's export (`GET /api/export`) holds every row that names
//! them and nothing of anyone else. Erasing an account (`DELETE
//! /api/account`), on both databases: after it,
//! no table of the schema (read from the database, so a table added later
//! is covered) holds a row that names the patient, by id or by email;
//! another patient's data is untouched; a wrong password, a therapist or a
//! stranger erases nothing.

use crate::care::{account, get, linked_patient, send};
use crate::helpers::{Backend, PASSWORD, TestApp, expect_error, session_cookie};
use crate::on_both_databases;
use crate::sync::{session_op, setting_op};
use app::domain::Role;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, Set, Statement};
use serde_json::{Value, json};
use server::auth::erase::PATIENT_COLUMNS;
use server::db::entities::push::push_send;
use std::collections::BTreeSet;
use uuid::Uuid;

on_both_databases!(
    an_erased_account_leaves_no_row_behind,
    the_csv_bundle_holds_the_same_rows_as_the_json_export,
    erasing_needs_the_patients_own_password,
    the_export_holds_every_row_that_names_the_patient,
    the_me_pages_form_erases_with_the_password_and_shows_a_refusal_as_a_page,
    logging_out_everywhere_ends_every_session_and_push_subscription,
);

async fn erase(app: &TestApp, cookie: &str, body: Value) -> reqwest::Response {
    app.http
        .delete(app.url("/api/account"))
        .header("cookie", cookie)
        .json(&body)
        .send()
        .await
        .expect("request")
}

pub(crate) async fn strings(app: &TestApp, sql: String) -> Vec<String> {
    app.db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .expect("query")
        .iter()
        .map(|row| row.try_get::<String>("", "v").expect("a text column"))
        .collect()
}

/// Every table of the database and the columns of each, as the database
/// itself lists them.
pub(crate) async fn schema(app: &TestApp) -> Vec<(String, Vec<String>)> {
    let sqlite = app.db.get_database_backend() == DbBackend::Sqlite;
    let tables = strings(
        app,
        if sqlite {
            "SELECT name AS v FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                .to_owned()
        } else {
            "SELECT CAST(table_name AS TEXT) AS v FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                .to_owned()
        },
    )
    .await;
    let mut schema = Vec::new();
    for table in tables {
        let columns = strings(
            app,
            if sqlite {
                format!("SELECT name AS v FROM pragma_table_info('{table}')")
            } else {
                format!(
                    "SELECT CAST(column_name AS TEXT) AS v FROM information_schema.columns \
                     WHERE table_schema = 'public' AND table_name = '{table}'"
                )
            },
        )
        .await;
        schema.push((table, columns));
    }
    schema
}

/// The tables with a row that names `id` or `email` in any column, however
/// it is stored (text, a UUID, 16 raw bytes, or inside JSON text).
async fn tables_naming(app: &TestApp, id: Uuid, email: &str) -> BTreeSet<String> {
    let sqlite = app.db.get_database_backend() == DbBackend::Sqlite;
    let (hyphenated, simple) = (id.hyphenated().to_string(), id.simple().to_string());
    let mut found = BTreeSet::new();
    for (table, columns) in schema(app).await {
        for column in columns {
            let text = format!("CAST(\"{column}\" AS TEXT)");
            let mut wheres = vec![
                format!("{text} LIKE '%{hyphenated}%'"),
                format!("{text} LIKE '%{email}%'"),
                format!("{text} LIKE '%{simple}%'"),
            ];
            if sqlite {
                wheres.push(format!(
                    "hex(\"{column}\") LIKE '%{}%'",
                    simple.to_uppercase()
                ));
            }
            let sql = format!(
                "SELECT COUNT(*) AS n FROM \"{table}\" WHERE {}",
                wheres.join(" OR ")
            );
            let n: i64 = app
                .db
                .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
                .await
                .expect("count")
                .expect("a row")
                .try_get("", "n")
                .expect("a count");
            if n > 0 {
                found.insert(table.clone());
            }
        }
    }
    found
}

/// A patient with something in every table that can hold a patient's data:
/// synced entries and settings, a therapist's link, read, note and group,
/// a push subscription and a sent reminder. Returns (cookie, id).
pub(crate) async fn patient_with_everything(
    app: &TestApp,
    therapist: &str,
    email: &str,
) -> (String, Uuid) {
    let (cookie, id, _link) = linked_patient(app, therapist, email).await;
    let device = Uuid::new_v4().to_string();
    let body = app
        .sync(
            &cookie,
            &device,
            &[
                session_op(Uuid::new_v4()),
                setting_op("sound", json!(false), "2026-11-01T08:00:00Z"),
            ],
        )
        .await;
    assert!(
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "applied"),
        "{body}"
    );
    // The therapist looks (access log, overview row) and writes a note.
    let response = get(app, therapist, "/api/therapist/patients").await;
    assert_eq!(response.status(), 200);
    let response = get(app, therapist, &format!("/api/therapist/patients/{id}")).await;
    assert_eq!(response.status(), 200);
    let path = format!("/api/therapist/patients/{id}/notes");
    let response = send(app, "POST", therapist, &path, Some(json!({"text": "Ok"}))).await;
    assert_eq!(response.status(), 201);
    let group: Value = send(
        app,
        "POST",
        therapist,
        "/api/therapist/groups",
        Some(json!({"name": "Gruppe", "meetings": [{"on": "2099-01-05"}]})),
    )
    .await
    .json()
    .await
    .unwrap();
    let path = format!(
        "/api/therapist/groups/{}/members",
        group["id"].as_str().unwrap()
    );
    let response = send(
        app,
        "POST",
        therapist,
        &path,
        Some(json!({"patient_id": id})),
    )
    .await;
    assert!(response.status().is_success(), "{}", response.status());
    let response = app
        .http
        .put(app.url("/api/push/subscription"))
        .header("cookie", &cookie)
        .json(&crate::push::browser_subscription(&format!(
            "https://push.example.net/send/{id}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let id = Uuid::parse_str(&id).unwrap();
    push_send::ActiveModel {
        user_id: Set(id),
        local_day: Set("2026-11-01".to_owned()),
        at: Set("07:30".to_owned()),
        claimed_at: Set(0),
    }
    .insert(&app.db)
    .await
    .expect("a sent reminder");
    (cookie, id)
}

async fn an_erased_account_leaves_no_row_behind(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, Some("Fysio")).await;
    let (kari, kari_id) = patient_with_everything(&app, &therapist, "kari@example.no").await;
    let (ola, ola_id) = patient_with_everything(&app, &therapist, "ola@example.no").await;

    // The walk finds the patient in every table the erasure lists (so the
    // walk works, and the fixture covers them all).
    let before = tables_naming(&app, kari_id, "kari@example.no").await;
    let listed: BTreeSet<String> = PATIENT_COLUMNS.iter().map(|(t, _)| t.to_string()).collect();
    assert_eq!(
        before, listed,
        "tables naming the patient before the erasure"
    );
    let ola_before = tables_naming(&app, ola_id, "ola@example.no").await;

    let response = erase(&app, &kari, json!({"password": PASSWORD})).await;
    assert_eq!(response.status(), 204);
    let header = |name: &str| crate::forms::header(&response, name);
    assert!(
        header("set-cookie").contains("Max-Age=0"),
        "{}",
        header("set-cookie")
    );
    assert_eq!(header("clear-site-data"), "\"cache\", \"storage\"");

    let after = tables_naming(&app, kari_id, "kari@example.no").await;
    assert!(
        after.is_empty(),
        "rows naming the erased patient remain in {after:?}"
    );
    // The other patient keeps everything.
    assert_eq!(
        tables_naming(&app, ola_id, "ola@example.no").await,
        ola_before
    );
    assert_eq!(app.me(&ola).await.status(), 200);

    // Every session ended; the account is gone; the therapist no longer
    // sees the patient.
    assert_eq!(app.me(&kari).await.status(), 401);
    expect_error(app.login("kari@example.no", PASSWORD).await, 401).await;
    let response = get(
        &app,
        &therapist,
        &format!("/api/therapist/patients/{kari_id}"),
    )
    .await;
    assert_eq!(response.status(), 404);
    // The same address can make a new, empty account.
    let fresh = session_cookie(&app.register("kari@example.no").await);
    let body = app.sync(&fresh, &Uuid::new_v4().to_string(), &[]).await;
    assert_eq!(body["changes"], json!([]), "{body}");
}

async fn erasing_needs_the_patients_own_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let (kari, kari_id) = patient_with_everything(&app, &therapist, "kari@example.no").await;
    let before = tables_naming(&app, kari_id, "kari@example.no").await;

    let (code, _) = expect_error(
        erase(&app, &kari, json!({"password": "not my password"})).await,
        403,
    )
    .await;
    assert_eq!(code, "invalid_credentials");
    let (code, _) = expect_error(erase(&app, &kari, json!({"password": ""})).await, 422).await;
    assert_eq!(code, "invalid_password");
    let (code, _) = expect_error(erase(&app, &kari, json!({})).await, 422).await;
    assert_eq!(code, "invalid_fields");
    let (code, _) = expect_error(erase(&app, "", json!({"password": PASSWORD})).await, 401).await;
    assert_eq!(code, "unauthenticated");
    // A therapist closes no account here, not even with the right password.
    let (code, _) = expect_error(
        erase(&app, &therapist, json!({"password": PASSWORD})).await,
        403,
    )
    .await;
    assert_eq!(code, "forbidden");
    // A cross-site request is refused before it is read.
    let response = app
        .http
        .delete(app.url("/api/account"))
        .header("cookie", &kari)
        .header("origin", "https://evil.example")
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    assert_eq!(
        tables_naming(&app, kari_id, "kari@example.no").await,
        before
    );
    assert_eq!(app.me(&kari).await.status(), 200);
}

async fn the_export_holds_every_row_that_names_the_patient(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, Some("Fysio")).await;
    let (kari, kari_id) = patient_with_everything(&app, &therapist, "kari@example.no").await;
    let (_ola, ola_id) = patient_with_everything(&app, &therapist, "ola@example.no").await;

    let response = get(&app, &kari, "/api/export").await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| crate::forms::header(&response, name);
    assert!(header("content-disposition").starts_with("attachment; filename=\"knip-"));
    assert!(header("cache-control").contains("no-store"));
    let text = response.text().await.unwrap();
    let export: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(export["user_id"], kari_id.to_string());

    // Every row of every table that names the patient, counted in the
    // database itself.
    let backend = app.db.get_database_backend();
    for (table, column) in PATIENT_COLUMNS {
        let count = Query::select()
            .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
            .from(Alias::new(*table))
            .and_where(Expr::col(Alias::new(*column)).eq(kari_id))
            .to_owned();
        let n: i64 = app
            .db
            .query_one_raw(backend.build(&count))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "n")
            .unwrap();
        assert!(n > 0, "{table}.{column}: the fixture has a row");
        let exported = export["tables"][*table].as_array().map_or(0, Vec::len);
        assert!(
            exported as i64 >= n,
            "{table}: {exported} exported of {n} naming the patient"
        );
    }
    // Readable values: the synced session as JSON, the account's email.
    assert_eq!(export["tables"]["users"][0]["email"], "kari@example.no");
    let entry = &export["tables"]["entries"][0]["payload"];
    assert_eq!(entry["kind"], "training", "{entry}");
    // No secrets, and nothing of the other patient.
    assert!(!text.contains("$argon2"), "a password hash in the export");
    assert!(export["tables"]["sessions"][0].get("token_hash").is_none());
    assert!(
        !text.contains(&ola_id.to_string()),
        "the other patient's id"
    );
    assert!(!text.contains("ola@example.no"));
    // The therapist has no export of their own, a stranger none at all.
    assert_eq!(get(&app, &therapist, "/api/export").await.status(), 403);
    assert_eq!(get(&app, "", "/api/export").await.status(), 401);
}

async fn the_csv_bundle_holds_the_same_rows_as_the_json_export(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, Some("Fysio")).await;
    let (kari, _) = patient_with_everything(&app, &therapist, "kari@example.no").await;
    let export: Value = get(&app, &kari, "/api/export").await.json().await.unwrap();

    let response = get(&app, &kari, "/api/export/csv").await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| crate::forms::header(&response, name);
    assert_eq!(header("content-type"), "application/zip");
    assert!(header("content-disposition").ends_with("-csv.zip\""));
    assert!(header("cache-control").contains("no-store"));
    let bytes = response.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    assert!(read("README.txt").contains("users.password_hash"));
    let tables = export["tables"].as_object().unwrap();
    for (table, rows) in tables {
        let csv = read(&format!("{table}.csv"));
        let csv = csv.strip_prefix('\u{FEFF}').expect("a byte-order mark");
        // Records, not lines: a quoted field may hold a line break.
        let mut records = 0;
        let mut quoted = false;
        for c in csv.chars() {
            match c {
                '"' => quoted = !quoted,
                '\n' if !quoted => records += 1,
                _ => {}
            }
        }
        let rows = rows.as_array().unwrap().len();
        assert_eq!(records, rows + 1, "{table}.csv: a header and {rows} rows");
    }
    let users = read("users.csv");
    assert!(users.contains("kari@example.no"));
    assert!(!users.contains("password_hash") && !users.contains("$argon2"));
    assert_eq!(get(&app, &therapist, "/api/export/csv").await.status(), 403);
}

async fn the_me_pages_form_erases_with_the_password_and_shows_a_refusal_as_a_page(
    backend: Backend,
) {
    use crate::forms::post_form;
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let (kari, kari_id) = patient_with_everything(&app, &therapist, "kari@example.no").await;
    let before = tables_naming(&app, kari_id, "kari@example.no").await;
    let form = |password: &'static str| [("password", password)];
    let cookie = [("cookie", kari.as_str())];

    // A wrong password: the page again with the message, in Norwegian by
    // default, and nothing erased.
    let response = post_form(&app, "/account/erase", &form("feil passord her"), &cookie).await;
    assert_eq!(response.status(), 403);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    assert!(page.contains("passord"), "{page}");
    // No session, or another site's form: refused as a page, nothing erased.
    let response = post_form(&app, "/account/erase", &form(PASSWORD), &[]).await;
    assert_eq!(response.status(), 401);
    let response = post_form(
        &app,
        "/account/erase",
        &form(PASSWORD),
        &[
            ("cookie", kari.as_str()),
            ("origin", "https://evil.example"),
        ],
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        tables_naming(&app, kari_id, "kari@example.no").await,
        before
    );

    let response = post_form(&app, "/account/erase", &form(PASSWORD), &cookie).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/?erased=1");
    assert_eq!(
        response.headers()["clear-site-data"],
        "\"cache\", \"storage\""
    );
    assert!(
        tables_naming(&app, kari_id, "kari@example.no")
            .await
            .is_empty()
    );
    // The landing page says it is done.
    let page = app
        .http
        .get(app.url("/?erased=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Kontoen din og alt i den er slettet."),
        "{page}"
    );
}

async fn logging_out_everywhere_ends_every_session_and_push_subscription(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let (phone, kari_id) = patient_with_everything(&app, &therapist, "kari@example.no").await;
    let tablet = session_cookie(&app.login("kari@example.no", PASSWORD).await);
    let (ola, ola_id) = patient_with_everything(&app, &therapist, "ola@example.no").await;
    let subscriptions = |id: Uuid| {
        let app = &app;
        async move {
            let count = Query::select()
                .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
                .from(Alias::new("push_subscriptions"))
                .and_where(Expr::col(Alias::new("user_id")).eq(id))
                .to_owned();
            app.db
                .query_one_raw(app.db.get_database_backend().build(&count))
                .await
                .unwrap()
                .unwrap()
                .try_get::<i64>("", "n")
                .unwrap()
        }
    };
    assert_eq!(subscriptions(kari_id).await, 1);

    let response = send(&app, "POST", &tablet, "/api/auth/logout-everywhere", None).await;
    assert_eq!(response.status(), 204);
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(app.me(&phone).await.status(), 401);
    assert_eq!(app.me(&tablet).await.status(), 401);
    assert_eq!(subscriptions(kari_id).await, 0);
    // The data stays, and the patient can log in again.
    let again = session_cookie(&app.login("kari@example.no", PASSWORD).await);
    let body = app.sync(&again, &Uuid::new_v4().to_string(), &[]).await;
    assert!(!body["changes"].as_array().unwrap().is_empty(), "{body}");
    // Another patient is not touched.
    assert_eq!(app.me(&ola).await.status(), 200);
    assert_eq!(subscriptions(ola_id).await, 1);
    // Without a session there is nothing to end.
    let response = send(&app, "POST", "", "/api/auth/logout-everywhere", None).await;
    assert_eq!(response.status(), 401);
}
