//! The per-entry facts the therapist's overview reads: the day, the dose
//! done, pain, leakage and the answers, extracted once when an entry is
//! written (by the sync's apply) rather than parsed from JSON per request.

use crate::db::entities::care::entry_fact;
use crate::db::entities::sync::{entry, keyed_value};
use app::domain::diary::entry_date;
use app::domain::outcomes::answered_on;
use app::domain::reminders::Reminders;
use app::domain::sync::{
    DiaryEntry, Family, Key, LoggedSession, PromAnswer, SessionKind, SettingKey,
};
use app::domain::training::adherence::{Asked, SessionFact};
use chrono_tz::Tz;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The zone of a patient who never chose one: Knip is made for Norway.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Oslo;

/// Fact families beyond the entry families: training and relaxation
/// sessions are told apart.
pub const TRAINING: &str = "session";
pub const RELAXATION: &str = "relaxation";
pub const DIARY: &str = "diary";
pub const ANSWER: &str = "prom";

/// The calendar day of `at` where the patient lives.
pub fn local_day(at: OffsetDateTime, zone: Tz) -> Date {
    let local = chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)
        .map(|utc| utc.with_timezone(&zone).date_naive());
    local
        .and_then(|d| {
            use chrono::Datelike;
            let month = time::Month::try_from(u8::try_from(d.month()).ok()?).ok()?;
            Date::from_calendar_date(d.year(), month, u8::try_from(d.day()).ok()?).ok()
        })
        .unwrap_or_else(|| at.date())
}

/// The patient's time zone: the one their phone gave with the reminders.
pub async fn zone_of<C: ConnectionTrait>(db: &C, user_id: Uuid) -> Result<Tz, DbErr> {
    let stored = keyed_value::Entity::find_by_id((
        user_id,
        Key::Setting(SettingKey::Reminders).storage_key(),
    ))
    .one(db)
    .await?;
    Ok(stored.map_or(DEFAULT_ZONE, |row| zone_from_reminders(&row.value)))
}

fn zone_from_reminders(value: &str) -> Tz {
    serde_json::from_str::<Reminders>(value)
        .ok()
        .and_then(|r| r.time_zone)
        .and_then(|z| z.parse().ok())
        .unwrap_or(DEFAULT_ZONE)
}

