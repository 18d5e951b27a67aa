//! Creating and finding accounts.

use super::password;
use crate::db::entities::user;
use crate::db::now_unix;
use app::api::{Me, UserSummary};
use app::domain::{DisplayName, Email, Language, Password, Role};
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
    let inserted = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(account.email.as_str().to_owned()),
        password_hash: Set(password_hash),
        display_name: Set(account.display_name.map(|n| n.as_str().to_owned())),
        role: Set(account.role.as_str().to_owned()),
        locale: Set(account.language.code().to_owned()),
        created_at: Set(now_unix()),
        change_seq: Set(0),
        disabled_at: Set(None),
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
