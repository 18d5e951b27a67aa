//! The outcome questionnaires (seed 004: follow what patients report): pain
//! 0–10, the patient's global impression of improvement (PGI-I, 1–7) and up
//! to three goals of their own, each rated 0–10 for how close it is.
//!
//! Due at the start of the programme and 3, 6 and 12 months after; each one
//! stays open for two weeks from its day. Days are the patient's calendar
//! days, so a change to or from summer time moves nothing. When the
//! programme starts again (daily training taken up after maintenance) the
//! schedule starts again from that day.

use crate::domain::sync::{PromAnswer, Questionnaire, parse_day};
use time::{Date, Duration, Month};

pub const MAX_GOALS: usize = 3;
pub const MAX_GOAL_CHARS: usize = 200;
/// Days a questionnaire stays open from the day it is due.
pub const OPEN_DAYS: i64 = 14;

/// The scheduled questionnaires, in order.
pub const SCHEDULE: [Questionnaire; 4] = [
    Questionnaire::Baseline,
    Questionnaire::Month3,
    Questionnaire::Month6,
    Questionnaire::Month12,
];

/// `months` calendar months after `day`; the 31st of a shorter month is
/// its last day.
pub fn add_months(day: Date, months: u8) -> Date {
    let index = i32::from(u8::from(day.month()) - 1) + i32::from(months);
    let year = day.year() + index / 12;
    let month =
        Month::try_from(u8::try_from(index % 12 + 1).unwrap_or(1)).unwrap_or(Month::January);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, day.day().min(last)).unwrap_or(day)
}

/// The day a scheduled questionnaire is due, for a programme begun `start`.
pub fn due_day(which: Questionnaire, start: Date) -> Option<Date> {
    match which {
        Questionnaire::Baseline => Some(start),
        Questionnaire::Month3 => Some(add_months(start, 3)),
        Questionnaire::Month6 => Some(add_months(start, 6)),
        Questionnaire::Month12 => Some(add_months(start, 12)),
        Questionnaire::OnDemand => None,
    }
}

/// The day an answer was given (answers carry it from the phone).
pub fn answered_on(answer: &PromAnswer) -> Option<Date> {
    answer.answered_on.as_deref().and_then(parse_day)
}

/// The scheduled questionnaire open on `today` and not yet answered in this
/// programme, if any.
pub fn open(start: Date, today: Date, answers: &[PromAnswer]) -> Option<Questionnaire> {
    SCHEDULE.into_iter().rev().find(|&which| {
        let Some(due) = due_day(which, start) else {
            return false;
        };
        let window = today >= due && today < due + Duration::days(OPEN_DAYS);
        let answered = answers
            .iter()
            .any(|a| a.questionnaire == which && answered_on(a).is_some_and(|day| day >= start));
        window && !answered
    })
}

/// The answers in the order given, with their day (answers without one
/// are left out of charts).
pub fn history(answers: &[PromAnswer]) -> Vec<(Date, &PromAnswer)> {
    let mut dated: Vec<(Date, &PromAnswer)> = answers
        .iter()
        .filter_map(|a| answered_on(a).map(|d| (d, a)))
        .collect();
    dated.sort_by_key(|(d, _)| *d);
    dated
}

/// The average of the goals' ratings of an answer, 0–10.
pub fn goal_average(answer: &PromAnswer) -> Option<f64> {
    let n = answer.goals.len();
    (n > 0).then(|| {
        answer
            .goals
            .iter()
            .map(|g| f64::from(g.closeness))
            .sum::<f64>()
            / n as f64
    })
}

/// What the six-month check-in reads: pain at the first answer and at the
/// latest, and the latest impression of improvement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub pain_before: Option<u8>,
    pub pain_now: Option<u8>,
    pub pgi_i: Option<u8>,
}

