//! Today: the dose done and still to do, where the patient is in the
//! programme, one start button, and the six-month check-in when it is due.

use super::facts::training_facts;
use crate::domain::outcomes;
use crate::domain::sync::PrescriptionSet;
use crate::domain::training::adherence::{self, week_start};
use crate::domain::training::phase::INTENSIVE_WEEKS;
use crate::domain::training::{Phase, Proposal, SymptomAnswer};
use crate::features::learn::HelpLink;
use crate::features::questionnaires::QuestionnaireDue;
use crate::features::questionnaires::state::use_proms;
use crate::features::training::state::{save_plan, use_training};
use crate::i18n::*;
use crate::platform::local_time::{local_day, local_hm, today};
use crate::text::{text, tr};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn TodayPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let loaded = state.loaded;
    // The check-in opens when due, or when the patient says symptoms are back.
    let asked = RwSignal::new(false);
    view! {
        <h1>{tr(i18n, |i| t_string!(i, nav_today))}</h1>
        <Show when=move || loaded.get() fallback=move || view! { <p>{tr(i18n, |i| t_string!(i, loading))}</p> }>
            <PhaseCard asked />
            <DoseCard />
            <CheckIn asked />
            <QuestionnaireDue />
            <crate::features::group_meeting::NextGroupMeeting />
            <p>
                <a class="button" href=crate::shell::routes::DIARY>
                    {tr(i18n, |i| t_string!(i, today_diary_link))}
                </a>
            </p>
        </Show>
        <HelpLink />
    }
}

#[component]
fn PhaseCard(asked: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    move || {
        let plan = state.plan_or_default();
        let programme = plan.programme;
        let text = match programme.phase() {
            Phase::Learning => t_string!(i18n, phase_learning).to_owned(),
            Phase::Intensive => t_string!(
                i18n,
                phase_intensive_week,
                week = programme.week(today()),
                weeks = INTENSIVE_WEEKS
            ),
            Phase::Maintenance => t_string!(i18n, phase_maintenance).to_owned(),
        };
        let learning = programme.phase() == Phase::Learning;
        let maintenance = programme.phase() == Phase::Maintenance;
        view! {
            <section class="card" aria-labelledby="phase-heading">
                <h2 id="phase-heading">{tr(i18n, |i| t_string!(i, phase_heading))}</h2>
                <p>{text}</p>
                {programme.pregnancy().then(|| view! { <p>{tr(i18n, |i| t_string!(i, phase_pregnancy))}</p> })}
                // A year on: does it still hold?
                {programme.pregnancy_to_confirm(today()).then(|| {
                    let answer = move |still: bool| {
                        let plan = state.plan_or_default();
                        let programme = plan.programme.with_pregnancy(false, today()).with_pregnancy(still, today());
                        save_plan(state, PrescriptionSet { programme, ..plan });
                    };
                    view! {
                        <fieldset class="pregnancy-check">
                            <legend>{tr(i18n, |i| t_string!(i, pregnancy_still))}</legend>
                            <div class="actions">
                                <button type="button" class="button" on:click=move |_| answer(true)>{tr(i18n, |i| t_string!(i, yes))}</button>
                                <button type="button" class="button" on:click=move |_| answer(false)>{tr(i18n, |i| t_string!(i, no))}</button>
                            </div>
                        </fieldset>
                    }
                })}
                // First run: the way in is the introduction.
                {learning.then(|| view! {
                    <a class="button primary big" href="/app/learn/start">{tr(i18n, |i| t_string!(i, phase_learning_link))}</a>
                    // Or later: "I can feel the lift now".
                    <button type="button" class="button" on:click=move |_| {
                        let plan = state.plan_or_default();
                        let programme = plan.programme.after_self_check(true, today());
                        save_plan(state, PrescriptionSet { programme, ..plan });
                    }>
                        {tr(i18n, |i| t_string!(i, phase_felt_lift))}
                    </button>
                })}
                {maintenance.then(|| view! {
                    <button type="button" class="button" on:click=move |_| asked.set(true)>
                        {tr(i18n, |i| t_string!(i, phase_symptoms_back))}
                    </button>
                })}
            </section>
        }
    }
}

