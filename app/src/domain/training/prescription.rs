//! The daily dose, with the figures of the national health portal's
//! pelvic floor training page as defaults and as the safe bounds.
//!
//! Each field is a small newtype whose constructor refuses values outside
//! the allowed range, so an out-of-range prescription cannot be built, from
//! whatever source it comes (this phone, a synced op, a therapist).

use serde::{Deserialize, Serialize};

/// Why a prescription field was refused; the text names the allowed range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrescriptionError {
    #[error("Repetitions per round must be between 8 and 12 (got {0}).")]
    Reps(i64),
    #[error("Rounds per day must be between 1 and 3 (got {0}).")]
    Rounds(i64),
    #[error("The hold must last between 2 and 10 seconds (got {0}).")]
    Hold(i64),
    #[error("Quick lifts after the hold are 0, 3 or 4 (got {0}).")]
    QuickLifts(i64),
    #[error("Quick lifts are added only once a hold of 6 seconds is managed (hold is {0} s).")]
    QuickLiftsTooEarly(u8),
    #[error("The rest between repetitions must be 3 or 4 seconds (got {0}).")]
    Rest(i64),
    #[error("The pause between rounds must be between 30 and 180 seconds (got {0}).")]
    RoundPause(i64),
}

macro_rules! bounded {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr, $default:expr, $err:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "u8")]
        pub struct $name(u8);

        impl $name {
            pub const MIN: u8 = $min;
            pub const MAX: u8 = $max;
            pub const DEFAULT: Self = Self($default);

            pub fn parse(value: i64) -> Result<Self, PrescriptionError> {
                if (i64::from(Self::MIN)..=i64::from(Self::MAX)).contains(&value) {
                    Ok(Self(value as u8))
                } else {
                    Err(PrescriptionError::$err(value))
                }
            }

            pub fn get(self) -> u8 {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::DEFAULT
            }
        }

        impl TryFrom<i64> for $name {
            type Error = PrescriptionError;
            fn try_from(value: i64) -> Result<Self, Self::Error> {
                Self::parse(value)
            }
        }

        impl From<$name> for u8 {
            fn from(value: $name) -> u8 {
                value.0
            }
        }

        $crate::impl_integer_schema!($name, $min, $max);
    };
}

bounded!(
    /// Repetitions in one round: 8–12 (seed 003: "8–12 repetisjonar x3 rundar
    /// dagleg"); 10 to start
    /// (our choice, the middle of the range).
    RepsPerRound, 8, 12, 10, Reps
);
bounded!(
    /// Rounds a day: seed 003 says 3; fewer is allowed while starting out
    /// (our rule).
    RoundsPerDay, 1, 3, 3, Rounds
);
bounded!(
    /// Seconds to hold each squeeze: seed 003 asks to hold "longer and
    /// longer" towards 6–8 s; 3 s to start and 2–10 s allowed are our rule (a
    /// therapist may go up to 10).
    HoldSecs, 2, 10, 3, Hold
);
bounded!(
    /// Seconds of rest after letting go: 3–4 (seed 003).
    RestSecs, 3, 4, 4, Rest
);
bounded!(
    /// Seconds between rounds done one after the other: seed 003 says "a
    /// short pause"; 30–180 s, 60 by default, is our rule.
    RoundPauseSecs, 30, 180, 60, RoundPause
);

/// Quick lifts at the end of each hold: none at first, 3–4 once a hold of
/// 6 seconds is managed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "u8")]
pub struct QuickLifts(u8);

impl QuickLifts {
    pub const NONE: Self = Self(0);
    /// Every allowed count (seed 003: 3–4 quick lifts, or none yet).
    pub const CHOICES: [u8; 3] = [0, 3, 4];

