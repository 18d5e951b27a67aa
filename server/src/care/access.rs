//! The access log: every read of a patient's data by a therapist writes a
//! row the patient can read under Me.

use super::{Therapist, rfc3339};
use crate::db::entities::care::access_log;
use crate::db::now_unix;
use app::api::care::{AccessEntry, AccessLogList};
use app::domain::care::Access;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// The newest rows the patient's list shows.
pub const SHOWN: u64 = 500;

/// Records that `therapist` read `what` of each of `patients`.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    therapist: &Therapist,
    patients: &[Uuid],
    what: Access,
) -> Result<(), DbErr> {
    let now = now_unix();
    let name = therapist.name();
    let rows: Vec<access_log::ActiveModel> = patients
        .iter()
        .map(|patient| {
            access_log::Model {
                id: Uuid::new_v4(),
                patient_id: *patient,
                therapist_id: therapist.id(),
                therapist_name: name.clone(),
                what: what.as_str().to_owned(),
                at: now,
            }
            .into()
        })
        .collect();
    for chunk in rows.chunks(100) {
        access_log::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The patient's own log, newest first.
pub async fn list<C: ConnectionTrait>(db: &C, patient_id: Uuid) -> Result<AccessLogList, DbErr> {
    let rows = access_log::Entity::find()
        .filter(access_log::Column::PatientId.eq(patient_id))
        .order_by_desc(access_log::Column::At)
        .limit(SHOWN)
        .all(db)
        .await?;
    Ok(AccessLogList {
        entries: rows
            .into_iter()
            .filter_map(|row| {
                Some(AccessEntry {
                    what: Access::parse(&row.what)?,
                    therapist: row.therapist_name,
                    at: rfc3339(row.at),
                })
            })
            .collect(),
    })
}
