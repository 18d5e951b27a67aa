//! Turning a [`WireOp`] into a validated [`Op`], or saying why not.

use super::payloads::{
    DiaryEntry, EducationProgress, LoggedSession, PrescriptionSet, PromAnswer, SessionKind,
    Setting, SettingKey,
};
use super::wire::WireOp;
use crate::domain::Language;
use crate::domain::diary::{MAX_DAILY_COUNT, MAX_NOTE_CHARS, oldest_day};
use crate::domain::instrument::is_slug;
use crate::domain::outcomes::{MAX_GOAL_CHARS, MAX_GOALS};
use crate::domain::pathway::Assessment;
use crate::domain::pathway::bladder::{BladderTarget, BladderVisit};
use crate::domain::reminders::Reminders;
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// How far ahead of the server's clock a device's clock may run.
pub const MAX_CLOCK_AHEAD: time::Duration = time::Duration::hours(24);
/// The longest session we believe (relaxation can last 45 min; leave room).
pub const MAX_SESSION: time::Duration = time::Duration::hours(6);
const MAX_REPS: u16 = 500;
const MAX_ROUNDS: u16 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpKind {
    SessionLogged,
    SessionDeleted,
    DiaryLogged,
    DiaryDeleted,
    PromAnswered,
    EducationProgressed,
    SettingSet,
    PrescriptionSet,
    AssessmentAnswered,
    BladderLogged,
    BladderDeleted,
    BladderTargetSet,
}

