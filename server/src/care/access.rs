//! The access log: every read of a patient's data by a therapist writes a
//! row the patient can read under Me, page by page back to the first.
//!
//! A patient-page read, a CSV, a report and a dose change are one row each.
//! The overview showing the patient (the dashboard's list and search, a
//! group's page) is one row per therapist, patient and day, counting the
//! times: a therapist's hundred quick searches are one line, and cannot
//! push the reads that matter out of the patient's sight.

use super::{Therapist, rfc3339};
use crate::db::entities::care::access_log;
use crate::db::now_unix;
use crate::error::ApiError;
use app::api::ErrorCode;
use app::api::care::{AccessEntry, AccessLogList};
use app::domain::care::Access;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::BTreeSet;
use time::OffsetDateTime;
use uuid::Uuid;

/// The entries of one page of the patient's log (our rule: a page a
/// patient reads through on a phone; older ones are a tap away).
pub const PAGE: u64 = 100;

/// Records that `therapist` read `what` of each of `patients`.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    therapist: &Therapist,
    patients: &[Uuid],
    what: Access,
) -> Result<(), DbErr> {
    let now = now_unix();
    // The day's sightings share a row; the day is UTC, as the log shows it.
    let sighting_day = (what == Access::Overview).then(|| {
        OffsetDateTime::from_unix_timestamp(now)
            .map(|t| t.date().to_string())
            .unwrap_or_default()
    });
    // One row per patient: PostgreSQL refuses an upsert touching a row twice.
    let patients: BTreeSet<Uuid> = patients.iter().copied().collect();
    let name = therapist.name();
    let rows: Vec<access_log::ActiveModel> = patients
        .iter()
        .map(|patient| {
            access_log::Model {
                // Time-ordered: reads within one second still page newest
                // first (the id breaks ties of `at`).
                id: Uuid::now_v7(),
                patient_id: *patient,
                therapist_id: therapist.id(),
                therapist_name: name.clone(),
                what: what.as_str().to_owned(),
                at: now,
                sighting_day: sighting_day.clone(),
                times: 1,
                last_at: None,
            }
            .into()
        })
        .collect();
    for chunk in rows.chunks(100) {
        let insert = access_log::Entity::insert_many(chunk.to_vec());
        if sighting_day.is_some() {
            // Insert or count: atomic on both databases, so sightings at
            // the same moment neither clash nor get lost.
            insert
                .on_conflict(
                    OnConflict::columns([
                        access_log::Column::PatientId,
                        access_log::Column::TherapistId,
                        access_log::Column::What,
                        access_log::Column::SightingDay,
                    ])
                    .value(
                        access_log::Column::Times,
                        Expr::col((access_log::Entity, access_log::Column::Times)).add(1),
                    )
                    .value(access_log::Column::LastAt, Expr::val(now))
                    .value(access_log::Column::TherapistName, Expr::val(name.clone()))
                    .to_owned(),
                )
                .exec_without_returning(db)
                .await?;
        } else {
            insert.exec_without_returning(db).await?;
        }
    }
    Ok(())
}

/// Where a page ends: the `at` and id of its last (oldest) entry. Entries
/// are ordered by when they were first written, which never changes, so a
/// row counted again while the patient pages stays where it was and none is
/// skipped.
fn cursor(row: &access_log::Model) -> String {
    format!("{}_{}", row.at, row.id)
}

fn parse_cursor(raw: &str) -> Option<(i64, Uuid)> {
    let (at, id) = raw.split_once('_')?;
    Some((at.parse().ok()?, Uuid::parse_str(id).ok()?))
}

/// 422, as for an invite code never given out: the `before` is a text as
/// the API describes it, just not one of this log's pages (and schemathesis
/// holds schema-valid data to 2xx/4xx answers that name the rule).
fn bad_cursor() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidCursor,
        "This is not a page of your access log. Open the log again from its first page.",
    )
}

/// One page of the patient's own log, newest first: from the newest, or
/// the entries older than `before` (a `next` of an earlier page).
pub async fn list<C: ConnectionTrait>(
    db: &C,
    patient_id: Uuid,
    before: &str,
) -> Result<AccessLogList, ApiError> {
    let mut query = access_log::Entity::find().filter(access_log::Column::PatientId.eq(patient_id));
    if !before.is_empty() {
        let (at, id) = parse_cursor(before).ok_or_else(bad_cursor)?;
        query = query.filter(
            Condition::any().add(access_log::Column::At.lt(at)).add(
                Condition::all()
                    .add(access_log::Column::At.eq(at))
                    .add(access_log::Column::Id.lt(id)),
            ),
        );
    }
    let mut rows = query
        .order_by_desc(access_log::Column::At)
        .order_by_desc(access_log::Column::Id)
        .limit(PAGE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > PAGE;
    rows.truncate(PAGE as usize);
    let next = if more { rows.last().map(cursor) } else { None };
    Ok(AccessLogList {
        entries: rows
            .into_iter()
            .filter_map(|row| {
                Some(AccessEntry {
                    what: Access::parse(&row.what)?,
                    therapist: row.therapist_name,
                    at: rfc3339(row.at),
                    times: u32::try_from(row.times).unwrap_or(1),
                    last_at: row.last_at.map(rfc3339),
                })
            })
            .collect(),
        next,
    })
}
