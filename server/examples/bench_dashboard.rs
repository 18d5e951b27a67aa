//! Benchmark: the therapist's overview (`GET /api/therapist/patients`, first
//! page, most in need first) for a therapist with 200 patients on SQLite
//! and 10 000 on PostgreSQL, each with a year of history (a training day on
//! about 4 days of 5, a diary on 2 of 5, four questionnaires). Goal: p95 ≤
//! 100 ms (DESIGN §9).
//!
//! `cargo run --release -p server --example bench_dashboard`
//! (`make bench-dashboard`); `KNIP_BENCH_POSTGRES_URL` as for the other
//! benchmarks; `KNIP_BENCH_PG_PATIENTS` to change the 10 000.

use app::api::Me;
use app::api::care::PatientQuery;
use app::domain::Role;
use app::domain::sync::{PrescriptionSet, SetBy};
use app::domain::training::{Prescription, Programme};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Set};
use server::auth::CurrentSession;
use server::care::{Therapist, overview};
use server::db;
use server::db::entities::care::care_link;
use server::db::entities::sync::keyed_value;
use server::db::entities::user;
use std::time::{Duration, Instant};
use uuid::Uuid;

const RUNS: usize = 40;

async fn seed(conn: &DatabaseConnection, patients: usize) -> Therapist {
    db::migrations::run(conn).await.expect("migrate");
    let therapist = Uuid::now_v7();
    let person = |id: Uuid, email: String, role: &str| user::ActiveModel {
        id: Set(id),
        search_text: Set(Some(app::domain::search::person_text(None, &email))),
        email: Set(email),
        password_hash: Set("x".into()),
        display_name: Set(None),
        role: Set(role.into()),
        locale: Set("nb".into()),
        created_at: Set(0),
        change_seq: Set(0),
        disabled_at: Set(None),
    };
    user::Entity::insert(person(therapist, "fysio@bench.no".into(), "therapist"))
        .exec(conn)
        .await
        .expect("therapist");
    let today = time::OffsetDateTime::now_utc().date();
    let programme = serde_json::to_string(&PrescriptionSet {
        prescription: Prescription::default(),
        programme: Programme::new(today - time::Duration::days(365))
            .start_intensive(today - time::Duration::days(365))
            .expect("intensive"),
        set_by: SetBy::Patient,
    })
    .expect("json");
    let ids: Vec<Uuid> = (0..patients).map(|_| Uuid::now_v7()).collect();
    for chunk in ids.chunks(500) {
        user::Entity::insert_many(
            chunk
                .iter()
                .enumerate()
                .map(|(n, id)| person(*id, format!("p{}-{n}@bench.no", id.simple()), "patient")),
        )
        .exec(conn)
        .await
        .expect("patients");
        care_link::Entity::insert_many(chunk.iter().map(|id| care_link::ActiveModel {
            id: Set(Uuid::now_v7()),
            therapist_id: Set(therapist),
            patient_id: Set(*id),
            created_at: Set(0),
            consented_at: Set(Some(0)),
            revoked_at: Set(None),
        }))
        .exec(conn)
        .await
        .expect("links");
        keyed_value::Entity::insert_many(chunk.iter().map(|id| keyed_value::ActiveModel {
            user_id: Set(*id),
            key: Set("prescription".into()),
            value: Set(programme.clone()),
            client_ts: Set("2025-11-01T08:00:00Z".into()),
            device_id: Set(*id),
            updated_seq: Set(1),
        }))
        .exec(conn)
        .await
        .expect("programmes");
    }
    // A year of facts per patient, written in bulk by the database itself.
    let statements: [&str; 3] = match conn.get_database_backend() {
        DbBackend::Postgres => [
            "INSERT INTO entry_facts SELECT l.patient_id, gen_random_uuid(), 'session', to_char(current_date - d, 'YYYY-MM-DD'), 30, 3, NULL, NULL, NULL, NULL, NULL, false, 10, 3 FROM care_links l, generate_series(0, 364) d WHERE random() < 0.8",
            "INSERT INTO entry_facts SELECT l.patient_id, gen_random_uuid(), 'diary', to_char(current_date - d, 'YYYY-MM-DD'), 0, 0, (random() * 8)::int, (random() * 5)::int, NULL, NULL, NULL, false, NULL, NULL FROM care_links l, generate_series(0, 364) d WHERE random() < 0.4",
            "INSERT INTO entry_facts SELECT l.patient_id, gen_random_uuid(), 'prom', to_char(current_date - d, 'YYYY-MM-DD'), 0, 0, (random() * 8)::int, NULL, 3, 50, q.k, false, NULL, NULL FROM care_links l, (VALUES (364, 'baseline'), (273, 'month3'), (182, 'month6'), (0, 'month12')) AS q(d, k)",
        ],
        _ => [
            "WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 364) INSERT INTO entry_facts SELECT l.patient_id, randomblob(16), 'session', date('now', '-' || d.n || ' days'), 30, 3, NULL, NULL, NULL, NULL, NULL, 0, 10, 3 FROM care_links l, d WHERE abs(random()) % 10 < 8",
            "WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 364) INSERT INTO entry_facts SELECT l.patient_id, randomblob(16), 'diary', date('now', '-' || d.n || ' days'), 0, 0, abs(random()) % 9, abs(random()) % 6, NULL, NULL, NULL, 0, NULL, NULL FROM care_links l, d WHERE abs(random()) % 10 < 4",
            "INSERT INTO entry_facts SELECT l.patient_id, randomblob(16), 'prom', date('now', '-' || q.d || ' days'), 0, 0, abs(random()) % 9, NULL, 3, 50, q.k, 0, NULL, NULL FROM care_links l, (SELECT 364 AS d, 'baseline' AS k UNION ALL SELECT 273, 'month3' UNION ALL SELECT 182, 'month6' UNION ALL SELECT 0, 'month12') q",
        ],
    };
    for sql in statements {
        conn.execute_unprepared(sql).await.expect("facts");
    }
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute_unprepared("ANALYZE").await.expect("analyze");
    }
    Therapist(CurrentSession {
        user_id: therapist,
        token_hash: String::new(),
        me: Me {
            id: therapist.to_string(),
            email: "fysio@bench.no".into(),
            role: Role::Therapist,
            locale: "nb".into(),
            display_name: None,
        },
    })
}

