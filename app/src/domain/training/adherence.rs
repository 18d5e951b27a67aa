//! How much of the prescribed dose was done, per day and per week, and the
//! streak. The therapist's overview reads the same figures.

use super::phase::Phase;
use super::prescription::Prescription;
use time::{Date, Duration};

/// Maintenance asks for at least one session of maximal contractions a week
/// (seed 003: 1–2 times a week); one full session is 100 % (our reading).
pub const MAINTENANCE_SESSIONS_PER_WEEK: u16 = 1;

/// One finished or partial training session, on the patient's local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFact {
    pub day: Date,
    pub reps: u16,
    pub rounds: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dose {
    pub prescribed_reps: u16,
    pub done_reps: u16,
    pub prescribed_rounds: u16,
    pub done_rounds: u16,
}

impl Dose {
    /// Done as a share of prescribed, 0–100 (more than prescribed is 100).
    pub fn percent(&self) -> u8 {
        if self.prescribed_reps == 0 {
            return 100;
        }
        let pct = u32::from(self.done_reps) * 100 / u32::from(self.prescribed_reps);
        pct.min(100) as u8
    }

    pub fn rounds_left(&self) -> u16 {
        self.prescribed_rounds.saturating_sub(self.done_rounds)
    }
}

fn done_between(sessions: &[SessionFact], from: Date, to_inclusive: Date) -> (u16, u16) {
    sessions
        .iter()
        .filter(|s| s.day >= from && s.day <= to_inclusive)
        .fold((0u16, 0u16), |(reps, rounds), s| {
            (
                reps.saturating_add(s.reps),
                rounds.saturating_add(u16::from(s.rounds)),
            )
        })
}

/// One day's dose in the intensive (or learning) phase.
pub fn day(sessions: &[SessionFact], on: Date, p: &Prescription) -> Dose {
    let (done_reps, done_rounds) = done_between(sessions, on, on);
    Dose {
        prescribed_reps: p.daily_reps(),
        done_reps,
        prescribed_rounds: u16::from(p.rounds_per_day()),
        done_rounds,
    }
}

/// The Monday of `day`'s week.
pub fn week_start(day: Date) -> Date {
    day - Duration::days(i64::from(day.weekday().number_days_from_monday()))
}

/// A week's dose (Monday to Sunday): seven daily doses in the intensive
/// phase, one session of maximal contractions in maintenance.
pub fn week(sessions: &[SessionFact], monday: Date, phase: Phase, p: &Prescription) -> Dose {
    span(sessions, monday, monday + Duration::days(6), phase, p)
}

/// The dose of the days `from` to `to` (inclusive): a daily dose each day
/// in the intensive phase; in maintenance, one session for each week begun.
pub fn span(
    sessions: &[SessionFact],
    from: Date,
    to: Date,
    phase: Phase,
    p: &Prescription,
) -> Dose {
    let (done_reps, done_rounds) = done_between(sessions, from, to);
    let days = u16::try_from((to - from).whole_days() + 1).unwrap_or(0);
    let (prescribed_reps, prescribed_rounds) = match phase {
        Phase::Learning | Phase::Intensive => (
            p.daily_reps().saturating_mul(days),
            u16::from(p.rounds_per_day()).saturating_mul(days),
        ),
        Phase::Maintenance => {
            let weeks = days.div_ceil(7) * MAINTENANCE_SESSIONS_PER_WEEK;
            (u16::from(p.reps_per_round()).saturating_mul(weeks), weeks)
        }
    };
    Dose {
        prescribed_reps,
        done_reps,
        prescribed_rounds,
        done_rounds,
    }
}

/// A week counts as "dose kept" when at least this share of it was done
/// (our rule: most of the dose, allowing for a missed round or two).
pub const KEPT_PERCENT: u8 = 80;

/// What the patient did in the current phase: its whole weeks so far, the
/// weeks with any training, and the weeks with the dose kept. The check-in
/// says these rather than the calendar, and the therapist's overview reads
/// the same figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub weeks: u32,
    pub weeks_trained: u32,
    pub weeks_dose_kept: u32,
}

pub fn period(
    sessions: &[SessionFact],
    since: Date,
    today: Date,
    phase: Phase,
    p: &Prescription,
) -> Period {
    let mut totals = Period {
        weeks: 0,
        weeks_trained: 0,
        weeks_dose_kept: 0,
    };
    // Whole weeks only: from the week the phase began to last week.
    let mut monday = week_start(since);
    while monday + Duration::days(7) <= week_start(today) {
        let dose = week(sessions, monday, phase, p);
        totals.weeks += 1;
        if dose.done_reps > 0 {
            totals.weeks_trained += 1;
        }
        if dose.percent() >= KEPT_PERCENT {
            totals.weeks_dose_kept += 1;
        }
        monday += Duration::days(7);
    }
    totals
}

