//! Creating and finding accounts.

use super::password;
use crate::db::entities::user;
use crate::db::now_unix;
use app::api::{Me, UserSummary};
use app::domain::{DisplayName, Email, Language, Password, Role, search};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error(transparent)]
    Hash(#[from] password::HashError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub struct NewAccount {
    pub email: Email,
    pub password: Password,
    pub display_name: Option<DisplayName>,
    pub language: Language,
    pub role: Role,
}

pub async fn create<C: ConnectionTrait>(
    db: &C,
    hashing: &password::Hashing,
    account: NewAccount,
) -> Result<user::Model, CreateAccountError> {
    let password_hash = password::hash(hashing, account.password.expose().to_owned()).await?;
    let display_name = account.display_name.map(|n| n.as_str().to_owned());
    let search_text = search::person_text(display_name.as_deref(), account.email.as_str());
    let inserted = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(account.email.as_str().to_owned()),
        password_hash: Set(password_hash),
        display_name: Set(display_name),
        role: Set(account.role.as_str().to_owned()),
        locale: Set(account.language.code().to_owned()),
        created_at: Set(now_unix()),
        change_seq: Set(0),
        disabled_at: Set(None),
        search_text: Set(Some(search_text)),
    }
    .insert(db)
    .await;
    match inserted {
        Ok(model) => Ok(model),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(CreateAccountError::EmailTaken)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn find_by_email<C: ConnectionTrait>(
    db: &C,
    email: &Email,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

/// Fills the search text of the accounts made before it was kept
/// (migration m0012), at the server's start: a migration cannot fold
/// Unicode in SQLite's SQL, and must not call the code that does.
pub async fn fill_search_text<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let missing = user::Entity::find()
        .filter(user::Column::SearchText.is_null())
        .all(db)
        .await?;
    for account in missing {
        user::Entity::update_many()
            .col_expr(
                user::Column::SearchText,
                Expr::value(search::person_text(
                    account.display_name.as_deref(),
                    &account.email,
                )),
            )
            .filter(user::Column::Id.eq(account.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// A stored role that no longer parses is a data fault; the least privilege
/// is the safe reading.
pub fn role_of(user: &user::Model) -> Role {
    Role::parse(&user.role).unwrap_or(Role::Patient)
}

pub fn me(user: &user::Model) -> Me {
    Me {
        id: user.id.to_string(),
        email: user.email.clone(),
        role: role_of(user),
        locale: user.locale.clone(),
        display_name: user.display_name.clone(),
    }
}

pub fn summary(user: &user::Model) -> UserSummary {
    UserSummary {
        id: user.id.to_string(),
        email: user.email.clone(),
        role: role_of(user),
    }
}
