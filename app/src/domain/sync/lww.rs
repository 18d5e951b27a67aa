//! Last-writer-wins for settings: the later `client_ts` wins, and the device
//! id breaks a tie, so every device and the server pick the same value
//! whatever order the changes arrive in.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The stamp of a programme a phone applied without anyone choosing it (a
/// new patient's defaults, recorded the first time they are used): the
/// earliest time an op may carry, so that it loses to any programme set by
/// the patient or a therapist, whether before it or after (our rule: a
/// phone that has not yet heard of the therapist's programme must not
/// replace it with the defaults).
pub const DEFAULTS_CLIENT_TS: &str = "1970-01-01T00:00:00Z";

/// A value's stamp: when it was set and on which device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub at: OffsetDateTime,
    pub device_id: String,
}

impl Stamp {
    pub fn parse(client_ts: &str, device_id: &str) -> Option<Self> {
        let at = OffsetDateTime::parse(client_ts, &Rfc3339).ok()?;
        Some(Self {
            at,
            device_id: device_id.to_ascii_lowercase(),
        })
    }

    /// True when a value stamped `self` replaces one stamped `current`.
    pub fn beats(&self, current: &Stamp) -> bool {
        (self.at, &self.device_id) > (current.at, &current.device_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_wins_and_the_device_breaks_ties() {
        let early = Stamp::parse("2026-11-02T09:00:00Z", "b").unwrap();
        let late = Stamp::parse("2026-11-02T10:00:00+01:00", "a").unwrap();
        assert!(
            !late.beats(&early),
            "10:00+01:00 is 09:00Z: same instant, device a < b"
        );
        assert!(early.beats(&late));
        let later = Stamp::parse("2026-11-02T09:00:01Z", "a").unwrap();
        assert!(later.beats(&early));
        assert!(!early.beats(&early.clone()));
    }
}
