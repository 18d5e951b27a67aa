//! The patient's export (`GET /api/export`) equals the database row by row
//! and value by value, on both databases, whatever the values look like:
//! texts of every length from 0 to 40 characters (16 is what the SQLite
//! driver took for a UUID), texts that look like a UUID, JSON, a number or
//! a truth value, in every table the export holds (issue #27). The database
//! is read here with its own rendering of each value (text, or hex for
//! SQLite's bytes), never through the export's code.

use crate::account::{patient_with_everything, schema, strings};
use crate::care::{account, get};
use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;
use app::domain::Role;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, Set, Statement,
};
use serde_json::{Map, Value, json};
use server::auth::erase::PATIENT_COLUMNS;
use server::auth::export::LEFT_OUT;
use server::db::entities::care::{
    access_log, care_group, care_link, entry_fact, group_member, invite, patient_overview,
    therapist_note,
};
use server::db::entities::push::{push_send, push_subscription};
use server::db::entities::sync::{applied_op, change, entry, keyed_value};
use server::db::entities::user;
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

on_both_databases!(the_export_equals_the_database_value_by_value_whatever_the_text_looks_like,);

/// The only columns given as JSON: the synced payloads and values. A
/// therapist's note, a name or a key that looks like JSON stays text.
const JSON: &[(&str, &str)] = &[
    ("changes", "payload"),
    ("entries", "payload"),
    ("keyed_values", "value"),
];

/// Texts of every length from 0 to 40 characters (the 16-character one is
/// `prescription.set`), then texts that look like something else.
fn texts() -> Vec<String> {
    let mut texts: Vec<String> = (0..=40)
        .map(|n| {
            "prescription.set-setting:language"
                .chars()
                .cycle()
                .take(n)
                .collect()
        })
        .collect();
    texts.extend(
        [
            "setting:language",
            "70726573-6372-6970-7469-6f6e2e736574",
            "7072657363726970",
            "{\"a\": 1}",
            "[1, 2]",
            "42",
            "-3.5",
            "true",
            "null",
            "\"quoted\"",
            "Kari Ås, æøå",
        ]
        .map(String::from),
    );
    texts
}

/// The JSON text a synced payload could hold for the `i`th text.
fn json_text(i: usize, text: &str) -> String {
    match i % 4 {
        0 => json!({ "note": text, "n": i }).to_string(),
        1 => json!([text, i]).to_string(),
        2 => Value::String(text.to_owned()).to_string(),
        _ => i.to_string(),
    }
}

/// The most characters each bounded text column holds, as the database
/// says (PostgreSQL refuses longer texts; SQLite keeps any).
async fn limits(app: &TestApp) -> HashMap<(String, String), usize> {
    if app.db.get_database_backend() == DbBackend::Sqlite {
        return HashMap::new();
    }
    let sql = "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c, \
               CAST(character_maximum_length AS BIGINT) AS n FROM information_schema.columns \
               WHERE table_schema = 'public' AND character_maximum_length IS NOT NULL";
    let rows = app
        .db
        .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .expect("the limits");
    rows.iter()
        .map(|row| {
            let n: i64 = row.try_get("", "n").unwrap();
            (
                (row.try_get("", "t").unwrap(), row.try_get("", "c").unwrap()),
                n as usize,
            )
        })
        .collect()
}

