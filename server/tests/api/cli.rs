//! The `server` binary's commands, run as an operator would.

use crate::helpers::{Backend, TestApp, expect_error};
use crate::on_both_databases;
use std::io::Write;
use std::process::{Command, Output, Stdio};

on_both_databases!(
    user_create_makes_a_staff_account_that_can_log_in,
    user_create_refuses_a_weak_password,
    demo_seeds_a_believable_clinic_once,
    a_backup_restores_into_a_server_that_serves_it,
);

/// Runs the `server` binary like an operator would, off the async runtime.
async fn server(database_url: &str, args: &[&str], stdin: &str) -> Output {
    let database_url = database_url.to_owned();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let stdin = stdin.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(&args)
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server binary");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        child
            .wait_with_output()
            .expect("wait for the server binary")
    })
    .await
    .expect("the server binary's task")
}

async fn user_create_makes_a_staff_account_that_can_log_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let out = server(
        &app.database_url,
        &[
            "user",
            "create",
            "--email",
            "Terapeut@Example.no",
            "--role",
            "therapist",
        ],
        "lang og trygt passord\n",
    )
    .await;
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let response = app
        .login("terapeut@example.no", "lang og trygt passord")
        .await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["user"]["role"], "therapist");
}

async fn user_create_refuses_a_weak_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let out = server(
        &app.database_url,
        &[
            "user",
            "create",
            "--email",
            "t@example.no",
            "--role",
            "admin",
        ],
        "kort\n",
    )
    .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));
    expect_error(app.login("t@example.no", "kort").await, 401).await;
}