#[component]
fn DoseCard() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    move || {
        let plan = state.plan_or_default();
        let p = plan.prescription;
        let facts = state.sessions.with(|s| training_facts(s));
        let day = today();
        let maintenance = plan.programme.phase() == Phase::Maintenance;
        let dose = if maintenance {
            adherence::week(&facts, week_start(day), Phase::Maintenance, &p)
        } else {
            adherence::day(&facts, day, &p)
        };
        let heading = if maintenance {
            t_string!(i18n, dose_week_heading)
        } else {
            t_string!(i18n, dose_today_heading)
        };
        let summary = if maintenance {
            t_string!(
                i18n,
                dose_maintenance,
                done = dose.done_rounds,
                planned = dose.prescribed_rounds
            )
        } else {
            t_string!(
                i18n,
                dose_rounds,
                done = dose.done_rounds,
                planned = dose.prescribed_rounds
            )
        };
        let today_rounds: Vec<(u8, u8, u16)> = state.sessions.with(|sessions| {
            sessions
                .iter()
                .filter(|s| local_day(s.started_at) == day && s.done_reps > 0)
                .map(|s| {
                    let (h, m) = local_hm(s.started_at);
                    (h, m, s.done_reps)
                })
                .collect()
        });
        let all_done = dose.percent() >= 100;
        view! {
            <section class="card" aria-labelledby="dose-heading">
                <h2 id="dose-heading">{heading}</h2>
                <p class="dose-summary">{summary}</p>
                <progress max="100" value=dose.percent().to_string() aria-labelledby="dose-heading">
                    {format!("{} %", dose.percent())}
                </progress>
                <p>{t_string!(i18n, dose_reps, done = dose.done_reps, planned = dose.prescribed_reps)}</p>
                {(!today_rounds.is_empty()).then(|| view! {
                    <ul class="today-sessions">
                        {today_rounds.into_iter().map(|(h, m, reps)| view! {
                            <li>{t_string!(i18n, dose_session_at, time = format!("{h:02}:{m:02}"), reps = reps)}</li>
                        }).collect_view()}
                    </ul>
                })}
                {all_done.then(|| view! { <p class="notice">{tr(i18n, |i| t_string!(i, dose_all_done))}</p> })}
                <a class="button primary big" href="/app/train">
                    {if all_done { t_string!(i18n, dose_start_extra) } else { t_string!(i18n, dose_start) }}
                </a>
            </section>
        }
    }
}

