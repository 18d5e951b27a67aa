//! Erasing a patient's account: every row that names them, in one
//! transaction, so an erasure is whole or not at all.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};
use uuid::Uuid;

/// Every column of the schema that holds a patient's id, by table. Rows of
/// other tables reach the patient only through these (a group's meetings
/// through the group, which is the therapist's). The API test
/// `an_erased_account_leaves_no_row_behind` reads every table and column of
/// the database, so a table added later without a line here fails it.
pub const PATIENT_COLUMNS: &[(&str, &str)] = &[
    ("sessions", "user_id"),
    ("applied_ops", "user_id"),
    ("changes", "user_id"),
    ("entries", "user_id"),
    ("keyed_values", "user_id"),
    ("entry_facts", "user_id"),
    ("patient_overviews", "user_id"),
    ("push_subscriptions", "user_id"),
    ("push_sends", "user_id"),
    ("care_links", "patient_id"),
    ("access_log", "patient_id"),
    ("therapist_notes", "patient_id"),
    ("group_members", "patient_id"),
    // An invite code the patient used is spent; it goes with them.
    ("invites", "used_by"),
    ("users", "id"),
];

/// Deletes everything Knip keeps about the patient `user_id`, their login
/// sessions and links with therapists included.
pub async fn erase_patient(db: &DatabaseConnection, user_id: Uuid) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    for (table, column) in PATIENT_COLUMNS {
        let delete = Query::delete()
            .from_table(Alias::new(*table))
            .and_where(Expr::col(Alias::new(*column)).eq(user_id))
            .to_owned();
        txn.execute_raw(backend.build(&delete)).await?;
    }
    txn.commit().await
}
