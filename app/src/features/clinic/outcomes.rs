//! `/clinic/outcomes`: dose kept and the change from the start to 3, 6 and
//! 12 months over the therapist's patients, without names; no figure for a
//! group under 5.

use super::{ClinicFrame, OutcomesData};
use crate::api::care::ModuleFeedbackView;
use crate::domain::Language;
use crate::domain::care::CohortRow;
use crate::domain::sync::Questionnaire;
use crate::i18n::*;
use crate::text::tr;
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn OutcomesPage() -> impl IntoView {
    let i18n = use_i18n();
    let Some(OutcomesData(report)) = use_context::<OutcomesData>() else {
        return view! { <crate::ui::NotFound /> }.into_any();
    };
    let hidden = t_string!(i18n, outcomes_hidden);
    view! {
        <ClinicFrame>
            <h1>{tr(i18n, |i| t_string!(i, outcomes_title))}</h1>
            <p class="hint">{tr(i18n, |i| t_string!(i, outcomes_intro))}</p>
            <dl class="facts">
                <dt>{tr(i18n, |i| t_string!(i, outcomes_patients))}</dt><dd>{report.patients.to_string()}</dd>
                <dt>{tr(i18n, |i| t_string!(i, outcomes_dose))}</dt>
                <dd>{report.dose_30.map_or_else(|| hidden.to_owned(), |d| format!("{d:.0} %"))}</dd>
            </dl>
            <CohortTable rows=report.rows.clone() />
            <p><a href="/clinic/outcomes.csv" download="">{tr(i18n, |i| t_string!(i, outcomes_csv))}</a></p>
            <ModuleFeedbackTable rows=report.module_feedback.clone() />
        </ClinicFrame>
    }
    .into_any()
}

/// The change from the start to 3, 6 and 12 months; "fewer than 5" where
/// the group is too small.
#[component]
pub(super) fn CohortTable(rows: Vec<CohortRow>) -> impl IntoView {
    let i18n = use_i18n();
    let hidden = t_string!(i18n, outcomes_hidden);
    let lang = Language::from(i18n.get_locale_untracked());
    let figure =
        move |v: Option<f64>| v.map_or_else(|| hidden.to_owned(), |v| lang.signed_decimal(v));
    let at = move |q: Questionnaire| match q {
        Questionnaire::Month3 => t_string!(i18n, outcomes_month3),
        Questionnaire::Month6 => t_string!(i18n, outcomes_month6),
        _ => t_string!(i18n, outcomes_month12),
    };
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="outcomes">
                <caption>{tr(i18n, |i| t_string!(i, outcomes_title))}</caption>
                <thead><tr>
                    <th scope="col">{tr(i18n, |i| t_string!(i, outcomes_col_at))}</th>
                    <th scope="col">{tr(i18n, |i| t_string!(i, outcomes_col_n))}</th>
                    <th scope="col">{tr(i18n, |i| t_string!(i, outcomes_col_pain))}</th>
                    <th scope="col">{tr(i18n, |i| t_string!(i, outcomes_col_improved))}</th>
                    <th scope="col">{tr(i18n, |i| t_string!(i, outcomes_col_goals))}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <th scope="row">{at(row.at)}</th>
                            <td>{row.patients.to_string()}</td>
                            <td>{figure(row.pain_change)}</td>
                            <td>{row.improved.map_or_else(|| hidden.to_owned(), |p| format!("{p} %"))}</td>
                            <td>{figure(row.goal_change)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// What readers wrote after the education modules (no names).
#[component]
fn ModuleFeedbackTable(rows: Vec<ModuleFeedbackView>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = Language::from(i18n.get_locale_untracked());
    let title = move |slug: &str| {
        crate::features::learn::modules::module(slug, lang)
            .map_or_else(|| slug.to_owned(), |m| m.title.to_owned())
    };
    view! {
        <section aria-labelledby="module-feedback-heading">
            <h2 id="module-feedback-heading">{tr(i18n, |i| t_string!(i, outcomes_feedback_heading))}</h2>
            <p class="hint">{tr(i18n, |i| t_string!(i, outcomes_feedback_intro))}</p>
            {if rows.is_empty() {
                Either::Left(view! { <p>{tr(i18n, |i| t_string!(i, outcomes_feedback_none))}</p> })
            } else {
                Either::Right(view! {
                    <div class="table-scroll">
                        <table class="data-table" data-testid="module-feedback">
                            <caption>{tr(i18n, |i| t_string!(i, outcomes_feedback_heading))}</caption>
                            <thead><tr>
                                <th scope="col">{tr(i18n, |i| t_string!(i, outcomes_feedback_col_day))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, outcomes_feedback_col_module))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, outcomes_feedback_col_text))}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! {
                                    <tr>
                                        <td>{row.on}</td>
                                        <td>{title(&row.module)} " (" {row.language} ")"</td>
                                        <td class="prewrap">{row.text}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
        </section>
    }
}