/// A row of every text in every table that names the patient `id` and has
/// a text column, written straight through the entities: each text as
/// long as its column holds (a row whose key would repeat is left out).
async fn rows_of_every_text(app: &TestApp, id: Uuid, therapist: Uuid) {
    let db = &app.db;
    let big = 1_i64 << 40;
    let limits = limits(app).await;
    let fit = |table: &str, column: &str, text: &str| -> String {
        match limits.get(&(table.to_owned(), column.to_owned())) {
            Some(n) => text.chars().take(*n).collect(),
            None => text.to_owned(),
        }
    };
    let mut keys = HashSet::new();
    for (i, text) in texts().into_iter().enumerate() {
        let n = i as i64;
        change::ActiveModel {
            user_id: Set(id),
            seq: Set(1000 + n),
            op_id: Set(Uuid::new_v4()),
            kind: Set(fit("changes", "kind", &text)),
            device_id: Set(Uuid::new_v4()),
            client_ts: Set(fit("changes", "client_ts", &text)),
            payload: Set(json_text(i, &text)),
        }
        .insert(db)
        .await
        .expect("a change");
        applied_op::ActiveModel {
            user_id: Set(id),
            op_id: Set(Uuid::new_v4()),
            seq: Set(1000 + n),
            applied_at: Set(big + n),
        }
        .insert(db)
        .await
        .expect("an applied op");
        entry::ActiveModel {
            user_id: Set(id),
            id: Set(Uuid::new_v4()),
            family: Set(fit("entries", "family", &text)),
            payload: Set(json_text(i + 1, &text)),
            deleted: Set(i % 2 == 0),
            updated_seq: Set(n),
            client_ts: Set((i % 3 != 0).then(|| fit("entries", "client_ts", &text))),
            device_id: Set((i % 3 != 1).then(Uuid::new_v4)),
        }
        .insert(db)
        .await
        .expect("an entry");
        keyed_value::ActiveModel {
            user_id: Set(id),
            key: Set(fit("keyed_values", "key", &text)),
            value: Set(json_text(i + 2, &text)),
            client_ts: Set(fit("keyed_values", "client_ts", &text)),
            device_id: Set(Uuid::new_v4()),
            updated_seq: Set(-n),
        }
        .insert(db)
        .await
        .expect("a keyed value");
        entry_fact::ActiveModel {
            user_id: Set(id),
            entry_id: Set(Uuid::new_v4()),
            family: Set(fit("entry_facts", "family", &text)),
            day: Set(fit("entry_facts", "day", &text)),
            reps: Set(i as i32),
            rounds: Set(-(i as i32)),
            pain: Set((i % 2 == 0).then_some(i as i16)),
            leakage: Set((i % 3 == 0).then_some(i as i32)),
            pgi_i: Set((i % 2 == 1).then_some(7)),
            goals: Set((i % 5 == 0).then_some(100)),
            questionnaire: Set((i % 2 == 0).then(|| fit("entry_facts", "questionnaire", &text))),
            hurt: Set(i % 2 == 1),
            asked_reps_per_round: Set((i % 2 == 0).then_some(i as i16)),
            asked_rounds_per_day: Set((i % 2 == 0).then_some(3)),
        }
        .insert(db)
        .await
        .expect("an entry's fact");
        push_subscription::ActiveModel {
            id: Set(Uuid::new_v4()),
            user_id: Set(id),
            device_id: Set(Uuid::new_v4()),
            endpoint: Set(fit("push_subscriptions", "endpoint", &text)),
            p256dh: Set(fit("push_subscriptions", "p256dh", &text)),
            auth: Set(fit("push_subscriptions", "auth", &text)),
            created_at: Set(n),
        }
        .insert(db)
        .await
        .expect("a push subscription");
        let (day, at) = (
            fit("push_sends", "local_day", &text),
            fit("push_sends", "at", &text),
        );
        if keys.insert(("push_sends", format!("{day} {at}"))) {
            push_send::ActiveModel {
                user_id: Set(id),
                local_day: Set(day),
                at: Set(at),
                claimed_at: Set(big),
            }
            .insert(db)
            .await
            .expect("a sent reminder");
        }
        access_log::ActiveModel {
            id: Set(Uuid::new_v4()),
            patient_id: Set(id),
            therapist_id: Set(therapist),
            therapist_name: Set(fit("access_log", "therapist_name", &text)),
            what: Set(fit("access_log", "what", &text)),
            at: Set(n),
            // Unique per row: (patient, therapist, what, day) is a unique key,
            // and PostgreSQL cuts the texts to the columns' lengths.
            sighting_day: Set((i % 2 == 0).then(|| format!("d{i:04}"))),
            times: Set(i as i32 + 1),
            last_at: Set((i % 2 == 1).then_some(n)),
        }
        .insert(db)
        .await
        .expect("a read");
        therapist_note::ActiveModel {
            id: Set(Uuid::new_v4()),
            therapist_id: Set(therapist),
            patient_id: Set(id),
            at: Set(n),
            text: Set(text.clone()),
        }
        .insert(db)
        .await
        .expect("a note");
        let code = fit("invites", "code", &text);
        if keys.insert(("invites", code.clone())) {
            invite::ActiveModel {
                code: Set(code.clone()),
                therapist_id: Set(therapist),
                created_at: Set(n),
                expires_at: Set(big),
                used_by: Set(Some(id)),
                used_at: Set((i % 2 == 0).then_some(n)),
            }
            .insert(db)
            .await
            .expect("a spent invite");
        }
        if i % 10 == 0 {
            let group = Uuid::new_v4();
            care_group::ActiveModel {
                id: Set(group),
                therapist_id: Set(therapist),
                name: Set(fit("care_groups", "name", &text)),
                created_at: Set(n),
            }
            .insert(db)
            .await
            .expect("a group");
            group_member::ActiveModel {
                group_id: Set(group),
                patient_id: Set(id),
                added_at: Set(n),
            }
            .insert(db)
            .await
            .expect("a place in a group");
            care_link::ActiveModel {
                id: Set(Uuid::new_v4()),
                therapist_id: Set(therapist),
                patient_id: Set(id),
                created_at: Set(n),
                consented_at: Set(None),
                revoked_at: Set(Some(big)),
            }
            .insert(db)
            .await
            .expect("an ended link");
        }
    }
    // The tables with one row per patient get 16-byte and look-alike texts.
    let mut me = user::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    me.display_name = Set(Some("Kari Nordmann Li".to_owned()));
    me.update(db).await.expect("the patient's name");
    let mut overview = patient_overview::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .expect("the therapist's overview row")
        .into_active_model();
    overview.phase = Set(Some("setting:language".to_owned()));
    overview.flags = Set("{\"a\": 1}".to_owned());
    overview.update(db).await.expect("the overview row");
}

