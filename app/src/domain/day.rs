//! A day on the wire and in storage, written `YYYY-MM-DD`: the same text as
//! `time`'s own serde writes for a [`Date`], without its format-description
//! parser and formatter (about 30 KB of WASM). Use with
//! `#[serde(with = "crate::domain::day")]` (or `day::option`).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};
use time::{Date, Month};

/// A day written `YYYY-MM-DD`.
pub fn parse_day(raw: &str) -> Option<Date> {
    let mut parts = raw.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// `day` written `YYYY-MM-DD`.
pub fn format_day(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

pub fn serialize<S: Serializer>(day: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format_day(*day))
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    let raw = String::deserialize(deserializer)?;
    parse_day(&raw).ok_or_else(|| D::Error::custom("expected a day written YYYY-MM-DD"))
}

/// The same for an optional day (`null` when there is none).
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(day: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
        match day {
            Some(day) => serializer.serialize_some(&format_day(*day)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Date>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            Some(raw) => parse_day(&raw)
                .map(Some)
                .ok_or_else(|| D::Error::custom("expected a day written YYYY-MM-DD")),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use time::macros::date;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Ours {
        #[serde(with = "super")]
        day: Date,
        #[serde(with = "super::option")]
        maybe: Option<Date>,
    }

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Times {
        day: Date,
        maybe: Option<Date>,
    }

    #[test]
    fn writes_and_reads_what_time_does() {
        for (day, maybe) in [
            (date!(2026 - 01 - 05), None),
            (date!(2026 - 11 - 29), Some(date!(2024 - 02 - 29))),
            (date!(0999 - 12 - 31), Some(date!(2000 - 10 - 01))),
        ] {
            let ours = serde_json::to_string(&Ours { day, maybe }).unwrap();
            let times = serde_json::to_string(&Times { day, maybe }).unwrap();
            assert_eq!(ours, times);
            assert_eq!(
                serde_json::from_str::<Ours>(&times).unwrap(),
                Ours { day, maybe }
            );
        }
    }

    #[test]
    fn refuses_what_is_not_a_day() {
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "26-11-29",
            "2026-1-29",
            "2026-11-29T00:00",
            "+026-11-29",
            "2026-11-+9",
            "",
            "2026/11/29",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
        assert!(serde_json::from_str::<Ours>(r#"{"day":"2026-02-30","maybe":null}"#).is_err());
        assert!(serde_json::from_str::<Ours>(r#"{"day":20261129,"maybe":null}"#).is_err());
    }
}
