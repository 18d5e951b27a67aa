//! The op table: for each kind of op, where its data lives and how two
//! copies of it resolve. Declared once, here; the phone's store
//! (`platform/offline/store.rs`) and the server's log
//! (`server/src/sync/log.rs`) both read it, so they cannot disagree. Adding
//! an op kind means its payload and checks (`payloads.rs`, `ops.rs`), one
//! arm of [`OpBody::home`], and the pages that use it.
//!
//! How a therapist's change and a patient's resolve (DESIGN §5: "a
//! therapist's prescription wins over the patient's own adjustment made
//! before it"), so that the server and every phone keep the same value:
//! - There is one rule for every copy, [`replaces`]: the later
//!   `(client_ts, device_id)` wins. The server applies it to every op it
//!   logs, a therapist's included, and a phone to every change it pulls,
//!   in the log's order.
//! - A therapist's change is made on the server, which stamps it with
//!   [`therapist_stamp`]: the server's clock, or 1 ms after the stamp the
//!   server holds at that home when that is later (a phone whose clock runs
//!   ahead; the server accepts stamps up to a day ahead). So it beats every
//!   patient's change the server has received before it, on the server and,
//!   by the same rule and the same stamps, on every phone. Its device id is
//!   the therapist's account id (no phone has it; it says who in the log).
//! - A patient's change the server receives after the therapist's resolves
//!   by its own stamp, on every copy alike: stamped earlier (an adjustment
//!   made offline before the therapist's change) it loses; stamped later it
//!   wins, the therapist then sees it too. A change made before the
//!   therapist's on a phone whose clock runs ahead, that reaches the server
//!   only after it, is stamped later and wins: nothing the server holds
//!   says when it was really made, and we choose every copy agreeing over
//!   guessing (our rule). The therapist's page shows what the phone shows.

use super::lww::Stamp;
use super::ops::OpBody;
use super::payloads::SettingKey;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Where an op's data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    /// A logged fact of a family, by the id the device gave it; a
    /// `tombstone` deletes it for good.
    Entry {
        family: Family,
        id: Uuid,
        tombstone: bool,
    },
    /// One value under a key: a setting, the programme, a module's progress.
    Keyed(Key),
}

/// The families of logged entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Session,
    Diary,
    Prom,
    /// A toilet visit in the bladder diary.
    Bladder,
}

impl Family {
    pub const ALL: [Family; 4] = [
        Family::Session,
        Family::Diary,
        Family::Prom,
        Family::Bladder,
    ];

    /// The name stored with each entry.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Session => "session",
            Family::Diary => "diary",
            Family::Prom => "prom",
            Family::Bladder => "bladder",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }

    /// How a message to the patient names one entry of the family.
    pub fn one(self) -> &'static str {
        match self {
            Family::Session => "a session",
            Family::Diary => "a diary entry",
            Family::Prom => "a questionnaire answer",
            Family::Bladder => "a toilet visit",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Setting(SettingKey),
    /// The programme in force (prescription, phase, who set it).
    Prescription,
    /// Reading progress in an education module, by its name.
    Education(String),
    /// The start assessment's answers (red flags, main problems).
    Assessment,
    /// The interval target of bladder training.
    BladderTarget,
}

impl Key {
    /// The key as stored on the server (one table for every keyed value).
    pub fn storage_key(&self) -> String {
        match self {
            Key::Setting(key) => format!("setting:{}", key.as_str()),
            Key::Prescription => "prescription".to_owned(),
            Key::Education(module) => format!("education:{module}"),
            Key::Assessment => "assessment".to_owned(),
            Key::BladderTarget => "bladder_target".to_owned(),
        }
    }
}

impl OpBody {
    pub fn home(&self) -> Home {
        let entry = |family, id: &Uuid, tombstone| Home::Entry {
            family,
            id: *id,
            tombstone,
        };
        match self {
            OpBody::SessionLogged(s) => entry(Family::Session, &s.id, false),
            OpBody::SessionDeleted { id } => entry(Family::Session, id, true),
            OpBody::DiaryLogged(d) => entry(Family::Diary, &d.id, false),
            OpBody::DiaryDeleted { id } => entry(Family::Diary, id, true),
            OpBody::PromAnswered(p) => entry(Family::Prom, &p.id, false),
            OpBody::EducationProgressed(e) => Home::Keyed(Key::Education(e.module.clone())),
            OpBody::SettingSet(s) => Home::Keyed(Key::Setting(s.key)),
            OpBody::PrescriptionSet(_) => Home::Keyed(Key::Prescription),
            OpBody::AssessmentAnswered(_) => Home::Keyed(Key::Assessment),
            OpBody::BladderLogged(v) => entry(Family::Bladder, &v.id, false),
            OpBody::BladderDeleted { id } => entry(Family::Bladder, id, true),
            OpBody::BladderTargetSet(_) => Home::Keyed(Key::BladderTarget),
        }
    }
}

/// What is stored at a home, as far as resolving goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    Nothing,
    /// A deleted entry, kept so that no late copy brings it back.
    Tombstone,
    /// A value and the stamp of the op that wrote it (none for values
    /// written before stamps were kept).
    Value(Option<Stamp>),
}

