//! The pathway on Today (daily area): the start questions until answered,
//! a doctor first while a red flag waits, relaxation first for pain, and
//! the interval target of bladder training beside the training.

use super::state::{PathwayState, use_pathway};
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn PathwayCard() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_pathway();
    move || {
        if state.assessment.with(Option::is_none) {
            return view! {
                <section class="card" aria-labelledby="start-questions-heading" data-testid="start-questions">
                    <h2 id="start-questions-heading">{tr(i18n, |i| t_string!(i, start_questions_heading))}</h2>
                    <p>{tr(i18n, |i| t_string!(i, start_questions_intro))}</p>
                    <a class="button primary" href=routes::ASSESSMENT>{tr(i18n, |i| t_string!(i, start_questions_link))}</a>
                </section>
            }
            .into_any();
        }
        // Relaxation stays open while training waits for a doctor.
        let waits = state.training_waits();
        let pathway = state.pathway();
        view! {
            {waits.then(|| view! { <TrainingWaits /> })}
            {pathway.relaxation_first().then(|| view! { <RelaxFirst /> })}
            {pathway.bladder_training().then(|| view! { <IntervalTarget state /> })}
        }
        .into_any()
    }
}

/// Training waits for a doctor: said plainly, with the way to one, and
/// what stays open meanwhile.
#[component]
pub fn TrainingWaits() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card doctor-first" aria-labelledby="waits-heading" data-testid="training-waits">
            <h2 id="waits-heading">{tr(i18n, |i| t_string!(i, training_waits_heading))}</h2>
            <p>{tr(i18n, |i| t_string!(i, training_waits_text))}</p>
            <p>{tr(i18n, |i| t_string!(i, doctor_meanwhile))}</p>
            <a class="button primary" href=routes::ASSESSMENT>{tr(i18n, |i| t_string!(i, training_waits_link))}</a>
        </section>
    }
}

#[component]
fn RelaxFirst() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="relax-first-heading" data-testid="relax-first">
            <h2 id="relax-first-heading">{tr(i18n, |i| t_string!(i, relax_first_heading))}</h2>
            <p>{tr(i18n, |i| t_string!(i, relax_first_text))}</p>
            <a class="button primary" href=routes::RELAX>{tr(i18n, |i| t_string!(i, relax_first_link))}</a>
        </section>
    }
}

#[component]
fn IntervalTarget(state: PathwayState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="today-interval-heading" data-testid="today-interval">
            <h2 id="today-interval-heading">{tr(i18n, |i| t_string!(i, interval_heading))}</h2>
            <p>
                {move || match state.target.get() {
                    Some(t) => t_string!(i18n, interval_target, minutes = t.minutes.get()),
                    None => t_string!(i18n, interval_none_yet).to_owned(),
                }}
            </p>
            <div class="actions">
                <a class="button" href=routes::BLADDER>{tr(i18n, |i| t_string!(i, bladder_heading))}</a>
                <a class="button" href=format!("{}#guided-heading", routes::RELAX)>
                    {tr(i18n, |i| t_string!(i, urge_session_start))}
                </a>
            </div>
        </section>
    }
}
