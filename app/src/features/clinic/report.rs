//! `/clinic/patients/{id}/report`: one printable page for the referring
//! doctor. "Print → Save as PDF" gives a clean page (see `@media print`).

use super::{ReportData, day_of, percent, phase_label};
use crate::api::care::DiaryWeek;
use crate::domain::day::parse_day;
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::domain::Language::from(i18n.get_locale());
    let Some(ReportData {
        detail,
        therapist,
        today,
    }) = use_context::<ReportData>()
    else {
        return view! { <crate::ui::NotFound /> }.into_any();
    };
    let o = &detail.overview;
    // Written out, not as a code: "12 squeezes a round, 3 rounds a day, …".
    let rx = detail.programme.as_ref().map(|p| {
        let rx = p.prescription;
        let dose = if rx.rounds_per_day() == 1 {
            t_string!(
                i18n,
                report_rx_one,
                reps = rx.reps_per_round(),
                hold = rx.hold_secs(),
                rest = rx.rest_secs()
            )
        } else {
            t_string!(
                i18n,
                report_rx,
                reps = rx.reps_per_round(),
                rounds = rx.rounds_per_day(),
                hold = rx.hold_secs(),
                rest = rx.rest_secs()
            )
        };
        let lifts = if rx.quick_lifts() > 0 {
            format!(
                ", {}",
                t_string!(i18n, report_rx_lifts, lifts = rx.quick_lifts())
            )
        } else {
            String::new()
        };
        format!(
            "{}, {}: {dose}{lifts}",
            phase_label(i18n, p.phase),
            t_string!(i18n, clinic_week, week = p.week).to_lowercase(),
        )
    });
    let day = |iso: &str| parse_day(iso).map_or_else(|| iso.to_owned(), |d| lang.date(d));
    // The period is the weeks the table shows, up to today.
    let from = detail
        .weeks
        .first()
        .map_or_else(|| day_of(lang, &detail.linked_since), |w| day(&w.week));
    let printed = day(&today);
    // The diary's first and last week with figures, for leakage and pain.
    let trend = |figure: fn(&DiaryWeek) -> Option<String>| {
        let mut weeks = detail
            .diary_weeks
            .iter()
            .filter_map(|w| Some((w.week.as_str(), figure(w)?)));
        let first = weeks.next()?;
        let last = weeks.next_back().unwrap_or_else(|| first.clone());
        Some((first, last))
    };
    let leakage = trend(|w| w.leakage_per_day.map(|x| format!("{x:.1}")));
    let pain = trend(|w| w.pain_max.map(|p| p.to_string()));
    let decimal = |x: &str| {
        x.parse::<f64>()
            .map_or_else(|_| x.to_owned(), |x| lang.decimal(x))
    };
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
                    day(&a.day),
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
                <dt>{tr(i18n, |i| t_string!(i, report_period))}</dt><dd>{format!("{from} – {printed}")}</dd>
                <dt>{tr(i18n, |i| t_string!(i, clinic_rx_heading))}</dt><dd>{rx.unwrap_or_else(|| t_string!(i18n, clinic_not_started).to_owned())}</dd>
                <dt>{tr(i18n, |i| t_string!(i, report_dose))}</dt>
                <dd>{format!("{}: {} · {}: {}", t_string!(i18n, clinic_col_dose7), percent(o.dose_7), t_string!(i18n, clinic_col_dose30), percent(o.dose_30))}</dd>
                <dt>{tr(i18n, |i| t_string!(i, report_first))}</dt><dd>{answer(first)}</dd>
                <dt>{tr(i18n, |i| t_string!(i, report_latest))}</dt><dd>{answer(latest)}</dd>
                <dt>{tr(i18n, |i| t_string!(i, report_diary))}</dt>
                <dd>
                    {match (&leakage, &pain) {
                        (None, None) => t_string!(i18n, report_no_diary).to_owned(),
                        _ => [
                            leakage.as_ref().map(|((from, first), (to, last))| t_string!(i18n, report_leakage_trend, first = decimal(first), from = day(from), last = decimal(last), to = day(to))),
                            pain.as_ref().map(|((from, first), (to, last))| t_string!(i18n, report_pain_trend, first = first.clone(), from = day(from), last = last.clone(), to = day(to))),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(". "),
                    }}
                </dd>
                <dt>{tr(i18n, |i| t_string!(i, report_by))}</dt><dd>{therapist}</dd>
                <dt>{tr(i18n, |i| t_string!(i, report_printed))}</dt><dd>{printed.clone()}</dd>
            </dl>
            <super::patient::Adherence weeks=detail.weeks.clone() />
            <h2>{tr(i18n, |i| t_string!(i, report_note))}</h2>
            <p class="report-note">{note.unwrap_or_else(|| t_string!(i18n, report_no_note).to_owned())}</p>
            <p class="no-print hint">{tr(i18n, |i| t_string!(i, report_print))}</p>
        </main>
    }
    .into_any()
}