/// Days in a row with some training, ending today, or yesterday when today
/// has none yet (the day is not over).
pub fn streak_days(sessions: &[SessionFact], today: Date) -> u32 {
    let trained = |d: Date| sessions.iter().any(|s| s.day == d && s.reps > 0);
    let mut day = if trained(today) {
        today
    } else {
        today - Duration::days(1)
    };
    let mut streak = 0;
    while trained(day) {
        streak += 1;
        day -= Duration::days(1);
    }
    streak
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn fact(day: Date, reps: u16, rounds: u8) -> SessionFact {
        SessionFact { day, reps, rounds }
    }

    #[test]
    fn a_day_counts_every_session_of_that_day() {
        let p = Prescription::default();
        let d = date!(2026 - 11 - 27);
        let sessions = [
            fact(d, 10, 1),
            fact(d, 5, 0),
            fact(d - Duration::days(1), 30, 3),
        ];
        let dose = day(&sessions, d, &p);
        assert_eq!((dose.done_reps, dose.prescribed_reps), (15, 30));
        assert_eq!(dose.percent(), 50);
        assert_eq!(dose.rounds_left(), 2);
    }

    #[test]
    fn maintenance_is_dosed_per_week() {
        let p = Prescription::default();
        let monday = week_start(date!(2026 - 11 - 27));
        assert_eq!(monday, date!(2026 - 11 - 23));
        let sessions = [fact(date!(2026 - 11 - 25), 10, 1)];
        assert_eq!(
            week(&sessions, monday, Phase::Maintenance, &p).percent(),
            100
        );
        assert_eq!(week(&sessions, monday, Phase::Intensive, &p).percent(), 4);
    }

    #[test]
    fn the_streak_forgives_a_day_not_yet_over() {
        let today = date!(2026 - 11 - 27);
        let sessions = [
            fact(today - Duration::days(1), 10, 1),
            fact(today - Duration::days(2), 10, 1),
            fact(today - Duration::days(4), 10, 1),
        ];
        assert_eq!(streak_days(&sessions, today), 2);
        let mut with_today = sessions.to_vec();
        with_today.push(fact(today, 3, 0));
        assert_eq!(streak_days(&with_today, today), 3);
        assert_eq!(streak_days(&[], today), 0);
    }

    proptest! {
        #[test]
        fn adherence_is_always_between_0_and_100(
            facts in prop::collection::vec((0i64..30, 0u16..400, 0u8..5), 0..60),
            phase in prop::sample::select(vec![Phase::Learning, Phase::Intensive, Phase::Maintenance])
        ) {
            let base = date!(2026 - 11 - 01);
            let sessions: Vec<_> = facts.iter().map(|(d, r, n)| fact(base + Duration::days(*d), *r, *n)).collect();
            let p = Prescription::default();
            for offset in 0..30 {
                let d = base + Duration::days(offset);
                prop_assert!(day(&sessions, d, &p).percent() <= 100);
                prop_assert!(week(&sessions, week_start(d), phase, &p).percent() <= 100);
            }
            prop_assert!(streak_days(&sessions, base + Duration::days(29)) <= 30);
        }
    }

    #[test]
    fn the_period_counts_what_was_done_not_the_calendar() {
        use time::macros::date;
        let p = Prescription::default();
        let since = date!(2026 - 01 - 05); // a Monday
        let today = date!(2026 - 02 - 04); // four whole weeks later, and a bit
        let full_day = |day| SessionFact {
            day,
            reps: p.daily_reps(),
            rounds: p.rounds_per_day(),
        };
        let mut sessions: Vec<SessionFact> = (0..7)
            .map(|d| full_day(since + Duration::days(d)))
            .collect();
        // Week 3: one round on one day only.
        sessions.push(SessionFact {
            day: date!(2026 - 01 - 21),
            reps: u16::from(p.reps_per_round()),
            rounds: 1,
        });
        let period = period(&sessions, since, today, Phase::Intensive, &p);
        assert_eq!(
            period,
            Period {
                weeks: 4,
                weeks_trained: 2,
                weeks_dose_kept: 1
            }
        );
    }
}
