//! How much of the prescribed dose was done, per day and per week, and the
//! streak. The therapist's overview reads the same figures.

use super::phase::{Phase, Programme};
use super::prescription::Prescription;
use time::{Date, Duration};

/// Maintenance asks for at least one session of maximal contractions a week
/// (seed 003: 1–2 times a week); one full session is 100 % (our reading).
/// [rule:maintenance-dose]
pub const MAINTENANCE_SESSIONS_PER_WEEK: u16 = 1;

/// What one prescription asks for, as far as the dose figures go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub reps_per_round: u8,
    pub rounds_per_day: u8,
}

impl Asked {
    pub fn daily_reps(self) -> u16 {
        u16::from(self.reps_per_round) * u16::from(self.rounds_per_day)
    }
}

impl From<&Prescription> for Asked {
    fn from(p: &Prescription) -> Self {
        Asked {
            reps_per_round: p.reps_per_round(),
            rounds_per_day: p.rounds_per_day(),
        }
    }
}

/// One finished or partial training session, on the patient's local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFact {
    pub day: Date,
    pub reps: u16,
    pub rounds: u8,
    /// The prescription the session was done with (every logged session
    /// keeps it; none only for very old entries).
    pub asked: Option<Asked>,
}

/// A programme set by anyone: the patient's day it took effect (the day of
/// its op's stamp) and what it asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoseChange {
    pub on: Date,
    pub asked: Asked,
}

/// What was prescribed, day by day: a dose is judged against the
/// prescription in force on its day, so that a change of the dose never
/// rewrites the days before it (issue 27).
///
/// The rule (ours, and the same on the phone, the server and in the
/// therapist's and the doctor's views, which all hold the same change log):
/// the prescription in force on a day is the latest one known by that day,
/// where
/// - each programme set (every `prescription.set` in the patient's log, in
///   the order of their stamps) holds from the day it was set, and judges
///   that whole day;
/// - each session says which prescription it was done with on its own day
///   (a phone that had not yet heard of a change asked the old dose);
/// - before the first of those, the earliest one known.
///
/// The phase is judged the same way: the current phase holds from the day
/// it began; the days before it were learning or intensive, both dosed
/// daily.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoseHistory {
    /// Days on which a prescription is known to be in force, in order;
    /// never empty.
    timeline: Vec<(Date, Asked)>,
    phase: Phase,
    phase_since: Date,
    /// The first day anything was asked: the programme's start, or an
    /// earlier session or change. The days before it ask nothing, so a
    /// patient who starts on a Thursday is not judged on that week's Monday
    /// (our rule: no dose before there was a programme).
    from: Date,
}

impl DoseHistory {
    /// The history from the patient's sessions and every programme set
    /// (`changes`, in the order of their stamps); `current` is the
    /// programme in force, which stands for all time when no change is
    /// known (a new patient on the defaults).
    pub fn new(
        sessions: &[SessionFact],
        changes: &[DoseChange],
        current: &Prescription,
        phase: Phase,
        phase_since: Date,
    ) -> Self {
        let changed = |day: Date| changes.iter().any(|c| c.on == day);
        let mut timeline: Vec<(Date, Asked)> = sessions
            .iter()
            .filter_map(|s| Some((s.day, s.asked?)))
            .filter(|(day, _)| !changed(*day))
            .collect();
        timeline.extend(changes.iter().map(|c| (c.on, c.asked)));
        if changes.is_empty() {
            timeline.push((Date::MIN, Asked::from(current)));
        }
        // A stable sort keeps the order given within a day: the last change
        // of a day (by stamp) speaks for it, as does the last session.
        timeline.sort_by_key(|(day, _)| *day);
        let from = sessions
            .iter()
            .map(|s| s.day)
            .chain(changes.iter().map(|c| c.on))
            .min()
            .unwrap_or(Date::MIN);
        DoseHistory {
            timeline,
            phase,
            phase_since,
            from,
        }
    }

    /// The history of a patient in `programme`, with `current` in force.
    pub fn of(
        sessions: &[SessionFact],
        changes: &[DoseChange],
        programme: &Programme,
        current: &Prescription,
    ) -> Self {
        let mut history = Self::new(
            sessions,
            changes,
            current,
            programme.phase(),
            programme.since(),
        );
        // The programme's start, unless a session or change came earlier.
        history.from = if history.from == Date::MIN {
            programme.started()
        } else {
            history.from.min(programme.started())
        };
        history
    }

