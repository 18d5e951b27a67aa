//! The clinic's outcomes: dose kept and the change from the start to 3, 6
//! and 12 months over a therapist's linked patients, without names, and no
//! figure for fewer than `MIN_GROUP` patients. No single patient's data is
//! shown, so no access-log row is written.

use super::facts::ANSWER;
use super::overview::today;
use super::{Therapist, links};
use crate::db::entities::care::{entry_fact, patient_overview};
use crate::error::ApiError;
use app::api::care::ClinicOutcomes;
use app::domain::care::{Answered, MIN_GROUP, cohort, mean_dose};
use app::domain::sync::Questionnaire;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;
use uuid::Uuid;

pub async fn report(
    db: &DatabaseConnection,
    therapist: &Therapist,
) -> Result<ClinicOutcomes, ApiError> {
    let ids: Vec<Uuid> = links::active_patients(db, therapist.id())
        .await?
        .into_iter()
        .map(|(_, u)| u.id)
        .collect();
    let answers = answers_of(db, &ids).await?;
    // The dose from the kept overview rows (computed first where stale).
    super::listing::refresh_stale(db, Some(therapist.id()), today()).await?;
    let mut doses: Vec<u8> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        doses.extend(
            patient_overview::Entity::find()
                .filter(patient_overview::Column::UserId.is_in(chunk.to_vec()))
                .all(db)
                .await?
                .into_iter()
                .filter_map(|row| row.dose30.and_then(|d| u8::try_from(d).ok())),
        );
    }
    Ok(ClinicOutcomes {
        patients: ids.len(),
        min_group: MIN_GROUP,
        dose_30: mean_dose(&doses),
        rows: cohort(&answers.into_values().collect::<Vec<_>>()),
        module_feedback: crate::learn::latest(db).await?,
    })
}

/// Each patient's answered questionnaires, oldest first, from the facts.
pub async fn answers_of<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Answered>>, ApiError> {
    let mut answers: HashMap<Uuid, Vec<Answered>> = HashMap::new();
    let small = |v: Option<i16>| v.and_then(|v| u8::try_from(v).ok());
    for chunk in ids.chunks(500) {
        let rows = entry_fact::Entity::find()
            .filter(entry_fact::Column::UserId.is_in(chunk.to_vec()))
            .filter(entry_fact::Column::Family.eq(ANSWER))
            .order_by_asc(entry_fact::Column::Day)
            .all(db)
            .await?;
        for row in rows {
            let Some(questionnaire) = row.questionnaire.as_deref().and_then(Questionnaire::parse)
            else {
                continue;
            };
            answers.entry(row.user_id).or_default().push(Answered {
                questionnaire,
                pain: small(row.pain),
                pgi_i: small(row.pgi_i),
                goals: row.goals.map(|g| f64::from(g) / 10.0),
            });
        }
    }
    Ok(answers)
}

/// The same figures as CSV; an empty cell where the group is too small.
pub fn csv(report: &ClinicOutcomes) -> String {
    let figure = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    let mut out = String::from("follow_up,patients,pain_change,improved_percent,goal_change\r\n");
    out.push_str(&format!(
        "dose_kept_30_days,{},{},,\r\n",
        report.patients,
        figure(report.dose_30)
    ));
    for row in &report.rows {
        out.push_str(&format!(
            "{},{},{},{},{}\r\n",
            row.at.as_str(),
            row.patients,
            figure(row.pain_change),
            row.improved.map(|p| p.to_string()).unwrap_or_default(),
            figure(row.goal_change),
        ));
    }
    out
}
