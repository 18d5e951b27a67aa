//! One linked patient as the therapist sees them: the page, the
//! prescription editor, private notes and the CSV export. Each read is
//! logged for the patient; a patient who is not linked is answered as one
//! that does not exist.

use super::facts::{self, ANSWER, DIARY, RELAXATION, TRAINING};
use super::overview::{self, load_facts, row, today};
use super::{Therapist, access, links, name_of, no_such_patient, rfc3339};
use crate::db::entities::care::{entry_fact, therapist_note};
use crate::db::entities::user;
use crate::db::now_unix;
use crate::error::ApiError;
use crate::sync::log::{Author, Log, Outcome};
use app::api::ErrorCode;
use app::api::care::{
    AnswerRow, DiaryRow, DiaryWeek, NoteView, PatientDetail, PrescriptionChange, ProgrammeView,
    SessionRow, WeekDose,
};
use app::domain::care::{self, Access, MAX_NOTES_PER_PATIENT, Note};
use app::domain::diary::{DiaryDay, Span, periods};
use app::domain::sync::{Op, OpBody, PrescriptionSet, SetBy};
use app::domain::training::adherence::{self, DoseChange, DoseHistory, week_start};
use app::domain::training::{Phase, Programme};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// Weeks of adherence the patient page charts.
pub const WEEKS_SHOWN: i64 = 12;
/// Rows of sessions and diary the page lists.
const ROWS_SHOWN: u64 = 100;

/// The patient's account, if the therapist has a consented link to them.
pub(super) async fn linked<C: ConnectionTrait>(
    db: &C,
    therapist: &Therapist,
    patient_id: Uuid,
) -> Result<(crate::db::entities::care::care_link::Model, user::Model), ApiError> {
    let link = links::active_link(db, therapist.id(), patient_id)
        .await?
        .ok_or_else(no_such_patient)?;
    let patient = user::Entity::find_by_id(patient_id)
        .one(db)
        .await?
        .ok_or_else(no_such_patient)?;
    Ok((link, patient))
}

/// A read's access-log row names a patient who erased the account while it
/// was read (the foreign key refuses it): the patient is not found, as
/// they would be a moment later, instead of a 500 (issue #27).
fn erased_meanwhile(e: DbErr) -> ApiError {
    match e.sql_err() {
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => no_such_patient(),
        _ => ApiError::from(e),
    }
}

pub async fn detail(
    db: &DatabaseConnection,
    therapist: &Therapist,
    patient_id: Uuid,
    what: Access,
) -> Result<PatientDetail, ApiError> {
    let (link, patient) = linked(db, therapist, patient_id).await?;
    let today = today();
    let mut facts = load_facts(db, &[patient_id], today).await?;
    let f = facts.remove(&patient_id).unwrap_or_default();
    let name = name_of(patient.display_name.as_deref(), &patient.email);
    let programme = overview::programmes(db, &[patient_id])
        .await?
        .remove(&patient_id);
    let weeks = weeks(db, patient_id, today, programme.as_ref(), &f.dose_changes).await?;
    let history = |families: &'static [&'static str], newest_first: bool| {
        let mut query = entry_fact::Entity::find()
            .filter(entry_fact::Column::UserId.eq(patient_id))
            .filter(entry_fact::Column::Family.is_in(families.iter().copied()));
        query = if newest_first {
            query.order_by_desc(entry_fact::Column::Day)
        } else {
            query.order_by_asc(entry_fact::Column::Day)
        };
        query.limit(ROWS_SHOWN).all(db)
    };
    let small = |v: Option<i16>| v.and_then(|v| u8::try_from(v).ok());
    let sessions = history(&[TRAINING, RELAXATION], true)
        .await?
        .into_iter()
        .map(|r| SessionRow {
            kind: if r.family == TRAINING {
                "training"
            } else {
                "relaxation"
            }
            .to_owned(),
            amount: u32::try_from(r.reps).unwrap_or(0),
            rounds: u32::try_from(r.rounds).unwrap_or(0),
            hurt: r.hurt,
            day: r.day,
        })
        .collect();
    let diary = history(&[DIARY], true)
        .await?
        .into_iter()
        .map(|r| DiaryRow {
            leakage: r.leakage.and_then(|v| u32::try_from(v).ok()),
            pain: small(r.pain),
            day: r.day,
        })
        .collect();
    let answers = history(&[ANSWER], false)
        .await?
        .into_iter()
        .map(|r| AnswerRow {
            pain: small(r.pain),
            pgi_i: small(r.pgi_i),
            day: r.day,
        })
        .collect();
    let diary_weeks = diary_weeks(db, patient_id, today).await?;
    let pathway = super::pathway::view(db, patient_id, today).await?;
    let notes = therapist_note::Entity::find()
        .filter(therapist_note::Column::TherapistId.eq(therapist.id()))
        .filter(therapist_note::Column::PatientId.eq(patient_id))
        .order_by_desc(therapist_note::Column::At)
        .limit(50)
        .all(db)
        .await?
        .into_iter()
        .map(|n| NoteView {
            at: rfc3339(n.at),
            text: n.text,
        })
        .collect();
    access::record(db, therapist, &[patient_id], what)
        .await
        .map_err(erased_meanwhile)?;
    Ok(PatientDetail {
        id: patient_id,
        overview: row(patient_id, name.clone(), care::overview(&f, today)),
        name,
        email: patient.email,
        linked_since: rfc3339(link.consented_at.unwrap_or(link.created_at)),
        programme: programme.map(|set| view(&set, today)),
        weeks,
        sessions,
        diary,
        diary_weeks,
        answers,
        notes,
        pathway,
    })
}

