//! The start assessment and the bladder diary as a linked therapist reads
//! and changes them. Both live in the patient's op log like everything else
//! (`assessment.answered`, `bladder.logged`, `bladder.target_set`): the
//! therapist's change is appended through the one path of the log, stamped
//! by the op table's rule, so every phone ends up with it.

use super::patient::linked;
use super::{Therapist, access, no_such_patient};
use crate::db::entities::sync::{entry, keyed_value};
use crate::error::ApiError;
use crate::sync::log::{Author, Log, Outcome};
use app::api::ErrorCode;
use app::api::care::{BladderDayRow, PathwayView};
use app::domain::care::Access;
use app::domain::pathway::Assessment;
use app::domain::pathway::bladder::{BladderTarget, BladderVisit};
use app::domain::sync::{Family, Key, Op, OpBody};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    TransactionTrait,
};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// The assessment of each of `ids` that answered one.
pub async fn assessments<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Assessment>, DbErr> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = keyed_value::Entity::find()
            .filter(keyed_value::Column::Key.eq(Key::Assessment.storage_key()))
            .filter(keyed_value::Column::UserId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for row in rows {
            if let Ok(assessment) = serde_json::from_str::<Assessment>(&row.value) {
                found.insert(row.user_id, assessment);
            }
        }
    }
    Ok(found)
}

/// The patient's bladder diary (every live visit, oldest first) and the
/// interval target in force.
pub async fn bladder<C: ConnectionTrait>(
    db: &C,
    patient_id: Uuid,
) -> Result<(Vec<BladderVisit>, Option<BladderTarget>), DbErr> {
    let mut visits: Vec<BladderVisit> = entry::Entity::find()
        .filter(entry::Column::UserId.eq(patient_id))
        .filter(entry::Column::Family.eq(Family::Bladder.as_str()))
        .filter(entry::Column::Deleted.eq(false))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|row| serde_json::from_str(&row.payload).ok())
        .collect();
    visits.sort_by_key(|v| v.at);
    let target = keyed_value::Entity::find_by_id((patient_id, Key::BladderTarget.storage_key()))
        .one(db)
        .await?
        .and_then(|row| serde_json::from_str(&row.value).ok());
    Ok((visits, target))
}

/// The pathway part of the patient page, as of `today`.
pub async fn view<C: ConnectionTrait>(
    db: &C,
    patient_id: Uuid,
    today: time::Date,
) -> Result<PathwayView, DbErr> {
    use app::domain::pathway::bladder;
    let assessment = assessments(db, &[patient_id]).await?.remove(&patient_id);
    let (visits, target) = self::bladder(db, patient_id).await?;
    let from = today - time::Duration::weeks(super::patient::WEEKS_SHOWN);
    let bladder_days = bladder::days(&visits)
        .into_iter()
        .filter(|d| d.date >= from)
        .map(|d| BladderDayRow {
            day: d.date.to_string(),
            visits: u32::try_from(d.visits).unwrap_or(u32::MAX),
            leaks: u32::try_from(d.leaks).unwrap_or(u32::MAX),
            strongest_urge: d.strongest_urge,
        })
        .collect();
    Ok(PathwayView {
        assessment,
        bladder_days,
        usual_interval: bladder::usual_interval(&visits),
        interval_target: target.map(|t| t.minutes.get()),
    })
}

/// A linked therapist sets the patient's assessment (the main problems,
/// and that a doctor has looked at a red flag). Appended to the patient's
/// log as an `assessment.answered` op, so the phones get it on their next
/// sync, and logged in the patient's access log.
pub async fn set_assessment(
    db: &DatabaseConnection,
    therapist: &Therapist,
    patient_id: Uuid,
    assessment: Assessment,
) -> Result<Assessment, ApiError> {
    let assessment = assessment
        .parse()
        .map_err(|e| ApiError::new(ErrorCode::InvalidFields, e.to_string()))?;
    let txn = db.begin().await?;
    let log = Log::lock(&txn, patient_id)
        .await?
        .ok_or_else(no_such_patient)?;
    linked(&txn, therapist, patient_id).await?;
    let op = Op {
        id: Uuid::now_v7(),
        client_ts: OffsetDateTime::now_utc(),
        body: OpBody::AssessmentAnswered(assessment.clone()),
    };
    let appended = log
        .append(Author::Therapist(therapist.id()), &[Ok(op)])
        .await?;
    if let Some(Outcome::Rejected(reason)) = appended.outcomes.first() {
        return Err(ApiError::internal(reason));
    }
    access::record(&txn, therapist, &[patient_id], Access::AssessmentChange).await?;
    txn.commit().await?;
    Ok(assessment)
}
