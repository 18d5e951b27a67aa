//! `/clinic/patients/{id}/report`: one printable page for the referring
//! doctor. "Print → Save as PDF" gives a clean page (see `@media print`).

use super::{ReportData, day_of, percent, phase_label};
use crate::i18n::*;
use crate::shell::routes;
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let Some(ReportData {
        detail,
        therapist,
        today,
    }) = use_context::<ReportData>()
    else {
        return view! { <crate::shell::NotFound /> }.into_any();
    };
    let o = &detail.overview;
    let rx = detail.programme.as_ref().map(|p| {
        let rx = p.prescription;
        format!(
            "{}, {} · {} × {} · {} s / {} s · {}",
            phase_label(i18n, p.phase),
            t_string!(i18n, clinic_week, week = p.week),
            rx.reps_per_round(),
            rx.rounds_per_day(),
            rx.hold_secs(),
            rx.rest_secs(),
            rx.quick_lifts(),
        )
    });
    let first = detail.answers.first().cloned();
    let latest = detail
        .answers
        .last()
        .cloned()
        .filter(|_| detail.answers.len() > 1);
    let answer = |a: Option<crate::api::care::AnswerRow>| {
        a.map_or_else(
            || "–".to_owned(),
            |a| {
                format!(
                    "{}: {} {} · PGI-I {}",
                    a.day,
                    t_string!(i18n, clinic_col_pain),
                    a.pain.map_or("–".to_owned(), |p| p.to_string()),
                    a.pgi_i.map_or("–".to_owned(), |p| p.to_string())
                )
            },
        )
    };
    let note = detail.notes.first().map(|n| n.text.clone());
    view! {
        <main id="main" class="report">
            <p class="no-print"><a href=format!("{}/{}", routes::CLINIC_PATIENTS, detail.id)>"← "{detail.name.clone()}</a></p>
            <h1>{tr(i18n, |i| t_string!(i, report_title))}</h1>
            <dl class="facts">
                <dt>{tr(i18n, |i| t_string!(i, report_patient))}</dt><dd>{detail.name.clone()}</dd>
                <dt>{tr(i18n, |i| t_string!(i, report_period))}</dt><dd>{format!("{} – {today}", day_of(&detail.linked_since))}</dd>
                <dt>{tr(i18n, |i| t_string!(i, clinic_rx_heading))}</dt><dd>{rx.unwrap_or_else(|| t_string!(i18n, clinic_not_started).to_owned())}</dd>
                <dt>{tr(i18n, |i| t_string!(i, report_dose))}</dt>
                <dd>{format!("{}: {} · {}: {}", t_string!(i18n, clinic_col_dose7), percent(o.dose_7), t_string!(i18n, clinic_col_dose30), percent(o.dose_30))}</dd>
                <dt>{tr(i18n, |i| t_string!(i, report_first))}</dt><dd>{answer(first)}</dd>
                <dt>{tr(i18n, |i| t_string!(i, report_latest))}</dt><dd>{answer(latest)}</dd>
                <dt>{tr(i18n, |i| t_string!(i, report_by))}</dt><dd>{therapist}</dd>
            </dl>
            <super::patient::Adherence weeks=detail.weeks.clone() />
            <h2>{tr(i18n, |i| t_string!(i, report_note))}</h2>
            <p class="report-note">{note.unwrap_or_else(|| t_string!(i18n, report_no_note).to_owned())}</p>
            <p class="no-print hint">{tr(i18n, |i| t_string!(i, report_print))}</p>
        </main>
    }
    .into_any()
}