/// The diary of the last [`WEEKS_SHOWN`] weeks, by week (the patient's own
/// rule: averages over the days with a value).
async fn diary_weeks<C: ConnectionTrait>(
    db: &C,
    patient_id: Uuid,
    today: Date,
) -> Result<Vec<DiaryWeek>, ApiError> {
    let first = week_start(today) - Duration::weeks(WEEKS_SHOWN - 1);
    let mut days: Vec<DiaryDay> = Vec::new();
    for row in entry_fact::Entity::find()
        .filter(entry_fact::Column::UserId.eq(patient_id))
        .filter(entry_fact::Column::Family.eq(DIARY))
        .filter(entry_fact::Column::Day.gte(first.to_string()))
        .order_by_asc(entry_fact::Column::Day)
        .all(db)
        .await?
    {
        let Some(date) = app::domain::sync::parse_day(&row.day) else {
            continue;
        };
        let leakage = row.leakage.and_then(|v| u16::try_from(v).ok());
        let pain = row.pain.and_then(|v| u8::try_from(v).ok());
        match days.last_mut() {
            Some(day) if day.date == date => {
                day.leakage = match (day.leakage, leakage) {
                    (Some(a), Some(b)) => Some(a.saturating_add(b)),
                    (a, b) => a.or(b),
                };
                day.pain = day.pain.max(pain);
            }
            _ => days.push(DiaryDay {
                date,
                leakage,
                pads: None,
                urgency: None,
                pain,
            }),
        }
    }
    Ok(periods(&days, Span::Week, today, WEEKS_SHOWN as usize)
        .into_iter()
        .map(|p| DiaryWeek {
            week: p.start.to_string(),
            days_logged: p.days_logged,
            leakage_per_day: p.leakage_per_day.map(|v| (v * 10.0).round() / 10.0),
            pain_max: p.pain_max,
        })
        .collect())
}

fn view(set: &PrescriptionSet, today: Date) -> ProgrammeView {
    ProgrammeView {
        phase: set.programme.phase(),
        since: set.programme.since().to_string(),
        week: set.programme.week(today),
        prescription: set.prescription,
        set_by: set.set_by.clone(),
    }
}

