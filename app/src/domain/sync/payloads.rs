//! What each kind of op carries, with the bounds that make nonsense
//! unrepresentable.

use crate::domain::training::{Feedback, Prescription, Programme};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Training,
    Relaxation,
}

/// A finished or stopped session. Times are RFC 3339 on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggedSession {
    pub id: Uuid,
    pub kind: SessionKind,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub ended_at: time::OffsetDateTime,
    #[serde(default)]
    pub planned_reps: u16,
    #[serde(default)]
    pub done_reps: u16,
    #[serde(default)]
    pub planned_rounds: u16,
    #[serde(default)]
    pub done_rounds: u16,
    /// The prescription in force, kept as it was for the history (checked
    /// like any other prescription; none for relaxation).
    #[serde(default)]
    pub prescription: Option<Prescription>,
    /// How the session felt, for the progression of the hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
    /// Technique problems the patient noticed (see the self-check).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<TechniqueProblem>,
    /// It hurt: leads to "when to get help" (seed 003 names pain as a
    /// reason to ask for a physiotherapist).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pain: bool,
    /// A relaxation session's chosen length (5–45 minutes); none for training.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_minutes: Option<crate::domain::relax::RelaxMinutes>,
}

impl LoggedSession {
    /// The feedback that counts for progression: any technique problem
    /// reported, or pain, keeps "too easy" from counting (the rule is
    /// `training::progression::counted_feedback`).
    pub fn progression_feedback(&self) -> Option<Feedback> {
        crate::domain::training::progression::counted_feedback(
            self.feedback,
            !self.problems.is_empty(),
            self.pain,
        )
    }
}

/// What the patient noticed about their technique after a session; each
/// ties to a tip from the self-check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TechniqueProblem {
    /// Buttocks, thighs or belly tightened instead.
    OtherMuscles,
    HeldBreath,
    /// Pressed down rather than lifting up and in.
    PressedDown,
    /// Could not feel the muscles work.
    FeltNothing,
}

impl TechniqueProblem {
    pub const ALL: [TechniqueProblem; 4] = [
        TechniqueProblem::OtherMuscles,
        TechniqueProblem::HeldBreath,
        TechniqueProblem::PressedDown,
        TechniqueProblem::FeltNothing,
    ];
}

/// Who set the prescription in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum SetBy {
    /// The app's defaults or the patient's own adjustment.
    Patient,
    /// A linked therapist, by name, and the day (set on the server only).
    Therapist {
        name: String,
        /// `YYYY-MM-DD`; none in changes made before the day was kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on: Option<String>,
    },
}