/// What an entry says, parsed: the fact is taken from it.
pub enum Logged<'a> {
    Session(&'a LoggedSession),
    Diary(&'a DiaryEntry),
    Answer(&'a PromAnswer),
}

/// The fact of one entry; none for an answer without a day.
pub fn fact(
    user_id: Uuid,
    entry_id: Uuid,
    logged: Logged<'_>,
    zone: Tz,
) -> Option<entry_fact::Model> {
    let blank = |family: &str, day: Date| entry_fact::Model {
        user_id,
        entry_id,
        family: family.to_owned(),
        day: day.to_string(),
        reps: 0,
        rounds: 0,
        pain: None,
        leakage: None,
        pgi_i: None,
        goals: None,
        questionnaire: None,
        hurt: false,
        asked_reps_per_round: None,
        asked_rounds_per_day: None,
    };
    match logged {
        Logged::Session(s) => {
            let day = local_day(s.started_at, zone);
            Some(match s.kind {
                SessionKind::Training => entry_fact::Model {
                    reps: i32::from(s.done_reps),
                    rounds: i32::from(s.done_rounds),
                    hurt: s.pain,
                    asked_reps_per_round: s.prescription.map(|p| i16::from(p.reps_per_round())),
                    asked_rounds_per_day: s.prescription.map(|p| i16::from(p.rounds_per_day())),
                    ..blank(TRAINING, day)
                },
                SessionKind::Relaxation => entry_fact::Model {
                    reps: i32::try_from((s.ended_at - s.started_at).whole_minutes().max(0))
                        .unwrap_or(i32::MAX),
                    rounds: 1,
                    ..blank(RELAXATION, day)
                },
            })
        }
        Logged::Diary(d) => Some(entry_fact::Model {
            pain: d.pain_nrs.map(i16::from),
            leakage: d.leakage_episodes.map(i32::from),
            ..blank(DIARY, entry_date(d)?)
        }),
        Logged::Answer(a) => Some(entry_fact::Model {
            pain: a.pain_nrs.map(i16::from),
            pgi_i: a.pgi_i.map(i16::from),
            goals: app::domain::outcomes::goal_average(a).map(|g| (g * 10.0).round() as i16),
            questionnaire: Some(a.questionnaire.as_str().to_owned()),
            ..blank(ANSWER, answered_on(a)?)
        }),
    }
}

/// A training session's fact as the dose figures read it; none for a row
/// that is not one.
pub fn session_fact(row: &entry_fact::Model) -> Option<SessionFact> {
    if row.family != TRAINING {
        return None;
    }
    let small = |v: Option<i16>| v.and_then(|v| u8::try_from(v).ok());
    Some(SessionFact {
        day: app::domain::sync::parse_day(&row.day)?,
        reps: u16::try_from(row.reps).unwrap_or(u16::MAX),
        rounds: u8::try_from(row.rounds).unwrap_or(u8::MAX),
        asked: small(row.asked_reps_per_round)
            .zip(small(row.asked_rounds_per_day))
            .map(|(reps_per_round, rounds_per_day)| Asked {
                reps_per_round,
                rounds_per_day,
            }),
    })
}

/// The fact of one stored entry, from its JSON (for entries stored before
/// the facts were kept).
pub fn fact_of(
    user_id: Uuid,
    entry_id: Uuid,
    family: Family,
    payload: &str,
    zone: Tz,
) -> Option<entry_fact::Model> {
    match family {
        Family::Session => {
            let s: LoggedSession = serde_json::from_str(payload).ok()?;
            fact(user_id, entry_id, Logged::Session(&s), zone)
        }
        Family::Diary => {
            let d: DiaryEntry = serde_json::from_str(payload).ok()?;
            fact(user_id, entry_id, Logged::Diary(&d), zone)
        }
        Family::Prom => {
            let a: PromAnswer = serde_json::from_str(payload).ok()?;
            fact(user_id, entry_id, Logged::Answer(&a), zone)
        }
        // The bladder diary is read whole from its entries (`care::pathway`).
        Family::Bladder => None,
    }
}

/// Replaces the facts of `existing` entries of one user, and adds the
/// `facts` (of entries new or changed).
pub async fn replace<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    existing: Vec<Uuid>,
    facts: Vec<entry_fact::Model>,
) -> Result<(), DbErr> {
    for chunk in existing.chunks(500) {
        entry_fact::Entity::delete_many()
            .filter(entry_fact::Column::UserId.eq(user_id))
            .filter(entry_fact::Column::EntryId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    let rows: Vec<entry_fact::ActiveModel> = facts.into_iter().map(Into::into).collect();
    // 100 rows of 10 columns stays far below SQLite's parameter limit.
    for chunk in rows.chunks(100) {
        entry_fact::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Writes the facts of every entry stored before the facts were kept: run
/// once, after every migration, by `db::migrations::run` when it has just
/// made the facts' table (a migration never calls the app's code).
pub async fn backfill<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let zones: HashMap<Uuid, Tz> = keyed_value::Entity::find()
        .filter(keyed_value::Column::Key.eq(Key::Setting(SettingKey::Reminders).storage_key()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.user_id, zone_from_reminders(&row.value)))
        .collect();
    let mut after: Option<(Uuid, Uuid)> = None;
    loop {
        let mut query = entry::Entity::find().filter(entry::Column::Deleted.eq(false));
        if let Some((user, id)) = after {
            query = query.filter(
                Condition::any().add(entry::Column::UserId.gt(user)).add(
                    Condition::all()
                        .add(entry::Column::UserId.eq(user))
                        .add(entry::Column::Id.gt(id)),
                ),
            );
        }
        use sea_orm::QueryOrder;
        let page = query
            .order_by_asc(entry::Column::UserId)
            .order_by_asc(entry::Column::Id)
            .limit(1000)
            .all(db)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some((last.user_id, last.id));
        let facts: Vec<entry_fact::ActiveModel> = page
            .iter()
            .filter_map(|e| {
                let zone = zones.get(&e.user_id).copied().unwrap_or(DEFAULT_ZONE);
                fact_of(e.user_id, e.id, Family::parse(&e.family)?, &e.payload, zone)
            })
            .map(entry_fact::ActiveModel::from)
            .collect();
        for chunk in facts.chunks(100) {
            entry_fact::Entity::insert_many(chunk.to_vec())
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_late_evening_session_counts_on_the_local_day() {
        // 23:30 in Oslo in winter is 22:30 UTC; in summer 21:30 UTC.
        assert_eq!(
            local_day(datetime!(2026-01-10 22:30 UTC), DEFAULT_ZONE),
            date!(2026 - 01 - 10)
        );
        assert_eq!(
            local_day(datetime!(2026-01-10 23:30 UTC), DEFAULT_ZONE),
            date!(2026 - 01 - 11)
        );
        assert_eq!(
            local_day(datetime!(2026-07-10 22:30 UTC), DEFAULT_ZONE),
            date!(2026 - 07 - 11)
        );
        assert_eq!(
            local_day(
                datetime!(2026-07-10 22:30 UTC),
                chrono_tz::America::New_York
            ),
            date!(2026 - 07 - 10)
        );
    }

    #[test]
    fn a_zone_comes_from_the_reminders_or_defaults_to_oslo() {
        assert_eq!(zone_from_reminders("not json"), DEFAULT_ZONE);
        let r = Reminders {
            time_zone: Some("Asia/Tokyo".into()),
            ..Reminders::default()
        };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(zone_from_reminders(&json), chrono_tz::Asia::Tokyo);
    }
}