/// Each row of `table` that names `id` as the database renders it: per
/// column, its value as the database's text (hex for SQLite's bytes), read
/// into the JSON the export must give by the stored type.
async fn database_rows(
    app: &TestApp,
    table: &str,
    column: &str,
    id: Uuid,
) -> Vec<Map<String, Value>> {
    let backend = app.db.get_database_backend();
    let sqlite = backend == DbBackend::Sqlite;
    let columns: Vec<String> = schema(app)
        .await
        .into_iter()
        .find(|(t, _)| t == table)
        .expect("the table")
        .1
        .into_iter()
        .filter(|c| !LEFT_OUT.contains(&(table, c.as_str())))
        .collect();
    // SQLite keeps a boolean as an integer: its declared type tells.
    let booleans = if sqlite {
        strings(
            app,
            format!(
                "SELECT name AS v FROM pragma_table_info('{table}') WHERE lower(type) LIKE '%bool%'"
            ),
        )
        .await
    } else {
        Vec::new()
    };
    let mut select = Query::select();
    for c in &columns {
        let (kind, value) = if sqlite {
            (
                format!("typeof(\"{c}\")"),
                format!(
                    "CASE WHEN typeof(\"{c}\") = 'blob' THEN lower(hex(\"{c}\")) ELSE CAST(\"{c}\" AS TEXT) END"
                ),
            )
        } else {
            (
                format!("CAST(pg_typeof(\"{c}\") AS TEXT)"),
                format!("CAST(\"{c}\" AS TEXT)"),
            )
        };
        select
            .expr_as(Expr::cust(kind), Alias::new(format!("t_{c}")))
            .expr_as(Expr::cust(value), Alias::new(format!("v_{c}")));
    }
    select
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new(column)).eq(id));
    let rows = app
        .db
        .query_all_raw(backend.build(&select))
        .await
        .expect("the rows");
    rows.iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| {
                    let kind: String = row.try_get("", &format!("t_{c}")).expect("a type");
                    let value: Option<String> =
                        row.try_get("", &format!("v_{c}")).expect("a value");
                    let json = JSON.contains(&(table, c.as_str()));
                    let expected = match (value, kind.as_str()) {
                        (None, _) => Value::Null,
                        (Some(hex), "blob") => {
                            Value::String(Uuid::parse_str(&hex).expect("16 bytes").to_string())
                        }
                        (Some(text), "text" | "character varying") if json => {
                            serde_json::from_str(&text).expect("JSON text")
                        }
                        (Some(text), "text" | "character varying" | "uuid") => Value::String(text),
                        (Some(n), "integer") if booleans.contains(c) => Value::Bool(n == "1"),
                        (Some(b), "boolean") => Value::Bool(b == "true"),
                        (Some(n), "integer" | "bigint" | "smallint") => {
                            Value::from(n.parse::<i64>().expect("a whole number"))
                        }
                        (Some(text), other) => panic!("{table}.{c}: a {other} value {text}"),
                    };
                    (c.clone(), expected)
                })
                .collect()
        })
        .collect()
}

