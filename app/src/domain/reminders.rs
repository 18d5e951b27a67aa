//! Reminders: the times of day, the weekdays and a quiet period the patient
//! chose, and a neutral text ("Time for your exercises", or a word of their
//! own), so nobody looking at the phone learns what the app is for.
//!
//! Times are the patient's wall-clock times: 07:30 stays 07:30 when summer
//! time begins or ends. The server's push scheduler turns them into
//! instants with the patient's time zone.

use serde::{Deserialize, Serialize};
use time::Weekday;

/// One reminder per round at most (three rounds a day is the usual dose).
pub const MAX_TIMES: usize = 6;
/// The patient's own word for the reminder, in characters.
pub const MAX_WORD_CHARS: usize = 40;
const MAX_ZONE_CHARS: usize = 64;

/// Why reminder settings were refused; the text names the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReminderError {
    #[error("A time must be written HH:MM, from 00:00 to 23:59.")]
    BadTime,
    #[error("Choose from 1 to {MAX_TIMES} reminder times.")]
    TimeCount,
    #[error("Weekdays are numbered 1 (Monday) to 7 (Sunday); choose at least one.")]
    BadWeekdays,
    #[error("A quiet period needs both a start and an end.")]
    HalfQuiet,
    #[error("The reminder's word can have at most {MAX_WORD_CHARS} characters, on one line.")]
    BadWord,
    #[error("The time zone must be a name such as Europe/Oslo.")]
    BadZone,
}

/// A time of day, kept as minutes after midnight and written `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClockTime(u16);

impl ClockTime {
    pub fn parse(raw: &str) -> Result<Self, ReminderError> {
        let (h, m) = raw.trim().split_once(':').ok_or(ReminderError::BadTime)?;
        if h.len() != 2 || m.len() != 2 {
            return Err(ReminderError::BadTime);
        }
        let h: u16 = h.parse().map_err(|_| ReminderError::BadTime)?;
        let m: u16 = m.parse().map_err(|_| ReminderError::BadTime)?;
        if h > 23 || m > 59 {
            return Err(ReminderError::BadTime);
        }
        Ok(ClockTime(h * 60 + m))
    }

    pub fn from_hm(hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then(|| ClockTime(u16::from(hour) * 60 + u16::from(minute)))
    }

    pub fn hour(self) -> u8 {
        (self.0 / 60) as u8
    }

    pub fn minute(self) -> u8 {
        (self.0 % 60) as u8
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl TryFrom<String> for ClockTime {
    type Error = ReminderError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        ClockTime::parse(&raw)
    }
}

impl From<ClockTime> for String {
    fn from(t: ClockTime) -> String {
        t.to_string()
    }
}

/// The patient's reminder settings (the `reminders` setting).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reminders {
    pub on: bool,
    pub times: Vec<ClockTime>,
    /// 1 = Monday … 7 = Sunday.
    pub weekdays: Vec<u8>,
    #[serde(default)]
    pub quiet_from: Option<ClockTime>,
    #[serde(default)]
    pub quiet_to: Option<ClockTime>,
    /// Said instead of the neutral default text.
    #[serde(default)]
    pub word: Option<String>,
    /// The phone's time zone (IANA name), for reminders sent by the server.
    #[serde(default)]
    pub time_zone: Option<String>,
}

impl Default for Reminders {
    /// Off until the patient turns them on; when on, 08:00 every day.
    fn default() -> Self {
        Reminders {
            on: false,
            times: vec![ClockTime(8 * 60)],
            weekdays: (1..=7).collect(),
            quiet_from: None,
            quiet_to: None,
            word: None,
            time_zone: None,
        }
    }
}

impl Reminders {
    /// Checks the rules and puts the settings in order: times sorted and
    /// each once, weekdays likewise, a blank word none.
    pub fn check(mut self) -> Result<Self, ReminderError> {
        self.times.sort();
        self.times.dedup();
        if self.times.is_empty() || self.times.len() > MAX_TIMES {
            return Err(ReminderError::TimeCount);
        }
        self.weekdays.sort();
        self.weekdays.dedup();
        if self.weekdays.is_empty() || self.weekdays.iter().any(|d| !(1..=7).contains(d)) {
            return Err(ReminderError::BadWeekdays);
        }
        if self.quiet_from.is_some() != self.quiet_to.is_some() {
            return Err(ReminderError::HalfQuiet);
        }
        self.word = self
            .word
            .map(|w| w.trim().to_owned())
            .filter(|w| !w.is_empty());
        if self
            .word
            .as_ref()
            .is_some_and(|w| w.chars().count() > MAX_WORD_CHARS || w.chars().any(char::is_control))
        {
            return Err(ReminderError::BadWord);
        }
        if let Some(zone) = &self.time_zone {
            let ok = !zone.is_empty()
                && zone.len() <= MAX_ZONE_CHARS
                && zone
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
            if !ok {
                return Err(ReminderError::BadZone);
            }
        }
        Ok(self)
    }

    /// Whether `at` falls in the quiet period (which may run past midnight,
    /// as 22:00–07:00 does).
    pub fn is_quiet(&self, at: ClockTime) -> bool {
        match (self.quiet_from, self.quiet_to) {
            (Some(from), Some(to)) if from <= to => at >= from && at < to,
            (Some(from), Some(to)) => at >= from || at < to,
            _ => false,
        }
    }

