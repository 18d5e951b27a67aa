//! Bladder training: the bladder diary (each toilet visit), the usual
//! interval between visits read from it, and an interval target that grows
//! step by step while the diary shows the current one is held.
//!
//! A visit travels as the op `bladder.logged` `{"id", "at", "urge" (0–4),
//! "leak", "volume_ml" (optional)}`, `bladder.deleted` removes one; the
//! target as `bladder.target_set` `{"minutes", "since"}` (last writer wins).

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// The strongest urge on the diary's scale: 0 none, 1 mild, 2 moderate,
/// 3 strong, 4 could not wait.
pub const MAX_URGE: u8 = 4;
/// The most a single visit can hold, in millilitres (a bladder holds about
/// half a litre; 1.5 l is past what any bladder can, so a typing slip).
pub const MAX_VOLUME_ML: u16 = 1500;
/// Days the diary is kept before the first target (NICE NG123 §1.1: a
/// bladder diary of at least 3 days).
pub const DIARY_DAYS: usize = 3;
/// The shortest and longest interval target, in minutes.
///
/// [rule:bladder-target-bounds] Our rule: below half an hour a target asks
/// for nothing; past four hours between visits is more than bladder
/// training aims for (daytime visits every 3–4 hours are usual).
pub const MIN_TARGET_MINUTES: u16 = 30;
pub const MAX_TARGET_MINUTES: u16 = 240;
/// How much the target grows in one step, and the least time between steps.
///
/// [rule:bladder-target-step] Our rule: 15 minutes at a time, at most once
/// a week, and only when the diary since the last step shows the current
/// target held on at least 3 days; NICE NG123 §1.3 asks for bladder
/// training for at least 6 weeks, which this pace fills.
pub const STEP_MINUTES: u16 = 15;
pub const STEP_AFTER_DAYS: i64 = 7;
/// A gap longer than this is a night's sleep or a visit not logged, not an
/// interval the bladder held (our rule).
pub const LONGEST_GAP_MINUTES: i64 = 6 * 60;

/// One toilet visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BladderVisit {
    pub id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// How strong the urge was, 0–4.
    pub urge: u8,
    /// Leaked before or on the way.
    pub leak: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_ml: Option<u16>,
}

/// Why a visit cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VisitError {
    #[error("urge is rated from 0 (none) to 4 (could not wait).")]
    Urge,
    #[error("volume_ml must be between 0 and 1500 (a bladder holds about half a litre).")]
    Volume,
    #[error("A toilet visit cannot be in the future; check the phone's date and time.")]
    Future,
    #[error("A toilet visit can be at most 3 years back.")]
    TooOld,
}

/// How far a visit may lie ahead of the receiver's clock: phones' clocks
/// drift by minutes (our rule).
const FUTURE_SLACK: Duration = Duration::hours(1);

impl BladderVisit {
    /// The visit as the rest of the app may rely on, received at `now`.
    pub fn check(mut self, now: OffsetDateTime) -> Result<Self, VisitError> {
        if self.urge > MAX_URGE {
            return Err(VisitError::Urge);
        }
        if self.volume_ml.is_some_and(|v| v > MAX_VOLUME_ML) {
            return Err(VisitError::Volume);
        }
        let utc = self
            .at
            .checked_to_offset(time::UtcOffset::UTC)
            .ok_or(VisitError::TooOld)?;
        if utc > now + FUTURE_SLACK {
            return Err(VisitError::Future);
        }
        if utc.date() < crate::domain::diary::oldest_day(now.date()) {
            return Err(VisitError::TooOld);
        }
        self.at = utc;
        Ok(self)
    }
}

/// An interval target between toilet visits, in minutes, within bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct TargetMinutes(u16);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("An interval target is from 30 minutes to 4 hours (240 minutes).")]
pub struct TargetMinutesError;

