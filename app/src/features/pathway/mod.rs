//! The start assessment (records area): red flags first, then the main
//! problem(s), then the pathway they call for, said in words with why; the
//! bladder diary of bladder training; and the pathway's card on Today.
//! The rules are in `domain::pathway`; here are their pages and texts.

mod bladder;
pub mod state;
mod today;

pub use bladder::BladderPage;
pub use today::{PathwayCard, TrainingWaits};

use crate::domain::pathway::{Advice, Assessment, Pathway, Problem, RedFlag, SeeDoctor};
use crate::features::training::state::{save_plan, use_training};
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::routes;
use crate::text::tr;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use state::{PathwayState, save_assessment, use_pathway};

pub fn red_flag_label(i18n: I18nContext<Locale>, flag: RedFlag) -> &'static str {
    match flag {
        RedFlag::BloodInUrine => t_string!(i18n, redflag_blood_in_urine),
        RedFlag::BloodInStool => t_string!(i18n, redflag_blood_in_stool),
        RedFlag::BleedingAfterMenopause => t_string!(i18n, redflag_bleeding_after_menopause),
        RedFlag::FeverWithPain => t_string!(i18n, redflag_fever_with_pain),
        RedFlag::CannotPassUrine => t_string!(i18n, redflag_cannot_pass_urine),
        RedFlag::NumbnessOrLossOfControl => t_string!(i18n, redflag_numbness_or_loss_of_control),
        RedFlag::NewLump => t_string!(i18n, redflag_new_lump),
        RedFlag::WorseningPain => t_string!(i18n, redflag_worsening_pain),
    }
}

pub fn problem_label(i18n: I18nContext<Locale>, problem: Problem) -> &'static str {
    match problem {
        Problem::EffortLeakage => t_string!(i18n, problem_effort_leakage),
        Problem::Urgency => t_string!(i18n, problem_urgency),
        Problem::PelvicPain => t_string!(i18n, problem_pelvic_pain),
        Problem::Bulge => t_string!(i18n, problem_bulge),
        Problem::PregnancyOrBirth => t_string!(i18n, problem_pregnancy_or_birth),
        Problem::Bowel => t_string!(i18n, problem_bowel),
        Problem::Unsure => t_string!(i18n, problem_unsure),
    }
}

pub fn advice_text(i18n: I18nContext<Locale>, advice: Advice) -> &'static str {
    match advice {
        Advice::SqueezeBeforeStrain => t_string!(i18n, advice_squeeze_before_strain),
        Advice::AvoidStraining => t_string!(i18n, advice_avoid_straining),
        Advice::LessCaffeine => t_string!(i18n, advice_less_caffeine),
        Advice::KeepDrinking => t_string!(i18n, advice_keep_drinking),
        Advice::NightVisits => t_string!(i18n, advice_night_visits),
        Advice::LightStartAfterBirth => t_string!(i18n, advice_light_start_after_birth),
        Advice::MaternityTeamFirst => t_string!(i18n, advice_maternity_team_first),
        Advice::BowelSeeDoctor => t_string!(i18n, advice_bowel_see_doctor),
        Advice::PainExamined => t_string!(i18n, advice_pain_examined),
    }
}

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_pathway();
    let loaded = use_training().loaded;
    view! {
        <h1>{tr(i18n, |i| t_string!(i, assessment_heading))}</h1>
        <p>{tr(i18n, |i| t_string!(i, assessment_intro))}</p>
        <Show when=move || loaded.get() fallback=move || view! { <p>{tr(i18n, |i| t_string!(i, loading))}</p> }>
            <AssessmentForm state />
            <Outcome state />
        </Show>
    }
}

/// A checkbox per choice, kept in `chosen`.
fn checkboxes<T: Copy + PartialEq + Send + Sync + 'static>(
    name: &'static str,
    all: &'static [T],
    slug: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str + Copy + Send + Sync + 'static,
    chosen: RwSignal<Vec<T>>,
) -> impl IntoView {
    all.iter()
        .map(|&item| {
            let id = format!("{name}-{}", slug(item));
            view! {
                <div class="choice">
                    <input type="checkbox" id=id.clone() name=name
                        prop:checked=move || chosen.with(|c| c.contains(&item))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|x| *x != item);
                                if on { c.push(item); }
                            });
                        } />
                    <label for=id>{move || label(item)}</label>
                </div>
            }
        })
        .collect_view()
}

