//! Growing the hold from the patient's own feedback after each session.
//!
//! The source says to hold "longer and longer" and, once a hold of 6–8
//! seconds is managed, to add 3–4 quick lifts at its end. It gives no rule
//! for how fast. Ours is deliberately cautious, and is our own judgment, not
//! the source's: move one rung up the ladder below after **three sessions in
//! a row** felt too easy (mastery shown more than once), one rung down after
//! **two in a row** felt too hard (strain is a reason to back off sooner),
//! and stay put otherwise. The caller passes only the feedback given since
//! the prescription last changed, so each step needs fresh evidence.
//!
//! Ladder (hold seconds, quick lifts): 2,0 → 3,0 → 4,0 → 5,0 → 6,0 → 6,3 →
//! 7,3 → 8,3 → 8,4. The top is the source's full repetition; a therapist may
//! set a longer hold (up to 10 s), which progression never exceeds.

use super::prescription::{HoldSecs, Prescription, QuickLifts};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feedback {
    TooEasy,
    JustRight,
    TooHard,
}

const LADDER: [(u8, u8); 9] = [
    (2, 0),
    (3, 0),
    (4, 0),
    (5, 0),
    (6, 0),
    (6, 3),
    (7, 3),
    (8, 3),
    (8, 4),
];
/// Our rule (see the module's comment): three too-easy sessions in a row.
const UP_AFTER: usize = 3;
/// Our rule: two too-hard sessions in a row.
const DOWN_AFTER: usize = 2;

fn ends_with_run(recent: &[Feedback], feedback: Feedback, run: usize) -> bool {
    recent.len() >= run && recent[recent.len() - run..].iter().all(|f| *f == feedback)
}

fn with_rung(p: &Prescription, (hold, lifts): (u8, u8)) -> Option<Prescription> {
    let builder = p.to_builder();
    let builder = super::prescription::PrescriptionBuilder {
        hold_secs: HoldSecs::parse(i64::from(hold)).ok()?,
        quick_lifts: QuickLifts::parse(i64::from(lifts)).ok()?,
        ..builder
    };
    builder.build().ok()
}

/// The prescription after `recent` feedback (oldest first), or `None` when
/// it stays as it is.
pub fn next_prescription(p: &Prescription, recent: &[Feedback]) -> Option<Prescription> {
    let current = (p.hold_secs(), p.quick_lifts());
    if ends_with_run(recent, Feedback::TooEasy, UP_AFTER) {
        let rung = LADDER.iter().find(|rung| **rung > current)?;
        return with_rung(p, *rung);
    }
    if ends_with_run(recent, Feedback::TooHard, DOWN_AFTER) {
        let rung = LADDER.iter().rev().find(|rung| **rung < current)?;
        return with_rung(p, *rung);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use Feedback::*;
    use proptest::prelude::*;

    #[test]
    fn three_easy_sessions_lengthen_the_hold() {
        let p = Prescription::default();
        assert_eq!(p.hold_secs(), 3);
        assert_eq!(next_prescription(&p, &[TooEasy, TooEasy]), None);
        let up = next_prescription(&p, &[JustRight, TooEasy, TooEasy, TooEasy]).unwrap();
        assert_eq!((up.hold_secs(), up.quick_lifts()), (4, 0));
        assert_eq!(next_prescription(&p, &[TooEasy, TooEasy, JustRight]), None);
    }

    #[test]
    fn quick_lifts_come_after_a_six_second_hold() {
        let mut p = Prescription::default();
        let mut seen = vec![(p.hold_secs(), p.quick_lifts())];
        while let Some(next) = next_prescription(&p, &[TooEasy; 3]) {
            p = next;
            seen.push((p.hold_secs(), p.quick_lifts()));
        }
        assert_eq!(seen, LADDER[1..].to_vec());
    }

    #[test]
    fn two_hard_sessions_step_back() {
        let p = Prescription::default();
        let down = next_prescription(&p, &[TooHard, TooHard]).unwrap();
        assert_eq!(down.hold_secs(), 2);
        assert_eq!(next_prescription(&down, &[TooHard, TooHard]), None);
    }

    proptest! {
        #[test]
        fn progression_stays_within_bounds_and_moves_one_way(
            feedback in prop::collection::vec(prop::sample::select(vec![TooEasy, JustRight, TooHard]), 0..8),
            start in 0usize..9
        ) {
            let p = with_rung(&Prescription::default(), LADDER[start]).unwrap();
            if let Some(next) = next_prescription(&p, &feedback) {
                let before = (p.hold_secs(), p.quick_lifts());
                let after = (next.hold_secs(), next.quick_lifts());
                prop_assert!(after != before);
                prop_assert!(after.0 <= 8);
                prop_assert!(after.1 == 0 || after.0 >= 6);
                prop_assert_eq!(next.reps_per_round(), p.reps_per_round());
                if feedback.last() == Some(&TooEasy) { prop_assert!(after > before) } else { prop_assert!(after < before) }
            }
        }
    }
}
