//! The therapist's overview: each linked patient's phase, dose kept, days
//! since the last session, outcome and flags, computed by the domain's
//! `care::overview` from the facts the sync keeps (`entry_facts`) and the
//! programme in force, with a handful of queries for all patients at once.

use super::facts::{self, ANSWER, DIARY, TRAINING};
use super::listing::{Listed, listed};
use super::{Therapist, access, links};
use crate::db::entities::care::{entry_fact, patient_overview};
use crate::db::entities::sync::{change, keyed_value};
use crate::error::ApiError;
use app::api::care::{PatientList, PatientQuery, PatientRow};
use app::domain::care::{self, Access, AnswerFact, Overview, PAGE_SIZE, PatientFacts};
use app::domain::diary::DiaryDay;
use app::domain::sync::{Key, OpKind, PrescriptionSet, Stamp, parse_day};
use app::domain::training::adherence::{Asked, DoseChange};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QuerySelect,
};
use std::collections::HashMap;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// Days of facts read for the dose, the flags and the diary's windows.
const WINDOW_DAYS: i64 = 35;

/// The patients' day today (Knip's default zone).
pub fn today() -> Date {
    facts::local_day(OffsetDateTime::now_utc(), facts::DEFAULT_ZONE)
}

/// The programme in force of each patient who set one up.
pub async fn programmes<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, PrescriptionSet>, ApiError> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = keyed_value::Entity::find()
            .filter(keyed_value::Column::Key.eq(Key::Prescription.storage_key()))
            .filter(keyed_value::Column::UserId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for row in rows {
            if let Ok(set) = serde_json::from_str::<PrescriptionSet>(&row.value) {
                found.insert(row.user_id, set);
            }
        }
    }
    Ok(found)
}

/// Every programme set for each of `ids`, from the change log, in the
/// order of their stamps (the op table's order): what each day's dose is
/// judged by. The day is the stamp's day in Knip's zone, as the overview's
/// today is; the phone reads the same log (`platform::offline::store`).
pub async fn dose_changes<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<DoseChange>>, ApiError> {
    let mut found: HashMap<Uuid, Vec<(Stamp, DoseChange)>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Uuid, String, Uuid, String)> = change::Entity::find()
            .select_only()
            .column(change::Column::UserId)
            .column(change::Column::ClientTs)
            .column(change::Column::DeviceId)
            .column(change::Column::Payload)
            .filter(change::Column::Kind.eq(OpKind::PrescriptionSet.as_str()))
            .filter(change::Column::UserId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        for (user, client_ts, device, payload) in rows {
            let (Some(stamp), Ok(set)) = (
                Stamp::parse(&client_ts, &device.to_string()),
                serde_json::from_str::<PrescriptionSet>(&payload),
            ) else {
                continue;
            };
            let change = DoseChange {
                on: facts::local_day(stamp.at, facts::DEFAULT_ZONE),
                asked: Asked::from(&set.prescription),
            };
            found.entry(user).or_default().push((stamp, change));
        }
    }
    Ok(found
        .into_iter()
        .map(|(user, mut changes)| {
            changes.sort_by(|(a, _), (b, _)| (a.at, &a.device_id).cmp(&(b.at, &b.device_id)));
            (user, changes.into_iter().map(|(_, c)| c).collect())
        })
        .collect())
}

