//! The symptom diary: each day's counts and pain, summed by week or month
//! for the charts, and the two signs that call for the "when to get help"
//! advice (a pain peak the patient has not had before, leakage rising over
//! two weeks).
//!
//! A patient normally keeps one entry a day, but two phones can each make
//! one for the same day before they sync: counts of a day add up, and its
//! pain is the highest rating.

use crate::domain::sync::{DiaryEntry, parse_day};
use crate::domain::training::adherence::week_start;
use time::{Date, Duration};

/// The most leakage episodes, pads or urgency episodes a day can hold.
pub const MAX_DAILY_COUNT: u16 = 100;
/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// The earliest day an entry may be about, as of `today`: three years
/// back, room for a paper diary typed in later.
pub fn oldest_day(today: Date) -> Date {
    today - Duration::days(3 * 366)
}

/// Pain from this rating up is severe on the 0–10 scale (our rule: 7–10 is
/// the band commonly read as severe on a numeric rating scale; no seed gives
/// a figure).
/// [rule:diary-warnings]
pub const SEVERE_PAIN: u8 = 7;
/// Days compared in each half of the leakage rule (our rule: two weeks
/// smooth out a bad day or two, yet notice a change within a month).
pub const LEAKAGE_WINDOW_DAYS: i64 = 14;
/// Days with a leakage count each window needs before it is compared (our
/// rule: fewer days say too little to compare).
pub const LEAKAGE_MIN_DAYS: usize = 4;
/// Leakage has risen when it is at least this many more episodes a day…
/// (our rule: less is within an ordinary week's ups and downs).
pub const LEAKAGE_RISE_PER_DAY: f64 = 1.0;
/// …and at least this many times the two weeks before (our rule: half again
/// as much, so that a small count going from 1 to 2 a day counts and a
/// large one needs a real change).
pub const LEAKAGE_RISE_FACTOR: f64 = 1.5;

/// One day of the diary, merged from its entries.
#[derive(Debug, Clone, PartialEq)]
pub struct DiaryDay {
    pub date: Date,
    pub leakage: Option<u16>,
    pub pads: Option<u16>,
    pub urgency: Option<u16>,
    pub pain: Option<u8>,
}

fn add(a: Option<u16>, b: Option<u16>) -> Option<u16> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.saturating_add(b)),
        (a, b) => a.or(b),
    }
}

/// Parses the entry's `YYYY-MM-DD` day (already checked when it was stored).
pub fn entry_date(entry: &DiaryEntry) -> Option<Date> {
    parse_day(&entry.date)
}

/// The diary by day, oldest first.
pub fn days(entries: &[DiaryEntry]) -> Vec<DiaryDay> {
    let mut days: Vec<DiaryDay> = Vec::new();
    let mut sorted: Vec<(Date, &DiaryEntry)> = entries
        .iter()
        .filter_map(|e| entry_date(e).map(|d| (d, e)))
        .collect();
    sorted.sort_by_key(|(d, _)| *d);
    for (date, e) in sorted {
        match days.last_mut() {
            Some(day) if day.date == date => {
                day.leakage = add(day.leakage, e.leakage_episodes);
                day.pads = add(day.pads, e.pads);
                day.urgency = add(day.urgency, e.urgency_episodes);
                day.pain = day.pain.max(e.pain_nrs);
            }
            _ => days.push(DiaryDay {
                date,
                leakage: e.leakage_episodes,
                pads: e.pads,
                urgency: e.urgency_episodes,
                pain: e.pain_nrs,
            }),
        }
    }
    days
}

/// How the charts group days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Week,
    Month,
}

impl Span {
    /// The first day of the week (Monday) or month holding `day`.
    pub fn start(self, day: Date) -> Date {
        match self {
            Span::Week => week_start(day),
            Span::Month => day.replace_day(1).unwrap_or(day),
        }
    }

    fn previous(self, start: Date) -> Date {
        match self {
            Span::Week => start - Duration::weeks(1),
            Span::Month => self.start(start - Duration::days(1)),
        }
    }
}

/// A week or month of the diary. Averages are per day with a value, so a
/// day left blank does not count as a day without leakage.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub start: Date,
    pub days_logged: usize,
    pub leakage_per_day: Option<f64>,
    pub pads_per_day: Option<f64>,
    pub urgency_per_day: Option<f64>,
    pub pain_max: Option<u8>,
}

