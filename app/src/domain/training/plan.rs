//! The exact timeline of a session: every squeeze, hold, quick lift, let-go
//! and rest with its duration, and where in it a given moment falls.

use super::prescription::Prescription;

/// Time to tighten and lift before the hold begins (our rule: the source
/// gives no time for it).
pub const SQUEEZE_MS: u32 = 1_000;
/// One quick lift: up and let go (our rule: "quick" in seed 003).
pub const QUICK_LIFT_MS: u32 = 1_000;
/// Letting go fully, slowly, after the hold (our rule).
pub const LET_GO_MS: u32 = 2_000;
/// The chime at the end of a relaxation session (our rule).
const CHIME_MS: u32 = 3_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    Squeeze,
    Hold,
    /// The n-th quick lift (1-based) at the end of the hold.
    QuickLift(u8),
    LetGo,
    Rest,
    /// The pause between two rounds done in one sitting.
    RoundPause,
    /// A relaxation session's time.
    Relax,
    /// The soft chime that ends a relaxation session.
    Chime,
    /// The breathing pacer: breathe in, then out.
    BreatheIn,
    BreatheOut,
    /// A step of a guided relaxation sequence (by index).
    Guided {
        sequence: u8,
        step: u8,
    },
}

impl StepKind {
    /// Steps where the muscles work (the rest are for letting go and resting).
    pub fn is_effort(self) -> bool {
        matches!(
            self,
            StepKind::Squeeze | StepKind::Hold | StepKind::QuickLift(_)
        )
    }

    /// Rests and pauses may be skipped.
    pub fn is_skippable(self) -> bool {
        matches!(self, StepKind::Rest | StepKind::RoundPause)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    pub duration_ms: u32,
    /// 1-based repetition within its round.
    pub rep: u8,
    /// 1-based round within the session.
    pub round: u8,
    /// Offset of the step's start from the start of the session.
    pub starts_at_ms: u64,
}

impl Step {
    pub fn ends_at_ms(&self) -> u64 {
        self.starts_at_ms + u64::from(self.duration_ms)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPlan {
    steps: Vec<Step>,
    reps_per_round: u8,
    rounds: u8,
}

/// Where a moment falls in a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    At {
        index: usize,
        step: Step,
        /// Milliseconds left in this step.
        remaining_ms: u64,
    },
    Finished,
}

/// What has been done by a moment in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Done {
    pub reps: u16,
    pub rounds: u8,
}

impl SessionPlan {
    /// `rounds` rounds of the prescription, one after the other with the
    /// prescription's pause between them (clamped to 1..=rounds per day).
    pub fn new(prescription: &Prescription, rounds: u8) -> Self {
        let rounds = rounds.clamp(1, prescription.rounds_per_day());
        let reps = prescription.reps_per_round();
        let pause_ms = match prescription.schedule() {
            super::prescription::Schedule::Together { pause_secs } => {
                u32::from(pause_secs.get()) * 1000
            }
            super::prescription::Schedule::Spread => 60_000,
        };
        let mut steps = Vec::new();
        let mut at = 0u64;
        let mut push = |kind, duration_ms: u32, rep, round| {
            steps.push(Step {
                kind,
                duration_ms,
                rep,
                round,
                starts_at_ms: at,
            });
            at += u64::from(duration_ms);
        };
        for round in 1..=rounds {
            for rep in 1..=reps {
                push(StepKind::Squeeze, SQUEEZE_MS, rep, round);
                push(
                    StepKind::Hold,
                    u32::from(prescription.hold_secs()) * 1000,
                    rep,
                    round,
                );
                for lift in 1..=prescription.quick_lifts() {
                    push(StepKind::QuickLift(lift), QUICK_LIFT_MS, rep, round);
                }
                push(StepKind::LetGo, LET_GO_MS, rep, round);
                if rep < reps {
                    push(
                        StepKind::Rest,
                        u32::from(prescription.rest_secs()) * 1000,
                        rep,
                        round,
                    );
                }
            }
            if round < rounds {
                push(StepKind::RoundPause, pause_ms, reps, round);
            }
        }
        SessionPlan {
            steps,
            reps_per_round: reps,
            rounds,
        }
    }

    /// A timed session (relaxation, breathing, a guided sequence): `steps`
    /// one after the other, then a soft chime. No repetitions to count.
    fn timer(steps: impl IntoIterator<Item = (StepKind, u32)>) -> Self {
        let mut laid_out = Vec::new();
        let mut at = 0u64;
        for (kind, duration_ms) in steps.into_iter().chain([(StepKind::Chime, CHIME_MS)]) {
            laid_out.push(Step {
                kind,
                duration_ms,
                rep: 1,
                round: 1,
                starts_at_ms: at,
            });
            at += u64::from(duration_ms);
        }
        SessionPlan {
            steps: laid_out,
            reps_per_round: 0,
            rounds: 1,
        }
    }

