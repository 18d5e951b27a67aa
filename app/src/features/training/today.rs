//! Today: the dose done and still to do, where the patient is in the
//! programme, one start button, and the six-month check-in when it is due.

use crate::domain::outcomes;
use crate::domain::sync::PrescriptionSet;
use crate::domain::training::adherence::{self, week_start};
use crate::domain::training::phase::{INTENSIVE_WEEKS, LEARNING_HELP_WEEKS};
use crate::domain::training::{Phase, Proposal, SelfCheck, SymptomAnswer};
use crate::features::learn::HelpLink;
use crate::features::pathway::state::{maximal_open, save_assessment, use_pathway};
use crate::features::questionnaires::QuestionnaireDue;
use crate::features::questionnaires::state::use_proms;
use crate::features::training::state::{save_plan, use_training};
use crate::i18n::*;
use crate::platform::local_time::{local_day, local_hm, today};
use crate::platform::session_facts::training_facts;
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
    // "My symptoms are worse" can be said in every phase: it answers at once.
    let answer = RwSignal::new(None::<SymptomAnswer>);
    view! {
        <h1>{tr(i18n, |i| t_string!(i, nav_today))}</h1>
        <Show when=move || loaded.get() fallback=move || view! { <p>{tr(i18n, |i| t_string!(i, loading))}</p> }>
            <crate::features::pathway::PathwayCard />
            <super::DoseChangedNotice />
            <PhaseCard asked answer />
            <DoseCard />
            <CheckIn asked answer />
            <QuestionnaireDue />
            <crate::features::group_meeting::NextGroupMeeting />
            <p>
                <a class="button" href=crate::routes::DIARY>
                    {tr(i18n, |i| t_string!(i, today_diary_link))}
                </a>
            </p>
        </Show>
        <HelpLink />
    }
}

#[component]
fn PhaseCard(asked: RwSignal<bool>, answer: RwSignal<Option<SymptomAnswer>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let pathway = use_pathway();
    let confirm_lift = RwSignal::new(false);
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
                {programme.pregnancy_on(today()).then(|| view! { <p>{tr(i18n, |i| t_string!(i, phase_pregnancy))}</p> })}
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
                })}
                // Or later: "I can feel the lift now"; with long-lasting
                // pelvic pain only once a physiotherapist has assessed
                // ([rule:pathway-pain-no-maximal]).
                {(learning && !maximal_open(pathway, state)).then(|| view! {
                    <p>{tr(i18n, |i| t_string!(i, phase_pain_waits))}</p>
                    <button type="button" class="button" on:click=move |_| {
                        if let Some(mut answers) = pathway.assessment.get_untracked() {
                            answers.physio_assessed = true;
                            save_assessment(pathway, answers);
                        }
                    }>
                        {tr(i18n, |i| t_string!(i, phase_physio_confirm))}
                    </button>
                })}
                // Apart from the introduction's link, and asked first: one
                // tap must not move a new patient into week 1.
                {(learning && maximal_open(pathway, state)).then(|| view! {
                    <div class="later">
                        <button type="button" class="button" aria-expanded=move || confirm_lift.get().to_string()
                            on:click=move |_| confirm_lift.update(|open| *open = !*open)>
                            {tr(i18n, |i| t_string!(i, phase_felt_lift))}
                        </button>
                        {move || confirm_lift.get().then(|| view! {
                            <div class="confirm-body" role="group" aria-labelledby="felt-lift-question">
                                <p id="felt-lift-question">{tr(i18n, |i| t_string!(i, phase_felt_lift_question))}</p>
                                <div class="actions">
                                    <button type="button" class="button primary" on:click=move |_| {
                                        let plan = state.plan_or_default();
                                        let said = SelfCheck { felt_lift: true, compensated: false };
                                        let programme = plan.programme.after_self_check(said, today());
                                        save_plan(state, PrescriptionSet { programme, ..plan });
                                        confirm_lift.set(false);
                                    }>
                                        {tr(i18n, |i| t_string!(i, phase_felt_lift_yes))}
                                    </button>
                                    <button type="button" class="button" on:click=move |_| confirm_lift.set(false)>
                                        {tr(i18n, |i| t_string!(i, phase_felt_lift_no))}
                                    </button>
                                </div>
                            </div>
                        })}
                    </div>
                })}
                // Moved on too soon: the way back, in the first weeks.
                {programme.may_go_back_to_learning(today()).then(|| view! {
                    <p class="later">
                        <button type="button" class="button" on:click=move |_| {
                            let plan = state.plan_or_default();
                            if let Ok(programme) = plan.programme.back_to_learning(today()) {
                                save_plan(state, PrescriptionSet { programme, ..plan });
                            }
                        }>
                            {tr(i18n, |i| t_string!(i, phase_back_to_learning))}
                        </button>
                    </p>
                })}
                // Weeks without the lift: a physiotherapist can help.
                {programme.learning_needs_help(today()).then(|| view! {
                    <p class="notice">{t_string!(i18n, phase_learning_help, weeks = LEARNING_HELP_WEEKS)}</p>
                    <HelpLink />
                })}
                {maintenance.then(|| view! {
                    <button type="button" class="button" on:click=move |_| asked.set(true)>
                        {tr(i18n, |i| t_string!(i, phase_symptoms_back))}
                    </button>
                })}
                <button type="button" class="button" on:click=move |_| answer.set(Some(SymptomAnswer::Worse))>
                    {tr(i18n, |i| t_string!(i, phase_symptoms_worse))}
                </button>
            </section>
        }
    }
}

#[component]
fn DoseCard() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let pathway = use_pathway();
    move || {
        let plan = state.plan_or_default();
        let facts = state.sessions.with(|s| training_facts(s));
        let history = state.dose_history(&facts);
        let day = today();
        let maintenance = plan.programme.phase() == Phase::Maintenance;
        let dose = if maintenance {
            adherence::week(&facts, week_start(day), day, &history)
        } else {
            adherence::day(&facts, day, &history)
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
                            <li>{if reps == 1 {
                                t_string!(i18n, dose_session_at_one, time = format!("{h:02}:{m:02}"))
                            } else {
                                t_string!(i18n, dose_session_at, time = format!("{h:02}:{m:02}"), reps = reps)
                            }}</li>
                        }).collect_view()}
                    </ul>
                })}
                {all_done.then(|| view! { <p class="notice">{tr(i18n, |i| t_string!(i, dose_all_done))}</p> })}
                // While a warning sign waits for a doctor, no start button:
                // the notice above says why ([rule:red-flag-gate]).
                {(!pathway.training_waits()).then(|| view! {
                    <a class="button primary big" href="/app/train">
                        {if all_done { t_string!(i18n, dose_start_extra) } else { t_string!(i18n, dose_start) }}
                    </a>
                })}
            </section>
        }
    }
}

/// After 26 weeks: how are the symptoms? The answer gives a proposal.
#[component]
fn CheckIn(asked: RwSignal<bool>, answer: RwSignal<Option<SymptomAnswer>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
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
                        // "Worse" said before the six months: no half-year heading.
                        if state.plan_or_default().programme.phase() == Phase::Maintenance || !due() {
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
                            let done = adherence::period(&facts, plan.programme.since(), today(), &state.dose_history(&facts));
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