fn mean(values: impl Iterator<Item = u16>) -> Option<f64> {
    let (sum, n) = values.fold((0u32, 0u32), |(s, n), v| (s + u32::from(v), n + 1));
    (n > 0).then(|| f64::from(sum) / f64::from(n))
}

/// The last `count` weeks or months up to the one holding `today`, oldest
/// first, starting no earlier than the first entry.
pub fn periods(days: &[DiaryDay], span: Span, today: Date, count: usize) -> Vec<Period> {
    let Some(first) = days.first().map(|d| span.start(d.date)) else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    let mut start = span.start(today);
    while starts.len() < count && start >= first {
        starts.push(start);
        start = span.previous(start);
    }
    starts.reverse();
    starts
        .into_iter()
        .map(|start| {
            let within: Vec<&DiaryDay> = days
                .iter()
                .filter(|d| span.start(d.date) == start)
                .collect();
            Period {
                start,
                days_logged: within.len(),
                leakage_per_day: mean(within.iter().filter_map(|d| d.leakage)),
                pads_per_day: mean(within.iter().filter_map(|d| d.pads)),
                urgency_per_day: mean(within.iter().filter_map(|d| d.urgency)),
                pain_max: within.iter().filter_map(|d| d.pain).max(),
            }
        })
        .collect()
}

/// A sign in the diary that the patient should ask for help.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Severe pain in the last week, higher than any rating before it.
    PainPeak { pain: u8 },
    /// Leakage per day over the last two weeks well above the two before.
    LeakageRising { before: f64, now: f64 },
}

