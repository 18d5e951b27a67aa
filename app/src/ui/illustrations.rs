//! Calm, abstract line drawings for the onboarding screens. Decorative only:
//! the text beside them carries the meaning, so they are hidden from screen
//! readers. Strokes use the text colour, with the accent for what matters
//! (`class="accent"` lets the stylesheet set the accent too).

use leptos::either::EitherOf6;
use leptos::prelude::*;

/// The drawing shown at the top of a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Illustration {
    FindMuscles,
    Check,
    Positions,
    Mistakes,
    Concentrate,
    StartLight,
}

const ACCENT: &str = "var(--accent, #2f5d50)";

#[component]
pub fn IllustrationSvg(illustration: Illustration) -> impl IntoView {
    // `EitherOf6`, not `AnyView`: erasing the type would compile every way
    // of rendering each drawing into the WASM, used or not.
    let drawing = match illustration {
        Illustration::FindMuscles => EitherOf6::A(find_muscles()),
        Illustration::Check => EitherOf6::B(check()),
        Illustration::Positions => EitherOf6::C(positions()),
        Illustration::Mistakes => EitherOf6::D(mistakes()),
        Illustration::Concentrate => EitherOf6::E(concentrate()),
        Illustration::StartLight => EitherOf6::F(start_light()),
    };
    view! {
        <svg
            viewBox="0 0 240 160"
            class="illustration"
            role="img"
            aria-hidden="true"
            focusable="false"
            fill="none"
            stroke="currentColor"
            stroke-width="3"
            stroke-linecap="round"
            stroke-linejoin="round"
        >
            {drawing}
        </svg>
    }
}

/// A pelvis outline with a bowl-shaped hammock of muscle, lifting up.
fn find_muscles() -> impl IntoView {
    view! {
        <g>
            <path d="M36 28 Q44 84 84 104" />
            <path d="M204 28 Q196 84 156 104" />
            <path d="M36 28 Q120 48 204 28" stroke-dasharray="2 8" />
            <path class="accent" stroke=ACCENT d="M84 104 Q120 132 156 104" />
            <path class="accent" stroke=ACCENT d="M120 110 V58" />
            <path class="accent" stroke=ACCENT d="M108 70 L120 58 L132 70" />
        </g>
    }
}

/// The hammock lifting up and away from an open hand below it.
fn check() -> impl IntoView {
    view! {
        <g>
            <path d="M56 24 Q62 64 92 80" />
            <path d="M184 24 Q178 64 148 80" />
            <path class="accent" stroke=ACCENT d="M92 80 Q120 98 148 80" />
            <path class="accent" stroke=ACCENT d="M120 84 V44" />
            <path class="accent" stroke=ACCENT d="M110 54 L120 44 L130 54" />
            <path d="M64 132 Q120 150 176 132" />
            <path d="M64 132 Q58 124 66 118 L78 126" />
            <path d="M176 132 Q190 126 188 112" />
            <path d="M94 132 V124 M120 136 V126 M146 132 V124" stroke-dasharray="1 6" />
        </g>
    }
}

/// Three small figures: lying, sitting and standing.
fn positions() -> impl IntoView {
    view! {
        <g>
            <path d="M12 128 H228" />
            <circle cx="24" cy="114" r="7" />
            <path d="M33 116 H66 L82 100 L96 120" />
            <circle cx="128" cy="60" r="7" />
            <path d="M128 69 V98 H152 V128" />
            <path d="M128 78 L144 90" />
            <path d="M116 102 H140 M118 102 V128" />
            <circle cx="196" cy="38" r="7" />
            <path d="M196 47 V90 L188 128 M196 90 L204 128" />
            <path d="M186 78 L196 58 L206 78" />
            <circle class="accent" stroke=ACCENT cx="66" cy="116" r="4" />
            <circle class="accent" stroke=ACCENT cx="128" cy="98" r="4" />
            <circle class="accent" stroke=ACCENT cx="196" cy="90" r="4" />
        </g>
    }
}

/// A crossed-out press-down arrow and a crossed-out held breath.
fn mistakes() -> impl IntoView {
    view! {
        <g>
            <path d="M66 40 V108 M52 94 L66 108 L80 94" />
            <path d="M150 64 q10 -8 20 0 t20 0 M150 80 q10 -8 20 0 t20 0 M150 96 q10 -8 20 0 t20 0" />
            <circle class="accent" stroke=ACCENT cx="66" cy="76" r="44" />
            <path class="accent" stroke=ACCENT d="M35 45 L97 107" />
            <circle class="accent" stroke=ACCENT cx="174" cy="76" r="44" />
            <path class="accent" stroke=ACCENT d="M143 45 L205 107" />
        </g>
    }
}

/// A calm, focused circle.
fn concentrate() -> impl IntoView {
    view! {
        <g>
            <circle cx="120" cy="80" r="52" />
            <circle cx="120" cy="80" r="32" />
            <circle class="accent" stroke=ACCENT cx="120" cy="80" r="12" />
            <path d="M120 10 V20 M120 140 V150 M50 80 H60 M180 80 H190" />
        </g>
    }
}

/// Small bars growing bigger: start light, build up.
fn start_light() -> impl IntoView {
    view! {
        <g>
            <path d="M36 136 H204" />
            <path class="accent" stroke=ACCENT d="M60 124 V116 M90 124 V104 M120 124 V90 M150 124 V74 M180 124 V56" />
        </g>
    }
}
