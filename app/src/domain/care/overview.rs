//! One patient's row of the therapist's overview, from the facts the sync
//! keeps, and the overview's order.

use super::{Flag, HELP_DAYS, LOW_DOSE_PERCENT, NO_TRAINING_DAYS, PGI_WORSE};
use crate::domain::diary::{self, DiaryDay, Warning};
use crate::domain::training::adherence::{self, DoseChange, DoseHistory, SessionFact};
use crate::domain::training::{Phase, Prescription, Programme};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// One answered questionnaire as the overview reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerFact {
    pub day: Date,
    pub pain: Option<u8>,
    pub pgi_i: Option<u8>,
}

/// Everything the overview needs of one patient, read from the facts the
/// sync keeps.
#[derive(Debug, Clone, Default)]
pub struct PatientFacts {
    /// The programme and prescription in force, if the patient set one up.
    pub programme: Option<(Programme, Prescription)>,
    /// Every programme set, in the order of their stamps (the change log):
    /// each day's dose is judged by the prescription in force that day.
    pub dose_changes: Vec<DoseChange>,
    /// Training sessions (at least of the last 30 days).
    pub sessions: Vec<SessionFact>,
    /// The day of the last training session ever.
    pub last_session: Option<Date>,
    /// Days with a session that hurt (at least of the last 14 days).
    pub hurt_days: Vec<Date>,
    /// The diary by day (at least of the last 28 days).
    pub diary: Vec<DiaryDay>,
    /// The highest pain in the diary before the last 7 days.
    pub earlier_peak_pain: Option<u8>,
    /// Every questionnaire answer, oldest first.
    pub answers: Vec<AnswerFact>,
    /// A red flag answered yes that no doctor has looked at yet.
    pub red_flag_waiting: bool,
}

/// The change since the first answer of the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutcomeChange {
    pub pain_before: Option<u8>,
    pub pain_now: Option<u8>,
    pub pgi_i: Option<u8>,
}

/// One patient's row in the therapist's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub phase: Option<Phase>,
    pub week: Option<u32>,
    /// Share of the prescribed dose done, 0–100, over the last 7 and 30
    /// days (today included).
    pub dose_7: Option<u8>,
    pub dose_30: Option<u8>,
    /// Whole days since the last training session; none if never.
    pub days_since_session: Option<i64>,
    pub outcome: Option<OutcomeChange>,
    pub flags: Vec<Flag>,
}

impl Overview {
    /// Higher is more in need of attention: flags first, then longer
    /// without training, then a lower dose.
    pub fn need(&self) -> u32 {
        let flags: u32 = self.flags.iter().map(|f| f.weight()).sum();
        // Our rule: past 60 days without training, more days add no need.
        let idle = self.days_since_session.map_or(60, |d| d.clamp(0, 60)) as u32;
        let missed = 100 - u32::from(self.dose_7.unwrap_or(0));
        flags * 1000 + idle * 10 + missed / 10
    }
}

/// The overview of one patient as of `today` (the patient's day).
pub fn overview(facts: &PatientFacts, today: Date) -> Overview {
    let history = facts.programme.as_ref().map(|(programme, prescription)| {
        DoseHistory::of(
            &facts.sessions,
            &facts.dose_changes,
            programme,
            prescription,
        )
    });
    let dose = |days: i64| {
        let (programme, _) = facts.programme.as_ref()?;
        let history = history.as_ref()?;
        let from = (today - Duration::days(days - 1)).max(programme.since());
        Some(adherence::span(&facts.sessions, from, today, history).percent())
    };
    let (dose_7, dose_30) = (dose(7), dose(30));
    let days_since_session = facts.last_session.map(|d| (today - d).whole_days().max(0));

    let mut flags = Vec::new();
    if facts.red_flag_waiting {
        flags.push(Flag::RedFlag);
    }
    let help_since = today - Duration::days(HELP_DAYS);
    let worse_answer = facts
        .answers
        .iter()
        .any(|a| a.day > help_since && a.pgi_i.is_some_and(|p| p >= PGI_WORSE));
    if worse_answer || facts.hurt_days.iter().any(|d| *d > help_since) {
        flags.push(Flag::AskedForHelp);
    }
    // The diary's own rules, with the earlier peak standing in for the
    // days before the window the server read.
    let mut diary_days = facts.diary.clone();
    if let Some(peak) = facts.earlier_peak_pain {
        diary_days.insert(
            0,
            DiaryDay {
                date: today - Duration::days(3650),
                leakage: None,
                pads: None,
                urgency: None,
                pain: Some(peak),
            },
        );
    }
    for warning in diary::warnings(&diary_days, today) {
        flags.push(match warning {
            Warning::PainPeak { .. } => Flag::PainWorse,
            Warning::LeakageRising { .. } => Flag::LeakageWorse,
        });
    }
    let maintenance = facts
        .programme
        .as_ref()
        .is_some_and(|(p, _)| p.phase() == Phase::Maintenance);
    if !maintenance && days_since_session.is_none_or(|d| d >= NO_TRAINING_DAYS) {
        flags.push(Flag::NoTraining);
    }
    if dose_7.is_some_and(|d| d < LOW_DOSE_PERCENT) {
        flags.push(Flag::LowDose);
    }
    flags.sort();
    flags.dedup();

    Overview {
        phase: facts.programme.as_ref().map(|(p, _)| p.phase()),
        week: facts.programme.as_ref().map(|(p, _)| p.week(today)),
        dose_7,
        dose_30,
        days_since_session,
        outcome: outcome(facts),
        flags,
    }
}

/// From the first answer of the current programme to the latest.
fn outcome(facts: &PatientFacts) -> Option<OutcomeChange> {
    let start = facts
        .programme
        .as_ref()
        .map_or(Date::MIN, |(p, _)| p.started());
    let mut answers: Vec<&AnswerFact> = facts.answers.iter().filter(|a| a.day >= start).collect();
    answers.sort_by_key(|a| a.day);
    let (first, latest) = (answers.first()?, answers.last()?);
    (answers.len() >= 2).then_some(OutcomeChange {
        pain_before: first.pain,
        pain_now: latest.pain,
        pgi_i: latest.pgi_i,
    })
}

/// How the overview is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Most in need first (the default).
    #[default]
    Need,
    Name,
    /// Longest without training first.
    LastSession,
    /// Lowest dose over 7 days first.
    Dose,
}

impl SortBy {
    pub const ALL: [SortBy; 4] = [
        SortBy::Need,
        SortBy::Name,
        SortBy::LastSession,
        SortBy::Dose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Need => "need",
            SortBy::Name => "name",
            SortBy::LastSession => "last_session",
            SortBy::Dose => "dose",
        }
    }

    /// An unknown value is a mistake in a link: the default order serves.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// Sorts `(name, overview)` rows; ties keep the name order.
pub fn sort<T>(rows: &mut [T], by: SortBy, key: impl Fn(&T) -> (&str, &Overview)) {
    rows.sort_by(|a, b| {
        let (name_a, a) = key(a);
        let (name_b, b) = key(b);
        let by_name = name_a.to_lowercase().cmp(&name_b.to_lowercase());
        let order = match by {
            SortBy::Need => b.need().cmp(&a.need()),
            SortBy::Name => std::cmp::Ordering::Equal,
            SortBy::LastSession => b
                .days_since_session
                .unwrap_or(i64::MAX)
                .cmp(&a.days_since_session.unwrap_or(i64::MAX)),
            SortBy::Dose => a.dose_7.unwrap_or(0).cmp(&b.dose_7.unwrap_or(0)),
        };
        order.then(by_name)
    });
}