/// The facts of each of `ids` as of `today`.
pub async fn load_facts<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
    today: Date,
) -> Result<HashMap<Uuid, PatientFacts>, ApiError> {
    let programmes = programmes(db, ids).await?;
    let mut changes = dose_changes(db, ids).await?;
    let assessments = super::pathway::assessments(db, ids).await?;
    let mut all: HashMap<Uuid, PatientFacts> = ids
        .iter()
        .map(|id| {
            let programme = programmes
                .get(id)
                .map(|set| (set.programme, set.prescription));
            (
                *id,
                PatientFacts {
                    programme,
                    dose_changes: changes.remove(id).unwrap_or_default(),
                    red_flag_waiting: assessments.get(id).is_some_and(|a| a.training_waits()),
                    ..PatientFacts::default()
                },
            )
        })
        .collect();
    let window_start = (today - Duration::days(WINDOW_DAYS)).to_string();
    let week_ago = (today - Duration::days(7)).to_string();
    for chunk in ids.chunks(500) {
        let in_chunk = || entry_fact::Column::UserId.is_in(chunk.to_vec());
        // The window's sessions and diary days, and every answer.
        let rows = entry_fact::Entity::find()
            .filter(in_chunk())
            .filter(
                Condition::any()
                    .add(entry_fact::Column::Family.eq(ANSWER))
                    .add(
                        Condition::all()
                            .add(entry_fact::Column::Family.is_in([TRAINING, DIARY]))
                            .add(entry_fact::Column::Day.gte(window_start.clone())),
                    ),
            )
            .all(db)
            .await?;
        for row in rows {
            let (Some(f), Some(day)) = (all.get_mut(&row.user_id), parse_day(&row.day)) else {
                continue;
            };
            add_fact(f, &row, day);
        }
        // Before the window: the last session and the highest pain, one
        // row per patient (the index on user, family and day serves both).
        let last_sessions: Vec<(Uuid, Option<String>)> = entry_fact::Entity::find()
            .select_only()
            .column(entry_fact::Column::UserId)
            .column_as(
                sea_orm::ExprTrait::max(Expr::col(entry_fact::Column::Day)),
                "last",
            )
            .filter(in_chunk())
            .filter(entry_fact::Column::Family.eq(TRAINING))
            .filter(entry_fact::Column::Day.lt(window_start.clone()))
            .group_by(entry_fact::Column::UserId)
            .into_tuple()
            .all(db)
            .await?;
        for (user, day) in last_sessions {
            if let (Some(f), Some(day)) = (all.get_mut(&user), day.as_deref().and_then(parse_day)) {
                f.last_session = f.last_session.max(Some(day));
            }
        }
        let peaks: Vec<(Uuid, Option<i16>)> = entry_fact::Entity::find()
            .select_only()
            .column(entry_fact::Column::UserId)
            .column_as(
                sea_orm::ExprTrait::max(Expr::col(entry_fact::Column::Pain)),
                "peak",
            )
            .filter(in_chunk())
            .filter(entry_fact::Column::Family.eq(DIARY))
            .filter(entry_fact::Column::Day.lt(window_start.clone()))
            .group_by(entry_fact::Column::UserId)
            .into_tuple()
            .all(db)
            .await?;
        for (user, peak) in peaks {
            if let (Some(f), Some(peak)) =
                (all.get_mut(&user), peak.and_then(|p| u8::try_from(p).ok()))
            {
                f.earlier_peak_pain = f.earlier_peak_pain.max(Some(peak));
            }
        }
    }
    // The diary rule compares the last 7 days with every day before them.
    for f in all.values_mut() {
        let (recent, older): (Vec<DiaryDay>, Vec<DiaryDay>) = std::mem::take(&mut f.diary)
            .into_iter()
            .partition(|d| d.date.to_string() > week_ago);
        f.earlier_peak_pain = f
            .earlier_peak_pain
            .max(older.iter().filter_map(|d| d.pain).max());
        f.diary = older.into_iter().chain(recent).collect();
        f.diary.sort_by_key(|d| d.date);
        f.answers.sort_by_key(|a| a.day);
    }
    Ok(all)
}

fn add_fact(f: &mut PatientFacts, row: &entry_fact::Model, day: Date) {
    let small = |v: Option<i16>| v.and_then(|v| u8::try_from(v).ok());
    match row.family.as_str() {
        TRAINING => {
            f.sessions.extend(facts::session_fact(row));
            f.last_session = f.last_session.max(Some(day));
            if row.hurt {
                f.hurt_days.push(day);
            }
        }
        DIARY => {
            // Two entries of one day add up, as in the patient's own diary.
            let leakage = row.leakage.and_then(|v| u16::try_from(v).ok());
            match f.diary.iter_mut().find(|d| d.date == day) {
                Some(d) => {
                    d.leakage = match (d.leakage, leakage) {
                        (Some(a), Some(b)) => Some(a.saturating_add(b)),
                        (a, b) => a.or(b),
                    };
                    d.pain = d.pain.max(small(row.pain));
                }
                None => f.diary.push(DiaryDay {
                    date: day,
                    leakage,
                    pads: None,
                    urgency: None,
                    pain: small(row.pain),
                }),
            }
        }
        ANSWER => f.answers.push(AnswerFact {
            day,
            pain: small(row.pain),
            pgi_i: small(row.pgi_i),
        }),
        _ => {}
    }
}

pub fn row(id: Uuid, name: String, o: Overview) -> PatientRow {
    PatientRow {
        id,
        name,
        phase: o.phase,
        week: o.week,
        dose_7: o.dose_7,
        dose_30: o.dose_30,
        days_since_session: o.days_since_session,
        outcome: o.outcome,
        flags: o.flags,
    }
}