async fn the_export_equals_the_database_value_by_value_whatever_the_text_looks_like(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, Some("Fysio")).await;
    let therapist_id: Value = app.me(&therapist).await.json().await.unwrap();
    let therapist_id = Uuid::parse_str(therapist_id["id"].as_str().unwrap()).unwrap();
    // 16 bytes, like `prescription.set`.
    let email = "kari@example.com";
    let (kari, kari_id) = patient_with_everything(&app, &therapist, email).await;
    patient_with_everything(&app, &therapist, "ola@example.no").await;
    rows_of_every_text(&app, kari_id, therapist_id).await;

    let export: Value = get(&app, &kari, "/api/export").await.json().await.unwrap();
    let tables = export["tables"].as_object().expect("tables");
    for (table, column) in PATIENT_COLUMNS {
        let mut exported = tables[*table].as_array().expect("rows").clone();
        let database = database_rows(&app, table, column, kari_id).await;
        assert!(!database.is_empty(), "{table}: the fixture has rows");
        // Row by row: each row of the database is exported exactly once,
        // every value equal, and no other row is.
        for row in database {
            let row = Value::Object(row);
            let at = exported.iter().position(|e| *e == row);
            let Some(at) = at else {
                let near = exported
                    .iter()
                    .find(|e| e.get("seq").is_some() && e.get("seq") == row.get("seq"));
                panic!("{table}: the database's row\n{row}\nis not in the export; near: {near:?}");
            };
            exported.remove(at);
        }
        assert!(
            exported.is_empty(),
            "{table}: rows not in the database: {exported:?}"
        );
    }
    let listed: BTreeSet<&str> = PATIENT_COLUMNS.iter().map(|(t, _)| *t).collect();
    assert_eq!(
        tables.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        listed
    );
    // What the issue saw, in words.
    let has = |table: &str, column: &str, value: Value| {
        tables[table]
            .as_array()
            .unwrap()
            .iter()
            .any(|row| row[column] == value)
    };
    assert!(has("changes", "kind", json!("prescription.set")));
    assert!(has("keyed_values", "key", json!("setting:language")));
    assert!(has("keyed_values", "key", json!("setting:sound")));
    assert!(has("therapist_notes", "text", json!("{\"a\": 1}")));
    assert!(has("therapist_notes", "text", json!("42")));
    assert!(has("therapist_notes", "text", json!("")));
    assert!(has("users", "email", json!(email)));
    assert!(has("users", "display_name", json!("Kari Nordmann Li")));
    assert!(
        has("keyed_values", "value", json!(false)),
        "the sound setting as JSON"
    );
}
