//! Caps per account (the numbers and why: `app::domain::care` and
//! `app::domain::groups`), checked in the transaction that adds the row,
//! after taking the owner's write lock, so requests at the same moment
//! cannot both pass the count and end above the cap.

use crate::db::entities::user;
use crate::error::ApiError;
use app::api::ErrorCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

/// 409 `limit_reached`: `message` says the limit and what to do.
pub fn reached(message: String) -> ApiError {
    ApiError::new(ErrorCode::LimitReached, message)
}

/// Writes the account's row without changing it, as the transaction's
/// first statement: that takes the row's lock (PostgreSQL) or the write
/// lock (SQLite) before anything is counted, so the account's additions
/// are counted one after another (as `sync::apply` does for a user's log).
pub async fn lock_account<C: ConnectionTrait>(txn: &C, user_id: Uuid) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::ChangeSeq, Expr::col(user::Column::ChangeSeq))
        .filter(user::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}