/// Computes and keeps the overview rows of `ids` as of `today`.
pub async fn refresh<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
    today: Date,
) -> Result<(), ApiError> {
    for chunk in ids.chunks(500) {
        let facts = load_facts(db, chunk, today).await?;
        let rows: Vec<patient_overview::ActiveModel> = chunk
            .iter()
            .map(|id| {
                let o = care::overview(facts.get(id).unwrap_or(&PatientFacts::default()), today);
                let small = |v: Option<u8>| v.map(i16::from);
                patient_overview::Model {
                    user_id: *id,
                    computed_on: today.to_string(),
                    need: i64::from(o.need()),
                    phase: o.phase.map(|p| p.as_str().to_owned()),
                    week: o.week.and_then(|w| i32::try_from(w).ok()),
                    dose7: small(o.dose_7),
                    dose30: small(o.dose_30),
                    days_since_session: o.days_since_session.and_then(|d| i32::try_from(d).ok()),
                    pain_before: small(o.outcome.and_then(|c| c.pain_before)),
                    pain_now: small(o.outcome.and_then(|c| c.pain_now)),
                    pgi_i: small(o.outcome.and_then(|c| c.pgi_i)),
                    flags: o
                        .flags
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                }
                .into()
            })
            .collect();
        // Two servers may compute the same row at once: the same values.
        patient_overview::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(patient_overview::Column::UserId)
                    .update_columns([
                        patient_overview::Column::ComputedOn,
                        patient_overview::Column::Need,
                        patient_overview::Column::Phase,
                        patient_overview::Column::Week,
                        patient_overview::Column::Dose7,
                        patient_overview::Column::Dose30,
                        patient_overview::Column::DaysSinceSession,
                        patient_overview::Column::PainBefore,
                        patient_overview::Column::PainNow,
                        patient_overview::Column::PgiI,
                        patient_overview::Column::Flags,
                    ])
                    .to_owned(),
            )
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Marks a patient's overview row out of date (their entries or programme
/// changed): it is computed again when next read.
pub async fn invalidate<C: ConnectionTrait>(db: &C, patient: Uuid) -> Result<(), DbErr> {
    patient_overview::Entity::delete_many()
        .filter(patient_overview::Column::UserId.eq(patient))
        .exec(db)
        .await?;
    Ok(())
}

/// One page of the therapist's patients. The rows shown are logged in
/// each patient's access log.
pub async fn patients(
    db: &DatabaseConnection,
    therapist: &Therapist,
    query: &PatientQuery,
) -> Result<PatientList, ApiError> {
    let asked = query.page.parse::<usize>().unwrap_or(1);
    let Listed {
        rows: shown,
        total,
        sort,
        q,
    } = listed(db, therapist, query, Some(asked)).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = asked.clamp(1, pages);
    let shown_ids: Vec<Uuid> = shown.iter().map(|r| r.id).collect();
    access::record(db, therapist, &shown_ids, Access::Overview).await?;
    Ok(PatientList {
        patients: shown,
        total,
        page,
        pages,
        sort,
        q,
        invites: links::open_invites(db, therapist.id()).await?,
    })
}

/// The whole overview (every page) as CSV; each row is logged.
pub async fn csv(
    db: &DatabaseConnection,
    therapist: &Therapist,
    query: &PatientQuery,
) -> Result<String, ApiError> {
    let rows = listed(db, therapist, query, None).await?.rows;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    access::record(db, therapist, &ids, Access::Overview).await?;
    let mut out = String::from(
        "id,name,phase,week,dose_7_days,dose_30_days,days_since_session,pain_first,pain_latest,pgi_i,flags\r\n",
    );
    let opt = |v: Option<String>| v.unwrap_or_default();
    for r in rows {
        let o = r.outcome;
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}\r\n",
            r.id,
            csv_field(&r.name),
            opt(r.phase.map(|p| p.as_str().to_owned())),
            opt(r.week.map(|w| w.to_string())),
            opt(r.dose_7.map(|d| d.to_string())),
            opt(r.dose_30.map(|d| d.to_string())),
            opt(r.days_since_session.map(|d| d.to_string())),
            opt(o.and_then(|o| o.pain_before).map(|p| p.to_string())),
            opt(o.and_then(|o| o.pain_now).map(|p| p.to_string())),
            opt(o.and_then(|o| o.pgi_i).map(|p| p.to_string())),
            r.flags
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ));
    }
    Ok(out)
}

/// A text field of a CSV row: quoted, with quotes doubled, and never read
/// as a formula by a spreadsheet.
fn csv_field(raw: &str) -> String {
    let safe = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    format!("\"{}\"", safe.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("Ada"), "\"Ada\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "\"'=SUM(A1)\"");
    }
}