    /// A relaxation session: the chosen minutes, then a soft chime.
    pub fn relaxation(minutes: crate::domain::relax::RelaxMinutes) -> Self {
        Self::timer([(StepKind::Relax, u32::from(minutes.get()) * 60_000)])
    }

    /// Paced breathing for `minutes` (whole breaths, at least one), then a
    /// soft chime.
    pub fn breathing(
        rhythm: crate::domain::relax::BreathRhythm,
        minutes: crate::domain::relax::RelaxMinutes,
    ) -> Self {
        let in_ms = u32::from(rhythm.breathe_in.get()) * 1000;
        let out_ms = u32::from(rhythm.breathe_out.get()) * 1000;
        let breaths = (u32::from(minutes.get()) * 60_000 / (in_ms + out_ms)).max(1);
        Self::timer(
            (0..breaths)
                .flat_map(|_| [(StepKind::BreatheIn, in_ms), (StepKind::BreatheOut, out_ms)]),
        )
    }

    /// A guided sequence: its text steps, each with its own time, then a
    /// soft chime.
    pub fn guided(sequence: crate::domain::relax::GuidedSequence) -> Self {
        Self::timer(sequence.step_secs().iter().enumerate().map(|(i, secs)| {
            let step = u8::try_from(i).unwrap_or(u8::MAX);
            let kind = StepKind::Guided {
                sequence: sequence.index(),
                step,
            };
            (kind, u32::from(*secs) * 1000)
        }))
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn rounds(&self) -> u8 {
        self.rounds
    }

    pub fn reps_per_round(&self) -> u8 {
        self.reps_per_round
    }

    pub fn planned_reps(&self) -> u16 {
        u16::from(self.reps_per_round) * u16::from(self.rounds)
    }

    pub fn total_ms(&self) -> u64 {
        self.steps.last().map_or(0, Step::ends_at_ms)
    }

    /// The step running `elapsed_ms` after the start.
    pub fn position(&self, elapsed_ms: u64) -> Moment {
        // The first step that ends after `elapsed_ms`.
        let index = self.steps.partition_point(|s| s.ends_at_ms() <= elapsed_ms);
        match self.steps.get(index) {
            Some(step) => Moment::At {
                index,
                step: *step,
                remaining_ms: step.ends_at_ms() - elapsed_ms,
            },
            None => Moment::Finished,
        }
    }

    /// Repetitions and rounds completed by `elapsed_ms`: a repetition counts
    /// once its hold and quick lifts are over and letting go has begun.
    pub fn done_at(&self, elapsed_ms: u64) -> Done {
        let reps = self
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::LetGo && s.starts_at_ms <= elapsed_ms)
            .count();
        let reps = u16::try_from(reps).unwrap_or(u16::MAX);
        let per_round = u16::from(self.reps_per_round.max(1));
        Done {
            reps,
            rounds: u8::try_from(reps / per_round).unwrap_or(u8::MAX),
        }
    }

    /// The start of the step after the one at `elapsed_ms` (to skip a rest).
    pub fn next_step_start(&self, elapsed_ms: u64) -> Option<u64> {
        match self.position(elapsed_ms) {
            Moment::At { step, .. } => Some(step.ends_at_ms()),
            Moment::Finished => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::training::prescription::*;
    use proptest::prelude::*;

    fn prescription(reps: i64, rounds: i64, hold: i64, lifts: i64, rest: i64) -> Prescription {
        PrescriptionBuilder {
            reps_per_round: RepsPerRound::parse(reps).unwrap(),
            rounds_per_day: RoundsPerDay::parse(rounds).unwrap(),
            hold_secs: HoldSecs::parse(hold).unwrap(),
            quick_lifts: QuickLifts::parse(lifts).unwrap(),
            rest_secs: RestSecs::parse(rest).unwrap(),
            position: Position::Lying,
            schedule: Schedule::Together {
                pause_secs: RoundPauseSecs::parse(30).unwrap(),
            },
        }
        .build()
        .unwrap()
    }

    #[test]
    fn one_repetition_is_squeeze_hold_lifts_let_go_rest() {
        let plan = SessionPlan::new(&prescription(8, 1, 6, 3, 4), 1);
        let kinds: Vec<_> = plan.steps().iter().take(8).map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                StepKind::Squeeze,
                StepKind::Hold,
                StepKind::QuickLift(1),
                StepKind::QuickLift(2),
                StepKind::QuickLift(3),
                StepKind::LetGo,
                StepKind::Rest,
                StepKind::Squeeze
            ]
        );
        assert_eq!(plan.steps()[1].duration_ms, 6_000);
        assert_eq!(plan.steps()[6].duration_ms, 4_000);
        // 8 reps of 1+6+3+2 s, 7 rests of 4 s.
        assert_eq!(plan.total_ms(), 8 * 12_000 + 7 * 4_000);
        assert_eq!(plan.planned_reps(), 8);
    }