/// The change from the first answer of this programme to the latest one;
/// `None` until there are two answers.
pub fn change_since_start(start: Date, answers: &[PromAnswer]) -> Option<Change> {
    let dated: Vec<(Date, &PromAnswer)> = history(answers)
        .into_iter()
        .filter(|(d, _)| *d >= start)
        .collect();
    let (first, latest) = (dated.first()?.1, dated.last()?.1);
    (dated.len() >= 2).then_some(Change {
        pain_before: first.pain_nrs,
        pain_now: latest.pain_nrs,
        pgi_i: latest.pgi_i,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use uuid::Uuid;

    fn answer(which: Questionnaire, on: Date, pain: u8) -> PromAnswer {
        PromAnswer {
            id: Uuid::nil(),
            questionnaire: which,
            answered_on: Some(on.to_string()),
            pain_nrs: Some(pain),
            pgi_i: None,
            goals: Vec::new(),
            instrument: None,
        }
    }

    #[test]
    fn due_days_are_calendar_months_from_the_start() {
        let start = date!(2026 - 08 - 31);
        assert_eq!(due_day(Questionnaire::Baseline, start), Some(start));
        assert_eq!(
            due_day(Questionnaire::Month3, start),
            Some(date!(2026 - 11 - 30))
        );
        assert_eq!(
            due_day(Questionnaire::Month6, start),
            Some(date!(2027 - 02 - 28))
        );
        assert_eq!(
            due_day(Questionnaire::Month12, start),
            Some(date!(2027 - 08 - 31))
        );
        assert_eq!(due_day(Questionnaire::OnDemand, start), None);
    }

    #[test]
    fn a_questionnaire_is_open_for_two_weeks_from_its_day() {
        let start = date!(2026 - 01 - 10);
        assert_eq!(open(start, start, &[]), Some(Questionnaire::Baseline));
        assert_eq!(
            open(start, start + Duration::days(13), &[]),
            Some(Questionnaire::Baseline)
        );
        assert_eq!(open(start, start + Duration::days(14), &[]), None);
        assert_eq!(open(start, date!(2026 - 04 - 09), &[]), None);
        assert_eq!(
            open(start, date!(2026 - 04 - 10), &[]),
            Some(Questionnaire::Month3)
        );
        assert_eq!(
            open(start, date!(2027 - 01 - 23), &[]),
            Some(Questionnaire::Month12)
        );
    }

    #[test]
    fn an_answered_questionnaire_closes() {
        let start = date!(2026 - 01 - 10);
        let day = date!(2026 - 04 - 12);
        let done = answer(Questionnaire::Month3, day, 4);
        assert_eq!(open(start, day, &[done]), None);
        // An answer to another questionnaire, or on demand, leaves it open.
        let other = answer(Questionnaire::OnDemand, day, 4);
        assert_eq!(open(start, day, &[other]), Some(Questionnaire::Month3));
    }

    #[test]
    fn the_days_around_a_change_of_summer_time_are_ordinary_days() {
        // Norway moves its clocks on 29 March 2026 and 25 October 2026.
        let start = date!(2025 - 12 - 29);
        assert_eq!(
            open(start, date!(2026 - 03 - 29), &[]),
            Some(Questionnaire::Month3)
        );
        let start = date!(2026 - 07 - 25);
        assert_eq!(
            due_day(Questionnaire::Month3, start),
            Some(date!(2026 - 10 - 25))
        );
    }

    #[test]
    fn a_restarted_programme_asks_again_from_its_new_start() {
        let first = date!(2025 - 01 - 10);
        let old = answer(Questionnaire::Baseline, first, 6);
        let restart = date!(2026 - 03 - 02);
        assert_eq!(
            open(restart, restart, std::slice::from_ref(&old)),
            Some(Questionnaire::Baseline)
        );
        let new = answer(Questionnaire::Baseline, restart, 5);
        assert_eq!(open(restart, restart, &[old, new]), None);
    }

    #[test]
    fn the_change_runs_from_the_first_answer_of_the_programme_to_the_latest() {
        let start = date!(2026 - 01 - 10);
        let before = answer(Questionnaire::Baseline, date!(2025 - 06 - 01), 9);
        let first = answer(Questionnaire::Baseline, start, 6);
        let mut latest = answer(Questionnaire::Month6, date!(2026 - 07 - 12), 3);
        latest.pgi_i = Some(2);
        assert_eq!(
            change_since_start(start, &[before.clone(), first.clone()]),
            None
        );
        assert_eq!(
            change_since_start(start, &[latest, before, first]),
            Some(Change {
                pain_before: Some(6),
                pain_now: Some(3),
                pgi_i: Some(2)
            })
        );
    }
}