#[component]
fn AssessmentForm(state: PathwayState) -> impl IntoView {
    let i18n = use_i18n();
    let training = use_training();
    let given = state.assessment.get_untracked().unwrap_or_default();
    let flags = RwSignal::new(given.red_flags.clone());
    let problems = RwSignal::new(given.problems.clone());
    let saved = RwSignal::new(false);
    // A sync that brings a therapist's change shows it in the form too; the
    // effect's first run leaves what a quick patient has already ticked (the
    // form began from these answers).
    let initial = state.assessment.get_untracked();
    Effect::new(move |previous: Option<Option<Assessment>>| {
        let now = state.assessment.get();
        if previous.as_ref().unwrap_or(&initial) != &now
            && let Some(a) = now.clone()
        {
            flags.set(a.red_flags);
            problems.set(a.problems);
        }
        now
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let before = state.assessment.get_untracked().unwrap_or_default();
        let red_flags = flags.get_untracked();
        // A doctor's look counts for the flags it was about: a new one
        // needs a look of its own.
        let doctor_seen =
            before.doctor_seen && red_flags.iter().all(|f| before.red_flags.contains(f));
        let Ok(answers) = (Assessment {
            red_flags,
            problems: problems.get_untracked(),
            doctor_seen,
            physio_assessed: before.physio_assessed,
        })
        .parse() else {
            return;
        };
        // Pregnancy or a recent birth: the programme's own flag (seed 003).
        if Pathway::of(&answers).pregnancy() {
            let plan = training.plan_or_default();
            if !plan.programme.pregnancy() {
                let programme = plan.programme.with_pregnancy(true, today());
                save_plan(
                    training,
                    crate::domain::sync::PrescriptionSet { programme, ..plan },
                );
            }
        }
        save_assessment(state, answers);
        saved.set(true);
    };
    let flag_label = move |f| red_flag_label(i18n, f);
    let problem_text = move |p| problem_label(i18n, p);
    view! {
        <form class="assessment" on:submit=on_submit>
            <fieldset>
                <legend>{tr(i18n, |i| t_string!(i, assessment_flags_legend))}</legend>
                <p class="hint">{tr(i18n, |i| t_string!(i, assessment_flags_hint))}</p>
                {checkboxes("red-flag", &RedFlag::ALL, RedFlag::as_str, flag_label, flags)}
            </fieldset>
            <fieldset>
                <legend>{tr(i18n, |i| t_string!(i, assessment_problems_legend))}</legend>
                <p class="hint">{tr(i18n, |i| t_string!(i, assessment_problems_hint))}</p>
                {checkboxes("problem", &Problem::ALL, Problem::as_str, problem_text, problems)}
            </fieldset>
            <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, assessment_save))}</button>
            <p role="status" class="notice">
                {move || saved.get().then(|| t_string!(i18n, assessment_saved))}
            </p>
        </form>
    }
}

/// What the answers lead to: a doctor first when a red flag says so, and
/// the pathway with why.
#[component]
fn Outcome(state: PathwayState) -> impl IntoView {
    move || {
        state.assessment.get().map(|answers| {
            view! {
                <DoctorFirst state answers=answers.clone() />
                <PathwaySummary pathway=Pathway::of(&answers) />
            }
        })
    }
}

#[component]
fn DoctorFirst(state: PathwayState, answers: Assessment) -> impl IntoView {
    let i18n = use_i18n();
    let when = answers.see_doctor()?;
    let today_flag = when == SeeDoctor::Today;
    let flags = answers.red_flags.clone();
    let seen = answers.doctor_seen;
    let confirm = move |_| {
        if let Some(mut a) = state.assessment.get_untracked() {
            a.doctor_seen = true;
            save_assessment(state, a);
        }
    };
    Some(view! {
        <section class="card doctor-first" aria-labelledby="doctor-heading" data-testid="doctor-first">
            <h2 id="doctor-heading">
                {if today_flag {
                    tr(i18n, |i| t_string!(i, doctor_today_heading))
                } else {
                    tr(i18n, |i| t_string!(i, doctor_soon_heading))
                }}
            </h2>
            <p>{tr(i18n, |i| t_string!(i, doctor_because))}</p>
            <ul>{flags.into_iter().map(|f| view! { <li>{red_flag_label(i18n, f)}</li> }).collect_view()}</ul>
            <p>
                {if today_flag {
                    tr(i18n, |i| t_string!(i, doctor_today_how))
                } else {
                    tr(i18n, |i| t_string!(i, doctor_soon_how))
                }}
            </p>
            <p>{tr(i18n, |i| t_string!(i, doctor_meanwhile))}</p>
            <p>
                <a href=routes::RELAX>{tr(i18n, |i| t_string!(i, nav_relax))}</a>
                " · "
                <a href=routes::LEARN>{tr(i18n, |i| t_string!(i, nav_learn))}</a>
                " · "
                <a href=routes::HELP>{tr(i18n, |i| t_string!(i, help_link))}</a>
            </p>
            {if seen {
                leptos::either::Either::Left(view! { <p>{tr(i18n, |i| t_string!(i, doctor_seen_done))}</p> })
            } else {
                leptos::either::Either::Right(view! {
                    <button type="button" class="button" on:click=confirm>
                        {tr(i18n, |i| t_string!(i, doctor_seen_confirm))}
                    </button>
                })
            }}
        </section>
    })
}

