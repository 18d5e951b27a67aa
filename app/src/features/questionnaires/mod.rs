//! The outcome questionnaires (records area): pain, the impression of
//! improvement and the patient's own goals, when due (Today says so) or
//! whenever the patient wants; the answers charted on Progress.

mod chart;
mod due;
mod instrument;
pub mod state;

pub use chart::OutcomeChart;
pub use due::{QuestionnaireDue, questionnaire_name};

use crate::domain::outcomes::{self, MAX_GOAL_CHARS, MAX_GOALS};
use crate::domain::sync::{GoalRating, PromAnswer, Questionnaire};
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::platform::mirrors::use_training;
use crate::platform::sync_state::new_entry_id;
use crate::routes;
use crate::text::{text, tr};
use crate::ui::RatingScale;
use leptos::either::Either;
use leptos::prelude::*;
use state::{save_answer, use_proms};

/// The impression of improvement, 1 (very much better) to 7.
fn pgi_label(i18n: leptos_i18n::I18nContext<Locale>, value: u8) -> &'static str {
    match value {
        1 => t_string!(i18n, pgi_1),
        2 => t_string!(i18n, pgi_2),
        3 => t_string!(i18n, pgi_3),
        4 => t_string!(i18n, pgi_4),
        5 => t_string!(i18n, pgi_5),
        6 => t_string!(i18n, pgi_6),
        _ => t_string!(i18n, pgi_7),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Problem {
    Empty,
    GoalUnrated,
    GoalTooLong,
}

#[component]
pub fn QuestionnairePage() -> impl IntoView {
    let i18n = use_i18n();
    let proms = use_proms();
    let training = use_training();
    let loaded = training.loaded;
    // Which one: the one due now, else one the patient chose to answer.
    let which = Memo::new(move |_| {
        let start = state::programme_start(proms, training);
        proms
            .answers
            .with(|a| outcomes::open(start, today(), a))
            .unwrap_or(Questionnaire::OnDemand)
    });
    let done = RwSignal::new(false);
    view! {
        <h1>{tr(i18n, |i| t_string!(i, q_heading))}</h1>
        <Show when=move || loaded.get() fallback=move || view! { <p>{tr(i18n, |i| t_string!(i, loading))}</p> }>
            {move || if done.get() {
                Either::Left(view! {
                    <section class="card" role="status">
                        <h2>{tr(i18n, |i| t_string!(i, q_saved))}</h2>
                        <p>{tr(i18n, |i| t_string!(i, q_saved_text))}</p>
                        <a class="button" href=routes::PROGRESS>{tr(i18n, |i| t_string!(i, q_see_progress))}</a>
                    </section>
                })
            } else {
                Either::Right(view! { <AnswerForm which=which.get() done /> })
            }}
        </Show>
    }
}

#[component]
fn AnswerForm(which: Questionnaire, done: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let proms = use_proms();
    let pain = RwSignal::new(None::<u8>);
    let pgi = RwSignal::new(None::<u8>);
    // The goals the patient set before, to rate again (or change).
    let earlier: Vec<String> = proms.answers.with_untracked(|a| {
        outcomes::history(a)
            .last()
            .map(|(_, latest)| latest.goals.iter().map(|g| g.goal.clone()).collect())
            .unwrap_or_default()
    });
    let goals: Vec<(RwSignal<String>, RwSignal<Option<u8>>)> = (0..MAX_GOALS)
        .map(|i| {
            (
                RwSignal::new(earlier.get(i).cloned().unwrap_or_default()),
                RwSignal::new(None),
            )
        })
        .collect();
    let problem = RwSignal::new(None::<Problem>);
    let asks_change = which != Questionnaire::Baseline;
    // A questionnaire the clinic plugged in, when there is one (online).
    let plugged = instrument::PluggedIn::new();
    let goal_signals = goals.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut rated = Vec::new();
        for (goal, closeness) in &goal_signals {
            let text = goal.get_untracked().trim().to_owned();
            if text.is_empty() {
                continue;
            }
            if text.chars().count() > MAX_GOAL_CHARS {
                problem.set(Some(Problem::GoalTooLong));
                return;
            }
            let Some(closeness) = closeness.get_untracked() else {
                problem.set(Some(Problem::GoalUnrated));
                return;
            };
            rated.push(GoalRating {
                goal: text,
                closeness,
            });
        }
        let answer = PromAnswer {
            id: new_entry_id(),
            questionnaire: which,
            answered_on: Some(today().to_string()),
            pain_nrs: pain.get_untracked(),
            pgi_i: if asks_change {
                pgi.get_untracked()
            } else {
                None
            },
            goals: rated,
            instrument: plugged.answer(),
        };
        if answer.pain_nrs.is_none()
            && answer.pgi_i.is_none()
            && answer.goals.is_empty()
            && answer.instrument.is_none()
        {
            problem.set(Some(Problem::Empty));
            return;
        }
        problem.set(None);
        save_answer(proms, answer);
        done.set(true);
    };
    let pgi_choice = move |value: u8| {
        let id = format!("pgi-{value}");
        view! {
            <div class="choice">
                <input type="radio" name="pgi" id=id.clone()
                    prop:checked=move || pgi.get() == Some(value)
                    on:change=move |_| pgi.set(Some(value)) />
                <label for=id>{move || pgi_label(i18n, value)}</label>
            </div>
        }
    };
    let goal_fields = goals
        .into_iter()
        .enumerate()
        .map(|(i, (goal, closeness))| {
            let n = i + 1;
            let input_id = format!("goal-{n}");
            let name: &'static str = ["goal-1-closeness", "goal-2-closeness", "goal-3-closeness"][i];
            view! {
                <div class="goal">
                    <div class="field">
                        <label for=input_id.clone()>{text(move || t_string!(i18n, q_goal_label, n = n))}</label>
                        <input id=input_id type="text" maxlength=MAX_GOAL_CHARS.to_string()
                            prop:value=move || goal.get()
                            on:input=move |ev| goal.set(event_target_value(&ev)) />
                    </div>
                    <Show when=move || !goal.with(|g| g.trim().is_empty())>
                        <RatingScale name value=closeness
                            legend=Signal::derive(move || t_string!(i18n, q_goal_closeness, n = n))
                            hint=Signal::derive(move || t_string!(i18n, q_closeness_hint).to_owned())
                            none_label=None />
                    </Show>
                </div>
            }
        })
        .collect_view();
    view! {
        <form class="card stack" on:submit=on_submit novalidate aria-labelledby="q-form-heading">
            <h2 id="q-form-heading">{move || questionnaire_name(i18n, which)}</h2>
            <p>{tr(i18n, |i| t_string!(i, q_intro))}</p>
            <RatingScale name="q-pain" value=pain
                legend=Signal::derive(move || t_string!(i18n, q_pain_legend).to_owned())
                hint=Signal::derive(move || t_string!(i18n, diary_pain_hint).to_owned())
                none_label=Some(Signal::derive(move || t_string!(i18n, diary_pain_none).to_owned())) />
            {asks_change.then(|| view! {
                <fieldset>
                    <legend>{tr(i18n, |i| t_string!(i, q_pgi_legend))}</legend>
                    {(1..=7).map(pgi_choice).collect_view()}
                </fieldset>
            })}
            <fieldset>
                <legend>{tr(i18n, |i| t_string!(i, q_goals_legend))}</legend>
                <p class="hint">{tr(i18n, |i| t_string!(i, q_goals_hint))}</p>
                {goal_fields}
            </fieldset>
            {plugged.view()}
            <p class="form-error" role="alert">
                {move || problem.get().map(|p| match p {
                    Problem::Empty => t_string!(i18n, q_error_empty),
                    Problem::GoalUnrated => t_string!(i18n, q_error_unrated),
                    Problem::GoalTooLong => t_string!(i18n, q_error_long),
                })}
            </p>
            <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, q_save))}</button>
        </form>
    }
}