impl OpKind {
    pub const ALL: [OpKind; 12] = [
        OpKind::SessionLogged,
        OpKind::SessionDeleted,
        OpKind::DiaryLogged,
        OpKind::DiaryDeleted,
        OpKind::PromAnswered,
        OpKind::EducationProgressed,
        OpKind::SettingSet,
        OpKind::PrescriptionSet,
        OpKind::AssessmentAnswered,
        OpKind::BladderLogged,
        OpKind::BladderDeleted,
        OpKind::BladderTargetSet,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::SessionLogged => "session.logged",
            OpKind::SessionDeleted => "session.deleted",
            OpKind::DiaryLogged => "diary.logged",
            OpKind::DiaryDeleted => "diary.deleted",
            OpKind::PromAnswered => "prom.answered",
            OpKind::EducationProgressed => "education.progressed",
            OpKind::SettingSet => "setting.set",
            OpKind::PrescriptionSet => "prescription.set",
            OpKind::AssessmentAnswered => "assessment.answered",
            OpKind::BladderLogged => "bladder.logged",
            OpKind::BladderDeleted => "bladder.deleted",
            OpKind::BladderTargetSet => "bladder.target_set",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// Every kind's name, for messages.
    pub fn known() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum OpBody {
    SessionLogged(LoggedSession),
    SessionDeleted { id: Uuid },
    DiaryLogged(DiaryEntry),
    DiaryDeleted { id: Uuid },
    PromAnswered(PromAnswer),
    EducationProgressed(EducationProgress),
    SettingSet(Setting),
    PrescriptionSet(PrescriptionSet),
    AssessmentAnswered(Assessment),
    BladderLogged(BladderVisit),
    BladderDeleted { id: Uuid },
    BladderTargetSet(BladderTarget),
}

impl OpBody {
    pub fn kind(&self) -> OpKind {
        match self {
            OpBody::SessionLogged(_) => OpKind::SessionLogged,
            OpBody::SessionDeleted { .. } => OpKind::SessionDeleted,
            OpBody::DiaryLogged(_) => OpKind::DiaryLogged,
            OpBody::DiaryDeleted { .. } => OpKind::DiaryDeleted,
            OpBody::PromAnswered(_) => OpKind::PromAnswered,
            OpBody::EducationProgressed(_) => OpKind::EducationProgressed,
            OpBody::SettingSet(_) => OpKind::SettingSet,
            OpBody::PrescriptionSet(_) => OpKind::PrescriptionSet,
            OpBody::AssessmentAnswered(_) => OpKind::AssessmentAnswered,
            OpBody::BladderLogged(_) => OpKind::BladderLogged,
            OpBody::BladderDeleted { .. } => OpKind::BladderDeleted,
            OpBody::BladderTargetSet(_) => OpKind::BladderTargetSet,
        }
    }

    /// The canonical JSON of the payload, as stored and as pulled.
    pub fn payload_json(&self) -> serde_json::Value {
        let value = match self {
            OpBody::SessionLogged(p) => serde_json::to_value(p),
            OpBody::SessionDeleted { id }
            | OpBody::DiaryDeleted { id }
            | OpBody::BladderDeleted { id } => Ok(serde_json::json!({ "id": id })),
            OpBody::DiaryLogged(p) => serde_json::to_value(p),
            OpBody::PromAnswered(p) => serde_json::to_value(p),
            OpBody::EducationProgressed(p) => serde_json::to_value(p),
            OpBody::SettingSet(p) => serde_json::to_value(p),
            OpBody::PrescriptionSet(p) => serde_json::to_value(p),
            OpBody::AssessmentAnswered(p) => serde_json::to_value(p),
            OpBody::BladderLogged(p) => serde_json::to_value(p),
            OpBody::BladderTargetSet(p) => serde_json::to_value(p),
        };
        value.unwrap_or(serde_json::Value::Null)
    }
}

/// A validated op.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub id: Uuid,
    pub client_ts: OffsetDateTime,
    pub body: OpBody,
}

/// Why an op was refused; the text is shown to the patient on the Me page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpRejection {
    #[error("op_id must be a UUID.")]
    BadOpId,
    #[error("Unknown kind \"{0}\". Known kinds: {known}.", known = OpKind::known())]
    UnknownKind(String),
    #[error("client_ts must be an RFC 3339 time such as 2026-11-27T09:30:00Z.")]
    BadClientTs,
    #[error(
        "The time {0} is more than a day ahead of the server's clock; check the phone's date and time."
    )]
    InTheFuture(&'static str),
    #[error("The time {0} is before 1970; check the phone's date and time.")]
    TooEarly(&'static str),
    #[error("The payload does not fit {kind}: {detail}")]
    BadPayload { kind: &'static str, detail: String },
    #[error("{0}")]
    OutOfRange(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tombstone {
    id: Uuid,
}

fn payload<T: serde::de::DeserializeOwned>(
    kind: OpKind,
    value: &serde_json::Value,
) -> Result<T, OpRejection> {
    deserialize(value).map_err(|detail| OpRejection::BadPayload {
        kind: kind.as_str(),
        detail,
    })
}

/// On the server, the message names the field ("leakage_episodes: invalid
/// value …"), as the patient reads it among the changes that could not be
/// saved. The phone only checks what it is about to store (its messages are
/// never shown), and a second copy of every payload's parser would cost
/// its WASM bundles tens of kilobytes.
#[cfg(feature = "ssr")]
fn deserialize<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|e| e.to_string())
}

#[cfg(not(feature = "ssr"))]
fn deserialize<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<T, String> {
    T::deserialize(value).map_err(|e| e.to_string())
}

/// The most one op's payload may weigh as JSON. The largest real one, a
/// questionnaire's answers with goals, is under 4 KiB.
pub const MAX_OP_PAYLOAD_BYTES: usize = 16 * 1024;

/// How many bytes `value` takes as compact JSON, counted without building
/// the text.
fn payload_bytes(value: &serde_json::Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing to a counter cannot fail.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

fn out_of_range(text: impl Into<String>) -> OpRejection {
    OpRejection::OutOfRange(text.into())
}

/// Validates an op as received at `now` (the receiver's clock).
pub fn parse_op(wire: &WireOp, now: OffsetDateTime) -> Result<Op, OpRejection> {
    let id = Uuid::parse_str(&wire.op_id).map_err(|_| OpRejection::BadOpId)?;
    if id.is_nil() {
        return Err(OpRejection::BadOpId);
    }
    if payload_bytes(&wire.payload) > MAX_OP_PAYLOAD_BYTES {
        return Err(out_of_range(format!(
            "An op's payload can be at most {MAX_OP_PAYLOAD_BYTES} bytes."
        )));
    }
    let kind = OpKind::parse(&wire.kind)
        .ok_or_else(|| OpRejection::UnknownKind(wire.kind.chars().take(40).collect()))?;
    let client_ts = bounded(
        OffsetDateTime::parse(&wire.client_ts, &Rfc3339).map_err(|_| OpRejection::BadClientTs)?,
        "client_ts",
        now,
    )?;
    let body = match kind {
        OpKind::SessionLogged => {
            OpBody::SessionLogged(check_session(payload(kind, &wire.payload)?, now)?)
        }
        OpKind::SessionDeleted => OpBody::SessionDeleted {
            id: payload::<Tombstone>(kind, &wire.payload)?.id,
        },
        OpKind::DiaryLogged => {
            OpBody::DiaryLogged(check_diary(payload(kind, &wire.payload)?, now)?)
        }
        OpKind::DiaryDeleted => OpBody::DiaryDeleted {
            id: payload::<Tombstone>(kind, &wire.payload)?.id,
        },
        OpKind::PromAnswered => {
            OpBody::PromAnswered(check_prom(payload(kind, &wire.payload)?, now)?)
        }
        OpKind::EducationProgressed => {
            OpBody::EducationProgressed(check_education(payload(kind, &wire.payload)?)?)
        }
        OpKind::SettingSet => OpBody::SettingSet(check_setting(payload(kind, &wire.payload)?)?),
        OpKind::PrescriptionSet => OpBody::PrescriptionSet(payload(kind, &wire.payload)?),
        OpKind::AssessmentAnswered => OpBody::AssessmentAnswered(
            payload::<Assessment>(kind, &wire.payload)?
                .parse()
                .map_err(|e| out_of_range(e.to_string()))?,
        ),
        OpKind::BladderLogged => OpBody::BladderLogged(
            payload::<BladderVisit>(kind, &wire.payload)?
                .check(now)
                .map_err(|e| out_of_range(e.to_string()))?,
        ),
        OpKind::BladderDeleted => OpBody::BladderDeleted {
            id: payload::<Tombstone>(kind, &wire.payload)?.id,
        },
        OpKind::BladderTargetSet => {
            let target: BladderTarget = payload(kind, &wire.payload)?;
            check_day(&target.since.to_string(), "The interval target's day", now)?;
            OpBody::BladderTargetSet(target)
        }
    };
    Ok(Op {
        id,
        client_ts,
        body,
    })
}

/// Every time an op carries is kept in UTC, between the Unix epoch (a phone
/// whose clock was reset still counts) and a day ahead of the receiver's
/// clock. Unbounded, an odd but valid offset such as
/// `0000-01-01T00:00:00+23:59` became a year no RFC 3339 text can show.
fn bounded(
    at: OffsetDateTime,
    field: &'static str,
    now: OffsetDateTime,
) -> Result<OffsetDateTime, OpRejection> {
    let utc = at
        .checked_to_offset(time::UtcOffset::UTC)
        .filter(|utc| *utc >= OffsetDateTime::UNIX_EPOCH)
        .ok_or(OpRejection::TooEarly(field))?;
    if utc > now + MAX_CLOCK_AHEAD {
        return Err(OpRejection::InTheFuture(field));
    }
    Ok(utc)
}

fn check_session(mut s: LoggedSession, now: OffsetDateTime) -> Result<LoggedSession, OpRejection> {
    s.started_at = bounded(s.started_at, "started_at", now)?;
    s.ended_at = bounded(s.ended_at, "ended_at", now)?;
    if s.ended_at < s.started_at {
        return Err(out_of_range("The session ends before it starts."));
    }
    if s.ended_at - s.started_at > MAX_SESSION {
        return Err(out_of_range("A session can last at most 6 hours."));
    }
    if s.planned_reps > MAX_REPS || s.done_reps > MAX_REPS {
        return Err(out_of_range(format!(
            "Repetitions must be between 0 and {MAX_REPS}."
        )));
    }
    if s.planned_rounds > MAX_ROUNDS || s.done_rounds > MAX_ROUNDS {
        return Err(out_of_range(format!(
            "Rounds must be between 0 and {MAX_ROUNDS}."
        )));
    }
    if s.planned_reps > 0 && s.done_reps > s.planned_reps {
        return Err(out_of_range("More repetitions done than planned."));
    }
    if s.planned_rounds > 0 && s.done_rounds > s.planned_rounds {
        return Err(out_of_range("More rounds done than planned."));
    }
    let mut seen = Vec::with_capacity(s.problems.len());
    for problem in &s.problems {
        if seen.contains(problem) {
            return Err(out_of_range(
                "problems must name each technique problem at most once.",
            ));
        }
        seen.push(*problem);
    }
    if let Some(p) = &s.prescription
        && s.done_rounds.saturating_mul(u16::from(p.reps_per_round())) > s.done_reps
    {
        return Err(out_of_range(
            "Each round done needs all its repetitions done.",
        ));
    }
    match s.kind {
        SessionKind::Relaxation if s.planned_minutes.is_none() => {
            return Err(out_of_range(
                "A relaxation session needs planned_minutes, from 5 to 45.",
            ));
        }
        SessionKind::Relaxation if s.prescription.is_some() || s.planned_reps > 0 => {
            return Err(out_of_range(
                "A relaxation session has no prescription and no repetitions.",
            ));
        }
        SessionKind::Training if s.planned_minutes.is_some() => {
            return Err(out_of_range(
                "planned_minutes is for relaxation sessions only.",
            ));
        }
        _ => {}
    }
    Ok(s)
}

pub use crate::domain::day::parse_day;

/// A day an entry is about: written `YYYY-MM-DD`, not after the phone's
/// today (which may be UTC's tomorrow), not more than 3 years back.
fn check_day(raw: &str, what: &str, now: OffsetDateTime) -> Result<time::Date, OpRejection> {
    let Some(day) = parse_day(raw) else {
        return Err(out_of_range(format!(
            "{what} must be a day written as YYYY-MM-DD."
        )));
    };
    if day > (now + MAX_CLOCK_AHEAD).date() {
        return Err(out_of_range(format!(
            "{what} cannot be a day in the future."
        )));
    }
    if day < oldest_day(now.date()) {
        return Err(out_of_range(format!("{what} can be at most 3 years back.")));
    }
    Ok(day)
}

fn check_diary(mut d: DiaryEntry, now: OffsetDateTime) -> Result<DiaryEntry, OpRejection> {
    check_day(&d.date, "The diary's date", now)?;
    for count in [d.leakage_episodes, d.pads, d.urgency_episodes]
        .into_iter()
        .flatten()
    {
        if count > MAX_DAILY_COUNT {
            return Err(out_of_range(format!(
                "Daily counts must be between 0 and {MAX_DAILY_COUNT}."
            )));
        }
    }
    if d.pain_nrs.is_some_and(|p| p > 10) {
        return Err(out_of_range("Pain is rated from 0 to 10."));
    }
    // A note of only spaces is no note.
    d.note = d.note.filter(|n| !n.trim().is_empty());
    if d.note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
    {
        return Err(out_of_range(format!(
            "A note can be at most {MAX_NOTE_CHARS} characters."
        )));
    }
    Ok(d)
}

fn check_prom(mut p: PromAnswer, now: OffsetDateTime) -> Result<PromAnswer, OpRejection> {
    if let Some(day) = &p.answered_on {
        check_day(day, "answered_on", now)?;
    }
    if p.pain_nrs.is_some_and(|v| v > 10) {
        return Err(out_of_range("Pain is rated from 0 to 10."));
    }
    if p.pgi_i.is_some_and(|v| !(1..=7).contains(&v)) {
        return Err(out_of_range("PGI-I is answered from 1 to 7."));
    }
    if p.goals.len() > MAX_GOALS {
        return Err(out_of_range(format!("At most {MAX_GOALS} goals.")));
    }
    if let Some(answer) = &p.instrument
        && (!is_slug(&answer.id)
            || answer.answers.len() > 50
            || answer.answers.keys().any(|k| !is_slug(k)))
    {
        return Err(out_of_range(
            "instrument needs the questionnaire's name and at most 50 answers, each under an item's name.",
        ));
    }
    for goal in &mut p.goals {
        goal.goal = goal.goal.trim().to_owned();
    }
    if p.goals
        .iter()
        .any(|g| g.closeness > 10 || g.goal.is_empty() || g.goal.chars().count() > MAX_GOAL_CHARS)
    {
        return Err(out_of_range(format!(
            "Each goal needs a text of at most {MAX_GOAL_CHARS} characters and a rating from 0 to 10."
        )));
    }
    Ok(p)
}

fn check_education(e: EducationProgress) -> Result<EducationProgress, OpRejection> {
    let slug_ok = !e.module.is_empty()
        && e.module.len() <= 40
        && e.module
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !slug_ok {
        return Err(out_of_range(
            "module must be a module name such as \"sleep\".",
        ));
    }
    if e.page > 200 {
        return Err(out_of_range("page must be between 0 and 200."));
    }
    if let Some(answers) = &e.quiz
        && (answers.len() > crate::domain::learn::MAX_QUESTIONS
            || answers
                .iter()
                .any(|&a| usize::from(a) >= crate::domain::learn::MAX_OPTIONS))
    {
        return Err(out_of_range(
            "quiz must hold at most 5 answers, each an option from 0 to 5.",
        ));
    }
    Ok(e)
}

fn check_setting(mut s: Setting) -> Result<Setting, OpRejection> {
    if s.key == SettingKey::Reminders {
        let reminders = deserialize::<Reminders>(&s.value)
            .map_err(|e| out_of_range(format!("reminders: {e}")))?
            .check()
            .map_err(|e| out_of_range(format!("reminders: {e}")))?;
        s.value = serde_json::to_value(reminders).unwrap_or(serde_json::Value::Null);
        return Ok(s);
    }
    let valid = match s.key {
        SettingKey::Reminders => true,
        SettingKey::Language => s
            .value
            .as_str()
            .is_some_and(|v| Language::parse(v).is_ok_and(|l| l.code() == v)),
        SettingKey::Sound
        | SettingKey::Vibration
        | SettingKey::DiscreetMode
        | SettingKey::ReducedMotion => s.value.is_boolean(),
    };
    if valid {
        Ok(s)
    } else {
        Err(out_of_range(match s.key {
            SettingKey::Language => "language must be \"nb\", \"nn\" or \"en\".",
            _ => "This setting is on or off: true or false.",
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> OffsetDateTime {
        OffsetDateTime::parse("2026-11-27T10:00:00Z", &Rfc3339).unwrap()
    }

    fn wire(kind: &str, payload: serde_json::Value) -> WireOp {
        WireOp {
            op_id: "01937a4e-8b2c-7c3d-9e4f-a0b1c2d3e4f5".into(),
            kind: kind.into(),
            client_ts: "2026-11-27T09:59:00Z".into(),
            payload,
        }
    }

    fn session(started: &str, ended: &str, planned: u16, done: u16) -> serde_json::Value {
        json!({"id": "01937a4e-8b2c-7c3d-9e4f-000000000001", "kind": "training", "started_at": started,
               "ended_at": ended, "planned_reps": planned, "done_reps": done, "planned_rounds": 3, "done_rounds": 1})
    }

    #[test]
    fn a_good_session_parses_and_round_trips() {
        let op = parse_op(
            &wire(
                "session.logged",
                session("2026-11-27T09:00:00Z", "2026-11-27T09:05:00Z", 30, 10),
            ),
            now(),
        )
        .unwrap();
        assert_eq!(op.body.kind(), OpKind::SessionLogged);
        let again = WireOp {
            payload: op.body.payload_json(),
            ..wire("session.logged", json!(null))
        };
        assert_eq!(parse_op(&again, now()).unwrap(), op);
    }

    #[test]
    fn problems_are_each_named_once_and_an_op_has_a_size_limit() {
        let mut twice = session("2026-11-27T09:00:00Z", "2026-11-27T09:05:00Z", 30, 10);
        twice["problems"] = json!(["held_breath", "pressed_down", "held_breath"]);
        assert!(matches!(
            parse_op(&wire("session.logged", twice), now()),
            Err(OpRejection::OutOfRange(text)) if text.contains("at most once")
        ));
        // 130,000 problems (1.9 MB) once made one op.
        let mut huge = session("2026-11-27T09:00:00Z", "2026-11-27T09:05:00Z", 30, 10);
        huge["problems"] = json!(vec!["held_breath"; 130_000]);
        assert!(matches!(
            parse_op(&wire("session.logged", huge), now()),
            Err(OpRejection::OutOfRange(text)) if text.contains("16384 bytes")
        ));
        // Unknown fields count towards the limit too, though they are dropped.
        let mut padded = session("2026-11-27T09:00:00Z", "2026-11-27T09:05:00Z", 30, 10);
        padded["junk"] = json!("x".repeat(MAX_OP_PAYLOAD_BYTES));
        assert!(parse_op(&wire("session.logged", padded), now()).is_err());
        let mut all = session("2026-11-27T09:00:00Z", "2026-11-27T09:05:00Z", 30, 10);
        all["problems"] = json!([
            "other_muscles",
            "held_breath",
            "pressed_down",
            "felt_nothing"
        ]);
        assert!(parse_op(&wire("session.logged", all), now()).is_ok());
    }

    #[test]
    fn impossible_sessions_are_rejected_with_a_reason() {
        let backwards = session("2026-11-27T09:05:00Z", "2026-11-27T09:00:00Z", 30, 10);
        assert!(matches!(
            parse_op(&wire("session.logged", backwards), now()),
            Err(OpRejection::OutOfRange(_))
        ));
        let future = session("2026-11-29T09:00:00Z", "2026-11-29T09:05:00Z", 30, 10);
        assert_eq!(
            parse_op(&wire("session.logged", future), now()),
            Err(OpRejection::InTheFuture("started_at"))
        );
        let ends_ahead = session("2026-11-28T09:00:00Z", "2026-11-28T11:05:00Z", 30, 10);
        assert_eq!(
            parse_op(&wire("session.logged", ends_ahead), now()),
            Err(OpRejection::InTheFuture("ended_at"))
        );
        let overdone = session("2026-11-27T09:00:00Z", "2026-11-27T09:05:00Z", 30, 31);
        assert!(matches!(
            parse_op(&wire("session.logged", overdone), now()),
            Err(OpRejection::OutOfRange(_))
        ));
    }

    #[test]
    fn the_envelope_is_checked_first() {
        let mut op = wire("setting.set", json!({"key": "sound", "value": true}));
        op.op_id = "not-a-uuid".into();
        assert_eq!(parse_op(&op, now()), Err(OpRejection::BadOpId));
        let unknown = wire("session.exploded", json!({}));
        assert!(matches!(
            parse_op(&unknown, now()),
            Err(OpRejection::UnknownKind(_))
        ));
        let mut ts = wire("setting.set", json!({"key": "sound", "value": true}));
        ts.client_ts = "yesterday".into();
        assert_eq!(parse_op(&ts, now()), Err(OpRejection::BadClientTs));
        ts.client_ts = "2027-01-01T00:00:00Z".into();
        assert_eq!(
            parse_op(&ts, now()),
            Err(OpRejection::InTheFuture("client_ts"))
        );
    }

    #[test]
    fn times_are_kept_in_utc_and_odd_years_are_refused() {
        let mut ts = wire("setting.set", json!({"key": "sound", "value": true}));
        ts.client_ts = "0000-01-01T00:00:00+23:59".into();
        assert_eq!(
            parse_op(&ts, now()),
            Err(OpRejection::TooEarly("client_ts"))
        );
        ts.client_ts = "1969-12-31T23:59:59Z".into();
        assert_eq!(
            parse_op(&ts, now()),
            Err(OpRejection::TooEarly("client_ts"))
        );
        ts.client_ts = "2026-11-27T10:59:00+01:00".into();
        let op = parse_op(&ts, now()).unwrap();
        assert_eq!(op.client_ts.offset(), time::UtcOffset::UTC);
        assert_eq!(op.client_ts.hour(), 9);

        let local = session(
            "2026-11-27T10:00:00+01:00",
            "2026-11-27T10:05:00+01:00",
            30,
            10,
        );
        let op = parse_op(&wire("session.logged", local), now()).unwrap();
        let payload = op.body.payload_json();
        assert_eq!(payload["started_at"], "2026-11-27T09:00:00Z");
        assert_eq!(payload["ended_at"], "2026-11-27T09:05:00Z");
        let ancient = session("0000-01-01T00:00:00+23:59", "2026-11-27T09:05:00Z", 30, 10);
        assert_eq!(
            parse_op(&wire("session.logged", ancient), now()),
            Err(OpRejection::TooEarly("started_at"))
        );
    }

    #[test]
    fn payloads_of_the_wrong_shape_are_rejected() {
        let extra = wire(
            "setting.set",
            json!({"key": "sound", "value": true, "x": 1}),
        );
        assert!(matches!(
            parse_op(&extra, now()),
            Err(OpRejection::BadPayload { .. })
        ));
        let bad_value = wire("setting.set", json!({"key": "language", "value": "de"}));
        assert!(matches!(
            parse_op(&bad_value, now()),
            Err(OpRejection::OutOfRange(_))
        ));
        let bad_day = wire(
            "diary.logged",
            json!({"id": "01937a4e-8b2c-7c3d-9e4f-000000000002", "date": "2026-02-30"}),
        );
        assert!(matches!(
            parse_op(&bad_day, now()),
            Err(OpRejection::OutOfRange(_))
        ));
        for bad in [
            json!({"date": "2026-02-03", "pain_nrs": 11}),
            json!({"date": "2026-02-03", "pads": 101}),
            json!({"date": "2026-02-03", "leakage_episodes": -1}),
            json!({"date": "2026-11-29", "pads": 1}),
            json!({"date": "2023-11-01", "pads": 1}),
            json!({"date": "2026-11-27", "note": "x".repeat(2001)}),
        ] {
            let mut payload = bad.clone();
            payload["id"] = json!("01937a4e-8b2c-7c3d-9e4f-000000000002");
            assert!(
                parse_op(&wire("diary.logged", payload), now()).is_err(),
                "{bad}"
            );
        }
        // The phone's today may be UTC's tomorrow; a blank note is none.
        let tomorrow = wire(
            "diary.logged",
            json!({"id": "01937a4e-8b2c-7c3d-9e4f-000000000002", "date": "2026-11-28", "note": "  "}),
        );
        let Ok(Op {
            body: OpBody::DiaryLogged(entry),
            ..
        }) = parse_op(&tomorrow, now())
        else {
            panic!("tomorrow's entry refused")
        };
        assert_eq!(entry.note, None);
    }

    #[test]
    fn reminder_settings_are_checked_and_stored_in_order() {
        let op = |value: serde_json::Value| {
            parse_op(
                &wire("setting.set", json!({"key": "reminders", "value": value})),
                now(),
            )
        };
        let Ok(Op {
            body: OpBody::SettingSet(setting),
            ..
        }) = op(
            json!({"on": true, "times": ["20:00", "07:30"], "weekdays": [5, 1], "time_zone": "Europe/Oslo"}),
        )
        else {
            panic!("good reminders refused")
        };
        assert_eq!(setting.value["times"], json!(["07:30", "20:00"]));
        assert_eq!(setting.value["weekdays"], json!([1, 5]));
        for (bad, rule) in [
            (
                json!({"on": true, "times": ["7.30"], "weekdays": [1]}),
                "HH:MM",
            ),
            (json!({"on": true, "times": [], "weekdays": [1]}), "1 to 6"),
            (
                json!({"on": true, "times": ["07:30"], "weekdays": [8]}),
                "Weekdays",
            ),
            (
                json!({"on": "yes", "times": ["07:30"], "weekdays": [1]}),
                "on",
            ),
            (json!(true), "reminders"),
        ] {
            let refused = op(bad.clone()).expect_err("refused");
            assert!(refused.to_string().contains(rule), "{bad}: {refused}");
        }
    }

    #[test]
    fn every_kind_has_a_unique_name() {
        for kind in OpKind::ALL {
            assert_eq!(OpKind::parse(kind.as_str()), Some(kind));
        }
    }
}