    /// One prescription throughout, in one phase since the start of time
    /// (for tests, and figures of one day with nothing else known).
    pub fn constant(p: &Prescription, phase: Phase) -> Self {
        Self::new(&[], &[], p, phase, Date::MIN)
    }

    /// The prescription in force on `day`.
    pub fn asked_on(&self, day: Date) -> Asked {
        let after = self.timeline.partition_point(|(d, _)| *d <= day);
        let index = after.saturating_sub(1);
        self.timeline[index.min(self.timeline.len() - 1)].1
    }

    /// Whether anything was asked on `day` (the programme had begun).
    pub fn asks_on(&self, day: Date) -> bool {
        day >= self.from
    }

    /// The phase `day` was in, as far as its dose goes.
    pub fn maintenance_on(&self, day: Date) -> bool {
        self.phase == Phase::Maintenance && day >= self.phase_since
    }
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

/// One day's dose, daily as in the intensive (or learning) phase.
pub fn day(sessions: &[SessionFact], on: Date, history: &DoseHistory) -> Dose {
    let (done_reps, done_rounds) = done_between(sessions, on, on);
    if !history.asks_on(on) {
        return Dose {
            prescribed_reps: 0,
            done_reps,
            prescribed_rounds: 0,
            done_rounds,
        };
    }
    let asked = history.asked_on(on);
    Dose {
        prescribed_reps: asked.daily_reps(),
        done_reps,
        prescribed_rounds: u16::from(asked.rounds_per_day),
        done_rounds,
    }
}

/// The Monday of `day`'s week.
pub fn week_start(day: Date) -> Date {
    day - Duration::days(i64::from(day.weekday().number_days_from_monday()))
}

/// A week's dose (Monday to Sunday), and for the current week the week so
/// far: Monday to `today`. The one rule every view of a week uses, so that
/// a patient who did the whole dose on Monday sees 100 % that day, not a
/// seventh of it (issue 27).
pub fn week(sessions: &[SessionFact], monday: Date, today: Date, history: &DoseHistory) -> Dose {
    let sunday = monday + Duration::days(6);
    span(sessions, monday, sunday.min(today), history)
}

/// Whether the week of `monday` is still going on: it is shown as "so far
/// this week".
pub fn is_week_so_far(monday: Date, today: Date) -> bool {
    week_start(today) == monday
}

/// The dose of the days `from` to `to` (inclusive), each day judged by the
/// prescription and phase it had: a daily dose on each intensive (or
/// learning) day; in maintenance, one session for each week begun.
pub fn span(sessions: &[SessionFact], from: Date, to: Date, history: &DoseHistory) -> Dose {
    let (done_reps, done_rounds) = done_between(sessions, from, to);
    let (mut prescribed_reps, mut prescribed_rounds) = (0u16, 0u16);
    let mut maintenance_days = 0u16;
    let mut day = from;
    while day <= to {
        if !history.asks_on(day) {
            // Before the programme: nothing asked.
        } else if history.maintenance_on(day) {
            maintenance_days += 1;
        } else {
            let asked = history.asked_on(day);
            prescribed_reps = prescribed_reps.saturating_add(asked.daily_reps());
            prescribed_rounds = prescribed_rounds.saturating_add(u16::from(asked.rounds_per_day));
        }
        day += Duration::days(1);
    }
    if maintenance_days > 0 {
        let weeks = maintenance_days.div_ceil(7) * MAINTENANCE_SESSIONS_PER_WEEK;
        let per_session = u16::from(history.asked_on(to).reps_per_round);
        prescribed_reps = prescribed_reps.saturating_add(per_session.saturating_mul(weeks));
        prescribed_rounds = prescribed_rounds.saturating_add(weeks);
    }
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

pub fn period(sessions: &[SessionFact], since: Date, today: Date, history: &DoseHistory) -> Period {
    let mut totals = Period {
        weeks: 0,
        weeks_trained: 0,
        weeks_dose_kept: 0,
    };
    // Whole weeks only: from the week the phase began to last week.
    let mut monday = week_start(since);
    while monday + Duration::days(7) <= week_start(today) {
        let dose = week(sessions, monday, today, history);
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
    use crate::domain::training::prescription::RepsPerRound;
    use proptest::prelude::*;
    use time::macros::date;

    fn fact(day: Date, reps: u16, rounds: u8) -> SessionFact {
        SessionFact {
            day,
            reps,
            rounds,
            asked: Some(Asked::from(&Prescription::default())),
        }
    }

    fn with_reps(reps: i64) -> Prescription {
        let mut b = Prescription::default().to_builder();
        b.reps_per_round = RepsPerRound::parse(reps).unwrap();
        b.build().unwrap()
    }

    fn steady(phase: Phase) -> DoseHistory {
        DoseHistory::constant(&Prescription::default(), phase)
    }

    #[test]
    fn a_day_counts_every_session_of_that_day() {
        let d = date!(2026 - 11 - 27);
        let sessions = [
            fact(d, 10, 1),
            fact(d, 5, 0),
            fact(d - Duration::days(1), 30, 3),
        ];
        let dose = day(&sessions, d, &steady(Phase::Intensive));
        assert_eq!((dose.done_reps, dose.prescribed_reps), (15, 30));
        assert_eq!(dose.percent(), 50);
        assert_eq!(dose.rounds_left(), 2);
    }

    #[test]
    fn maintenance_is_dosed_per_week() {
        let monday = week_start(date!(2026 - 11 - 27));
        let sunday = monday + Duration::days(6);
        assert_eq!(monday, date!(2026 - 11 - 23));
        let sessions = [fact(date!(2026 - 11 - 25), 10, 1)];
        let maintenance = steady(Phase::Maintenance);
        assert_eq!(week(&sessions, monday, sunday, &maintenance).percent(), 100);
        let intensive = steady(Phase::Intensive);
        assert_eq!(week(&sessions, monday, sunday, &intensive).percent(), 4);
    }

    #[test]
    fn the_days_before_the_programme_began_ask_nothing() {
        // A patient who starts on a Tuesday does the whole day's dose: the
        // week so far is that Tuesday, 100 %, whatever day it is seen on
        // (Monday before the start once made it 50 %).
        let monday = date!(2026 - 12 - 07);
        let tuesday = monday + Duration::days(1);
        let programme = crate::domain::training::Programme::new(tuesday);
        let sessions = [fact(tuesday, 30, 3)];
        let history = DoseHistory::of(&sessions, &[], &programme, &Prescription::default());
        let so_far = week(&sessions, monday, tuesday, &history);
        assert_eq!((so_far.done_reps, so_far.prescribed_reps), (30, 30));
        assert_eq!(so_far.percent(), 100);
        assert_eq!(day(&sessions, monday, &history).prescribed_reps, 0);
        assert!(!history.asks_on(monday) && history.asks_on(tuesday));
        // A session logged before the programme's start (on another phone,
        // on the defaults) moves the start back to its day.
        let earlier = [fact(monday, 10, 1), fact(tuesday, 30, 3)];
        let history = DoseHistory::of(&earlier, &[], &programme, &Prescription::default());
        assert_eq!(
            week(&earlier, monday, tuesday, &history).prescribed_reps,
            60
        );
        // A dose change before the start counts the same way.
        let change = DoseChange {
            on: monday,
            asked: Asked::from(&with_reps(12)),
        };
        let history = DoseHistory::of(&sessions, &[change], &programme, &Prescription::default());
        assert!(history.asks_on(monday));
    }

    #[test]
    fn the_week_so_far_counts_only_the_days_gone() {
        let monday = date!(2026 - 11 - 23);
        let history = steady(Phase::Intensive);
        // The whole dose on Monday: 100 % so far that day, not a seventh.
        let sessions = [fact(monday, 30, 3)];
        let so_far = week(&sessions, monday, monday, &history);
        assert_eq!((so_far.done_reps, so_far.prescribed_reps), (30, 30));
        assert_eq!(so_far.percent(), 100);
        assert!(is_week_so_far(monday, monday + Duration::days(3)));
        // Seen on Wednesday, the three days so far; the whole week once over.
        let wednesday = monday + Duration::days(2);
        assert_eq!(
            week(&sessions, monday, wednesday, &history).prescribed_reps,
            90
        );
        let next_week = monday + Duration::days(9);
        assert_eq!(
            week(&sessions, monday, next_week, &history).prescribed_reps,
            210
        );
        assert!(!is_week_so_far(monday, next_week));
    }

    #[test]
    fn a_change_of_the_dose_leaves_the_days_before_it_as_they_were() {
        // Three weeks at 10 × 3, one round missed a day (30 - 10 = 20 of 30
        // on weekdays); then the dose goes to 12 × 3 today.
        let start = date!(2026 - 11 - 02); // a Monday
        let today = date!(2026 - 11 - 25); // a Wednesday
        let sessions: Vec<SessionFact> = (0..23)
            .map(|d| start + Duration::days(d))
            .map(|day| {
                fact(
                    day,
                    if day.weekday().number_days_from_monday() < 5 {
                        20
                    } else {
                        30
                    },
                    2,
                )
            })
            .collect();
        let ten = set(start, &Prescription::default());
        let before = DoseHistory::new(
            &sessions,
            &[ten],
            &Prescription::default(),
            Phase::Intensive,
            start,
        );
        let twelve = with_reps(12);
        let after = DoseHistory::new(
            &sessions,
            &[ten, set(today, &twelve)],
            &twelve,
            Phase::Intensive,
            start,
        );
        let yesterday = today - Duration::days(1);
        for monday in [start, start + Duration::days(7), start + Duration::days(14)] {
            assert_eq!(
                week(&sessions, monday, today, &before),
                week(&sessions, monday, today, &after),
                "the week of {monday}"
            );
        }
        assert_eq!(
            day(&sessions, yesterday, &before),
            day(&sessions, yesterday, &after)
        );
        assert_eq!(
            span(&sessions, today - Duration::days(7), yesterday, &before),
            span(&sessions, today - Duration::days(7), yesterday, &after)
        );
        assert_eq!(day(&sessions, yesterday, &after).prescribed_reps, 30);
        // Today and on, the new dose.
        assert_eq!(day(&sessions, today, &after).prescribed_reps, 36);
        assert_eq!(history_days(&after, today + Duration::days(3)), 36);
    }

    fn set(on: Date, p: &Prescription) -> DoseChange {
        DoseChange {
            on,
            asked: Asked::from(p),
        }
    }

    fn history_days(history: &DoseHistory, day: Date) -> u16 {
        history.asked_on(day).daily_reps()
    }

    #[test]
    fn each_day_is_judged_by_the_latest_prescription_known_by_then() {
        let set_on = date!(2026 - 11 - 20);
        let mut ten = fact(date!(2026 - 11 - 10), 30, 3);
        ten.asked = Some(Asked::from(&with_reps(8)));
        // A session on a phone that had not heard of the change yet.
        let mut stale = fact(date!(2026 - 11 - 22), 30, 3);
        stale.asked = Some(Asked::from(&with_reps(9)));
        let old = SessionFact {
            asked: None,
            ..fact(date!(2026 - 11 - 12), 30, 3)
        };
        // Two changes on the 20th: the later one (by stamp) counts.
        let changes = [
            set(date!(2026 - 11 - 14), &with_reps(11)),
            set(set_on, &with_reps(10)),
            set(set_on, &with_reps(12)),
        ];
        let history = DoseHistory::new(
            &[ten, old, stale],
            &changes,
            &with_reps(12),
            Phase::Intensive,
            date!(2026 - 11 - 01),
        );
        // Before anything known: the earliest known.
        assert_eq!(history_days(&history, date!(2026 - 11 - 01)), 24);
        assert_eq!(history_days(&history, date!(2026 - 11 - 13)), 24);
        // A change with no session after it still holds its days.
        assert_eq!(history_days(&history, date!(2026 - 11 - 14)), 33);
        assert_eq!(history_days(&history, date!(2026 - 11 - 19)), 33);
        assert_eq!(history_days(&history, set_on), 36);
        assert_eq!(history_days(&history, date!(2026 - 11 - 21)), 36);
        assert_eq!(history_days(&history, date!(2026 - 11 - 22)), 27);
        assert_eq!(history_days(&history, date!(2026 - 11 - 30)), 27);
        // Nothing known at all: the programme in force.
        let fresh = DoseHistory::new(
            &[],
            &[],
            &with_reps(9),
            Phase::Learning,
            date!(2026 - 11 - 01),
        );
        assert_eq!(history_days(&fresh, set_on), 27);
    }

    #[test]
    fn the_weeks_before_maintenance_keep_their_daily_dose() {
        let monday = date!(2026 - 11 - 02);
        let sessions: Vec<SessionFact> = (0..7)
            .map(|d| fact(monday + Duration::days(d), 30, 3))
            .collect();
        let later = monday + Duration::days(21);
        let history = DoseHistory::new(
            &sessions,
            &[],
            &Prescription::default(),
            Phase::Maintenance,
            monday + Duration::days(14),
        );
        let first = week(&sessions, monday, later, &history);
        assert_eq!((first.done_reps, first.prescribed_reps), (210, 210));
        // In maintenance: one session a week.
        let third = week(&sessions, monday + Duration::days(14), later, &history);
        assert_eq!((third.prescribed_reps, third.prescribed_rounds), (10, 1));
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
            facts in prop::collection::vec((0i64..30, 0u16..400, 0u8..5, 8i64..=12), 0..60),
            phase in prop::sample::select(vec![Phase::Learning, Phase::Intensive, Phase::Maintenance]),
            set_on in 0i64..40,
        ) {
            let base = date!(2026 - 11 - 01);
            let sessions: Vec<_> = facts.iter().map(|(d, r, n, asked)| SessionFact {
                asked: Some(Asked::from(&with_reps(*asked))),
                ..fact(base + Duration::days(*d), *r, *n)
            }).collect();
            let changes = [set(base + Duration::days(set_on), &Prescription::default())];
            let history = DoseHistory::new(&sessions, &changes, &Prescription::default(), phase, base);
            for offset in 0..30 {
                let d = base + Duration::days(offset);
                prop_assert!(day(&sessions, d, &history).percent() <= 100);
                prop_assert!(week(&sessions, week_start(d), d, &history).percent() <= 100);
            }
            prop_assert!(streak_days(&sessions, base + Duration::days(29)) <= 30);
        }

        /// Whatever happened before (changes on any day, sessions done with
        /// the prescription in force on their day), a change of the
        /// programme today leaves every figure of the days before today as
        /// it was.
        #[test]
        fn a_change_today_never_moves_a_figure_of_the_past(
            changes in prop::collection::vec((0i64..30, 8i64..=12), 1..5),
            done in prop::collection::vec((0i64..30, 0u16..60, 0u8..4), 0..40),
            new in 8i64..=12,
        ) {
            let base = date!(2026 - 11 - 02);
            let today = base + Duration::days(30);
            let mut changes: Vec<DoseChange> = changes
                .iter()
                .map(|(d, reps)| set(base + Duration::days(*d), &with_reps(*reps)))
                .collect();
            changes.sort_by_key(|c| c.on);
            let before_today = DoseHistory::new(&[], &changes, &Prescription::default(), Phase::Intensive, base);
            // Each session done with what was in force on its day.
            let sessions: Vec<_> = done.iter().map(|(d, r, n)| {
                let day = base + Duration::days(*d);
                SessionFact { asked: Some(before_today.asked_on(day)), ..fact(day, *r, *n) }
            }).collect();
            let current = changes.last().map(|c| c.asked).unwrap();
            let before = DoseHistory::new(&sessions, &changes, &with_reps(i64::from(current.reps_per_round)), Phase::Intensive, base);
            let mut with_new = changes.clone();
            with_new.push(set(today, &with_reps(new)));
            let after = DoseHistory::new(&sessions, &with_new, &with_reps(new), Phase::Intensive, base);
            for offset in 0..30 {
                let d = base + Duration::days(offset);
                prop_assert_eq!(day(&sessions, d, &before), day(&sessions, d, &after));
            }
            for weeks in 0..5 {
                let monday = base + Duration::weeks(weeks);
                prop_assert_eq!(
                    week(&sessions, monday, today - Duration::days(1), &before),
                    week(&sessions, monday, today - Duration::days(1), &after)
                );
            }
        }
    }

    #[test]
    fn the_period_counts_what_was_done_not_the_calendar() {
        let p = Prescription::default();
        let since = date!(2026 - 01 - 05); // a Monday
        let today = date!(2026 - 02 - 04); // four whole weeks later, and a bit
        let full_day = |day| fact(day, p.daily_reps(), p.rounds_per_day());
        let mut sessions: Vec<SessionFact> = (0..7)
            .map(|d| full_day(since + Duration::days(d)))
            .collect();
        // Week 3: one round on one day only.
        sessions.push(fact(
            date!(2026 - 01 - 21),
            u16::from(p.reps_per_round()),
            1,
        ));
        let period = period(&sessions, since, today, &steady(Phase::Intensive));
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