/// The signs that call for the "when to get help" advice, as of `today`.
///
/// Our own rules (no seed or guideline gives thresholds for a diary), kept
/// simple so the patient can follow them: a pain of [`SEVERE_PAIN`] or more
/// in the last 7 days that is higher than every rating before those days;
/// and leakage episodes per logged day over the last 14 days at least
/// [`LEAKAGE_RISE_PER_DAY`] more, and at least [`LEAKAGE_RISE_FACTOR`]
/// times, than over the 14 days before (each window needs
/// [`LEAKAGE_MIN_DAYS`] days with a count).
pub fn warnings(days: &[DiaryDay], today: Date) -> Vec<Warning> {
    let mut found = Vec::new();
    let week_ago = today - Duration::days(7);
    let recent_peak = days
        .iter()
        .filter(|d| d.date > week_ago && d.date <= today)
        .filter_map(|d| d.pain)
        .max();
    let earlier_peak = days
        .iter()
        .filter(|d| d.date <= week_ago)
        .filter_map(|d| d.pain)
        .max();
    if let Some(pain) = recent_peak
        && pain >= SEVERE_PAIN
        && earlier_peak.is_none_or(|before| pain > before)
    {
        found.push(Warning::PainPeak { pain });
    }
    let window = |end: Date| -> Vec<u16> {
        let start = end - Duration::days(LEAKAGE_WINDOW_DAYS);
        days.iter()
            .filter(|d| d.date > start && d.date <= end)
            .filter_map(|d| d.leakage)
            .collect()
    };
    let now = window(today);
    let before = window(today - Duration::days(LEAKAGE_WINDOW_DAYS));
    if now.len() >= LEAKAGE_MIN_DAYS
        && before.len() >= LEAKAGE_MIN_DAYS
        && let (Some(now), Some(before)) = (mean(now.iter().copied()), mean(before.iter().copied()))
        && now - before >= LEAKAGE_RISE_PER_DAY
        && now >= before * LEAKAGE_RISE_FACTOR
    {
        found.push(Warning::LeakageRising { before, now });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use uuid::Uuid;

    fn entry(date: Date, leakage: Option<u16>, pain: Option<u8>) -> DiaryEntry {
        DiaryEntry {
            id: Uuid::from_u128(
                u128::from(date.to_julian_day().unsigned_abs()) << 8
                    | u128::from(pain.unwrap_or(0)),
            ),
            date: date.to_string(),
            leakage_episodes: leakage,
            pads: None,
            urgency_episodes: None,
            pain_nrs: pain,
            note: None,
        }
    }

    #[test]
    fn two_entries_of_one_day_add_their_counts_and_keep_the_higher_pain() {
        let day = date!(2026 - 11 - 20);
        let mut a = entry(day, Some(2), Some(3));
        a.pads = Some(1);
        let b = entry(day, Some(1), Some(5));
        let merged = days(&[a, b, entry(date!(2026 - 11 - 19), None, None)]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].date, date!(2026 - 11 - 19));
        assert_eq!(merged[1].leakage, Some(3));
        assert_eq!(merged[1].pads, Some(1));
        assert_eq!(merged[1].urgency, None);
        assert_eq!(merged[1].pain, Some(5));
    }

    #[test]
    fn weeks_average_over_the_days_with_a_value() {
        // Monday 16 and Wednesday 18 November 2026; Friday blank.
        let d = days(&[
            entry(date!(2026 - 11 - 16), Some(4), Some(2)),
            entry(date!(2026 - 11 - 18), Some(2), None),
            entry(date!(2026 - 11 - 20), None, Some(6)),
            entry(date!(2026 - 11 - 24), Some(1), None),
        ]);
        let weeks = periods(&d, Span::Week, date!(2026 - 11 - 28), 8);
        assert_eq!(weeks.len(), 2, "no weeks before the first entry");
        assert_eq!(weeks[0].start, date!(2026 - 11 - 16));
        assert_eq!(weeks[0].days_logged, 3);
        assert_eq!(weeks[0].leakage_per_day, Some(3.0));
        assert_eq!(weeks[0].pain_max, Some(6));
        assert_eq!(weeks[1].leakage_per_day, Some(1.0));
        assert_eq!(weeks[1].pain_max, None);
    }

    #[test]
    fn months_run_from_the_first_and_cross_the_new_year() {
        let d = days(&[entry(date!(2025 - 11 - 30), Some(1), None)]);
        let months = periods(&d, Span::Month, date!(2026 - 1 - 15), 12);
        let starts: Vec<Date> = months.iter().map(|m| m.start).collect();
        assert_eq!(
            starts,
            [
                date!(2025 - 11 - 01),
                date!(2025 - 12 - 01),
                date!(2026 - 01 - 01)
            ]
        );
        assert!(periods(&[], Span::Month, date!(2026 - 1 - 15), 12).is_empty());
    }

    #[test]
    fn severe_pain_higher_than_ever_before_is_a_warning() {
        let today = date!(2026 - 11 - 28);
        let before = entry(today - Duration::days(20), None, Some(6));
        let peak = entry(today - Duration::days(2), None, Some(8));
        assert_eq!(
            warnings(&days(&[before.clone(), peak]), today),
            [Warning::PainPeak { pain: 8 }]
        );
        // A rating of 8 the patient has had before is not new.
        let old_eight = entry(today - Duration::days(40), None, Some(8));
        let again = entry(today - Duration::days(1), None, Some(8));
        assert!(warnings(&days(&[old_eight, before.clone(), again]), today).is_empty());
        // Moderate pain is never a peak by this rule, nor a peak gone by.
        let moderate = entry(today, None, Some(6));
        assert!(warnings(&days(&[moderate]), today).is_empty());
        let gone = entry(today - Duration::days(9), None, Some(9));
        assert!(warnings(&days(&[gone]), today).is_empty());
    }

    fn leakage(today: Date, earlier: u16, later: u16, days_each: i64) -> Vec<DiaryEntry> {
        let mut all = Vec::new();
        for ago in 0..days_each {
            all.push(entry(today - Duration::days(ago), Some(later), None));
            all.push(entry(today - Duration::days(14 + ago), Some(earlier), None));
        }
        all
    }

    #[test]
    fn leakage_rising_over_two_weeks_is_a_warning() {
        let today = date!(2026 - 11 - 28);
        assert_eq!(
            warnings(&days(&leakage(today, 1, 3, 5)), today),
            [Warning::LeakageRising {
                before: 1.0,
                now: 3.0
            }]
        );
        // A small rise, a fall, or too few days: no warning.
        assert!(warnings(&days(&leakage(today, 4, 5, 5)), today).is_empty());
        assert!(warnings(&days(&leakage(today, 3, 1, 5)), today).is_empty());
        assert!(warnings(&days(&leakage(today, 1, 3, 3)), today).is_empty());
        // From none to two a day is a rise.
        assert_eq!(warnings(&days(&leakage(today, 0, 2, 4)), today).len(), 1);
    }
}
