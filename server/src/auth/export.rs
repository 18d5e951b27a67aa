//! A patient's copy of everything Knip keeps about them: every row of every
//! table that names them ([`PATIENT_COLUMNS`], the list the erasure uses and
//! a test proves complete), column by column, as JSON.
//!
//! Each value is read by the type its table's entity declares, never by
//! what it looks like: the SQLite driver reads any 16-byte text as a UUID
//! and any text as bytes, so trying types in turn gave `prescription.set`
//! as a UUID (issue #27). Only the columns [`JSON_COLUMNS`] names hold JSON
//! and are given as JSON; a note that looks like JSON stays text.

use super::erase::PATIENT_COLUMNS;
use crate::db::entities::{care, push, session, sync, user};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ColumnType, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IdenStatic,
    Iterable, QueryResult,
};
use serde_json::{Map, Value};
use uuid::Uuid;

/// Secrets that would help someone who got hold of the file attack the
/// account; they say nothing about the patient.
pub const LEFT_OUT: &[(&str, &str)] = &[("users", "password_hash"), ("sessions", "token_hash")];

/// The columns that hold a synced payload or value as JSON text (written by
/// `sync/log.rs` from a parsed op), given as JSON. Every other text is
/// given as the text it is.
pub const JSON_COLUMNS: &[(&str, &str)] = &[
    ("changes", "payload"),
    ("entries", "payload"),
    ("keyed_values", "value"),
];

/// A table's name and its columns with their declared types.
pub struct Declared {
    pub table: &'static str,
    pub columns: Vec<(&'static str, ColumnType)>,
}

fn declared<E: EntityTrait>() -> Declared {
    Declared {
        table: E::default().table_name(),
        columns: E::Column::iter()
            .map(|c| (c.as_str(), c.def().get_column_type().clone()))
            .collect(),
    }
}

/// The entity of every table [`PATIENT_COLUMNS`] names, for its columns'
/// types. A unit test below keeps the two lists in step.
const EXPORTED: &[fn() -> Declared] = &[
    declared::<session::Entity>,
    declared::<sync::applied_op::Entity>,
    declared::<sync::change::Entity>,
    declared::<sync::entry::Entity>,
    declared::<sync::keyed_value::Entity>,
    declared::<care::entry_fact::Entity>,
    declared::<care::patient_overview::Entity>,
    declared::<push::push_subscription::Entity>,
    declared::<push::push_send::Entity>,
    declared::<care::care_link::Entity>,
    declared::<care::access_log::Entity>,
    declared::<care::therapist_note::Entity>,
    declared::<care::group_member::Entity>,
    declared::<care::invite::Entity>,
    declared::<user::Entity>,
];

/// The declared columns of `table`, if it is exported.
pub fn declared_columns(table: &str) -> Option<Declared> {
    EXPORTED.iter().map(|f| f()).find(|d| d.table == table)
}

/// `{ table: [ { column: value } ] }` for every table that can name the patient.
pub async fn patient_tables(
    db: &DatabaseConnection,
    user_id: Uuid,
) -> Result<Map<String, Value>, DbErr> {
    let backend = db.get_database_backend();
    let mut tables = Map::new();
    for (table, column) in PATIENT_COLUMNS {
        let declared = declared_columns(table)
            .ok_or_else(|| DbErr::Custom(format!("the export declares no columns for {table}")))?;
        let columns: Vec<_> = declared
            .columns
            .iter()
            .filter(|(name, _)| !LEFT_OUT.contains(&(*table, *name)))
            .collect();
        let select = Query::select()
            .columns(columns.iter().map(|(name, _)| Alias::new(*name)))
            .from(Alias::new(*table))
            .and_where(Expr::col(Alias::new(*column)).eq(user_id))
            .to_owned();
        let rows = db.query_all_raw(backend.build(&select)).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut object = Map::new();
            for (name, kind) in &columns {
                let json = JSON_COLUMNS.contains(&(*table, *name));
                object.insert((*name).to_owned(), cell(row, name, kind, json)?);
            }
            out.push(Value::Object(object));
        }
        match tables.get_mut(*table) {
            Some(Value::Array(existing)) => existing.extend(out),
            _ => {
                tables.insert((*table).to_owned(), Value::Array(out));
            }
        }
    }
    Ok(tables)
}

