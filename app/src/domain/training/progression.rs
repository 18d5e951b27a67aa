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
//! Only sessions done with good technique count as "too easy": see
//! [`counted_feedback`], the one place that rule lives. After a session that
//! hurt, [`eased`] gives the lighter dose to offer at once.
//!
//! Ladder (hold seconds, quick lifts): 2,0 → 3,0 → 4,0 → 5,0 → 6,0 → 6,3 →
//! 7,3 → 8,3 → 8,4. The top is the source's full repetition; a therapist may
//! set a longer hold (up to 10 s), which progression never exceeds.

use super::prescription::{HoldSecs, Prescription, PrescriptionBuilder, QuickLifts, RoundsPerDay};
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

/// What one session's feedback counts as for the progression: the one rule
/// for stepping up. A session in which the patient reported any technique
/// problem (other muscles working, the breath held, pressing down, nothing
/// felt) or that hurt never counts as "too easy": it calls for the technique
/// tips or for easing off, not a longer hold. Seed 003 names using other
/// muscles, holding the breath and pressing down as the common mistakes (and
/// pressing down can make leakage worse); growing the hold on top of a
/// mistake trains the mistake (our rule). "Too hard" always counts: backing
/// off is always allowed.
/// [rule:progression-technique]
pub fn counted_feedback(
    feedback: Option<Feedback>,
    technique_problem: bool,
    hurt: bool,
) -> Option<Feedback> {
    match feedback {
        Some(Feedback::TooEasy) if technique_problem || hurt => Some(Feedback::JustRight),
        other => other,
    }
}

/// A lighter dose to offer straight after a session that hurt: one rung
/// down the ladder, or, at the bottom rung, one round a day fewer; `None`
/// when the dose is already the lightest (our rule: pain is a reason to ease
/// off until a doctor or physiotherapist has been asked; seed 003 names pain
/// as a reason to see a physiotherapist).
pub fn eased(p: &Prescription) -> Option<Prescription> {
    let current = (p.hold_secs(), p.quick_lifts());
    if let Some(rung) = LADDER.iter().rev().find(|rung| **rung < current) {
        return with_rung(p, *rung);
    }
    let rounds = RoundsPerDay::parse(i64::from(p.rounds_per_day()) - 1).ok()?;
    PrescriptionBuilder {
        rounds_per_day: rounds,
        ..p.to_builder()
    }
    .build()
    .ok()
}

/// The change of dose to offer right after a session, if any. After a session
/// that hurt: a lighter dose at once ([`eased`]), whoever set the dose and
/// however recently "not now" was said (easing off is always safe). Otherwise
/// the next step of the ladder, and only when `may_progress` (the dose is the
/// patient's own and no "not now" within the week; the caller knows both).
/// [rule:pain-eases-off]
pub fn offer_after_session(
    p: &Prescription,
    hurt: bool,
    may_progress: bool,
    recent: &[Feedback],
) -> Option<Prescription> {
    if hurt {
        eased(p)
    } else if may_progress {
        next_prescription(p, recent)
    } else {
        None
    }
}

fn ends_with_run(recent: &[Feedback], feedback: Feedback, run: usize) -> bool {
    recent.len() >= run && recent[recent.len() - run..].iter().all(|f| *f == feedback)
}

fn with_rung(p: &Prescription, (hold, lifts): (u8, u8)) -> Option<Prescription> {
    let builder = p.to_builder();
    let builder = PrescriptionBuilder {
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

    #[test]
    fn any_technique_problem_or_pain_keeps_too_easy_from_counting() {
        assert_eq!(counted_feedback(Some(TooEasy), false, false), Some(TooEasy));
        assert_eq!(
            counted_feedback(Some(TooEasy), true, false),
            Some(JustRight)
        );
        assert_eq!(
            counted_feedback(Some(TooEasy), false, true),
            Some(JustRight)
        );
        assert_eq!(counted_feedback(Some(TooHard), true, true), Some(TooHard));
        assert_eq!(counted_feedback(None, true, true), None);
    }

    #[test]
    fn after_pain_the_dose_eases_a_rung_then_a_round() {
        let p = Prescription::default();
        let lighter = eased(&p).unwrap();
        assert_eq!((lighter.hold_secs(), lighter.rounds_per_day()), (2, 3));
        let fewer = eased(&lighter).unwrap();
        assert_eq!((fewer.hold_secs(), fewer.rounds_per_day()), (2, 2));
        let fewest = eased(&eased(&fewer).unwrap());
        assert_eq!(fewest, None, "2 s, one round a day is the lightest");
        let top = with_rung(&p, (8, 4)).unwrap();
        let down = eased(&top).unwrap();
        assert_eq!((down.hold_secs(), down.quick_lifts()), (8, 3));
    }

    #[test]
    fn a_session_that_hurt_offers_a_lighter_dose_whatever_else_holds() {
        let p = Prescription::default();
        let lighter = eased(&p);
        assert!(lighter.is_some());
        // Even when a therapist set the dose or "not now" was said, and even
        // after sessions that felt too easy.
        assert_eq!(offer_after_session(&p, true, false, &[]), lighter);
        assert_eq!(offer_after_session(&p, true, true, &[TooEasy; 3]), lighter);
        // Without pain, the ladder only where progression may be offered.
        assert_eq!(offer_after_session(&p, false, false, &[TooEasy; 3]), None);
        assert_eq!(
            offer_after_session(&p, false, true, &[TooEasy; 3]),
            next_prescription(&p, &[TooEasy; 3])
        );
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
