//! After a session: how it felt (for the progression of the hold) and what
//! the patient noticed about the technique (for tips).

use crate::domain::Language;
use crate::domain::sync::{LoggedSession, PrescriptionSet, SetBy, TechniqueProblem};
use crate::domain::training::Feedback;
use crate::domain::training::progression::offer_after_session;
use crate::features::learn::HelpLink;
use crate::features::training::onboarding_texts::problem_tip;
use crate::features::training::state::{TrainingState, log_session, save_plan, use_training};
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::platform::sync_state::{SyncStatus, use_sync_state};
use crate::routes;
use crate::text::tr;
use leptos::prelude::*;

/// The feedback of the latest sessions done with the prescription now in
/// force (oldest first): progression only counts fresh evidence.
fn recent_feedback(state: &TrainingState, plan: &PrescriptionSet) -> Vec<Feedback> {
    state.sessions.with_untracked(|sessions| {
        let mut recent: Vec<Feedback> = sessions
            .iter()
            .rev()
            .take_while(|s| s.prescription.as_ref() == Some(&plan.prescription))
            .filter_map(LoggedSession::progression_feedback)
            .collect();
        recent.reverse();
        recent
    })
}

#[component]
pub fn AfterSession(
    session: LoggedSession,
    completed: bool,
    on_again: Callback<()>,
    /// The page's live region: the outcome is said there.
    announce: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let feedback = RwSignal::new(None::<Feedback>);
    let problems = RwSignal::new(Vec::<TechniqueProblem>::new());
    let pain = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let proposal = RwSignal::new(None::<PrescriptionSet>);
    let done = session.done_reps;
    let planned = session.planned_reps;

    let save = {
        let session = session.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let updated = LoggedSession {
                feedback: feedback.get_untracked(),
                problems: problems.get_untracked(),
                pain: pain.get_untracked(),
                ..session.clone()
            };
            log_session(state, updated);
            saved.set(true);
            // The form just sent is gone: focus goes to what replaced it,
            // not to the page's body (once drawn).
            #[cfg(feature = "hydrate")]
            request_animation_frame(|| {
                if let Some(thanks) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("after-thanks"))
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                {
                    let _ = thanks.focus();
                }
            });
            let plan = state.plan_or_default();
            let may_progress = plan.set_by == SetBy::Patient && plan.programme.may_offer(today());
            let offer = offer_after_session(
                &plan.prescription,
                pain.get_untracked(),
                may_progress,
                &recent_feedback(&state, &plan),
            );
            // Taking it is the patient's own adjustment (after pain, the dose
            // may have been a therapist's).
            proposal.set(offer.map(|prescription| PrescriptionSet {
                prescription,
                set_by: SetBy::Patient,
                ..plan
            }));
        }
    };

    let choice = move |value: Feedback, label: &'static str| {
        let id = format!("feel-{value:?}");
        view! {
            <div class="choice">
                <input
                    type="radio"
                    name="feel"
                    id=id.clone()
                    prop:checked=move || feedback.get() == Some(value)
                    on:change=move |_| feedback.set(Some(value))
                />
                <label for=id>{label}</label>
            </div>
        }
    };
    let problem_box = move |problem: TechniqueProblem, label: &'static str| {
        let id = format!("problem-{problem:?}");
        view! {
            <div class="choice">
                <input
                    type="checkbox"
                    id=id.clone()
                    prop:checked=move || problems.with(|p| p.contains(&problem))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        problems.update(|p| {
                            p.retain(|x| *x != problem);
                            if on {
                                p.push(problem);
                            }
                        });
                    }
                />
                <label for=id>{label}</label>
            </div>
        }
    };

    let sync = use_sync_state();
    let outcome = move || {
        if completed {
            t_string!(i18n, after_done).to_owned()
        } else {
            t_string!(i18n, after_partial, done = done, planned = planned)
        }
    };
    // The player's steps were said in the live region; the end is said there too.
    Effect::new(move |_| announce.set(outcome()));

    view! {
        <section class="card" aria-labelledby="after-heading">
            <h2 id="after-heading" tabindex="-1">{outcome}</h2>
            // Without an account nothing syncs: say only what is true.
            <p>
                {move || if sync.status.get() == SyncStatus::LocalOnly {
                    t_string!(i18n, after_saved_local)
                } else {
                    t_string!(i18n, after_saved_on_phone)
                }}
            </p>
            <Show
                when=move || !saved.get()
                fallback=move || view! { <AfterSaved problems pain proposal state /> }
            >
                <form class="stack" on:submit=save.clone()>
                    <fieldset>
                        <legend>{tr(i18n, |i| t_string!(i, after_feel_legend))}</legend>
                        {choice(Feedback::TooEasy, t_string!(i18n, feel_too_easy))}
                        {choice(Feedback::JustRight, t_string!(i18n, feel_just_right))}
                        {choice(Feedback::TooHard, t_string!(i18n, feel_too_hard))}
                    </fieldset>
                    <fieldset>
                        <legend>{tr(i18n, |i| t_string!(i, after_problems_legend))}</legend>
                        {problem_box(TechniqueProblem::OtherMuscles, t_string!(i18n, problem_other_muscles))}
                        {problem_box(TechniqueProblem::HeldBreath, t_string!(i18n, problem_held_breath))}
                        {problem_box(TechniqueProblem::PressedDown, t_string!(i18n, problem_pressed_down))}
                        {problem_box(TechniqueProblem::FeltNothing, t_string!(i18n, problem_felt_nothing))}
                        <div class="choice">
                            <input type="checkbox" id="problem-pain" prop:checked=move || pain.get()
                                on:change=move |ev| pain.set(event_target_checked(&ev)) />
                            <label for="problem-pain">{tr(i18n, |i| t_string!(i, problem_pain))}</label>
                        </div>
                    </fieldset>
                    <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, after_save))}</button>
                </form>
            </Show>
            <p class="actions">
                <a class="button" href=routes::TODAY>{tr(i18n, |i| t_string!(i, after_to_today))}</a>
                <a class="button" href=routes::PROGRESS>{tr(i18n, |i| t_string!(i, after_to_progress))}</a>
                <button type="button" class="button" on:click=move |_| on_again.run(())>
                    {tr(i18n, |i| t_string!(i, after_again))}
                </button>
            </p>
        </section>
    }
}

