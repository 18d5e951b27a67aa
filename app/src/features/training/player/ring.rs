//! The large ring: full while the muscles work, empty while resting.

use crate::domain::training::StepKind;
use leptos::prelude::*;

const RADIUS: f64 = 88.0;

/// How full the ring is (0–1) in a step with `remaining_ms` of
/// `duration_ms` left: filling while squeezing, emptying while letting go.
pub fn fill(kind: StepKind, duration_ms: u32, remaining_ms: u64) -> f64 {
    let duration = f64::from(duration_ms.max(1));
    let done = (1.0 - remaining_ms as f64 / duration).clamp(0.0, 1.0);
    match kind {
        StepKind::Squeeze => done,
        StepKind::Hold | StepKind::QuickLift(_) => 1.0,
        StepKind::LetGo => 1.0 - done,
        StepKind::Rest | StepKind::RoundPause | StepKind::Chime => 0.0,
        // The ring empties slowly over the relaxation time.
        StepKind::Relax => 1.0 - done,
        // The shape grows with the breath in and shrinks with the breath out.
        StepKind::BreatheIn => done,
        StepKind::BreatheOut => 1.0 - done,
        StepKind::Guided { .. } => 1.0 - done,
    }
}

pub fn kind_class(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Squeeze => "squeeze",
        StepKind::Hold => "hold",
        StepKind::QuickLift(_) => "lift",
        StepKind::LetGo => "let-go",
        StepKind::Rest => "rest",
        StepKind::RoundPause => "pause",
        StepKind::Relax => "relax",
        StepKind::Chime => "chime",
        StepKind::BreatheIn => "breathe-in",
        StepKind::BreatheOut => "breathe-out",
        StepKind::Guided { .. } => "guided",
    }
}

#[component]
pub fn Ring(#[prop(into)] fill: Signal<f64>) -> impl IntoView {
    let circumference = 2.0 * std::f64::consts::PI * RADIUS;
    let offset = move || format!("{:.1}", circumference * (1.0 - fill.get()));
    view! {
        <svg class="ring" viewBox="0 0 200 200" aria-hidden="true" focusable="false">
            <circle class="ring-track" cx="100" cy="100" r=RADIUS />
            <circle
                class="ring-fill"
                cx="100"
                cy="100"
                r=RADIUS
                stroke-dasharray=format!("{circumference:.1}")
                stroke-dashoffset=offset
                transform="rotate(-90 100 100)"
            />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ring_fills_on_the_squeeze_and_empties_on_letting_go() {
        assert_eq!(fill(StepKind::Squeeze, 1000, 1000), 0.0);
        assert_eq!(fill(StepKind::Squeeze, 1000, 0), 1.0);
        assert_eq!(fill(StepKind::Hold, 6000, 3000), 1.0);
        assert_eq!(fill(StepKind::LetGo, 2000, 500), 0.25);
        assert_eq!(fill(StepKind::Rest, 4000, 10), 0.0);
    }
}