    pub fn parse(value: i64) -> Result<Self, PrescriptionError> {
        match value {
            0 | 3 | 4 => Ok(Self(value as u8)),
            _ => Err(PrescriptionError::QuickLifts(value)),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for QuickLifts {
    type Error = PrescriptionError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<QuickLifts> for u8 {
    fn from(value: QuickLifts) -> u8 {
        value.0
    }
}

#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for QuickLifts {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Integer)
            .enum_values(Some([0, 3, 4]))
            .into()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for QuickLifts {}

/// The hold at which quick lifts may be added (seed 003: once a hold of
/// 6–8 s is managed, add 3–4 quick lifts).
/// [rule:prescription-ranges]
pub const QUICK_LIFTS_FROM_HOLD: u8 = 6;

/// The longest hold a patient chooses on their own: seed 003's dose is a hold
/// of 6–8 s (with 8–12 repetitions and at most 3 rounds a day, which the
/// fields' own bounds already keep). A therapist may set up to
/// [`HoldSecs::MAX`]; the patient's form and the progression stop here.
/// [rule:patient-hold-max]
pub const PATIENT_HOLD_MAX: u8 = 8;

/// The patient's own change went past seed 003's dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("On your own, the hold goes up to {max} seconds; a therapist may set a longer one (got {0}).", max = PATIENT_HOLD_MAX)]
pub struct PatientHoldError(pub u8);

/// The holds the patient's own form offers: up to [`PATIENT_HOLD_MAX`], or up
/// to the hold in force when a therapist set a longer one (so that saving
/// another field keeps it).
pub fn patient_hold_choices(current: &Prescription) -> std::ops::RangeInclusive<u8> {
    HoldSecs::MIN..=PATIENT_HOLD_MAX.max(current.hold_secs())
}

/// Whether the patient may set `new` on their own, with `current` in force:
/// every field within seed 003's dose, except a longer hold a therapist set,
/// which may be kept or shortened.
pub fn check_patient_change(
    new: &Prescription,
    current: &Prescription,
) -> Result<(), PatientHoldError> {
    if patient_hold_choices(current).contains(&new.hold_secs()) {
        Ok(())
    } else {
        Err(PatientHoldError(new.hold_secs()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Position {
    #[default]
    Lying,
    Sitting,
    Standing,
}

impl Position {
    pub const ALL: [Position; 3] = [Position::Lying, Position::Sitting, Position::Standing];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Lying => "lying",
            Position::Sitting => "sitting",
            Position::Standing => "standing",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == raw)
    }
}

/// The rounds of a day in one sitting with a pause between them, or one at a
/// time spread over the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "mode")]
pub enum Schedule {
    Together { pause_secs: RoundPauseSecs },
    Spread,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule::Together {
            pause_secs: RoundPauseSecs::DEFAULT,
        }
    }
}

/// Every field of a prescription, each within its own bounds; [`build`]
/// checks them together. This is also the shape on the wire.
///
/// [`build`]: PrescriptionBuilder::build
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PrescriptionBuilder {
    pub reps_per_round: RepsPerRound,
    pub rounds_per_day: RoundsPerDay,
    pub hold_secs: HoldSecs,
    #[serde(default)]
    pub quick_lifts: QuickLifts,
    pub rest_secs: RestSecs,
    #[serde(default)]
    pub position: Position,
    #[serde(default)]
    pub schedule: Schedule,
}

impl PrescriptionBuilder {
    pub fn build(self) -> Result<Prescription, PrescriptionError> {
        if self.quick_lifts.get() > 0 && self.hold_secs.get() < QUICK_LIFTS_FROM_HOLD {
            return Err(PrescriptionError::QuickLiftsTooEarly(self.hold_secs.get()));
        }
        Ok(Prescription(self))
    }
}

/// A complete, valid daily dose: only [`PrescriptionBuilder::build`] makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PrescriptionBuilder", into = "PrescriptionBuilder")]
pub struct Prescription(PrescriptionBuilder);

/// On the wire a prescription is its fields (checked together on arrival).
#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for Prescription {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <PrescriptionBuilder as utoipa::PartialSchema>::schema()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for Prescription {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        <PrescriptionBuilder as utoipa::ToSchema>::schemas(schemas);
    }
}

impl TryFrom<PrescriptionBuilder> for Prescription {
    type Error = PrescriptionError;
    fn try_from(fields: PrescriptionBuilder) -> Result<Self, Self::Error> {
        fields.build()
    }
}

impl From<Prescription> for PrescriptionBuilder {
    fn from(p: Prescription) -> Self {
        p.0
    }
}

impl Default for Prescription {
    /// Where a new patient starts: the source's dose (10 × 3 a day) with a
    /// short hold that grows, and no quick lifts yet.
    fn default() -> Self {
        Prescription(PrescriptionBuilder {
            reps_per_round: RepsPerRound::DEFAULT,
            rounds_per_day: RoundsPerDay::DEFAULT,
            hold_secs: HoldSecs::DEFAULT,
            quick_lifts: QuickLifts::NONE,
            rest_secs: RestSecs::DEFAULT,
            position: Position::default(),
            schedule: Schedule::default(),
        })
    }
}

impl Prescription {
    pub fn reps_per_round(&self) -> u8 {
        self.0.reps_per_round.get()
    }
    pub fn rounds_per_day(&self) -> u8 {
        self.0.rounds_per_day.get()
    }
    pub fn hold_secs(&self) -> u8 {
        self.0.hold_secs.get()
    }
    pub fn quick_lifts(&self) -> u8 {
        self.0.quick_lifts.get()
    }
    pub fn rest_secs(&self) -> u8 {
        self.0.rest_secs.get()
    }
    pub fn position(&self) -> Position {
        self.0.position
    }
    pub fn schedule(&self) -> Schedule {
        self.0.schedule
    }
    /// Repetitions prescribed for a whole day.
    pub fn daily_reps(&self) -> u16 {
        u16::from(self.reps_per_round()) * u16::from(self.rounds_per_day())
    }

    /// This prescription's fields, to change some and build again.
    pub fn to_builder(self) -> PrescriptionBuilder {
        self.0
    }

    /// Parses a prescription from JSON, naming the first field out of range.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        Prescription::deserialize(value).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn the_default_is_the_sources_dose() {
        let p = Prescription::default();
        assert_eq!((p.reps_per_round(), p.rounds_per_day()), (10, 3));
        assert_eq!(p.daily_reps(), 30);
        assert_eq!(p.quick_lifts(), 0);
        assert!((3..=4).contains(&p.rest_secs()));
    }

    #[test]
    fn out_of_range_fields_name_the_allowed_range() {
        assert_eq!(
            RepsPerRound::parse(13).unwrap_err().to_string(),
            "Repetitions per round must be between 8 and 12 (got 13)."
        );
        assert!(RestSecs::parse(2).is_err());
        assert!(QuickLifts::parse(2).is_err());
        assert!(HoldSecs::parse(-1).is_err());
        let early = Prescription::default().to_builder();
        let early = PrescriptionBuilder {
            quick_lifts: QuickLifts::parse(3).unwrap(),
            ..early
        };
        assert_eq!(early.build(), Err(PrescriptionError::QuickLiftsTooEarly(3)));
    }

    #[test]
    fn json_is_checked_on_the_way_in() {
        let good = json!({"reps_per_round": 12, "rounds_per_day": 3, "hold_secs": 7,
            "quick_lifts": 4, "rest_secs": 3, "position": "standing", "schedule": {"mode": "spread"}});
        let p = Prescription::from_json(&good).unwrap();
        assert_eq!(p.schedule(), Schedule::Spread);
        assert_eq!(serde_json::to_value(p).unwrap(), good);

        let too_many =
            json!({"reps_per_round": 40, "rounds_per_day": 3, "hold_secs": 7, "rest_secs": 3});
        let err = Prescription::from_json(&too_many).unwrap_err();
        assert!(err.contains("between 8 and 12"), "{err}");

        let early = json!({"reps_per_round": 8, "rounds_per_day": 3, "hold_secs": 4, "quick_lifts": 3, "rest_secs": 3});
        let err = Prescription::from_json(&early).unwrap_err();
        assert!(err.contains("6 seconds"), "{err}");
    }

    fn with_hold(hold: u8) -> Prescription {
        PrescriptionBuilder {
            hold_secs: HoldSecs::parse(i64::from(hold)).unwrap(),
            ..Prescription::default().to_builder()
        }
        .build()
        .unwrap()
    }

    #[test]
    fn on_their_own_a_patient_holds_up_to_eight_seconds() {
        let current = Prescription::default();
        assert_eq!(patient_hold_choices(&current), 2..=8);
        assert_eq!(check_patient_change(&with_hold(8), &current), Ok(()));
        assert_eq!(
            check_patient_change(&with_hold(9), &current),
            Err(PatientHoldError(9))
        );
        // The end-to-end tests' short dose (8 reps, 1 round, 2 s, 3 s rest) fits.
        let short = PrescriptionBuilder {
            reps_per_round: RepsPerRound::parse(8).unwrap(),
            rounds_per_day: RoundsPerDay::parse(1).unwrap(),
            hold_secs: HoldSecs::parse(2).unwrap(),
            rest_secs: RestSecs::parse(3).unwrap(),
            ..current.to_builder()
        }
        .build()
        .unwrap();
        assert_eq!(check_patient_change(&short, &current), Ok(()));
    }

    #[test]
    fn a_longer_hold_a_therapist_set_may_be_kept_or_shortened() {
        let set = with_hold(10);
        assert_eq!(patient_hold_choices(&set), 2..=10);
        assert_eq!(check_patient_change(&set, &set), Ok(()));
        assert_eq!(check_patient_change(&with_hold(9), &set), Ok(()));
        // A therapist's form keeps the wider range.
        assert_eq!((HoldSecs::MIN, HoldSecs::MAX), (2, 10));
    }

    proptest! {
        #[test]
        fn every_built_prescription_is_within_bounds_and_round_trips(
            reps in -5i64..20, rounds in -1i64..6, hold in 0i64..14, lifts in 0i64..6, rest in 0i64..7
        ) {
            let built = (|| PrescriptionBuilder {
                reps_per_round: RepsPerRound::parse(reps)?,
                rounds_per_day: RoundsPerDay::parse(rounds)?,
                hold_secs: HoldSecs::parse(hold)?,
                quick_lifts: QuickLifts::parse(lifts)?,
                rest_secs: RestSecs::parse(rest)?,
                position: Position::Sitting,
                schedule: Schedule::Spread,
            }.build())();
            if let Ok(p) = built {
                prop_assert!((8..=12).contains(&p.reps_per_round()));
                prop_assert!((1..=3).contains(&p.rounds_per_day()));
                prop_assert!((2..=10).contains(&p.hold_secs()));
                prop_assert!((3..=4).contains(&p.rest_secs()));
                prop_assert!(p.quick_lifts() == 0 || p.hold_secs() >= QUICK_LIFTS_FROM_HOLD);
                let json = serde_json::to_value(p).unwrap();
                prop_assert_eq!(Prescription::from_json(&json), Ok(p));
            }
        }
    }
}
