//! The signs that a patient needs the therapist's attention, and the
//! thresholds that raise them.

use serde::{Deserialize, Serialize};

/// A sign that a patient needs the therapist's attention.
/// See [`Flag::urgency`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Now,
    Worse,
    Watch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// A red flag answered yes in the start assessment, and no doctor has
    /// looked at it yet (see `domain::pathway`).
    RedFlag,
    /// A session that hurt, or an answer of "worse", in the last 14 days.
    AskedForHelp,
    /// The diary's pain or leakage warning (see `domain::diary::warnings`).
    PainWorse,
    LeakageWorse,
    /// No training session in the last 7 days (or never).
    NoTraining,
    /// Less than half the prescribed dose over the last 7 days.
    LowDose,
}

impl Flag {
    pub const ALL: [Flag; 6] = [
        Flag::RedFlag,
        Flag::AskedForHelp,
        Flag::PainWorse,
        Flag::LeakageWorse,
        Flag::NoTraining,
        Flag::LowDose,
    ];

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Flag::RedFlag => "red_flag",
            Flag::AskedForHelp => "asked_for_help",
            Flag::PainWorse => "pain_worse",
            Flag::LeakageWorse => "leakage_worse",
            Flag::NoTraining => "no_training",
            Flag::LowDose => "low_dose",
        }
    }

    /// How much the flag weighs when the overview sorts by need (our rule:
    /// a patient asking for help comes first, then symptoms getting worse,
    /// then training that has stopped, then a low dose).
    /// How a flag looks in the overview: what needs the therapist now,
    /// what is getting worse, and what to keep an eye on.
    pub fn urgency(self) -> Urgency {
        match self {
            Flag::RedFlag | Flag::AskedForHelp => Urgency::Now,
            Flag::PainWorse | Flag::LeakageWorse => Urgency::Worse,
            Flag::NoTraining | Flag::LowDose => Urgency::Watch,
        }
    }

    pub(super) fn weight(self) -> u32 {
        match self {
            Flag::RedFlag => 100,
            Flag::AskedForHelp => 50,
            Flag::PainWorse | Flag::LeakageWorse => 30,
            Flag::NoTraining => 20,
            Flag::LowDose => 10,
        }
    }
}

// Every threshold below is our rule: neither the seeds nor NICE NG123 say
// when a therapist should look again; these are meant to catch a patient
// early without flagging everyone. The design names the three signs
// (not trained for 7 days, dose below 50 %, worsening outcome).

/// Under this share of the dose over 7 days, the patient is flagged (our
/// rule: under half is a dose that no longer trains, by any reading of
/// seed 003's "8–12 × 3 a day").
/// [rule:care-flags]
pub const LOW_DOSE_PERCENT: u8 = 50;
/// Days without training before the patient is flagged (our rule: a whole
/// week missed is a habit breaking, not a busy day).
pub const NO_TRAINING_DAYS: i64 = 7;
/// How far back a session that hurt or a "worse" answer raises a flag (our
/// rule: two weeks, long enough for a therapist who looks in weekly to see
/// it).
pub const HELP_DAYS: i64 = 14;
/// PGI-I 6 and 7 are "worse" and "very much worse" on the scale; flagging
/// from 6 rather than 5 ("a little worse") is our rule, so that a small dip
/// does not raise an alarm.
pub const PGI_WORSE: u8 = 6;
