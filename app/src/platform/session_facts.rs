//! The logged sessions as the domain's adherence figures read them, by the
//! phone's local day (training, relax, the diary and the reminders use them).

use crate::domain::sync::{LoggedSession, SessionKind};
use crate::domain::training::adherence::{Asked, SessionFact};
use crate::platform::local_time::local_day;

pub fn training_facts(sessions: &[LoggedSession]) -> Vec<SessionFact> {
    sessions
        .iter()
        .filter(|s| s.kind == SessionKind::Training)
        .map(|s| SessionFact {
            day: local_day(s.started_at),
            reps: s.done_reps,
            rounds: u8::try_from(s.done_rounds).unwrap_or(u8::MAX),
            asked: s.prescription.as_ref().map(Asked::from),
        })
        .collect()
}

/// The relaxation sessions as days with minutes (in `reps`), for the
/// relaxation streak and the week's minutes.
pub fn relaxation_facts(sessions: &[LoggedSession]) -> Vec<SessionFact> {
    sessions
        .iter()
        .filter(|s| s.kind == SessionKind::Relaxation)
        .map(|s| SessionFact {
            day: local_day(s.started_at),
            reps: u16::try_from((s.ended_at - s.started_at).whole_minutes().max(0))
                .unwrap_or(u16::MAX),
            rounds: 1,
            asked: None,
        })
        .collect()
}

/// Milliseconds since the epoch as a time on the wire.
pub fn from_epoch_ms(ms: f64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp_nanos((ms * 1_000_000.0) as i128)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}