async fn measure(name: &str, conn: &DatabaseConnection, patients: usize) {
    let started = Instant::now();
    let therapist = seed(conn, patients).await;
    let facts = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT COUNT(*) AS n FROM entry_facts",
        ))
        .await
        .expect("count")
        .and_then(|row| row.try_get::<i64>("", "n").ok())
        .unwrap_or(0);
    println!(
        "{name:<10} seeded {patients} patients, {facts} facts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let query = PatientQuery::default();
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let list = overview::patients(conn, &therapist, &query)
            .await
            .expect("overview");
        times.push(start.elapsed());
        assert_eq!(list.total, patients);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name:<10} overview, first page of {patients} patients: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        ms(times[RUNS / 2]),
        ms(times[RUNS * 95 / 100]),
        ms(times[RUNS - 1])
    );
    // For scripts/bench.sh's table.
    println!(
        "FIGURE|therapist dashboard p95 ({name}, {patients} patients)|{:.1} ms|",
        ms(times[RUNS * 95 / 100])
    );
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("knip-bench-dash-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let sqlite = db::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.join("knip.db").display()
    ))
    .await
    .expect("sqlite");
    measure("SQLite", &sqlite, 200).await;
    let _ = std::fs::remove_dir_all(&dir);

    let admin_url = std::env::var("KNIP_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let Ok(admin) = db::connect(&admin_url).await else {
        println!("PostgreSQL not reachable at {admin_url}; skipped");
        return;
    };
    let patients = std::env::var("KNIP_BENCH_PG_PATIENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let name = format!("knip_bench_{}", Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create db");
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b.to_owned())
        .expect("url");
    let pg = db::connect(&format!("{base}/{name}"))
        .await
        .expect("postgres");
    measure("PostgreSQL", &pg, patients).await;
    pg.close().await.ok();
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .ok();
}