/// One value, read as the type its column is declared with.
fn cell(row: &QueryResult, name: &str, kind: &ColumnType, json: bool) -> Result<Value, DbErr> {
    fn get<T: sea_orm::TryGetable>(row: &QueryResult, name: &str) -> Result<Option<T>, DbErr> {
        row.try_get::<Option<T>>("", name)
    }
    Ok(match kind {
        ColumnType::Uuid => get::<Uuid>(row, name)?.map(|v| Value::String(v.to_string())),
        ColumnType::BigInteger => get::<i64>(row, name)?.map(Value::from),
        ColumnType::Integer => get::<i32>(row, name)?.map(Value::from),
        ColumnType::SmallInteger => get::<i16>(row, name)?.map(Value::from),
        ColumnType::Boolean => get::<bool>(row, name)?.map(Value::from),
        ColumnType::Double | ColumnType::Float => get::<f64>(row, name)?.map(Value::from),
        ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_) => {
            get::<String>(row, name)?.map(|text| match json {
                // Written from a parsed op, so it parses; should it not,
                // the text itself is still the patient's data.
                true => serde_json::from_str(&text).unwrap_or(Value::String(text)),
                false => Value::String(text),
            })
        }
        other => {
            return Err(DbErr::Custom(format!(
                "the export has no reading for the column type {other:?} of {name}"
            )));
        }
    }
    .unwrap_or(Value::Null))
}

/// The same tables as a zip of CSV files, for a spreadsheet: `README.txt`,
/// then `<table>.csv` for each table with a header row of its column names.
pub fn csv_bundle(
    tables: &Map<String, Value>,
    readme: &str,
) -> Result<Vec<u8>, zip::result::ZipError> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // Stored, not compressed: the files are small, and no codec is linked.
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("README.txt", options)?;
    zip.write_all(readme.as_bytes())?;
    for (table, rows) in tables {
        zip.start_file(format!("{table}.csv"), options)?;
        zip.write_all(table_csv(rows).as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// One table as CSV (RFC 4180, CRLF line ends, a byte-order mark so that
/// spreadsheets read æ, ø and å right): the columns every row has, in the
/// order first seen; nested JSON as its text.
pub fn table_csv(rows: &Value) -> String {
    let rows = rows.as_array().map(Vec::as_slice).unwrap_or_default();
    let mut columns: Vec<&str> = Vec::new();
    for row in rows.iter().filter_map(Value::as_object) {
        for key in row.keys() {
            if !columns.contains(&key.as_str()) {
                columns.push(key);
            }
        }
    }
    let mut out = String::from("\u{FEFF}");
    let header: Vec<String> = columns.iter().map(|c| field(c, true)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match row.get(*c) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(text)) => field(text, true),
                Some(other) => field(&other.to_string(), false),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV field: quoted when it holds a comma, a quote or a line break.
/// A text a spreadsheet would run as a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return; a therapist's note could) gets a
/// leading apostrophe, as OWASP advises against CSV injection; numbers and
/// JSON do not.
fn field(text: &str, is_text: bool) -> String {
    let guarded = if is_text && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_table_becomes_quoted_csv_with_every_column() {
        let rows = json!([
            {"id": 1, "note": "Long walk, then \"rest\"", "payload": {"a": 1}},
            {"id": 2, "extra": "æøå\nline two", "note": null}
        ]);
        assert_eq!(
            table_csv(&rows),
            "\u{FEFF}id,note,payload,extra\r\n\
             1,\"Long walk, then \"\"rest\"\"\",\"{\"\"a\"\":1}\",\r\n\
             2,,,\"æøå\nline two\"\r\n"
        );
    }

    #[test]
    fn texts_a_spreadsheet_would_run_are_defused_but_numbers_are_not() {
        assert_eq!(
            field("=HYPERLINK(\"x\")", true),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(field("@SUM(A1)", true), "'@SUM(A1)");
        assert_eq!(field("-5", false), "-5");
        assert_eq!(field("plain", true), "plain");
    }

    #[test]
    fn every_table_that_names_a_patient_has_declared_columns() {
        for (table, column) in PATIENT_COLUMNS {
            let declared = declared_columns(table).unwrap_or_else(|| panic!("{table}"));
            assert!(
                declared.columns.iter().any(|(name, _)| name == column),
                "{table}.{column}"
            );
        }
        for (table, column) in JSON_COLUMNS.iter().chain(LEFT_OUT) {
            let declared = declared_columns(table).unwrap_or_else(|| panic!("{table}"));
            assert!(
                declared.columns.iter().any(|(name, _)| name == column),
                "{table}.{column}"
            );
        }
    }

    #[test]
    fn an_empty_table_has_no_columns() {
        assert_eq!(table_csv(&json!([])), "\u{FEFF}\r\n");
    }
}