/// The dose kept in each of the last [`WEEKS_SHOWN`] weeks.
async fn weeks<C: ConnectionTrait>(
    db: &C,
    patient_id: Uuid,
    today: Date,
    programme: Option<&PrescriptionSet>,
    changes: &[DoseChange],
) -> Result<Vec<WeekDose>, ApiError> {
    let Some(set) = programme else {
        return Ok(Vec::new());
    };
    let first = week_start(today) - Duration::weeks(WEEKS_SHOWN - 1);
    let sessions: Vec<adherence::SessionFact> = entry_fact::Entity::find()
        .filter(entry_fact::Column::UserId.eq(patient_id))
        .filter(entry_fact::Column::Family.eq(TRAINING))
        .filter(entry_fact::Column::Day.gte(first.to_string()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| facts::session_fact(&r))
        .collect();
    let since = set.programme.since();
    let history = DoseHistory::of(&sessions, changes, &set.programme, &set.prescription);
    Ok((0..WEEKS_SHOWN)
        .map(|n| first + Duration::weeks(n))
        .filter(|monday| *monday + Duration::days(6) >= since)
        .map(|monday| {
            // The week so far: today's week counts to today.
            let end = (monday + Duration::days(6)).min(today);
            let from = monday.max(since);
            let dose = adherence::span(&sessions, from, end, &history);
            WeekDose {
                week: monday.to_string(),
                so_far: adherence::is_week_so_far(monday, today),
                percent: dose.percent(),
                done_reps: dose.done_reps,
                prescribed_reps: dose.prescribed_reps,
            }
        })
        .collect())
}

fn phase_refused(message: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidPhaseChange, message.to_owned())
}

/// The programme after the therapist's phase change.
fn change_phase(programme: Programme, to: Phase, today: Date) -> Result<Programme, ApiError> {
    match (programme.phase(), to) {
        (from, to) if from == to => Ok(programme),
        (Phase::Learning, Phase::Intensive) => programme
            .start_intensive(today)
            .map_err(|e| phase_refused(&e.to_string())),
        (Phase::Intensive, Phase::Maintenance) => programme
            .start_maintenance(today)
            .map_err(|e| phase_refused(&e.to_string())),
        (Phase::Maintenance, Phase::Intensive) => Ok(programme.restart_intensive(today)),
        (_, Phase::Learning) => Err(phase_refused(
            "The learning phase cannot be chosen again. Choose intensive or maintenance.",
        )),
        (Phase::Learning, Phase::Maintenance) => Err(phase_refused(
            "Maintenance follows the intensive phase. Choose intensive first.",
        )),
        _ => Err(phase_refused("This phase change is not possible.")),
    }
}

/// The therapist sets the prescription (and perhaps the phase). It is
/// stored as the patient's programme and appended to the patient's change
/// log as a `prescription.set` set by the therapist, so the patient's
/// phones get it on their next sync. Appended through the one path of the
/// log (`sync::log`), stamped by the op table's rule for a therapist's
/// change: it wins over what the server holds, and so on every phone.
pub async fn set_prescription(
    db: &DatabaseConnection,
    therapist: &Therapist,
    patient_id: Uuid,
    change: PrescriptionChange,
) -> Result<ProgrammeView, ApiError> {
    let reason = match change.reason.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(
            Note::parse(text).map_err(|e| ApiError::new(ErrorCode::InvalidNote, e.to_string()))?,
        ),
        _ => None,
    };
    let today = today();
    let txn = db.begin().await?;
    // Lock the patient's change log first: the programme read below is the
    // one this change replaces, and no sync slips in between.
    let log = Log::lock(&txn, patient_id)
        .await?
        .ok_or_else(no_such_patient)?;
    linked(&txn, therapist, patient_id).await?;
    let current = overview::programmes(&txn, &[patient_id])
        .await?
        .remove(&patient_id);
    let programme = current.map_or_else(|| Programme::new(today), |set| set.programme);
    let programme = match change.phase {
        Some(to) => change_phase(programme, to, today)?,
        None => programme,
    };
    let set = PrescriptionSet {
        prescription: change.prescription,
        programme,
        set_by: SetBy::Therapist {
            name: therapist.name(),
            on: Some(today.to_string()),
        },
    };
    // Appended like a phone's op, by the op table's rule for a therapist's
    // change (`domain/sync/table.rs`): stamped to replace what the server
    // holds, so every phone applying the log keeps it too.
    let op = Op {
        id: Uuid::now_v7(),
        client_ts: OffsetDateTime::now_utc(),
        body: OpBody::PrescriptionSet(set.clone()),
    };
    let appended = log
        .append(Author::Therapist(therapist.id()), &[Ok(op)])
        .await?;
    if let Some(Outcome::Rejected(reason)) = appended.outcomes.first() {
        return Err(ApiError::internal(reason));
    }
    if let Some(reason) = reason {
        note(&txn, therapist, patient_id, &reason).await?;
    }
    access::record(&txn, therapist, &[patient_id], Access::PrescriptionChange).await?;
    txn.commit().await?;
    Ok(view(&set, today))
}

