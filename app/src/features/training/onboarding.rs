//! Getting started: six short screens on finding and training the pelvic
//! floor, then a self-check whose answers give tips. Finishing it ends the
//! learning phase.

use crate::domain::Language;
use crate::domain::sync::PrescriptionSet;
use crate::features::learn::HelpLink;
use crate::features::pathway::state::{maximal_open, use_pathway};
use crate::features::training::onboarding_texts::{
    CheckQuestion, question, screens, self_check, tip,
};
use crate::features::training::state::{save_plan_then_open, use_training};
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::routes;
use crate::text::{text, tr};
use crate::ui::illustrations::IllustrationSvg;
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn OnboardingPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let pathway = use_pathway();
    let lang = move || Language::from(i18n.get_locale());
    // Screens 0..6, then the self-check.
    let index = RwSignal::new(0usize);
    let total = screens(lang()).len() + 1;
    let answers = RwSignal::new([None::<bool>; CheckQuestion::ALL.len()]);
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
        // The daily programme starts once the patient feels the lift, with
        // no other muscle, the breath or a push down doing the work.
        // With long-lasting pelvic pain, not before a physiotherapist has
        // assessed ([rule:pathway-pain-no-maximal]): Today says so.
        let plan = state.plan_or_default();
        let programme = if maximal_open(pathway, state) {
            let check = self_check(&answers.get_untracked());
            plan.programme.after_self_check(check, today())
        } else {
            plan.programme
        };
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
                        // A lift felt with help from elsewhere does not start the programme yet: say so.
                        <p class="tip" aria-live="polite">
                            {move || {
                                let check = self_check(&answers.get());
                                (check.felt_lift && !check.lift_counts())
                                    .then(|| t_string!(i18n, selfcheck_lift_not_yet))
                            }}
                        </p>
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
                    // "Start training" only when the self-check says the
                    // lift counts (and the pathway lets it start): otherwise
                    // the learning phase goes on, and the button says so.
                    <button type="button" class="button primary" on:click=finish>
                        {move || if maximal_open(pathway, state) && self_check(&answers.get()).lift_counts() {
                            t_string!(i18n, onboarding_finish)
                        } else {
                            t_string!(i18n, onboarding_finish_practise)
                        }}
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
