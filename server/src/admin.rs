//! The admin's work: making therapists' accounts and disabling them. An
//! admin reads staff accounts only (email, name, status), never a
//! patient's data.

use crate::auth::CurrentSession;
use crate::auth::accounts::{self, NewAccount};
use crate::db::entities::care::invite;
use crate::db::entities::{session, user};
use crate::db::now_unix;
use crate::error::ApiError;
use crate::state::AppState;
use app::api::ErrorCode;
use app::api::care::{NewTherapist, StaffAccount, StaffList};
use app::domain::Role;
use app::domain::account::Registration;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use uuid::Uuid;

/// A signed-in admin (403 for any other role).
#[derive(Debug, Clone)]
pub struct Admin(pub CurrentSession);

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = CurrentSession::from_request_parts(parts, state).await?;
        match session.me.role {
            Role::Admin => Ok(Self(session)),
            _ => Err(ApiError::new(
                ErrorCode::Forbidden,
                "Only an admin can do this. Log in with an admin account.",
            )),
        }
    }
}

fn staff(u: user::Model) -> StaffAccount {
    StaffAccount {
        id: u.id,
        email: u.email,
        name: u.display_name,
        created_at: crate::care::rfc3339(u.created_at),
        disabled: u.disabled_at.is_some(),
    }
}

/// Every therapist account, by email.
pub async fn therapists(state: &AppState, _: &Admin) -> Result<StaffList, ApiError> {
    let rows = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Therapist.as_str()))
        .order_by_asc(user::Column::Email)
        .all(&state.db)
        .await?;
    Ok(StaffList {
        therapists: rows.into_iter().map(staff).collect(),
    })
}

/// A new therapist account, with the first password the admin chose.
pub async fn create_therapist(
    state: &AppState,
    _: &Admin,
    new: NewTherapist,
) -> Result<StaffAccount, ApiError> {
    let name = new.display_name.as_deref().filter(|n| !n.trim().is_empty());
    let parsed = Registration::parse(&new.email, &new.password, name, None)?;
    let created = accounts::create(
        &state.db,
        &state.hashing,
        NewAccount {
            email: parsed.email,
            password: parsed.password,
            display_name: parsed.display_name,
            language: Default::default(),
            role: Role::Therapist,
        },
    )
    .await?;
    tracing::info!(user_id = %created.id, "therapist account created");
    Ok(staff(created))
}

/// Disables (and logs out everywhere, and ends the open invite codes of) or
/// enables a therapist's account. Any other id, a patient's or an admin's
/// included, is not found.
pub async fn set_disabled(
    state: &AppState,
    _: &Admin,
    id: Uuid,
    disabled: bool,
) -> Result<StaffAccount, ApiError> {
    let txn = state.db.begin().await?;
    // The write comes first and the read after. On SQLite a transaction that
    // reads and then writes cannot wait for the write lock: when another
    // connection wrote in between (a login storing its session) its write
    // fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT), which
    // the busy timeout does not cover (issue #27: a 503 to the admin).
    // Writing first waits in the busy timeout like any other writer.
    let disabled_at = if disabled {
        // Disabling twice keeps the first time.
        Func::coalesce([Expr::col(user::Column::DisabledAt), Expr::val(now_unix())]).into()
    } else {
        Expr::value(Option::<i64>::None)
    };
    let changed = user::Entity::update_many()
        .col_expr(user::Column::DisabledAt, disabled_at)
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Role.eq(Role::Therapist.as_str()))
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "There is no therapist account with this id.",
        ));
    }
    if disabled {
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(id))
            .exec(&txn)
            .await?;
        // A code handed out before is the account's word too: it ends with
        // the account (a new one is made after it is enabled again).
        invite::Entity::delete_many()
            .filter(invite::Column::TherapistId.eq(id))
            .filter(invite::Column::UsedBy.is_null())
            .exec(&txn)
            .await?;
    }
    let updated = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::internal("an account changed in this transaction is gone"))?;
    txn.commit().await?;
    tracing::info!(user_id = %id, disabled, "therapist account changed");
    Ok(staff(updated))
}
