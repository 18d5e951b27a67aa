//! What each kind of op carries, with the bounds that make nonsense
//! unrepresentable.

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
    /// The prescription in force, kept as it was for the history.
    #[serde(default)]
    pub prescription: serde_json::Value,
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
#[serde(rename_all = "snake_case")]
pub enum Questionnaire {
    Baseline,
    Month3,
    Month6,
    Month12,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromAnswer {
    pub id: Uuid,
    pub questionnaire: Questionnaire,
    #[serde(default)]
    pub pain_nrs: Option<u8>,
    /// Patient Global Impression of Improvement, 1 (very much better) to 7.
    #[serde(default)]
    pub pgi_i: Option<u8>,
    /// The patient's own goals and how close they are, 0–10.
    #[serde(default)]
    pub goals: Vec<GoalRating>,
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
    pub page: u16,
    #[serde(default)]
    pub completed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKey {
    Language,
    Sound,
    Vibration,
    DiscreetMode,
    ReducedMotion,
}

impl SettingKey {
    pub fn as_str(self) -> &'static str {
        match self {
            SettingKey::Language => "language",
            SettingKey::Sound => "sound",
            SettingKey::Vibration => "vibration",
            SettingKey::DiscreetMode => "discreet_mode",
            SettingKey::ReducedMotion => "reduced_motion",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub key: SettingKey,
    pub value: serde_json::Value,
}