impl TargetMinutes {
    pub fn parse(minutes: i64) -> Result<Self, TargetMinutesError> {
        u16::try_from(minutes)
            .ok()
            .filter(|m| (MIN_TARGET_MINUTES..=MAX_TARGET_MINUTES).contains(m))
            .map(TargetMinutes)
            .ok_or(TargetMinutesError)
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

impl TryFrom<u16> for TargetMinutes {
    type Error = TargetMinutesError;
    fn try_from(value: u16) -> Result<Self, Self::Error> {
        Self::parse(i64::from(value))
    }
}

impl From<TargetMinutes> for u16 {
    fn from(value: TargetMinutes) -> u16 {
        value.0
    }
}

/// The interval target in force and the day it was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BladderTarget {
    pub minutes: TargetMinutes,
    #[serde(with = "crate::domain::day")]
    pub since: Date,
}

/// The usual interval between daytime visits, in minutes: the median gap
/// between one visit and the next, over gaps shorter than a night. None
/// until the diary covers [`DIARY_DAYS`] days.
///
/// [rule:bladder-usual-interval] Our rule: the median, so that one rushed
/// visit or one long meeting does not move it; nights left out (NICE NG123
/// counts night-time visits apart).
pub fn usual_interval(visits: &[BladderVisit]) -> Option<u16> {
    let mut times: Vec<OffsetDateTime> = visits.iter().map(|v| v.at).collect();
    times.sort();
    times.dedup();
    let mut days: Vec<Date> = times.iter().map(|t| t.date()).collect();
    days.dedup();
    if days.len() < DIARY_DAYS {
        return None;
    }
    let mut gaps: Vec<i64> = times
        .windows(2)
        .map(|w| (w[1] - w[0]).whole_minutes())
        .filter(|gap| (1..=LONGEST_GAP_MINUTES).contains(gap))
        .collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    u16::try_from(gaps[gaps.len() / 2]).ok()
}

/// The first target, from the usual interval: the next quarter of an hour
/// above it (our rule, [rule:bladder-target-step]: start just past what the
/// bladder already holds), within the bounds.
pub fn first_target(usual: u16) -> TargetMinutes {
    let step = STEP_MINUTES;
    let rounded = (usual / step + 1) * step;
    TargetMinutes(rounded.clamp(MIN_TARGET_MINUTES, MAX_TARGET_MINUTES))
}

/// What to propose to the patient on `today`, given the target in force and
/// the diary: the first target once the diary is kept, a step up once the
/// current one is held, or nothing.
pub fn propose(
    target: Option<&BladderTarget>,
    visits: &[BladderVisit],
    today: Date,
) -> Option<TargetMinutes> {
    let Some(target) = target else {
        return usual_interval(visits).map(first_target);
    };
    if (today - target.since).whole_days() < STEP_AFTER_DAYS
        || target.minutes.get() >= MAX_TARGET_MINUTES
    {
        return None;
    }
    let since: Vec<BladderVisit> = visits
        .iter()
        .filter(|v| v.at.date() >= target.since)
        .cloned()
        .collect();
    let held = usual_interval(&since)? >= target.minutes.get();
    held.then(|| TargetMinutes((target.minutes.get() + STEP_MINUTES).min(MAX_TARGET_MINUTES)))
}

/// The diary's figures for one day (for the therapist's table and the chart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BladderDay {
    pub date: Date,
    pub visits: usize,
    pub leaks: usize,
    /// The strongest urge of the day.
    pub strongest_urge: u8,
}