/// Whether a write stamped `incoming` of an op with `home` replaces what is
/// stored there. The one rule of both sides:
/// - a tombstone always wins, and once there stays;
/// - otherwise the later `(client_ts, device_id)` wins, and the same stamp
///   again (a replay) writes the same value;
/// - a value without a stamp loses to any stamped write.
pub fn replaces(home: &Home, incoming: &Stamp, stored: &Stored) -> bool {
    let deletes = matches!(
        home,
        Home::Entry {
            tombstone: true,
            ..
        }
    );
    match stored {
        Stored::Nothing => true,
        Stored::Tombstone => false,
        Stored::Value(_) if deletes => true,
        Stored::Value(None) => true,
        Stored::Value(Some(current)) => incoming.beats(current) || incoming == current,
    }
}

/// The time a change made on the server for a therapist is stamped with,
/// at `now` on the server's clock, over what is `stored` at its home: `now`,
/// or 1 ms after the stored stamp when that is not earlier, so that the
/// change replaces it by [`replaces`] on the server and on every phone.
pub fn therapist_stamp(now: OffsetDateTime, stored: &Stored) -> OffsetDateTime {
    match stored {
        Stored::Value(Some(current)) if current.at >= now => current.at + Duration::milliseconds(1),
        _ => now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stamp(second: u8, device: &str) -> Stamp {
        Stamp::parse(&format!("2026-11-02T09:00:{second:02}Z"), device).unwrap()
    }

    fn session(tombstone: bool) -> Home {
        Home::Entry {
            family: Family::Session,
            id: Uuid::nil(),
            tombstone,
        }
    }

    #[test]
    fn every_kind_has_one_home() {
        use crate::domain::sync::OpKind;
        // Each kind maps to exactly one shape of home; the families and
        // keys are what the phone and the server store under.
        for kind in OpKind::ALL {
            let name = kind.as_str();
            let family = name.split('.').next().unwrap();
            match family {
                "session" | "diary" | "prom" | "bladder" => {
                    assert!(Family::parse(family).is_some(), "{name}")
                }
                "education" | "setting" | "prescription" | "assessment" => {}
                other => panic!("{other} has no home"),
            }
        }
        assert_eq!(
            Key::Setting(SettingKey::Sound).storage_key(),
            "setting:sound"
        );
        assert_eq!(
            Key::Education("sleep".into()).storage_key(),
            "education:sleep"
        );
    }

    #[test]
    fn a_tombstone_wins_and_stays() {
        let late = stamp(30, "a");
        let early = stamp(1, "a");
        assert!(replaces(
            &session(true),
            &early,
            &Stored::Value(Some(late.clone()))
        ));
        assert!(replaces(&session(true), &early, &Stored::Nothing));
        assert!(!replaces(&session(false), &late, &Stored::Tombstone));
        assert!(!replaces(
            &Home::Keyed(Key::Prescription),
            &late,
            &Stored::Tombstone
        ));
    }

    #[test]
    fn the_later_stamp_wins_and_a_replay_changes_nothing() {
        let home = Home::Keyed(Key::Setting(SettingKey::Sound));
        let (early, late) = (stamp(1, "b"), stamp(2, "a"));
        assert!(replaces(&home, &late, &Stored::Value(Some(early.clone()))));
        assert!(!replaces(&home, &early, &Stored::Value(Some(late.clone()))));
        assert!(replaces(&home, &late, &Stored::Value(Some(late.clone()))));
        assert!(replaces(&session(false), &early, &Stored::Value(None)));
        // Same instant: the device id breaks the tie.
        assert!(replaces(
            &home,
            &stamp(1, "c"),
            &Stored::Value(Some(stamp(1, "b")))
        ));
    }

    #[derive(Debug, Clone)]
    enum Write {
        Content(u8, u8),
        Delete(u8),
    }

    fn write() -> impl Strategy<Value = Write> {
        prop_oneof![
            (0u8..10, 0u8..3).prop_map(|(s, d)| Write::Content(s, d)),
            (0u8..10).prop_map(Write::Delete),
        ]
    }

    /// Applies writes in order to one home and returns what is stored.
    fn settle(writes: &[Write]) -> Stored {
        let mut stored = Stored::Nothing;
        for w in writes {
            let (home, at, next) = match w {
                Write::Content(s, d) => {
                    let at = stamp(*s, &d.to_string());
                    (session(false), at.clone(), Stored::Value(Some(at)))
                }
                Write::Delete(s) => (session(true), stamp(*s, "0"), Stored::Tombstone),
            };
            if replaces(&home, &at, &stored) {
                stored = next;
            }
        }
        stored
    }

    /// One copy of the programme: the stamp and the value it holds.
    type Copy = Option<(Stamp, &'static str)>;

    fn held(copy: &Copy) -> Stored {
        Stored::Value(copy.as_ref().map(|(stamp, _)| stamp.clone()))
    }

    /// Applies one change by the rule every copy uses.
    fn apply(copy: &mut Copy, stamp: &Stamp, value: &'static str) {
        let stored = match copy {
            None => Stored::Nothing,
            Some(_) => held(copy),
        };
        if replaces(&Home::Keyed(Key::Prescription), stamp, &stored) {
            *copy = Some((stamp.clone(), value));
        }
    }

    /// The server receives the patient's changes `before`, then the
    /// therapist's at `now`, then the patient's `after` (seconds off `now`
    /// on a phone's clock, and its device). Returns the server's copy right
    /// after the therapist's change, at the end, and the copy of a phone
    /// that applied its own changes first and then the whole log in order.
    fn settle_with_therapist(
        now: OffsetDateTime,
        before: &[(i64, u8)],
        after: &[(i64, u8)],
    ) -> (Copy, Copy, Copy) {
        let patient = |(offset, device): &(i64, u8)| {
            let at = now + Duration::seconds(*offset);
            (
                Stamp {
                    at,
                    device_id: device.to_string(),
                },
                "patient",
            )
        };
        let mut server: Copy = None;
        let mut log = Vec::new();
        for (stamp, value) in before.iter().map(patient) {
            apply(&mut server, &stamp, value);
            log.push((stamp, value));
        }
        let therapist = Stamp {
            at: therapist_stamp(now, &held(&server)),
            device_id: "therapist".to_owned(),
        };
        apply(&mut server, &therapist, "therapist");
        log.push((therapist, "therapist"));
        let right_after = server.clone();
        for (stamp, value) in after.iter().map(patient) {
            apply(&mut server, &stamp, value);
            log.push((stamp, value));
        }
        let mut phone: Copy = None;
        for (stamp, value) in before.iter().chain(after).map(patient) {
            apply(&mut phone, &stamp, value);
        }
        for (stamp, value) in &log {
            apply(&mut phone, stamp, value);
        }
        (right_after, server, phone)
    }

    #[test]
    fn a_therapists_change_after_a_phone_an_hour_ahead_wins_on_every_copy() {
        let now = stamp(0, "x").at;
        // The phone an hour ahead sets 12, then the therapist sets 8.
        let (right_after, server, phone) = settle_with_therapist(now, &[(3600, 1)], &[]);
        assert_eq!(right_after.map(|(_, v)| v), Some("therapist"));
        assert_eq!(server.map(|(_, v)| v), Some("therapist"));
        assert_eq!(phone.map(|(_, v)| v), Some("therapist"));
        // An adjustment made offline before the change, reaching the server
        // after it, loses everywhere; one stamped after it wins everywhere.
        let (_, server, phone) = settle_with_therapist(now, &[(3600, 1)], &[(-60, 2)]);
        assert_eq!(
            (server.map(|(_, v)| v), phone.map(|(_, v)| v)),
            (Some("therapist"), Some("therapist"))
        );
        let (_, server, phone) = settle_with_therapist(now, &[], &[(60, 2)]);
        assert_eq!(
            (server.map(|(_, v)| v), phone.map(|(_, v)| v)),
            (Some("patient"), Some("patient"))
        );
    }

    #[test]
    fn a_therapists_stamp_is_the_servers_clock_unless_a_later_stamp_is_held() {
        let now = stamp(10, "x").at;
        assert_eq!(therapist_stamp(now, &Stored::Nothing), now);
        assert_eq!(therapist_stamp(now, &Stored::Value(None)), now);
        assert_eq!(
            therapist_stamp(now, &Stored::Value(Some(stamp(9, "a")))),
            now
        );
        assert_eq!(
            therapist_stamp(now, &Stored::Value(Some(stamp(10, "a")))),
            now + Duration::milliseconds(1)
        );
        assert_eq!(
            therapist_stamp(now, &Stored::Value(Some(stamp(40, "a")))),
            stamp(40, "a").at + Duration::milliseconds(1)
        );
    }

    fn phone_changes() -> impl Strategy<Value = Vec<(i64, u8)>> {
        // Up to a day either way: what the server accepts.
        prop::collection::vec((-86_400i64..=86_400, 0u8..3), 0..6)
    }

    proptest! {
        /// Phones with clocks up to a day off, a therapist's change between
        /// the patient's: right after it the therapist's value is held, and
        /// the server and a phone applying the log keep the same value.
        #[test]
        fn the_server_and_every_phone_keep_the_same_programme(
            before in phone_changes(),
            after in phone_changes(),
        ) {
            let now = stamp(0, "x").at;
            let (right_after, server, phone) = settle_with_therapist(now, &before, &after);
            prop_assert_eq!(right_after.map(|(_, v)| v), Some("therapist"));
            prop_assert_eq!(server, phone);
        }

        /// Devices' changes arrive in any order: every order ends the same.
        #[test]
        fn any_arrival_order_gives_the_same_state(
            (writes, shuffled) in prop::collection::vec(write(), 1..8)
                .prop_flat_map(|w| (Just(w.clone()), Just(w).prop_shuffle()))
        ) {
            prop_assert_eq!(settle(&writes), settle(&shuffled));
        }
    }
}
