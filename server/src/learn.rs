//! Readers' feedback on the education modules: kept without any name or
//! account (the module, the page's language, the text and the day), and
//! read by the clinic, as the group programmes in our sources were shaped
//! by their participants' feedback.

use crate::db::entities::learn::module_feedback;
use crate::error::ApiError;
use app::api::care::ModuleFeedbackView;
use app::domain::Language;
use app::domain::learn::ModuleFeedback;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, QueryOrder, QuerySelect,
};
use time::OffsetDateTime;
use uuid::Uuid;

/// How many of the latest the clinic's page shows.
pub const SHOWN: u64 = 50;

pub async fn keep<C: ConnectionTrait>(
    db: &C,
    module: &str,
    language: Language,
    feedback: &ModuleFeedback,
) -> Result<(), ApiError> {
    module_feedback::ActiveModel {
        id: Set(Uuid::now_v7()),
        module: Set(module.to_owned()),
        language: Set(language.code().to_owned()),
        text: Set(feedback.as_str().to_owned()),
        created_on: Set(OffsetDateTime::now_utc().date().to_string()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The latest feedback, newest first.
pub async fn latest<C: ConnectionTrait>(db: &C) -> Result<Vec<ModuleFeedbackView>, ApiError> {
    Ok(module_feedback::Entity::find()
        .order_by_desc(module_feedback::Column::CreatedOn)
        .order_by_desc(module_feedback::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?
        .into_iter()
        .map(|row| ModuleFeedbackView {
            module: row.module,
            language: row.language,
            text: row.text,
            on: row.created_on,
        })
        .collect())
}