#[tokio::test]
async fn backup_writes_a_consistent_copy_and_never_overwrites() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    assert_eq!(app.register("kari@example.no").await.status(), 201);
    let dir = std::env::temp_dir().join(format!("knip-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("copy.db");
    let target_arg = target.to_str().unwrap().to_owned();
    let out = server(&app.database_url, &["backup", "--to", &target_arg], "").await;
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy = server::db::connect(&format!("sqlite://{target_arg}"))
        .await
        .unwrap();
    let users = server::auth::accounts::find_by_email(
        &copy,
        &app::domain::Email::parse("kari@example.no").unwrap(),
    )
    .await
    .unwrap();
    assert!(users.is_some(), "the copy holds the account");
    copy.close().await.unwrap();

    let again = server(&app.database_url, &["backup", "--to", &target_arg], "").await;
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The real server binary serving a fresh SQLite file, with `env`; its
/// stderr as asked. Returns it, its URL (from the line it prints on stdout)
/// and the folder to remove afterwards.
fn serve_binary(
    name: &str,
    env: &[(&str, &str)],
    stderr: Stdio,
) -> (std::process::Child, String, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("knip-{name}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("knip.db").display()),
        )
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    // The "running at" line.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    let base = line.trim().rsplit(' ').next().unwrap().to_owned();
    (child, base, dir)
}

#[cfg(unix)]
#[tokio::test]
async fn json_logs_are_one_object_per_line_on_stderr() {
    let (child, base, dir) = serve_binary(
        "json",
        &[("RUST_LOG", "info"), ("KNIP_LOG_FORMAT", "json")],
        Stdio::piped(),
    );
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(!lines.is_empty(), "the server logged nothing");
    for line in &lines {
        assert!(
            line["level"].is_string() && line["timestamp"].is_string(),
            "{line}"
        );
    }
    // The request's line carries its span: method, path and request id.
    assert!(
        lines.iter().any(|l| l["span"]["path"] == "/healthz"
            && l["span"]["request_id"]
                .as_str()
                .is_some_and(|id| id.len() == 36)),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(unix)]
#[tokio::test]
async fn serve_stops_cleanly_on_sigterm() {
    let (mut child, _, dir) = serve_binary("sigterm", &[("RUST_LOG", "warn")], Stdio::null());
    // Ask it to stop.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(
        exit.success(),
        "graceful shutdown exits with 0, got {exit:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

async fn demo_seeds_a_believable_clinic_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let out = server(&app.database_url, &["demo"], "").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("fysio@demo.knip.no"), "{printed}");
    assert_eq!(app.count("users").await, 31);
    assert_eq!(app.count("care_links").await, 30);
    assert_eq!(app.count("care_groups").await, 1);
    assert_eq!(app.count("group_members").await, 10);
    // A year of history for some: sessions, diary days and answers.
    assert!(app.count("entry_facts").await > 3000);
    // The therapist logs in and sees the clinic, most in need first.
    let login = app
        .login("fysio@demo.knip.no", server::cli::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(login.status(), 200);
    let cookie = crate::helpers::session_cookie(&login);
    let list: serde_json::Value = app
        .http
        .get(app.url("/api/therapist/patients"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 30);
    assert!(
        !list["patients"][0]["flags"].as_array().unwrap().is_empty(),
        "{list}"
    );
    // A second run changes nothing.
    let again = server(&app.database_url, &["demo"], "").await;
    assert!(again.status.success());
    assert_eq!(app.count("users").await, 31);
}

/// `n` new training sessions from a device, through `POST /api/sync` of
/// the real binary at `base`; the answer.
async fn sync_sessions(base: &str, cookie: &str, device: &str, n: usize) -> serde_json::Value {
    let ops: Vec<_> = (0..n)
        .map(|_| crate::sync::session_op(uuid::Uuid::now_v7()))
        .collect();
    let response = reqwest::Client::new()
        .post(format!("{base}/api/sync"))
        .header("cookie", cookie)
        .json(&serde_json::json!({"device_id": device, "cursor": null, "ops": ops}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// A patient's account and ops made through the real binary.
async fn patient_with_ops(base: &str, ops: usize) -> (String, String) {
    let http = reqwest::Client::new();
    let cookie = crate::helpers::register_on(&http, base, "kari@example.no").await;
    let device = uuid::Uuid::new_v4().to_string();
    sync_sessions(base, &cookie, &device, ops).await;
    (cookie, device)
}

/// The number of changes a new device pulls after logging in to `base`.
async fn pulled_after_login(base: &str) -> usize {
    let http = reqwest::Client::new();
    let login = http
        .post(format!("{base}/api/auth/login"))
        .json(
            &serde_json::json!({"email": "kari@example.no", "password": crate::helpers::PASSWORD}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200, "the restored account logs in");
    let cookie = crate::helpers::session_cookie(&login);
    let answer = sync_sessions(base, &cookie, &uuid::Uuid::new_v4().to_string(), 0).await;
    answer["changes"].as_array().unwrap().len()
}

/// The restore README describes: SQLite, `server backup` and the copy put
/// in place of the database file; PostgreSQL, `pg_dump --format=custom` and
/// `pg_restore` into a new database. Either way a server started on the
/// restored database serves what was there at the backup, and nothing after.
async fn a_backup_restores_into_a_server_that_serves_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (server_process, base) = crate::helpers::start_server(&app.database_url, &[]);
    let (cookie, device) = patient_with_ops(&base, 12).await;
    let dir = std::env::temp_dir().join(format!("knip-restore-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();

    // The backup, taken while the server runs.
    let restored_url = match backend {
        Backend::Sqlite => {
            let copy = dir.join("backup.db");
            let copy_arg = copy.to_str().unwrap();
            let out = server(&app.database_url, &["backup", "--to", copy_arg], "").await;
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            // Restoring is putting the copy where the server's file is.
            let restored = dir.join("knip.db");
            std::fs::copy(&copy, &restored).unwrap();
            format!("sqlite://{}?mode=rw", restored.display())
        }
        Backend::Postgres => {
            let dump = dir.join("knip.dump");
            let status = Command::new("pg_dump")
                .args(["--format=custom", "--file"])
                .arg(&dump)
                .arg(&app.database_url)
                .status()
                .expect("pg_dump (PostgreSQL's client tools)");
            assert!(status.success(), "pg_dump");
            let name = format!("knip_restored_{}", uuid::Uuid::new_v4().simple());
            let admin = crate::helpers::postgres_admin_url();
            let created = Command::new("psql")
                .args([admin.as_str(), "-qc", &format!("CREATE DATABASE {name}")])
                .status()
                .unwrap();
            assert!(created.success(), "create the database to restore into");
            let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
            let status = Command::new("pg_restore")
                .args(["--no-owner", "--exit-on-error", "--dbname", &url])
                .arg(&dump)
                .status()
                .expect("pg_restore");
            assert!(status.success(), "pg_restore");
            url
        }
    };

    // What happens after the backup is not in it.
    sync_sessions(&base, &cookie, &device, 3).await;
    assert_eq!(pulled_after_login(&base).await, 15);
    drop(server_process);

    let (restored_server, restored_base) = crate::helpers::start_server(&restored_url, &[]);
    assert_eq!(
        pulled_after_login(&restored_base).await,
        12,
        "the restored server has what the backup held"
    );
    drop(restored_server);
    if backend == Backend::Postgres {
        let name = restored_url.rsplit('/').next().unwrap();
        let _ = Command::new("psql")
            .args([
                crate::helpers::postgres_admin_url().as_str(),
                "-qc",
                &format!("DROP DATABASE {name} WITH (FORCE)"),
            ])
            .status();
    }
    let _ = std::fs::remove_dir_all(dir);
}
