//! The answers over time on Progress: pain and the goals' average as two
//! lines (0–10), and a table with every answer for screen readers.

use super::due::questionnaire_name;
use super::pgi_label;
use super::state::use_proms;
use crate::domain::outcomes::{self, goal_average};
use crate::i18n::*;
use crate::shell::routes;
use crate::text::tr;
use leptos::either::Either;
use leptos::prelude::*;

/// Where each answer's value sits in the chart: answers spread evenly, a
/// value of 0–10 from the bottom line up.
fn at(points: &[(usize, f64)], slots: usize) -> Vec<(f64, f64)> {
    let step = 100.0 / slots.max(2).saturating_sub(1) as f64;
    points
        .iter()
        .map(|(i, v)| (*i as f64 * step, 50.0 - v * 4.5))
        .collect()
}

fn series(class: &'static str, points: Vec<(f64, f64)>) -> impl IntoView {
    let line = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <polyline class=format!("chart-line {class}") points=line />
        {points.into_iter().map(|(x, y)| view! {
            <circle class=format!("chart-point {class}") cx=format!("{x:.1}") cy=format!("{y:.1}") r="1.5" />
        }).collect_view()}
    }
}

#[component]
pub fn OutcomeChart() -> impl IntoView {
    let i18n = use_i18n();
    let proms = use_proms();
    view! {
        <section class="card" aria-labelledby="outcome-heading">
            <h2 id="outcome-heading">{tr(i18n, |i| t_string!(i, outcome_heading))}</h2>
            {move || {
                let answers = proms.answers.get();
                let history = outcomes::history(&answers);
                if history.is_empty() {
                    return Either::Left(view! {
                        <p>{tr(i18n, |i| t_string!(i, outcome_empty))}</p>
                        <a class="button" href=routes::QUESTIONNAIRE>{tr(i18n, |i| t_string!(i, q_answer_now))}</a>
                    });
                }
                let slots = history.len();
                let pain: Vec<(usize, f64)> = history.iter().enumerate()
                    .filter_map(|(i, (_, a))| a.pain_nrs.map(|p| (i, f64::from(p)))).collect();
                let goals: Vec<(usize, f64)> = history.iter().enumerate()
                    .filter_map(|(i, (_, a))| goal_average(a).map(|g| (i, g))).collect();
                let rows: Vec<_> = history.iter().rev().map(|(day, a)| {
                    let date = format!("{}.{}.{}", day.day(), u8::from(day.month()), day.year());
                    let which = questionnaire_name(i18n, a.questionnaire);
                    let pain = a.pain_nrs.map_or_else(|| "–".to_owned(), |p| p.to_string());
                    let pgi = a.pgi_i.map_or_else(|| "–".to_owned(), |v| format!("{v} ({})", pgi_label(i18n, v)));
                    let goals = if a.goals.is_empty() {
                        "–".to_owned()
                    } else {
                        a.goals.iter().map(|g| format!("{}: {}/10", g.goal, g.closeness)).collect::<Vec<_>>().join("; ")
                    };
                    view! {
                        <tr>
                            <th scope="row">{date}</th>
                            <td>{which}</td>
                            <td>{pain}</td>
                            <td>{pgi}</td>
                            <td>{goals}</td>
                        </tr>
                    }
                }).collect();
                Either::Right(view! {
                    <svg class="chart" viewBox="-2 0 104 55" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                        <line x1="0" y1="50" x2="100" y2="50" class="chart-axis" />
                        {series("pain-line", at(&pain, slots))}
                        {series("goal-line", at(&goals, slots))}
                    </svg>
                    <p class="hint">{tr(i18n, |i| t_string!(i, outcome_legend))}</p>
                    <div class="table-scroll" tabindex="0" role="region" aria-label=tr(i18n, |i| t_string!(i, outcome_caption))>
                        <table class="data-table">
                            <caption>{tr(i18n, |i| t_string!(i, outcome_caption))}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, outcome_col_date))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, outcome_col_which))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, outcome_col_pain))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, outcome_col_pgi))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, outcome_col_goals))}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <a class="button" href=routes::QUESTIONNAIRE>{tr(i18n, |i| t_string!(i, q_answer_now))}</a>
                })
            }}
        </section>
    }
}