/// The diary by day, oldest first.
pub fn days(visits: &[BladderVisit]) -> Vec<BladderDay> {
    let mut sorted: Vec<&BladderVisit> = visits.iter().collect();
    sorted.sort_by_key(|v| v.at);
    let mut days: Vec<BladderDay> = Vec::new();
    for visit in sorted {
        let date = visit.at.date();
        match days.last_mut() {
            Some(day) if day.date == date => {
                day.visits += 1;
                day.leaks += usize::from(visit.leak);
                day.strongest_urge = day.strongest_urge.max(visit.urge);
            }
            _ => days.push(BladderDay {
                date,
                visits: 1,
                leaks: usize::from(visit.leak),
                strongest_urge: visit.urge,
            }),
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn visit(at: OffsetDateTime) -> BladderVisit {
        BladderVisit {
            id: Uuid::from_u128(at.unix_timestamp().unsigned_abs().into()),
            at,
            urge: 2,
            leak: false,
            volume_ml: None,
        }
    }

    /// Visits every `minutes` from 08:00 to 20:00 on `days` days from `first`.
    fn diary(first: Date, days: i64, minutes: i64) -> Vec<BladderVisit> {
        let mut visits = Vec::new();
        for d in 0..days {
            let day = first + Duration::days(d);
            let mut at = day.with_hms(8, 0, 0).unwrap().assume_utc();
            while at.hour() < 20 {
                visits.push(visit(at));
                at += Duration::minutes(minutes);
            }
        }
        visits
    }

    #[test]
    fn bad_visits_are_refused_by_rule() {
        let now = datetime!(2026-12-07 12:00 UTC);
        let ok = visit(datetime!(2026-12-07 11:00 UTC));
        assert!(ok.clone().check(now).is_ok());
        let urge = BladderVisit {
            urge: 5,
            ..ok.clone()
        };
        assert_eq!(urge.check(now), Err(VisitError::Urge));
        let volume = BladderVisit {
            volume_ml: Some(1501),
            ..ok.clone()
        };
        assert_eq!(volume.check(now), Err(VisitError::Volume));
        let fine = BladderVisit {
            volume_ml: Some(1500),
            ..ok.clone()
        };
        assert!(fine.check(now).is_ok());
        let future = visit(datetime!(2026-12-07 14:00 UTC));
        assert_eq!(future.check(now), Err(VisitError::Future));
        let old = visit(datetime!(2020-01-01 12:00 UTC));
        assert_eq!(old.check(now), Err(VisitError::TooOld));
    }

    #[test]
    fn a_visit_in_another_offset_is_kept_in_utc() {
        let now = datetime!(2026-12-07 12:00 UTC);
        let oslo = visit(datetime!(2026-12-07 12:30 +01:00));
        assert_eq!(oslo.check(now).unwrap().at, datetime!(2026-12-07 11:30 UTC));
    }

    #[test]
    fn the_target_is_from_half_an_hour_to_four_hours() {
        assert!(TargetMinutes::parse(29).is_err());
        assert!(TargetMinutes::parse(241).is_err());
        assert!(TargetMinutes::parse(-30).is_err());
        assert_eq!(TargetMinutes::parse(30).unwrap().get(), 30);
        assert_eq!(TargetMinutes::parse(240).unwrap().get(), 240);
        assert!(serde_json::from_value::<TargetMinutes>(serde_json::json!(20)).is_err());
    }

    #[test]
    fn the_usual_interval_needs_three_days_and_leaves_nights_out() {
        assert_eq!(usual_interval(&diary(date!(2026 - 12 - 01), 2, 60)), None);
        // Three days of hourly visits: nights (12 h) are not intervals.
        assert_eq!(
            usual_interval(&diary(date!(2026 - 12 - 01), 3, 60)),
            Some(60)
        );
        let mut odd = diary(date!(2026 - 12 - 01), 3, 90);
        odd.push(visit(datetime!(2026-12-02 08:05 UTC)));
        assert_eq!(usual_interval(&odd), Some(90));
    }

    #[test]
    fn the_first_target_starts_just_past_the_usual_interval() {
        assert_eq!(first_target(60).get(), 75);
        assert_eq!(first_target(67).get(), 75);
        assert_eq!(first_target(10).get(), 30);
        assert_eq!(first_target(600).get(), 240);
        let kept = diary(date!(2026 - 12 - 01), 3, 60);
        assert_eq!(
            propose(None, &kept, date!(2026 - 12 - 04)).map(TargetMinutes::get),
            Some(75)
        );
        assert_eq!(propose(None, &kept[..10], date!(2026 - 12 - 04)), None);
    }

    #[test]
    fn the_target_grows_a_quarter_once_a_week_while_it_is_held() {
        let target = BladderTarget {
            minutes: TargetMinutes(75),
            since: date!(2026 - 12 - 04),
        };
        let held = diary(date!(2026 - 12 - 04), 4, 80);
        // Not before a week has passed.
        assert_eq!(propose(Some(&target), &held, date!(2026 - 12 - 10)), None);
        assert_eq!(
            propose(Some(&target), &held, date!(2026 - 12 - 11)).map(TargetMinutes::get),
            Some(90)
        );
        // Not while the diary shows it is not held yet.
        let short = diary(date!(2026 - 12 - 04), 4, 60);
        assert_eq!(propose(Some(&target), &short, date!(2026 - 12 - 11)), None);
        // The diary before the target does not count.
        let before = diary(date!(2026 - 11 - 20), 4, 120);
        assert_eq!(propose(Some(&target), &before, date!(2026 - 12 - 11)), None);
        // Never past the top.
        let top = BladderTarget {
            minutes: TargetMinutes(240),
            since: date!(2026 - 12 - 04),
        };
        let long = diary(date!(2026 - 12 - 04), 4, 300);
        assert_eq!(propose(Some(&top), &long, date!(2026 - 12 - 20)), None);
    }

    #[test]
    fn days_count_visits_leaks_and_the_strongest_urge() {
        let mut visits = diary(date!(2026 - 12 - 01), 2, 240);
        visits[1].leak = true;
        visits[1].urge = 4;
        let days = days(&visits);
        assert_eq!(days.len(), 2);
        assert_eq!(
            (days[0].visits, days[0].leaks, days[0].strongest_urge),
            (3, 1, 4)
        );
        assert_eq!(
            (days[1].visits, days[1].leaks, days[1].strongest_urge),
            (3, 0, 2)
        );
    }
}
