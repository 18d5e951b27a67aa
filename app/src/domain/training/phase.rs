//! Where a patient is in the programme: learning the technique, the
//! intensive months, then maintenance; and what to propose at the check-in.
//!
//! The source (the national health portal) asks for at least six months of
//! intensive training. Then: symptom-free → maintenance; still improving →
//! keep going until satisfied; no improvement → other help exists, talk to
//! the doctor or a physiotherapist. Training is recommended in pregnancy and
//! after birth even without leakage.

use serde::{Deserialize, Serialize};
use time::Date;

/// Weeks of intensive training before the check-in (seed 003: at least six
/// months).
/// [rule:phase-intensive-weeks]
pub const INTENSIVE_WEEKS: u32 = 26;
/// How long into the intensive phase Today offers the way back to learning.
pub const BACK_TO_LEARNING_WEEKS: u32 = 2;
/// After an answer of "keep going", ask again this many weeks later (our
/// rule: often enough to notice a change, not so often it nags).
/// [rule:phase-check-in]
pub const CHECK_IN_AGAIN_WEEKS: i64 = 4;
/// After "not now" to a change of the dose, offer again after this many
/// weeks (our rule).
pub const OFFER_AGAIN_WEEKS: i64 = 1;
/// Ask again whether the patient is pregnant or recently gave birth after
/// a year (our rule).
pub const PREGNANCY_ASK_AGAIN_WEEKS: i64 = 52;
/// Still learning after this many weeks without feeling the lift: show where
/// to get help (our rule: seed 003 says finding the muscles can take a shorter
/// or longer time, and to ask for a physiotherapist when unsure whether the
/// right muscles work; four weeks of trying is past a slow start, yet short
/// enough that nobody goes on for months training without contact).
/// [rule:learning-help-weeks]
pub const LEARNING_HELP_WEEKS: i64 = 4;
/// In maintenance, ask every three months (our rule; seed 003: the effect
/// fades when training stops, so a return of symptoms must be noticed).
pub const MAINTENANCE_CHECK_IN_WEEKS: i64 = 13;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Learning,
    Intensive,
    Maintenance,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Learning => "learning",
            Phase::Intensive => "intensive",
            Phase::Maintenance => "maintenance",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhaseError {
    #[error("Only {from} can move on to {to}.")]
    NotFrom {
        from: &'static str,
        to: &'static str,
    },
    #[error("The new phase cannot start before the current one ({0}).")]
    BeforeCurrent(Date),
}

/// The patient's place in the programme. Phases only move forward; going
/// back takes an explicit [`Programme::restart_intensive`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    phase: Phase,
    /// The day the current phase began (for learning: first use).
    #[serde(with = "crate::domain::day")]
    since: Date,
    /// Pregnant or recently given birth: training is advised even without
    /// symptoms.
    #[serde(default)]
    pregnancy: bool,
    /// The day the patient last said so; asked again a year later.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::domain::day::option"
    )]
    pregnancy_since: Option<Date>,
    /// The day the patient last answered the check-in.
    #[serde(default, with = "crate::domain::day::option")]
    checked_in: Option<Date>,
    /// The day the patient last said "not now" to a change of the dose.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::domain::day::option"
    )]
    offer_declined: Option<Date>,
    /// The day the programme began (first use, or daily training taken up
    /// again after maintenance): the questionnaires count from it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::domain::day::option"
    )]
    started: Option<Date>,
}

/// The patient's own answer to "how are your symptoms?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymptomAnswer {
    SymptomFree,
    Improving,
    /// Not better (in maintenance: the symptoms have come back).
    NoImprovement,
    /// Worse than before: a reason to get help (seed 003's follow-up).
    Worse,
}

/// What the patient says after their first squeezes: whether they felt the
/// lift, and whether something else did the work (other muscles, the breath
/// held, pressing down).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SelfCheck {
    pub felt_lift: bool,
    pub compensated: bool,
}