    #[test]
    fn rounds_are_separated_by_the_pause_and_nothing_trails_the_end() {
        let plan = SessionPlan::new(&prescription(8, 3, 3, 0, 3), 3);
        let pauses = plan
            .steps()
            .iter()
            .filter(|s| s.kind == StepKind::RoundPause)
            .count();
        assert_eq!(pauses, 2);
        assert_eq!(plan.steps().last().unwrap().kind, StepKind::LetGo);
        assert_eq!(plan.planned_reps(), 24);
    }

    #[test]
    fn positions_and_counts_follow_the_clock() {
        let plan = SessionPlan::new(&prescription(8, 1, 3, 0, 3), 1);
        let Moment::At {
            step, remaining_ms, ..
        } = plan.position(0)
        else {
            panic!()
        };
        assert_eq!((step.kind, remaining_ms), (StepKind::Squeeze, 1_000));
        let Moment::At {
            step, remaining_ms, ..
        } = plan.position(2_500)
        else {
            panic!()
        };
        assert_eq!((step.kind, remaining_ms), (StepKind::Hold, 1_500));
        assert_eq!(plan.done_at(3_999).reps, 0);
        assert_eq!(plan.done_at(4_000).reps, 1);
        assert_eq!(plan.position(plan.total_ms()), Moment::Finished);
        assert_eq!(plan.done_at(plan.total_ms()), Done { reps: 8, rounds: 1 });
        assert_eq!(plan.next_step_start(6_500), Some(9_000));
    }

    proptest! {
        #[test]
        fn a_plans_total_is_the_sum_of_its_steps_and_steps_are_contiguous(
            reps in 8i64..=12, rounds in 1i64..=3, hold in 2i64..=10, lifts in prop::sample::select(vec![0i64, 3, 4]),
            rest in 3i64..=4, sessions in 1u8..=3
        ) {
            let hold = if lifts > 0 { hold.max(6) } else { hold };
            let p = prescription(reps, rounds, hold, lifts, rest);
            let plan = SessionPlan::new(&p, sessions);
            let sum: u64 = plan.steps().iter().map(|s| u64::from(s.duration_ms)).sum();
            prop_assert_eq!(plan.total_ms(), sum);
            for pair in plan.steps().windows(2) {
                prop_assert_eq!(pair[0].ends_at_ms(), pair[1].starts_at_ms);
            }
            let holds = plan.steps().iter().filter(|s| s.kind == StepKind::Hold).count();
            prop_assert_eq!(holds as u16, plan.planned_reps());
            prop_assert_eq!(plan.done_at(plan.total_ms()).reps, plan.planned_reps());
        }

        #[test]
        fn done_never_decreases_as_time_goes_on(a in 0u64..400_000, b in 0u64..400_000) {
            let plan = SessionPlan::new(&prescription(10, 3, 5, 0, 4), 3);
            let (early, late) = (a.min(b), a.max(b));
            prop_assert!(plan.done_at(early).reps <= plan.done_at(late).reps);
        }
    }

    #[test]
    fn a_relaxation_session_is_its_minutes_then_a_chime() {
        let plan = SessionPlan::relaxation(crate::domain::relax::RelaxMinutes::parse(5).unwrap());
        let kinds: Vec<_> = plan.steps().iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [StepKind::Relax, StepKind::Chime]);
        assert_eq!(plan.total_ms(), 5 * 60_000 + 3_000);
        assert!(matches!(
            plan.position(299_999),
            Moment::At { index: 0, .. }
        ));
        assert!(matches!(
            plan.position(300_000),
            Moment::At { index: 1, .. }
        ));
        assert_eq!(plan.position(303_000), Moment::Finished);
        assert_eq!(plan.done_at(303_000), Done::default());
        assert!(!StepKind::Relax.is_skippable() && !StepKind::Relax.is_effort());
    }

    #[test]
    fn paced_breathing_alternates_in_and_out_then_chimes() {
        use crate::domain::relax::{BreathRhythm, RelaxMinutes};
        let plan = SessionPlan::breathing(BreathRhythm::default(), RelaxMinutes::parse(5).unwrap());
        let steps = plan.steps();
        // 5 minutes of 10-second breaths.
        assert_eq!(steps.len(), 30 * 2 + 1);
        assert_eq!(steps[0].kind, StepKind::BreatheIn);
        assert_eq!(steps[0].duration_ms, 4_000);
        assert_eq!(steps[1].kind, StepKind::BreatheOut);
        assert_eq!(steps[1].starts_at_ms, 4_000);
        assert_eq!(steps[1].duration_ms, 6_000);
        assert_eq!(steps.last().unwrap().kind, StepKind::Chime);
        assert_eq!(plan.total_ms(), 300_000 + 3_000);
    }
}
