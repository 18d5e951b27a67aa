//! A patient's copy of everything Knip keeps about them: every row of every
//! table that names them ([`PATIENT_COLUMNS`], the list the erasure uses and
//! a test proves complete), column by column, as JSON.

use super::erase::PATIENT_COLUMNS;
use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, QueryResult};
use serde_json::{Map, Value};
use uuid::Uuid;

/// Secrets that would help someone who got hold of the file attack the
/// account; they say nothing about the patient.
pub const LEFT_OUT: &[(&str, &str)] = &[("users", "password_hash"), ("sessions", "token_hash")];

/// `{ table: [ { column: value } ] }` for every table that can name the patient.
pub async fn patient_tables(
    db: &DatabaseConnection,
    user_id: Uuid,
) -> Result<Map<String, Value>, DbErr> {
    let backend = db.get_database_backend();
    let mut tables = Map::new();
    for (table, column) in PATIENT_COLUMNS {
        let select = Query::select()
            .column(Asterisk)
            .from(Alias::new(*table))
            .and_where(Expr::col(Alias::new(*column)).eq(user_id))
            .to_owned();
        let rows = db.query_all_raw(backend.build(&select)).await?;
        let rows: Vec<Value> = rows.iter().map(|row| row_json(table, row)).collect();
        match tables.get_mut(*table) {
            Some(Value::Array(existing)) => existing.extend(rows),
            _ => {
                tables.insert((*table).to_owned(), Value::Array(rows));
            }
        }
    }
    Ok(tables)
}

fn row_json(table: &str, row: &QueryResult) -> Value {
    let mut object = Map::new();
    for (i, name) in row.column_names().into_iter().enumerate() {
        if LEFT_OUT.contains(&(table, name.as_str())) {
            continue;
        }
        object.insert(name, cell(row, i));
    }
    Value::Object(object)
}

/// One value, whatever its type in either database. Text that holds JSON
/// (synced payloads) is given as JSON.
fn cell(row: &QueryResult, i: usize) -> Value {
    macro_rules! try_as {
        ($t:ty, $into:expr) => {
            if let Ok(v) = row.try_get_by_index::<Option<$t>>(i) {
                return v.map_or(Value::Null, $into);
            }
        };
    }
    try_as!(Uuid, |v| Value::String(v.to_string()));
    try_as!(i64, Value::from);
    try_as!(i32, Value::from);
    try_as!(i16, Value::from);
    try_as!(bool, Value::from);
    try_as!(f64, Value::from);
    try_as!(String, |v: String| {
        match serde_json::from_str::<Value>(&v) {
            Ok(json @ (Value::Object(_) | Value::Array(_))) => json,
            _ => Value::String(v),
        }
    });
    try_as!(Vec<u8>, |v: Vec<u8>| {
        Value::String(v.iter().map(|b| format!("{b:02x}")).collect())
    });
    Value::Null
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
    fn an_empty_table_has_no_columns() {
        assert_eq!(table_csv(&json!([])), "\u{FEFF}\r\n");
    }
}