impl SelfCheck {
    /// The lift counts only without compensation: a lift felt while the
    /// buttocks, the breath or a push down did the work is not yet contact
    /// with the pelvic floor (seed 003's common mistakes; our rule that they
    /// keep the learning phase open).
    pub fn lift_counts(self) -> bool {
        self.felt_lift && !self.compensated
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proposal {
    /// Learning is done when the patient says so: begin the daily dose.
    StartIntensive,
    /// Not yet six months: keep going.
    KeepGoing {
        weeks_left: u32,
    },
    ContinueIntensive,
    GoToMaintenance,
    /// No improvement: other treatment exists; talk to the doctor or a
    /// physiotherapist (continuing the training meanwhile does no harm).
    ContactClinician,
    /// In maintenance and symptoms are back: back to daily training, and
    /// seek help.
    RestartIntensive,
    /// In maintenance and still well: keep the weekly maintenance sessions.
    StayInMaintenance,
    /// Symptom-free, but pregnant or recently given birth: daily training is
    /// advised even without symptoms (seed 003).
    ContinueForPregnancy,
}

impl SymptomAnswer {
    /// The answers that should lead to "when to get help".
    pub fn needs_help(self) -> bool {
        matches!(self, SymptomAnswer::Worse | SymptomAnswer::NoImprovement)
    }
}

impl Programme {
    pub fn new(today: Date) -> Self {
        Programme {
            phase: Phase::Learning,
            since: today,
            pregnancy: false,
            pregnancy_since: None,
            checked_in: None,
            offer_declined: None,
            started: Some(today),
        }
    }

    /// The day the programme began; for a programme kept before this was
    /// recorded, the start of its current phase.
    pub fn started(&self) -> Date {
        self.started.unwrap_or(self.since)
    }

    /// The patient said "not now" to a proposed change of the dose.
    pub fn decline_offer(self, today: Date) -> Self {
        Programme {
            offer_declined: Some(today),
            ..self
        }
    }

    /// A change of the dose may be offered: not within a week of a "not now"
    /// (our rule: asking after every session would nag).
    pub fn may_offer(&self, today: Date) -> bool {
        self.offer_declined
            .is_none_or(|day| today - day >= time::Duration::weeks(OFFER_AGAIN_WEEKS))
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn since(&self) -> Date {
        self.since
    }

    /// The flag as the patient last set it (for the form that changes it).
    pub fn pregnancy(&self) -> bool {
        self.pregnancy
    }

    /// Pregnant or after birth as it counts on `today`: a flag set a year or
    /// more ago and not confirmed since counts as off (our rule; seed 003
    /// advises training "during pregnancy and after birth", and a year on the
    /// patient is asked again rather than kept in that mode unasked).
    /// [rule:pregnancy-expiry]
    pub fn pregnancy_on(&self, today: Date) -> bool {
        self.pregnancy && !self.pregnancy_to_confirm(today)
    }

    /// Pregnant or given birth within the year, as the patient says on
    /// `today` (confirming it again restarts the year).
    pub fn with_pregnancy(self, pregnancy: bool, today: Date) -> Self {
        let since = match (pregnancy, self.pregnancy) {
            (false, _) => None,
            (true, true) => self.pregnancy_since.or(Some(today)),
            (true, false) => Some(today),
        };
        Programme {
            pregnancy,
            pregnancy_since: since,
            ..self
        }
    }

    /// The patient said "pregnant or recently given birth" a year or more
    /// ago: ask whether it still holds (our rule; seed 003 speaks of
    /// pregnancy and the time after birth, not of years after).
    pub fn pregnancy_to_confirm(&self, today: Date) -> bool {
        self.pregnancy
            && self
                .pregnancy_since
                .is_some_and(|day| today - day >= time::Duration::weeks(PREGNANCY_ASK_AGAIN_WEEKS))
    }

    fn advance(self, from: Phase, to: Phase, today: Date) -> Result<Self, PhaseError> {
        if self.phase != from {
            return Err(PhaseError::NotFrom {
                from: from.as_str(),
                to: to.as_str(),
            });
        }
        if today < self.since {
            return Err(PhaseError::BeforeCurrent(self.since));
        }
        Ok(Programme {
            phase: to,
            since: today,
            ..self
        })
    }

    pub fn start_intensive(self, today: Date) -> Result<Self, PhaseError> {
        self.advance(Phase::Learning, Phase::Intensive, today)
    }

    /// The learning phase ends when the patient feels the lift without
    /// compensating: in the introduction's self-check, or by saying so later
    /// (seed 003: move on "when you begin to get contact" with the muscles).
    /// Until then the programme stays as it is.
    pub fn after_self_check(self, check: SelfCheck, today: Date) -> Self {
        if check.lift_counts() {
            self.start_intensive(today).unwrap_or(self)
        } else {
            self
        }
    }

    /// Still in the learning phase after [`LEARNING_HELP_WEEKS`]: time to
    /// show where to get help.
    pub fn learning_needs_help(&self, today: Date) -> bool {
        self.phase == Phase::Learning
            && today - self.since >= time::Duration::weeks(LEARNING_HELP_WEEKS)
    }

    pub fn start_maintenance(self, today: Date) -> Result<Self, PhaseError> {
        self.advance(Phase::Intensive, Phase::Maintenance, today)
    }

    /// The one way back: a fresh intensive period from `today`, chosen by the
    /// patient or set by the therapist.
    pub fn restart_intensive(self, today: Date) -> Self {
        Programme {
            phase: Phase::Intensive,
            since: today,
            started: Some(today),
            ..self
        }
    }

    /// Back to learning, for a patient who moved on before the lift came on
    /// its own (a tap too soon, or the lift gone again): only from the
    /// intensive phase's first [`BACK_TO_LEARNING_WEEKS`] weeks (our rule:
    /// later, the symptom check-in and "worse" are the way to say it does not
    /// work). The programme's first day stays.
    pub fn back_to_learning(self, today: Date) -> Result<Self, PhaseError> {
        if !self.may_go_back_to_learning(today) {
            return Err(PhaseError::NotFrom {
                from: Phase::Intensive.as_str(),
                to: Phase::Learning.as_str(),
            });
        }
        self.advance(Phase::Intensive, Phase::Learning, today)
    }

    pub fn may_go_back_to_learning(&self, today: Date) -> bool {
        self.phase == Phase::Intensive && self.week(today) <= BACK_TO_LEARNING_WEEKS
    }

    /// 1-based week of the current phase on `today`.
    pub fn week(&self, today: Date) -> u32 {
        let days = (today - self.since).whole_days().max(0);
        u32::try_from(days / 7)
            .unwrap_or(u32::MAX)
            .saturating_add(1)
    }

    /// Whole weeks of intensive training behind the patient.
    fn intensive_weeks_done(&self, today: Date) -> u32 {
        match self.phase {
            Phase::Intensive => self.week(today) - 1,
            _ => 0,
        }
    }

    /// The six-month check-in is due (and again every few weeks while the
    /// patient stays in the intensive phase); in maintenance, every three
    /// months.
    pub fn check_in_due(&self, today: Date) -> bool {
        let asked_within = |weeks: i64| {
            self.checked_in
                .is_some_and(|day| day >= self.since && today - day < time::Duration::weeks(weeks))
        };
        match self.phase {
            Phase::Learning => false,
            Phase::Intensive => {
                self.intensive_weeks_done(today) >= INTENSIVE_WEEKS
                    && !asked_within(CHECK_IN_AGAIN_WEEKS)
            }
            Phase::Maintenance => {
                today - self.since >= time::Duration::weeks(MAINTENANCE_CHECK_IN_WEEKS)
                    && !asked_within(MAINTENANCE_CHECK_IN_WEEKS)
            }
        }
    }

    /// Records that the patient answered the check-in on `today`.
    pub fn checked_in(self, today: Date) -> Self {
        Programme {
            checked_in: Some(today),
            ..self
        }
    }

    /// What to propose given the patient's answer on `today`.
    pub fn propose(&self, today: Date, answer: SymptomAnswer) -> Proposal {
        match self.phase {
            // Worse can be said in every phase, and always leads to help
            // (seed 003's follow-up: symptoms are a reason to see a
            // physiotherapist).
            Phase::Learning if answer == SymptomAnswer::Worse => Proposal::ContactClinician,
            Phase::Learning => Proposal::StartIntensive,
            Phase::Intensive => {
                let done = self.intensive_weeks_done(today);
                // Worse at any time, or no better after six months: get help.
                if answer == SymptomAnswer::Worse
                    || (answer == SymptomAnswer::NoImprovement && done >= INTENSIVE_WEEKS)
                {
                    return Proposal::ContactClinician;
                }
                if done < INTENSIVE_WEEKS {
                    return Proposal::KeepGoing {
                        weeks_left: INTENSIVE_WEEKS - done,
                    };
                }
                match answer {
                    SymptomAnswer::SymptomFree if self.pregnancy_on(today) => {
                        Proposal::ContinueForPregnancy
                    }
                    SymptomAnswer::SymptomFree => Proposal::GoToMaintenance,
                    SymptomAnswer::Improving => Proposal::ContinueIntensive,
                    SymptomAnswer::NoImprovement | SymptomAnswer::Worse => {
                        Proposal::ContactClinician
                    }
                }
            }
            // Symptoms back (or worse): daily training again, and help.
            Phase::Maintenance => match answer {
                SymptomAnswer::NoImprovement | SymptomAnswer::Worse => Proposal::RestartIntensive,
                SymptomAnswer::SymptomFree | SymptomAnswer::Improving => {
                    Proposal::StayInMaintenance
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn weeks_count_from_the_start_of_the_phase() {
        let p = Programme::new(date!(2026 - 01 - 01))
            .start_intensive(date!(2026 - 01 - 05))
            .unwrap();
        assert_eq!(p.week(date!(2026 - 01 - 05)), 1);
        assert_eq!(p.week(date!(2026 - 01 - 11)), 1);
        assert_eq!(p.week(date!(2026 - 03 - 09)), 10);
        assert!(!p.check_in_due(date!(2026 - 06 - 29)));
        assert!(p.check_in_due(date!(2026 - 07 - 06)));
        let answered = p.checked_in(date!(2026 - 07 - 06));
        assert!(!answered.check_in_due(date!(2026 - 07 - 20)));
        assert!(answered.check_in_due(date!(2026 - 08 - 03)));
    }

    #[test]
    fn a_patient_can_go_back_to_learning_in_the_first_weeks_only() {
        let begun = date!(2026 - 01 - 01);
        let p = Programme::new(begun)
            .start_intensive(date!(2026 - 01 - 05))
            .unwrap();
        let back = p.back_to_learning(date!(2026 - 01 - 07)).unwrap();
        assert_eq!(back.phase(), Phase::Learning);
        assert_eq!(back.since(), date!(2026 - 01 - 07));
        assert_eq!(back.started(), begun, "the programme's first day stays");
        // Learning again, the lift felt: a new intensive phase from that day.
        let again = back.start_intensive(date!(2026 - 01 - 20)).unwrap();
        assert_eq!(again.week(date!(2026 - 01 - 20)), 1);
        // Week 3 and later: no.
        assert!(p.may_go_back_to_learning(date!(2026 - 01 - 18)));
        assert!(!p.may_go_back_to_learning(date!(2026 - 01 - 19)));
        assert!(p.back_to_learning(date!(2026 - 01 - 19)).is_err());
        // Not from learning or maintenance.
        assert!(Programme::new(begun).back_to_learning(begun).is_err());
        let kept = p.start_maintenance(date!(2026 - 07 - 06)).unwrap();
        assert!(kept.back_to_learning(date!(2026 - 07 - 07)).is_err());
    }

    #[test]
    fn maintenance_has_a_check_in_every_three_months_that_can_lead_back() {
        let start = date!(2026 - 01 - 05);
        let p = Programme::new(start)
            .start_intensive(start)
            .unwrap()
            .start_maintenance(date!(2026 - 07 - 06))
            .unwrap();
        assert!(!p.check_in_due(date!(2026 - 09 - 28)), "12 weeks in");
        assert!(p.check_in_due(date!(2026 - 10 - 05)), "13 weeks in");
        let answered = p.checked_in(date!(2026 - 10 - 05));
        assert!(!answered.check_in_due(date!(2026 - 12 - 28)));
        assert!(answered.check_in_due(date!(2027 - 01 - 04)));
        let day = date!(2026 - 10 - 05);
        // A symptom-free person in maintenance stays there.
        assert_eq!(
            p.propose(day, SymptomAnswer::SymptomFree),
            Proposal::StayInMaintenance
        );
        assert_eq!(
            p.propose(day, SymptomAnswer::Improving),
            Proposal::StayInMaintenance
        );
        assert_eq!(
            p.propose(day, SymptomAnswer::NoImprovement),
            Proposal::RestartIntensive
        );
        assert_eq!(
            p.propose(day, SymptomAnswer::Worse),
            Proposal::RestartIntensive
        );
    }

    #[test]
    fn pregnancy_is_asked_again_after_a_year() {
        let day = date!(2026 - 01 - 05);
        let p = Programme::new(day).with_pregnancy(true, day);
        assert!(!p.pregnancy_to_confirm(date!(2026 - 12 - 28)));
        assert!(p.pregnancy_to_confirm(date!(2027 - 01 - 04)));
        // Saying yes again restarts the year; saving the form unchanged does not.
        let kept = p.with_pregnancy(true, date!(2026 - 06 - 01));
        assert!(kept.pregnancy_to_confirm(date!(2027 - 01 - 04)));
        let confirmed = Programme::new(day)
            .with_pregnancy(false, day)
            .with_pregnancy(true, date!(2027 - 01 - 04));
        assert!(!confirmed.pregnancy_to_confirm(date!(2027 - 06 - 01)));
        assert!(!p.with_pregnancy(false, day).pregnancy());
    }

    #[test]
    fn an_unconfirmed_pregnancy_older_than_a_year_counts_as_off() {
        let start = date!(2026 - 01 - 05);
        let p = Programme::new(start)
            .with_pregnancy(true, start)
            .start_intensive(start)
            .unwrap();
        let in_the_year = date!(2026 - 07 - 10);
        assert!(p.pregnancy_on(in_the_year));
        assert_eq!(
            p.propose(in_the_year, SymptomAnswer::SymptomFree),
            Proposal::ContinueForPregnancy
        );
        let a_year_on = date!(2027 - 01 - 04);
        assert!(p.pregnancy(), "the flag itself is kept until answered");
        assert!(!p.pregnancy_on(a_year_on));
        assert_eq!(
            p.propose(a_year_on, SymptomAnswer::SymptomFree),
            Proposal::GoToMaintenance
        );
        let confirmed = p
            .with_pregnancy(false, a_year_on)
            .with_pregnancy(true, a_year_on);
        assert!(confirmed.pregnancy_on(a_year_on));
    }

    #[test]
    fn a_declined_offer_waits_a_week() {
        let p = Programme::new(date!(2026 - 01 - 05));
        assert!(p.may_offer(date!(2026 - 01 - 05)));
        let declined = p.decline_offer(date!(2026 - 01 - 10));
        assert!(!declined.may_offer(date!(2026 - 01 - 10)));
        assert!(!declined.may_offer(date!(2026 - 01 - 16)));
        assert!(declined.may_offer(date!(2026 - 01 - 17)));
    }

    #[test]
    fn worse_leads_to_help_at_any_time() {
        let start = date!(2026 - 01 - 05);
        let p = Programme::new(start).start_intensive(start).unwrap();
        assert_eq!(
            p.propose(date!(2026 - 02 - 02), SymptomAnswer::Worse),
            Proposal::ContactClinician
        );
        assert!(SymptomAnswer::Worse.needs_help());
        assert!(!SymptomAnswer::Improving.needs_help());
        // In every phase.
        let learning = Programme::new(start);
        assert_eq!(
            learning.propose(start, SymptomAnswer::Worse),
            Proposal::ContactClinician
        );
        let kept = p.start_maintenance(date!(2026 - 07 - 06)).unwrap();
        assert_eq!(
            kept.propose(date!(2026 - 07 - 13), SymptomAnswer::Worse),
            Proposal::RestartIntensive
        );
    }

    #[test]
    fn learning_ends_only_when_the_patient_feels_the_lift_without_compensating() {
        let day = date!(2026 - 01 - 05);
        let new = Programme::new(day);
        let lift = SelfCheck {
            felt_lift: true,
            compensated: false,
        };
        let no_lift = SelfCheck {
            felt_lift: false,
            compensated: false,
        };
        let lift_with_help = SelfCheck {
            felt_lift: true,
            compensated: true,
        };
        assert_eq!(new.after_self_check(no_lift, day).phase(), Phase::Learning);
        assert_eq!(
            new.after_self_check(lift_with_help, day).phase(),
            Phase::Learning
        );
        let started = new.after_self_check(lift, date!(2026 - 01 - 07));
        assert_eq!(started.phase(), Phase::Intensive);
        assert_eq!(started.since(), date!(2026 - 01 - 07));
        // Saying so again later changes nothing.
        assert_eq!(
            started.after_self_check(lift, date!(2026 - 02 - 01)),
            started
        );
    }

    #[test]
    fn four_weeks_without_the_lift_shows_where_to_get_help() {
        let day = date!(2026 - 01 - 05);
        let learning = Programme::new(day);
        assert!(!learning.learning_needs_help(date!(2026 - 02 - 01)));
        assert!(learning.learning_needs_help(date!(2026 - 02 - 02)));
        let started = learning.start_intensive(day).unwrap();
        assert!(!started.learning_needs_help(date!(2026 - 06 - 01)));
    }

    #[test]
    fn the_check_in_follows_the_source() {
        let start = date!(2026 - 01 - 05);
        let p = Programme::new(start).start_intensive(start).unwrap();
        let early = date!(2026 - 03 - 02);
        assert_eq!(
            p.propose(early, SymptomAnswer::SymptomFree),
            Proposal::KeepGoing { weeks_left: 18 }
        );
        let late = date!(2026 - 07 - 10);
        assert_eq!(
            p.propose(late, SymptomAnswer::SymptomFree),
            Proposal::GoToMaintenance
        );
        assert_eq!(
            p.propose(late, SymptomAnswer::Improving),
            Proposal::ContinueIntensive
        );
        assert_eq!(
            p.propose(late, SymptomAnswer::NoImprovement),
            Proposal::ContactClinician
        );
        let pregnant = p.with_pregnancy(true, start);
        assert_eq!(
            pregnant.propose(late, SymptomAnswer::SymptomFree),
            Proposal::ContinueForPregnancy
        );
        let kept = p.start_maintenance(late).unwrap();
        assert_eq!(
            kept.propose(date!(2026 - 09 - 01), SymptomAnswer::NoImprovement),
            Proposal::RestartIntensive
        );
    }

    #[test]
    fn phases_only_go_forward() {
        let day = date!(2026 - 01 - 05);
        let learning = Programme::new(day);
        assert!(learning.start_maintenance(day).is_err());
        let intensive = learning.start_intensive(day).unwrap();
        assert!(intensive.start_intensive(day).is_err());
        assert!(intensive.start_maintenance(date!(2026 - 01 - 01)).is_err());
        let restarted = intensive
            .start_maintenance(day)
            .unwrap()
            .restart_intensive(date!(2026 - 09 - 01));
        assert_eq!(restarted.phase(), Phase::Intensive);
        assert_eq!(restarted.week(date!(2026 - 09 - 01)), 1);
    }

    proptest! {
        #[test]
        fn no_sequence_of_forward_moves_goes_back(moves in prop::collection::vec((0u8..2, 0i64..400), 0..20)) {
            let mut day = date!(2026 - 01 - 01);
            let mut p = Programme::new(day);
            for (m, gap) in moves {
                day += time::Duration::days(gap);
                let before = p.phase();
                let next = if m == 0 { p.start_intensive(day) } else { p.start_maintenance(day) };
                if let Ok(next) = next {
                    prop_assert!(next.phase() > before);
                    p = next;
                }
                prop_assert!(p.phase() >= before);
            }
        }
    }
}