/// After 26 weeks: how are the symptoms? The answer gives a proposal.
#[component]
fn CheckIn(asked: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let answer = RwSignal::new(None::<SymptomAnswer>);
    let due = move || state.plan_or_default().programme.check_in_due(today());
    let answer_button = move |value: SymptomAnswer, label: &'static str| {
        view! {
            <button type="button" class="button" on:click=move |_| answer.set(Some(value))>{label}</button>
        }
    };
    let settle = move |plan: PrescriptionSet, proposal: Proposal| {
        let day = today();
        let mut programme = plan.programme.checked_in(day);
        match proposal {
            Proposal::GoToMaintenance => {
                if let Ok(next) = programme.start_maintenance(day) {
                    programme = next;
                }
            }
            Proposal::RestartIntensive => programme = programme.restart_intensive(day),
            _ => {}
        }
        save_plan(state, PrescriptionSet { programme, ..plan });
        answer.set(None);
        asked.set(false);
    };
    view! {
        <Show when=move || due() || asked.get() || answer.get().is_some()>
            <section class="card notice" aria-labelledby="checkin-heading">
                // One heading and one set of answers, worded for the phase:
                // plain texts keep the WASM small (one view type, not one each).
                <h2 id="checkin-heading">
                    {text(move || {
                        if state.plan_or_default().programme.phase() == Phase::Maintenance {
                            t_string!(i18n, checkin_maintenance_heading)
                        } else {
                            t_string!(i18n, checkin_heading)
                        }
                        .to_owned()
                    })}
                </h2>
                {move || match answer.get() {
                    None => {
                        let plan = state.plan_or_default();
                        let maintenance = plan.programme.phase() == Phase::Maintenance;
                        let question = if maintenance {
                            t_string!(i18n, checkin_maintenance_question).to_owned()
                        } else {
                            // What the patient did, not only how long ago they began.
                            let facts = state.sessions.with(|s| training_facts(s));
                            let done = adherence::period(&facts, plan.programme.since(), today(), Phase::Intensive, &plan.prescription);
                            t_string!(i18n, checkin_question, weeks = done.weeks, trained = done.weeks_trained, kept = done.weeks_dose_kept)
                        };
                        let answers: Vec<(SymptomAnswer, &'static str)> = if maintenance {
                            vec![
                                (SymptomAnswer::SymptomFree, t_string!(i18n, checkin_still_good)),
                                (SymptomAnswer::NoImprovement, t_string!(i18n, checkin_came_back)),
                                (SymptomAnswer::Worse, t_string!(i18n, checkin_worse)),
                            ]
                        } else {
                            vec![
                                (SymptomAnswer::SymptomFree, t_string!(i18n, checkin_symptom_free)),
                                (SymptomAnswer::Improving, t_string!(i18n, checkin_improving)),
                                (SymptomAnswer::NoImprovement, t_string!(i18n, checkin_no_improvement)),
                                (SymptomAnswer::Worse, t_string!(i18n, checkin_worse)),
                            ]
                        };
                        // What the questionnaires say, beside the patient's own answer.
                        let start = plan.programme.started();
                        let reported = use_proms().answers.with(|a| outcomes::change_since_start(start, a)).map(|c| {
                            let pain = |p: Option<u8>| p.map_or_else(|| "–".to_owned(), |p| p.to_string());
                            let pgi = c.pgi_i.map(|v| format!(" {}", t_string!(i18n, checkin_outcome_pgi, value = v))).unwrap_or_default();
                            format!("{}{pgi}", t_string!(i18n, checkin_outcome_pain, before = pain(c.pain_before), now = pain(c.pain_now)))
                        });
                        Either::Left(view! {
                            <p>{question}</p>
                            {reported.map(|r| view! { <p>{r}</p> })}
                            <div class="actions">
                                {answers.into_iter().map(|(value, label)| answer_button(value, label)).collect_view()}
                            </div>
                        })
                    }
                    Some(given) => {
                        let plan = state.plan_or_default();
                        let proposal = plan.programme.propose(today(), given);
                        let text = match proposal {
                            Proposal::GoToMaintenance => t_string!(i18n, proposal_maintenance),
                            Proposal::ContinueIntensive | Proposal::KeepGoing { .. } | Proposal::StartIntensive => t_string!(i18n, proposal_continue),
                            Proposal::ContactClinician => t_string!(i18n, proposal_contact),
                            Proposal::RestartIntensive => t_string!(i18n, proposal_restart),
                            Proposal::StayInMaintenance => t_string!(i18n, proposal_stay),
                            Proposal::ContinueForPregnancy => t_string!(i18n, proposal_pregnancy),
                        };
                        let help = given.needs_help();
                        let to_maintenance = proposal == Proposal::GoToMaintenance;
                        Either::Right(view! {
                            <p role="status">{text}</p>
                            {help.then(|| view! { <HelpLink /> })}
                            <button type="button" class="button primary" on:click=move |_| settle(plan.clone(), proposal)>
                                {if to_maintenance { t_string!(i18n, checkin_start_maintenance) } else { t_string!(i18n, checkin_ok) }}
                            </button>
                        })
                    }
                }}
            </section>
        </Show>
    }
}
