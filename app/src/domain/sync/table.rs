//! The op table: for each kind of op, where its data lives and how two
//! copies of it resolve. Declared once, here; the phone's store
//! (`local/store.rs`) and the server's apply (`server/src/sync/apply.rs`)
//! both read it, so they cannot disagree. Adding an op kind means its
//! payload and checks (`payloads.rs`, `ops.rs`), one arm of [`OpBody::home`],
//! and the pages that use it.

use super::lww::Stamp;
use super::ops::OpBody;
use super::payloads::SettingKey;
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
}

impl Family {
    pub const ALL: [Family; 3] = [Family::Session, Family::Diary, Family::Prom];

    /// The name stored with each entry.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Session => "session",
            Family::Diary => "diary",
            Family::Prom => "prom",
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
}

impl Key {
    /// The key as stored on the server (one table for every keyed value).
    pub fn storage_key(&self) -> String {
        match self {
            Key::Setting(key) => format!("setting:{}", key.as_str()),
            Key::Prescription => "prescription".to_owned(),
            Key::Education(module) => format!("education:{module}"),
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
                "session" | "diary" | "prom" => assert!(Family::parse(family).is_some(), "{name}"),
                "education" | "setting" | "prescription" => {}
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

    proptest! {
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