#[component]
fn PathwaySummary(pathway: Pathway) -> impl IntoView {
    let i18n = use_i18n();
    let problems = pathway.problems().to_vec();
    let advice = pathway.advice();
    let modules = pathway.first_modules();
    view! {
        <section class="card" aria-labelledby="pathway-heading" data-testid="pathway">
            <h2 id="pathway-heading">{tr(i18n, |i| t_string!(i, pathway_heading))}</h2>
            <p>
                {if problems.is_empty() {
                    t_string!(i18n, pathway_general).to_owned()
                } else {
                    let named: Vec<&str> = problems.iter().map(|p| problem_label(i18n, *p)).collect();
                    format!("{} {}", t_string!(i18n, pathway_because), named.join("; "))
                }}
            </p>
            <ul class="pathway-parts">
                <li>{tr(i18n, |i| t_string!(i, pathway_part_training))}</li>
                {pathway.bladder_training().then(|| view! {
                    <li>
                        {tr(i18n, |i| t_string!(i, pathway_part_bladder))}" "
                        <a href=routes::BLADDER>{tr(i18n, |i| t_string!(i, bladder_heading))}</a>
                    </li>
                })}
                {pathway.relaxation_first().then(|| view! {
                    <li>
                        {tr(i18n, |i| t_string!(i, pathway_part_relax))}" "
                        <a href=routes::RELAX>{tr(i18n, |i| t_string!(i, nav_relax))}</a>
                    </li>
                })}
                {pathway.maximal_needs_assessment().then(|| view! {
                    <li>{tr(i18n, |i| t_string!(i, pathway_part_gentle))}</li>
                })}
                {pathway.pregnancy().then(|| view! {
                    <li>{tr(i18n, |i| t_string!(i, pathway_part_pregnancy))}</li>
                })}
            </ul>
            {(!advice.is_empty()).then(|| view! {
                <h3>{tr(i18n, |i| t_string!(i, pathway_advice_heading))}</h3>
                <ul>{advice.into_iter().map(|a| view! { <li>{advice_text(i18n, a)}</li> }).collect_view()}</ul>
            })}
            <h3>{tr(i18n, |i| t_string!(i, pathway_read_first))}</h3>
            <ModuleLinks modules />
            <p class="hint">{tr(i18n, |i| t_string!(i, pathway_change_later))}</p>
            <a class="button primary" href=routes::TODAY>{tr(i18n, |i| t_string!(i, pathway_to_today))}</a>
        </section>
    }
}

/// Links to the modules a pathway puts first.
#[component]
fn ModuleLinks(modules: Vec<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul>
            {modules.into_iter().map(|m| view! {
                <li><a href=format!("{}/{m}/1", routes::LEARN_MODULES)>{module_title(i18n, m)}</a></li>
            }).collect_view()}
        </ul>
    }
}

/// On Learn: the modules the patient's pathway puts first, when it puts
/// any before the pelvic floor's own (pain, pregnancy).
#[component]
pub fn ReadFirst() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_pathway();
    move || {
        let modules = state.pathway().first_modules();
        (modules.len() > 2).then(|| view! {
            <section class="card" aria-labelledby="read-first-heading" data-testid="read-first">
                <h2 id="read-first-heading">{tr(i18n, |i| t_string!(i, pathway_read_first))}</h2>
                <ModuleLinks modules />
            </section>
        })
    }
}

/// A module's title, for the "read first" links (the module texts are on
/// the server only; the titles the pathway names are in the locale files).
fn module_title(i18n: I18nContext<Locale>, slug: &str) -> &'static str {
    match slug {
        "how-pain-works" => t_string!(i18n, module_how_pain_works),
        "long-lasting-pain" => t_string!(i18n, module_long_lasting_pain),
        "pregnancy" => t_string!(i18n, module_pregnancy),
        "finding-the-muscles" => t_string!(i18n, module_finding_the_muscles),
        _ => t_string!(i18n, module_pelvic_floor),
    }
}
