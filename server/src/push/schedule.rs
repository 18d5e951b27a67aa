//! When a patient's reminders go off, in their own time zone: 07:30 is
//! 07:30 on their clock in summer and in winter. On the night the clocks go
//! forward, a time that does not exist (02:30 in Oslo) goes off when the
//! clocks have jumped (03:30); on the night they go back, a time that comes
//! twice goes off the first time.

use app::domain::reminders::{ClockTime, Reminders};
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// The reminders that fall in the window `(after, until]`: each as the
/// patient's day and the time chosen.
pub fn due_between(
    reminders: &Reminders,
    zone: Tz,
    after: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<(NaiveDate, ClockTime)> {
    let mut due = Vec::new();
    if !reminders.on || until <= after {
        return due;
    }
    let mut day = after.with_timezone(&zone).date_naive();
    let last = until.with_timezone(&zone).date_naive();
    while day <= last {
        let weekday = time::Weekday::Monday.nth_next(day.weekday().num_days_from_monday() as u8);
        for at in reminders.times_on(weekday) {
            if let Some(instant) = instant_of(day, at, zone)
                && instant > after
                && instant <= until
            {
                due.push((day, at));
            }
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    due
}

/// The instant `at` on `day` is on the patient's clock.
pub fn instant_of(day: NaiveDate, at: ClockTime, zone: Tz) -> Option<DateTime<Utc>> {
    let local = day.and_hms_opt(u32::from(at.hour()), u32::from(at.minute()), 0)?;
    let instant = match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(first, _) => first,
        // In the hour the clocks skip: when they have jumped.
        LocalResult::None => zone
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()?,
    };
    Some(instant.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(raw: &str) -> ClockTime {
        ClockTime::parse(raw).unwrap()
    }

    fn utc(raw: &str) -> DateTime<Utc> {
        raw.parse().unwrap()
    }

    fn reminders(times: &[&str]) -> Reminders {
        Reminders {
            on: true,
            times: times.iter().map(|s| t(s)).collect(),
            ..Reminders::default()
        }
    }

    fn day(raw: &str) -> NaiveDate {
        raw.parse().unwrap()
    }

    #[test]
    fn a_time_is_the_patients_clock_in_winter_and_summer() {
        let oslo = chrono_tz::Europe::Oslo;
        let r = reminders(&["07:30"]);
        // Winter: UTC+1.
        let due = due_between(
            &r,
            oslo,
            utc("2026-01-15T06:29:00Z"),
            utc("2026-01-15T06:30:00Z"),
        );
        assert_eq!(due, vec![(day("2026-01-15"), t("07:30"))]);
        // Summer: UTC+2.
        let due = due_between(
            &r,
            oslo,
            utc("2026-07-15T05:29:00Z"),
            utc("2026-07-15T05:30:00Z"),
        );
        assert_eq!(due, vec![(day("2026-07-15"), t("07:30"))]);
        // The window is half-open: the minute before is not yet, the minute after has passed.
        assert!(
            due_between(
                &r,
                oslo,
                utc("2026-07-15T05:30:00Z"),
                utc("2026-07-15T05:40:00Z")
            )
            .is_empty()
        );
    }

    #[test]
    fn the_nights_the_clocks_change() {
        let oslo = chrono_tz::Europe::Oslo;
        // 29 March 2026: 02:00 becomes 03:00; 02:30 goes off at 03:30 (01:30 UTC).
        assert_eq!(
            instant_of(day("2026-03-29"), t("02:30"), oslo),
            Some(utc("2026-03-29T01:30:00Z"))
        );
        // 25 October 2026: 02:30 comes twice; the first (00:30 UTC).
        assert_eq!(
            instant_of(day("2026-10-25"), t("02:30"), oslo),
            Some(utc("2026-10-25T00:30:00Z"))
        );
        // Over the whole of that night, exactly once.
        let r = reminders(&["02:30"]);
        let due = due_between(
            &r,
            oslo,
            utc("2026-10-24T20:00:00Z"),
            utc("2026-10-25T04:00:00Z"),
        );
        assert_eq!(due, vec![(day("2026-10-25"), t("02:30"))]);
    }

    #[test]
    fn weekdays_quiet_hours_and_off_are_kept() {
        let oslo = chrono_tz::Europe::Oslo;
        let mut r = reminders(&["08:00", "23:00"]);
        r.weekdays = vec![1]; // Mondays only
        r.quiet_from = Some(t("22:00"));
        r.quiet_to = Some(t("07:00"));
        // Monday 16 and Tuesday 17 November 2026, whole days.
        let due = due_between(
            &r,
            oslo,
            utc("2026-11-15T23:00:00Z"),
            utc("2026-11-17T23:00:00Z"),
        );
        assert_eq!(due, vec![(day("2026-11-16"), t("08:00"))]);
        r.on = false;
        assert!(
            due_between(
                &r,
                oslo,
                utc("2026-11-15T23:00:00Z"),
                utc("2026-11-17T23:00:00Z")
            )
            .is_empty()
        );
    }

    #[test]
    fn another_zone_is_its_own_clock() {
        let r = reminders(&["08:00"]);
        let tokyo = chrono_tz::Asia::Tokyo;
        let due = due_between(
            &r,
            tokyo,
            utc("2026-11-16T22:30:00Z"),
            utc("2026-11-16T23:30:00Z"),
        );
        assert_eq!(due, vec![(day("2026-11-17"), t("08:00"))]);
    }
}
