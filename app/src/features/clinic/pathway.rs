//! The patient's start assessment and bladder diary on the therapist's
//! patient page (server-rendered): the answers, a form to change the
//! pathway (main problems, whether a doctor has seen the red flags, whether
//! the therapist has assessed the pelvic floor), and the bladder diary.

use crate::api::care::PathwayView;
use crate::domain::pathway::{Problem, RedFlag};
use crate::features::pathway::{problem_label, red_flag_label};
use crate::i18n::*;
use crate::text::tr;
use crate::ui::chart::{Bar, Chart, scale};
use leptos::prelude::*;

#[component]
pub fn PathwayPanel(pathway: PathwayView, action: String) -> impl IntoView {
    let i18n = use_i18n();
    let answers = pathway.assessment.clone().unwrap_or_default();
    let answered = pathway.assessment.is_some();
    let checkbox = move |name: String, label: &'static str, on: bool| {
        view! {
            <div class="choice">
                <input type="checkbox" id=name.clone() name=name.clone() value="on" checked=on />
                <label for=name>{label}</label>
            </div>
        }
    };
    let problems = Problem::ALL
        .into_iter()
        .map(|p| {
            checkbox(
                format!("problem_{}", p.as_str()),
                problem_label(i18n, p),
                answers.has(p),
            )
        })
        .collect_view();
    let flags = RedFlag::ALL
        .into_iter()
        .map(|f| {
            checkbox(
                format!("red_flag_{}", f.as_str()),
                red_flag_label(i18n, f),
                answers.red_flags.contains(&f),
            )
        })
        .collect_view();
    let days = pathway.bladder_days.clone();
    view! {
        <section class="card" aria-labelledby="clinic-pathway-heading" data-testid="clinic-pathway">
            <h2 id="clinic-pathway-heading">{tr(i18n, |i| t_string!(i, clinic_pathway_heading))}</h2>
            {(!answered).then(|| view! { <p>{tr(i18n, |i| t_string!(i, clinic_pathway_none))}</p> })}
            {(answered && !answers.red_flags.is_empty()).then(|| view! {
                <p class=if answers.doctor_seen { "notice" } else { "form-error" }>
                    {if answers.doctor_seen {
                        tr(i18n, |i| t_string!(i, clinic_red_flags_seen))
                    } else {
                        tr(i18n, |i| t_string!(i, clinic_red_flags_unseen))
                    }}
                </p>
            })}
            <form class="stack" method="post" action=action>
                <fieldset>
                    <legend>{tr(i18n, |i| t_string!(i, clinic_pathway_problems))}</legend>
                    {problems}
                </fieldset>
                <fieldset>
                    <legend>{tr(i18n, |i| t_string!(i, clinic_pathway_flags))}</legend>
                    {flags}
                    {checkbox("doctor_seen".to_owned(), t_string!(i18n, clinic_doctor_seen), answers.doctor_seen)}
                </fieldset>
                {checkbox("physio_assessed".to_owned(), t_string!(i18n, clinic_physio_assessed), answers.physio_assessed)}
                <button type="submit" class="button">{tr(i18n, |i| t_string!(i, clinic_pathway_save))}</button>
            </form>
            <h3>{tr(i18n, |i| t_string!(i, bladder_heading))}</h3>
            <p>
                {match pathway.usual_interval {
                    Some(minutes) => t_string!(i18n, clinic_usual_interval, minutes = minutes),
                    None => t_string!(i18n, clinic_no_interval).to_owned(),
                }}
                {pathway.interval_target.map(|minutes| format!(" {}", t_string!(i18n, interval_target, minutes = minutes)))}
            </p>
            {(!days.is_empty()).then(|| {
                let lang = crate::domain::Language::from(i18n.get_locale_untracked());
                let bars: Vec<Bar> = days
                    .iter()
                    .map(|d| Bar {
                        label: crate::domain::day::parse_day(&d.day).map_or_else(|| d.day.clone(), |day| lang.day_month(day)),
                        value: Some(f64::from(d.visits)),
                        text: d.visits.to_string(),
                    })
                    .collect();
                let (max, ticks) = scale(days.iter().map(|d| f64::from(d.visits)).fold(0.0, f64::max), |v| format!("{v}"));
                view! { <Chart title=t_string!(i18n, clinic_bladder_caption).to_owned() bars max ticks /> }
            })}
            {(!days.is_empty()).then(|| view! {
                <div class="table-scroll">
                    <table data-testid="bladder-days">
                        <caption>{tr(i18n, |i| t_string!(i, clinic_bladder_caption))}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_day))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_visits))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_leaks))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_urge))}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {days.into_iter().map(|d| view! {
                                <tr>
                                    <th scope="row">{d.day}</th>
                                    <td>{d.visits}</td>
                                    <td>{d.leaks}</td>
                                    <td>{d.strongest_urge}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
