//! The patient's own calendar: days begin at local midnight on the phone,
//! while every time on the wire is UTC.

use time::{Date, OffsetDateTime, UtcOffset};

/// The phone's UTC offset at `at` (summer time differs from winter time).
#[cfg(feature = "hydrate")]
fn offset_at(at: OffsetDateTime) -> UtcOffset {
    let ms = (at.unix_timestamp_nanos() / 1_000_000) as f64;
    let minutes = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).get_timezone_offset();
    // JavaScript counts minutes *behind* UTC.
    UtcOffset::from_whole_seconds(-(minutes as i32) * 60).unwrap_or(UtcOffset::UTC)
}

#[cfg(not(feature = "hydrate"))]
fn offset_at(_: OffsetDateTime) -> UtcOffset {
    UtcOffset::UTC
}

pub fn now() -> OffsetDateTime {
    #[cfg(feature = "hydrate")]
    {
        let nanos = (js_sys::Date::now() * 1_000_000.0) as i128;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        OffsetDateTime::now_utc()
    }
}

/// The local calendar day of a moment.
pub fn local_day(at: OffsetDateTime) -> Date {
    at.to_offset(offset_at(at)).date()
}

pub fn today() -> Date {
    local_day(now())
}

/// The moment a local calendar day and clock time name on this phone.
pub fn at_local(day: Date, time: time::Time) -> OffsetDateTime {
    let guess = day.with_time(time).assume_utc();
    // The offset in force then (one step is enough: a clock change moves
    // an hour, and the offset an hour off is the same one but at the change).
    let offset = offset_at(guess);
    day.with_time(time).assume_offset(offset)
}

/// Local hour and minute, for "round 1 at 07:42".
pub fn local_hm(at: OffsetDateTime) -> (u8, u8) {
    let local = at.to_offset(offset_at(at));
    (local.hour(), local.minute())
}