async fn note<C: ConnectionTrait>(
    db: &C,
    therapist: &Therapist,
    patient_id: Uuid,
    text: &Note,
) -> Result<(), ApiError> {
    therapist_note::ActiveModel {
        id: Set(Uuid::new_v4()),
        therapist_id: Set(therapist.id()),
        patient_id: Set(patient_id),
        at: Set(now_unix()),
        text: Set(text.as_str().to_owned()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A private note on a linked patient.
pub async fn add_note(
    db: &DatabaseConnection,
    therapist: &Therapist,
    patient_id: Uuid,
    raw: &str,
) -> Result<(), ApiError> {
    let text =
        Note::parse(raw).map_err(|e| ApiError::new(ErrorCode::InvalidNote, e.to_string()))?;
    let txn = db.begin().await?;
    super::limits::lock_account(&txn, therapist.id()).await?;
    linked(&txn, therapist, patient_id).await?;
    let notes = therapist_note::Entity::find()
        .filter(therapist_note::Column::TherapistId.eq(therapist.id()))
        .filter(therapist_note::Column::PatientId.eq(patient_id))
        .count(&txn)
        .await?;
    if notes >= MAX_NOTES_PER_PATIENT as u64 {
        return Err(super::limits::reached(format!(
            "You have {MAX_NOTES_PER_PATIENT} notes on this patient, the most Knip keeps \
             for one therapist and patient. Keep the clinic's record in its journal system."
        )));
    }
    note(&txn, therapist, patient_id, &text).await?;
    txn.commit().await?;
    Ok(())
}

/// Sessions, diary and answers as CSV, oldest first (figures only: the
/// diary's free-text notes stay on the patient's phone and account).
pub async fn export_csv(
    db: &DatabaseConnection,
    therapist: &Therapist,
    patient_id: Uuid,
) -> Result<String, ApiError> {
    linked(db, therapist, patient_id).await?;
    let rows = entry_fact::Entity::find()
        .filter(entry_fact::Column::UserId.eq(patient_id))
        .order_by_asc(entry_fact::Column::Day)
        .order_by_asc(entry_fact::Column::Family)
        .all(db)
        .await?;
    let mut csv =
        String::from("type,day,repetitions_or_minutes,rounds,hurt,pain,leakage_episodes,pgi_i\r\n");
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in rows {
        let kind = match r.family.as_str() {
            TRAINING => "training",
            RELAXATION => "relaxation",
            DIARY => "diary",
            ANSWER => "questionnaire",
            _ => continue,
        };
        let (amount, rounds, hurt) = match kind {
            "training" | "relaxation" => {
                (r.reps.to_string(), r.rounds.to_string(), r.hurt.to_string())
            }
            _ => (String::new(), String::new(), String::new()),
        };
        csv.push_str(&format!(
            "{kind},{},{amount},{rounds},{hurt},{},{},{}\r\n",
            r.day,
            opt(r.pain.map(i64::from)),
            opt(r.leakage.map(i64::from)),
            opt(r.pgi_i.map(i64::from)),
        ));
    }
    access::record(db, therapist, &[patient_id], Access::Export)
        .await
        .map_err(erased_meanwhile)?;
    Ok(csv)
}