    pub fn on_day(&self, day: Weekday) -> bool {
        self.weekdays.contains(&day.number_from_monday())
    }

    /// The times a reminder goes off on `day`: chosen weekdays, outside the
    /// quiet period, and only while reminders are on.
    pub fn times_on(&self, day: Weekday) -> Vec<ClockTime> {
        if !self.on || !self.on_day(day) {
            return Vec::new();
        }
        self.times
            .iter()
            .copied()
            .filter(|t| !self.is_quiet(*t))
            .collect()
    }

    /// The in-app reminder to show at `now` on `day`: the latest time that
    /// has passed today and was not dismissed, while some of the day's dose
    /// is left.
    pub fn due(
        &self,
        day: Weekday,
        now: ClockTime,
        dismissed: Option<ClockTime>,
        dose_left: bool,
    ) -> Option<ClockTime> {
        if !dose_left {
            return None;
        }
        let latest = self.times_on(day).into_iter().filter(|t| *t <= now).max()?;
        (dismissed.is_none_or(|d| d < latest)).then_some(latest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(raw: &str) -> ClockTime {
        ClockTime::parse(raw).unwrap()
    }

    fn on(times: &[&str]) -> Reminders {
        Reminders {
            on: true,
            times: times.iter().map(|s| t(s)).collect(),
            ..Reminders::default()
        }
    }

    #[test]
    fn times_are_hh_mm_within_a_day() {
        assert_eq!(t("07:30").to_string(), "07:30");
        assert_eq!(t(" 23:59 "), ClockTime::from_hm(23, 59).unwrap());
        for bad in ["24:00", "7:30", "07:60", "0730", "", "aa:bb", "-1:00"] {
            assert_eq!(ClockTime::parse(bad), Err(ReminderError::BadTime), "{bad}");
        }
        let json: Result<Reminders, _> = serde_json::from_value(serde_json::json!({
            "on": true, "times": ["25:00"], "weekdays": [1]
        }));
        assert!(json.unwrap_err().to_string().contains("HH:MM"));
    }

    #[test]
    fn settings_are_checked_and_put_in_order() {
        let mut r = on(&["20:00", "08:00", "08:00"]);
        r.weekdays = vec![7, 1, 1];
        r.word = Some("  Yoga  ".into());
        let r = r.check().unwrap();
        assert_eq!(r.times, [t("08:00"), t("20:00")]);
        assert_eq!(r.weekdays, [1, 7]);
        assert_eq!(r.word.as_deref(), Some("Yoga"));

        assert_eq!(on(&[]).check(), Err(ReminderError::TimeCount));
        let seven = [
            "01:00", "02:00", "03:00", "04:00", "05:00", "06:00", "07:00",
        ];
        assert_eq!(on(&seven).check(), Err(ReminderError::TimeCount));
        let mut r = on(&["08:00"]);
        r.weekdays = vec![0];
        assert_eq!(r.check(), Err(ReminderError::BadWeekdays));
        let mut r = on(&["08:00"]);
        r.weekdays = vec![];
        assert_eq!(r.check(), Err(ReminderError::BadWeekdays));
        let mut r = on(&["08:00"]);
        r.quiet_from = Some(t("22:00"));
        assert_eq!(r.check(), Err(ReminderError::HalfQuiet));
        let mut r = on(&["08:00"]);
        r.word = Some("x".repeat(41));
        assert_eq!(r.check(), Err(ReminderError::BadWord));
        let mut r = on(&["08:00"]);
        r.word = Some("two\nlines".into());
        assert_eq!(r.check(), Err(ReminderError::BadWord));
        let mut r = on(&["08:00"]);
        r.time_zone = Some("Europe/Oslo; DROP".into());
        assert_eq!(r.check(), Err(ReminderError::BadZone));
    }

    #[test]
    fn a_quiet_period_may_run_past_midnight() {
        let mut r = on(&["06:30", "12:00", "22:30"]);
        r.quiet_from = Some(t("22:00"));
        r.quiet_to = Some(t("07:00"));
        assert_eq!(r.times_on(Weekday::Monday), [t("12:00")]);
        r.quiet_from = Some(t("12:00"));
        r.quiet_to = Some(t("13:00"));
        assert_eq!(r.times_on(Weekday::Monday), [t("06:30"), t("22:30")]);
    }

    #[test]
    fn only_chosen_weekdays_and_only_when_on() {
        let mut r = on(&["08:00"]);
        r.weekdays = vec![1, 3, 5];
        assert_eq!(r.times_on(Weekday::Wednesday), [t("08:00")]);
        assert!(r.times_on(Weekday::Sunday).is_empty());
        r.on = false;
        assert!(r.times_on(Weekday::Wednesday).is_empty());
    }

    #[test]
    fn the_in_app_reminder_shows_from_its_time_until_dismissed_or_done() {
        let r = on(&["08:00", "14:00", "20:00"]);
        let monday = Weekday::Monday;
        assert_eq!(r.due(monday, t("07:59"), None, true), None);
        assert_eq!(r.due(monday, t("08:00"), None, true), Some(t("08:00")));
        assert_eq!(r.due(monday, t("13:00"), Some(t("08:00")), true), None);
        // The next time brings it back after a dismissal.
        assert_eq!(
            r.due(monday, t("14:05"), Some(t("08:00")), true),
            Some(t("14:00"))
        );
        // Nothing left to do today: no reminder.
        assert_eq!(r.due(monday, t("14:05"), None, false), None);
    }
}
