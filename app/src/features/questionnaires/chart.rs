//! The answers over time on Progress: pain and the goals' average, each in
//! a chart of its own (0–10, which way is better in its title), and a table
//! with every answer.

use super::due::questionnaire_name;
use super::pgi_label;
use super::state::use_proms;
use crate::domain::outcomes::{self, goal_average};
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use crate::ui::chart::{Bar, Chart};
use leptos::either::Either;
use leptos::prelude::*;

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
                let lang = crate::domain::Language::from(i18n.get_locale());
                let bars = |value: fn(&crate::domain::sync::PromAnswer) -> Option<f64>| {
                    history.iter().map(|(day, a)| {
                        let v = value(a);
                        Bar {
                            label: lang.day_month(*day),
                            value: v,
                            text: v.map_or_else(|| "–".to_owned(), |v| lang.number(v)),
                        }
                    }).collect::<Vec<_>>()
                };
                let pain = bars(|a| a.pain_nrs.map(f64::from));
                let goals = bars(goal_average);
                let ticks = || [0.0, 5.0, 10.0].into_iter().map(|v| (v, format!("{v}"))).collect::<Vec<_>>();
                let rows: Vec<_> = history.iter().rev().map(|(day, a)| {
                    let date = lang.date(*day);
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
                    <Chart title=t_string!(i18n, chart_answer_pain_title).to_owned() bars=pain max=10.0 ticks=ticks() />
                    <Chart title=t_string!(i18n, chart_goals_title).to_owned() bars=goals max=10.0 ticks=ticks() />
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