/// The patient's programme as it travels: prescription, phase and who set it.
/// Last writer wins by `(client_ts, device_id)`, like settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrescriptionSet {
    pub prescription: Prescription,
    pub programme: Programme,
    pub set_by: SetBy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiaryEntry {
    pub id: Uuid,
    /// The day the entry is about, `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub leakage_episodes: Option<u16>,
    #[serde(default)]
    pub pads: Option<u16>,
    #[serde(default)]
    pub urgency_episodes: Option<u16>,
    /// Pain on the 0–10 numeric rating scale.
    #[serde(default)]
    pub pain_nrs: Option<u8>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Questionnaire {
    Baseline,
    Month3,
    Month6,
    Month12,
    /// Answered when the patient chose to, outside the schedule.
    OnDemand,
}

impl Questionnaire {
    pub const ALL: [Questionnaire; 5] = [
        Questionnaire::Baseline,
        Questionnaire::Month3,
        Questionnaire::Month6,
        Questionnaire::Month12,
        Questionnaire::OnDemand,
    ];

    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Questionnaire::Baseline => "baseline",
            Questionnaire::Month3 => "month3",
            Questionnaire::Month6 => "month6",
            Questionnaire::Month12 => "month12",
            Questionnaire::OnDemand => "on_demand",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == raw)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromAnswer {
    pub id: Uuid,
    pub questionnaire: Questionnaire,
    /// The patient's day of answering, `YYYY-MM-DD`.
    #[serde(default)]
    pub answered_on: Option<String>,
    #[serde(default)]
    pub pain_nrs: Option<u8>,
    /// Patient Global Impression of Improvement, 1 (very much better) to 7.
    #[serde(default)]
    pub pgi_i: Option<u8>,
    /// The patient's own goals and how close they are, 0–10.
    #[serde(default)]
    pub goals: Vec<GoalRating>,
    /// Answers to a questionnaire the clinic plugged in (checked against
    /// its definition on the server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<crate::domain::instrument::InstrumentAnswer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalRating {
    pub goal: String,
    pub closeness: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EducationProgress {
    pub module: String,
    /// The furthest page read (1-based; 0: none yet).
    pub page: u16,
    /// Read to the end.
    #[serde(default)]
    pub completed: bool,
    /// The latest answers to the module's quiz: an option's index per
    /// question (see `domain::learn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz: Option<Vec<u8>>,
}

impl EducationProgress {
    /// Progress only grows: reading an earlier page again keeps the furthest
    /// one, a finished module stays finished, the latest answers count.
    pub fn merged(self, later: EducationProgress) -> EducationProgress {
        EducationProgress {
            page: self.page.max(later.page),
            completed: self.completed || later.completed,
            quiz: later.quiz.or(self.quiz),
            module: later.module,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKey {
    Language,
    Sound,
    Vibration,
    DiscreetMode,
    ReducedMotion,
    /// When and how to remind (see `domain::reminders`).
    Reminders,
}

impl SettingKey {
    pub fn as_str(self) -> &'static str {
        match self {
            SettingKey::Language => "language",
            SettingKey::Sound => "sound",
            SettingKey::Vibration => "vibration",
            SettingKey::DiscreetMode => "discreet_mode",
            SettingKey::ReducedMotion => "reduced_motion",
            SettingKey::Reminders => "reminders",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub key: SettingKey,
    pub value: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(feedback: Feedback, problems: Vec<TechniqueProblem>, pain: bool) -> LoggedSession {
        LoggedSession {
            id: Uuid::nil(),
            kind: SessionKind::Training,
            started_at: time::OffsetDateTime::UNIX_EPOCH,
            ended_at: time::OffsetDateTime::UNIX_EPOCH,
            planned_reps: 8,
            done_reps: 8,
            planned_rounds: 1,
            done_rounds: 1,
            prescription: None,
            feedback: Some(feedback),
            problems,
            pain,
            planned_minutes: None,
        }
    }

    #[test]
    fn any_technique_problem_or_pain_never_steps_the_hold_up() {
        let easy =
            |problems, pain| session(Feedback::TooEasy, problems, pain).progression_feedback();
        assert_eq!(easy(vec![], false), Some(Feedback::TooEasy));
        for problem in TechniqueProblem::ALL {
            assert_eq!(
                easy(vec![problem], false),
                Some(Feedback::JustRight),
                "{problem:?}"
            );
        }
        assert_eq!(easy(vec![], true), Some(Feedback::JustRight));
        // Too hard stays too hard: backing off is always allowed.
        let hard = session(Feedback::TooHard, vec![TechniqueProblem::PressedDown], true);
        assert_eq!(hard.progression_feedback(), Some(Feedback::TooHard));
    }

    #[test]
    fn pain_is_left_out_of_the_wire_when_false_and_read_when_absent() {
        let quiet = session(Feedback::JustRight, vec![], false);
        let json = serde_json::to_value(&quiet).unwrap();
        assert!(json.get("pain").is_none());
        let back: LoggedSession = serde_json::from_value(json).unwrap();
        assert!(!back.pain);
        let hurt = serde_json::to_value(session(Feedback::JustRight, vec![], true)).unwrap();
        assert_eq!(hurt["pain"], true);
    }
}
