//! Getting started: six short screens on finding and training the pelvic
//! floor, then a self-check whose answers give tips. Finishing it ends the
//! learning phase.

use super::after_session::language_of;
use crate::domain::sync::PrescriptionSet;
use crate::features::learn::HelpLink;
use crate::features::training::onboarding_texts::{CheckQuestion, question, screens, tip};
use crate::features::training::state::{save_plan_then_open, use_training};
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::shell::routes;
use crate::text::{text, tr};
use crate::ui::illustrations::IllustrationSvg;
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn OnboardingPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let lang = move || language_of(i18n.get_locale());
    // Screens 0..6, then the self-check.
    let index = RwSignal::new(0usize);
    let total = screens(lang()).len() + 1;
    let answers = RwSignal::new([None::<bool>; 3]);
    let focus_heading = move || {
        #[cfg(feature = "hydrate")]
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("onboarding-title"))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    };
    let go = move |to: usize| {
        index.set(to);
        request_animation_frame(focus_heading);
    };
    let finish = move |_| {
        // The daily programme starts once the patient feels the lift.
        let plan = state.plan_or_default();
        let felt_lift = answers.get_untracked()[2] == Some(true);
        let programme = plan.programme.after_self_check(felt_lift, today());
        let changed =
            (programme != plan.programme).then_some(PrescriptionSet { programme, ..plan });
        save_plan_then_open(state, changed, routes::TRAIN);
    };

    view! {
        <nav class="breadcrumb" aria-label=tr(i18n, |i| t_string!(i, onboarding_breadcrumb))>
            <a href="/app/learn">{tr(i18n, |i| t_string!(i, nav_learn))}</a>
        </nav>
        <p class="step-indicator">
            {text(move || t_string!(i18n, onboarding_step_of, step = index.get() + 1, steps = total))}
        </p>
        {move || {
            let i = index.get();
            match screens(lang()).get(i) {
                Some(screen) => Either::Left(view! {
                    <article class="onboarding-screen">
                        <IllustrationSvg illustration=screen.illustration />
                        <h1 id="onboarding-title" tabindex="-1">{screen.title}</h1>
                        {screen.paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                    </article>
                }),
                None => Either::Right(view! {
                    <article class="onboarding-screen">
                        <h1 id="onboarding-title" tabindex="-1">{tr(i18n, |i| t_string!(i, selfcheck_heading))}</h1>
                        <p>{tr(i18n, |i| t_string!(i, selfcheck_intro))}</p>
                        <HelpLink />
                        {CheckQuestion::ALL.into_iter().enumerate().map(|(qi, q)| {
                            let name = format!("check-{qi}");
                            let yes_id = format!("{name}-yes");
                            let no_id = format!("{name}-no");
                            view! {
                                <fieldset class="self-check">
                                    <legend>{text(move || question(lang(), q).to_owned())}</legend>
                                    <div class="choice">
                                        <input type="radio" name=name.clone() id=yes_id.clone()
                                            on:change=move |_| answers.update(|a| a[qi] = Some(true)) />
                                        <label for=yes_id>{tr(i18n, |i| t_string!(i, yes))}</label>
                                    </div>
                                    <div class="choice">
                                        <input type="radio" name=name.clone() id=no_id.clone()
                                            on:change=move |_| answers.update(|a| a[qi] = Some(false)) />
                                        <label for=no_id>{tr(i18n, |i| t_string!(i, no))}</label>
                                    </div>
                                    <p class="tip" aria-live="polite">
                                        {move || answers.get()[qi].map(|yes| tip(lang(), q, yes))}
                                    </p>
                                </fieldset>
                            }
                        }).collect_view()}
                    </article>
                }),
            }
        }}
        <div class="actions onboarding-nav">
            <Show when=move || { index.get() > 0 }>
                <button type="button" class="button" on:click=move |_| go(index.get() - 1)>
                    {tr(i18n, |i| t_string!(i, onboarding_back))}
                </button>
            </Show>
            <Show
                when=move || { index.get() + 1 < total }
                fallback=move || view! {
                    <button type="button" class="button primary" on:click=finish>
                        {tr(i18n, |i| t_string!(i, onboarding_finish))}
                    </button>
                }
            >
                <button type="button" class="button primary" on:click=move |_| go(index.get() + 1)>
                    {tr(i18n, |i| t_string!(i, onboarding_next))}
                </button>
            </Show>
        </div>
    }
}
