//! Relaxation: how long a session lasts.
//!
//! Seed 000: every day of the pain programme ends with at least half an
//! hour of relaxation, so 30 minutes is the default. The range of 5–45
//! minutes is our rule: short enough to begin with, long enough to go past
//! the programme's half hour.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct RelaxMinutes(u16);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("A relaxation session lasts from {min} to {max} minutes.", min = RelaxMinutes::MIN, max = RelaxMinutes::MAX)]
pub struct RelaxMinutesError;

impl RelaxMinutes {
    pub const MIN: u16 = 5;
    pub const MAX: u16 = 45;
    /// Seed 000: at least half an hour a day.
    /// [rule:relax-minutes]
    pub const DEFAULT: RelaxMinutes = RelaxMinutes(30);
    /// The choices offered on the page.
    pub const CHOICES: [u16; 9] = [5, 10, 15, 20, 25, 30, 35, 40, 45];

    pub fn parse(minutes: i64) -> Result<Self, RelaxMinutesError> {
        u16::try_from(minutes)
            .ok()
            .filter(|m| (Self::MIN..=Self::MAX).contains(m))
            .map(RelaxMinutes)
            .ok_or(RelaxMinutesError)
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

crate::impl_integer_schema!(RelaxMinutes, RelaxMinutes::MIN, RelaxMinutes::MAX);

impl TryFrom<u16> for RelaxMinutes {
    type Error = RelaxMinutesError;
    fn try_from(minutes: u16) -> Result<Self, Self::Error> {
        Self::parse(i64::from(minutes))
    }
}

impl From<RelaxMinutes> for u16 {
    fn from(m: RelaxMinutes) -> u16 {
        m.0
    }
}

impl Default for RelaxMinutes {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Seconds of one half of a breath, in or out: 3–10 (our bounds: a breath
/// of less than 3 s each way is too quick to calm, and slower than 10 s
/// strains more than it rests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreathSecs(u8);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Breathing in or out takes from {min} to {max} seconds.", min = BreathSecs::MIN, max = BreathSecs::MAX)]
pub struct BreathSecsError;

impl BreathSecs {
    /// [rule:breath-min]
    pub const MIN: u8 = 3;
    pub const MAX: u8 = 10;
    pub const CHOICES: [u8; 8] = [3, 4, 5, 6, 7, 8, 9, 10];

    pub fn parse(secs: i64) -> Result<Self, BreathSecsError> {
        u8::try_from(secs)
            .ok()
            .filter(|s| (Self::MIN..=Self::MAX).contains(s))
            .map(BreathSecs)
            .ok_or(BreathSecsError)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// The pacer's rhythm. Default: 4 s in, 6 s out (a longer breath out is a
/// common calming rhythm; our choice, adjustable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreathRhythm {
    pub breathe_in: BreathSecs,
    pub breathe_out: BreathSecs,
}

impl Default for BreathRhythm {
    fn default() -> Self {
        BreathRhythm {
            breathe_in: BreathSecs(4),
            breathe_out: BreathSecs(6),
        }
    }
}

/// The guided sequences: steps of text, each with its own time. Seed 000
/// names body awareness, breathing and tension and letting go among the
/// pain programme's relaxation; the steps and their times are our own. The
/// body scan has a step of its own for letting the pelvic floor soften (see
/// [`GuidedSequence::pelvic_floor_step`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuidedSequence {
    BodyScan,
    TenseAndRelease,
    CalmBreathing,
    /// What to do when a strong urge comes, practised (bladder training).
    ///
    /// [rule:urge-control] Stand or sit still, a few quick squeezes, slow
    /// breathing, let the urge fade, then walk calmly: urge-suppression is
    /// part of bladder training (NICE NG123 §1.3; Tät II's urge-coping
    /// exercises); the steps' wording and times are ours, five minutes so
    /// the practice is long enough to learn and is kept like a relaxation.
    UrgeControl,
}

impl GuidedSequence {
    pub const ALL: [GuidedSequence; 4] = [
        GuidedSequence::BodyScan,
        GuidedSequence::TenseAndRelease,
        GuidedSequence::CalmBreathing,
        GuidedSequence::UrgeControl,
    ];

    /// Seconds for each step, in order (the texts are per language in
    /// `features::relax::guided`).
    pub fn step_secs(self) -> &'static [u16] {
        match self {
            GuidedSequence::BodyScan => &[30, 45, 45, 45, 45, 45, 45, 45, 60],
            GuidedSequence::TenseAndRelease => &[30, 40, 40, 40, 40, 40, 60],
            GuidedSequence::CalmBreathing => &[30, 60, 60, 60, 60],
            GuidedSequence::UrgeControl => &[30, 30, 30, 60, 60, 30, 30, 30],
        }
    }

    pub fn index(self) -> u8 {
        match self {
            GuidedSequence::BodyScan => 0,
            GuidedSequence::TenseAndRelease => 1,
            GuidedSequence::CalmBreathing => 2,
            GuidedSequence::UrgeControl => 3,
        }
    }

    pub fn from_index(index: u8) -> Option<Self> {
        Self::ALL.get(usize::from(index)).copied()
    }

    /// The step that lets the pelvic floor soften, if the sequence has one.
    /// Our rule, after seeds 000 and 002 (tension and letting go, body
    /// awareness): a pelvic floor that is tense, or has just been trained
    /// hard, needs to practise letting go as much as squeezing, so the body
    /// scan gives it a step of its own, after the pelvis and belly.
    /// [rule:relax-pelvic-floor-step]
    pub fn pelvic_floor_step(self) -> Option<usize> {
        match self {
            GuidedSequence::BodyScan => Some(5),
            GuidedSequence::TenseAndRelease
            | GuidedSequence::CalmBreathing
            | GuidedSequence::UrgeControl => None,
        }
    }

    /// Whole minutes, rounded up (for the log).
    pub fn minutes(self) -> u16 {
        self.step_secs().iter().sum::<u16>().div_ceil(60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_to_forty_five_minutes_with_half_an_hour_by_default() {
        assert_eq!(RelaxMinutes::default().get(), 30);
        assert_eq!(RelaxMinutes::parse(5).unwrap().get(), 5);
        assert_eq!(RelaxMinutes::parse(45).unwrap().get(), 45);
        for bad in [-1, 0, 4, 46, 600, i64::MAX] {
            assert_eq!(RelaxMinutes::parse(bad), Err(RelaxMinutesError), "{bad}");
        }
        assert!(
            RelaxMinutes::CHOICES
                .iter()
                .all(|m| RelaxMinutes::parse(i64::from(*m)).is_ok())
        );
        assert_eq!(
            RelaxMinutesError.to_string(),
            "A relaxation session lasts from 5 to 45 minutes."
        );
    }

    #[test]
    fn a_breath_takes_three_to_ten_seconds_each_way() {
        assert_eq!(BreathRhythm::default().breathe_in.get(), 4);
        assert_eq!(BreathRhythm::default().breathe_out.get(), 6);
        assert!(BreathSecs::parse(3).is_ok() && BreathSecs::parse(10).is_ok());
        assert_eq!(BreathSecs::MIN, 3);
        assert_eq!(BreathSecs::CHOICES.first(), Some(&BreathSecs::MIN));
        assert!(
            BreathSecs::CHOICES
                .iter()
                .all(|s| BreathSecs::parse(i64::from(*s)).is_ok())
        );
        for bad in [-3, 0, 1, 2, 11, 300] {
            assert_eq!(BreathSecs::parse(bad), Err(BreathSecsError), "{bad}");
        }
    }

    #[test]
    fn guided_sequences_last_a_few_minutes_each() {
        for seq in GuidedSequence::ALL {
            assert_eq!(GuidedSequence::from_index(seq.index()), Some(seq));
            assert!((3..=10).contains(&seq.minutes()), "{seq:?}");
            assert!(seq.step_secs().iter().all(|s| *s >= 20));
        }
    }

    #[test]
    fn out_of_range_minutes_do_not_deserialize() {
        assert!(serde_json::from_str::<RelaxMinutes>("30").is_ok());
        assert!(serde_json::from_str::<RelaxMinutes>("90").is_err());
    }
}
