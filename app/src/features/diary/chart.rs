//! The diary on Progress, next to the training dose: by week or by month,
//! leakage per day as bars and the highest pain as dots, with a table that
//! says the same for screen readers.

use super::state::use_diary;
use crate::domain::Language;
use crate::domain::diary::{Period, Span, periods};
use crate::domain::training::adherence;
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::platform::mirrors::use_training;
use crate::platform::session_facts::training_facts;
use crate::routes;
use crate::text::tr;
use crate::ui::chart::{Bar, Chart, scale};
use leptos::either::Either;
use leptos::prelude::*;
use time::Duration;

const WEEKS_SHOWN: usize = 8;
const MONTHS_SHOWN: usize = 6;

/// An average per day, as the reader's language writes it ("1,5").
fn per_day(v: Option<f64>, lang: Language) -> String {
    v.map_or_else(|| "–".to_owned(), |v| lang.decimal(v))
}

#[component]
pub fn DiaryChart() -> impl IntoView {
    let i18n = use_i18n();
    let diary = use_diary();
    let training = use_training();
    let span = RwSignal::new(Span::Week);
    // Each period with the share of the training dose done in it.
    let rows = move || {
        let span = span.get();
        let count = match span {
            Span::Week => WEEKS_SHOWN,
            Span::Month => MONTHS_SHOWN,
        };
        let facts = training.sessions.with(|s| training_facts(s));
        let history = training.dose_history(&facts);
        let today = today();
        periods(&diary.days(), span, today, count)
            .into_iter()
            .map(|p| {
                let end = match span {
                    Span::Week => p.start + Duration::days(6),
                    Span::Month => span.start(p.start + Duration::days(31)) - Duration::days(1),
                }
                .min(today);
                let dose = adherence::span(&facts, p.start, end, &history);
                (p, dose.percent())
            })
            .collect::<Vec<(Period, u8)>>()
    };
    let toggle = move |value: Span, label: fn(leptos_i18n::I18nContext<Locale>) -> &'static str| {
        view! {
            <button type="button" class="button" aria-pressed=move || (span.get() == value).to_string()
                on:click=move |_| span.set(value)>{tr(i18n, label)}</button>
        }
    };
    view! {
        <section class="card" aria-labelledby="diary-chart-heading">
            <h2 id="diary-chart-heading">{tr(i18n, |i| t_string!(i, diary_chart_heading))}</h2>
            <div class="language-choices" role="group" aria-label=tr(i18n, |i| t_string!(i, diary_chart_span))>
                {toggle(Span::Week, |i| t_string!(i, diary_by_week))}
                {toggle(Span::Month, |i| t_string!(i, diary_by_month))}
            </div>
            {move || {
                let rows = rows();
                if rows.is_empty() {
                    return Either::Left(view! {
                        <p>{tr(i18n, |i| t_string!(i, diary_chart_empty))}" "
                            <a href=routes::DIARY>{tr(i18n, |i| t_string!(i, diary_open))}</a></p>
                    });
                }
                // Two charts, one measure each: leakage, then pain.
                let lang = Language::from(i18n.get_locale());
                let label = |p: &Period| match span.get_untracked() {
                    Span::Week => lang.day_month(p.start),
                    Span::Month => format!("{}.{}", u8::from(p.start.month()), p.start.year() % 100),
                };
                let leakage = rows.iter().map(|(p, _)| Bar {
                    label: label(p),
                    value: p.leakage_per_day,
                    text: per_day(p.leakage_per_day, lang),
                }).collect::<Vec<_>>();
                let top = rows.iter().filter_map(|(p, _)| p.leakage_per_day).fold(0.0_f64, f64::max);
                let (leak_max, leak_ticks) = scale(top, |v| lang.number(v));
                let pain = rows.iter().map(|(p, _)| Bar {
                    label: label(p),
                    value: p.pain_max.map(f64::from),
                    text: p.pain_max.map_or_else(|| "–".to_owned(), |v| v.to_string()),
                }).collect::<Vec<_>>();
                let pain_ticks = [0.0, 5.0, 10.0].into_iter().map(|v| (v, format!("{v}"))).collect();
                Either::Right(view! {
                    <Chart title=t_string!(i18n, chart_leakage_title).to_owned() bars=leakage max=leak_max ticks=leak_ticks />
                    <Chart title=t_string!(i18n, chart_pain_title).to_owned() bars=pain max=10.0 ticks=pain_ticks />
                    <div class="table-scroll" tabindex="0" role="region" aria-label=tr(i18n, |i| t_string!(i, diary_chart_caption))>
                        <table class="data-table">
                            <caption>{tr(i18n, |i| t_string!(i, diary_chart_caption))}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || match span.get() {
                                        Span::Week => t_string!(i18n, weekly_col_week),
                                        Span::Month => t_string!(i18n, diary_col_month),
                                    }}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, diary_col_days))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, diary_col_dose))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, diary_col_leakage))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, diary_col_pads))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, diary_col_urgency))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, diary_col_pain))}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().rev().map(|(p, dose)| {
                                    let lang = Language::from(i18n.get_locale_untracked());
                                    let label = match span.get_untracked() {
                                        // The current week, like everywhere: the week so far.
                                        Span::Week if adherence::is_week_so_far(p.start, today()) => t_string!(i18n, weekly_so_far).to_owned(),
                                        Span::Week => t_string!(i18n, weekly_week_of, week = p.start.iso_week(), day = p.start.day(), month = u8::from(p.start.month())),
                                        Span::Month => format!("{}.{}", u8::from(p.start.month()), p.start.year()),
                                    };
                                    view! {
                                        <tr>
                                            <th scope="row">{label}</th>
                                            <td>{p.days_logged}</td>
                                            <td>{format!("{dose} %")}</td>
                                            <td>{per_day(p.leakage_per_day, lang)}</td>
                                            <td>{per_day(p.pads_per_day, lang)}</td>
                                            <td>{per_day(p.urgency_per_day, lang)}</td>
                                            <td>{p.pain_max.map_or_else(|| "–".to_owned(), |v| v.to_string())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p><a href=routes::DIARY>{tr(i18n, |i| t_string!(i, diary_open))}</a></p>
                })
            }}
        </section>
    }
}