#[component]
fn AfterSaved(
    problems: RwSignal<Vec<TechniqueProblem>>,
    pain: RwSignal<bool>,
    proposal: RwSignal<Option<PrescriptionSet>>,
    state: TrainingState,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || Language::from(i18n.get_locale());
    view! {
        <p role="status" tabindex="-1" id="after-thanks">{tr(i18n, |i| t_string!(i, after_thanks))}</p>
        {move || pain.get().then(|| view! {
            <p class="notice">{tr(i18n, |i| t_string!(i, after_pain_advice))}</p>
            <HelpLink />
        })}
        {move || {
            let chosen = problems.get();
            (!chosen.is_empty())
                .then(|| {
                    view! {
                        <h3>{tr(i18n, |i| t_string!(i, after_tips_heading))}</h3>
                        <ul class="tips">
                            {chosen
                                .into_iter()
                                .map(|p| view! { <li>{problem_tip(lang(), p)}</li> })
                                .collect_view()}
                        </ul>
                    }
                })
        }}
        {move || {
            proposal
                .get()
                .map(|next| {
                    let p = next.prescription;
                    let current = state.plan_or_default().prescription;
                    let easier = (p.hold_secs(), p.quick_lifts()) < (current.hold_secs(), current.quick_lifts());
                    let text = if pain.get() {
                        if p.rounds_per_day() == 1 {
                            t_string!(i18n, progression_offer_lighter_one, hold = p.hold_secs())
                        } else {
                            t_string!(i18n, progression_offer_lighter, hold = p.hold_secs(), rounds = p.rounds_per_day())
                        }
                    } else if easier {
                        t_string!(i18n, progression_offer_easier, hold = p.hold_secs())
                    } else if p.quick_lifts() > 0 {
                        t_string!(i18n, progression_offer_lifts, hold = p.hold_secs(), lifts = p.quick_lifts())
                    } else {
                        t_string!(i18n, progression_offer_hold, hold = p.hold_secs())
                    };
                    let accept = {
                        let next = next.clone();
                        move |_| {
                            save_plan(state, next.clone());
                            proposal.set(None);
                        }
                    };
                    view! {
                        <div class="notice" role="status">
                            <p>{text}</p>
                            <button type="button" class="button primary" on:click=accept>
                                {tr(i18n, |i| t_string!(i, progression_accept))}
                            </button>
                            <button type="button" class="button" on:click=move |_| {
                                // Not now: asked again in a week at the earliest.
                                let plan = state.plan_or_default();
                                let programme = plan.programme.decline_offer(today());
                                save_plan(state, PrescriptionSet { programme, ..plan });
                                proposal.set(None);
                            }>
                                {tr(i18n, |i| t_string!(i, progression_decline))}
                            </button>
                        </div>
                    }
                })
        }}
    }
}
