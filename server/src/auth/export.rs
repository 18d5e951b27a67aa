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
