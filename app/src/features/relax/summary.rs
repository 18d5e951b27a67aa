use crate::domain::training::adherence::{self, week_start};
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::platform::mirrors::use_training;
use crate::platform::session_facts::relaxation_facts;
use crate::text::{text, tr};
use leptos::prelude::*;

/// Relaxation on Progress, beside the training: this week's minutes and a
/// streak of its own.
#[component]
pub fn RelaxSummary() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let figures = move || {
        let facts = state.sessions.with(|s| relaxation_facts(s));
        let monday = week_start(today());
        let minutes: u32 = facts
            .iter()
            .filter(|f| f.day >= monday)
            .map(|f| u32::from(f.reps))
            .sum();
        (
            facts.is_empty(),
            minutes,
            adherence::streak_days(&facts, today()),
        )
    };
    view! {
        <section class="card" aria-labelledby="relax-progress-heading">
            <h2 id="relax-progress-heading">{tr(i18n, |i| t_string!(i, relax_progress_heading))}</h2>
            <p data-testid="relax-summary">
                {text(move || {
                    let (none, minutes, streak) = figures();
                    if none {
                        return t_string!(i18n, relax_none_yet).to_owned();
                    }
                    let streak = match streak {
                        0 => String::new(),
                        1 => format!(" · {}", t_string!(i18n, relax_streak_one)),
                        days => format!(" · {}", t_string!(i18n, relax_streak, days = days)),
                    };
                    let week = if minutes == 1 {
                        t_string!(i18n, relax_week_one).to_owned()
                    } else {
                        t_string!(i18n, relax_week, minutes = minutes)
                    };
                    format!("{week}{streak}")
                })}
            </p>
        </section>
    }
}
