//! Progress: the streak, a month of training days, the weekly dose, how the
//! hold has grown, and the latest sessions (a stopped one says so).

use crate::domain::Language;
use crate::domain::sync::SessionKind;
use crate::domain::training::adherence::{self, SessionFact, week_start};
use crate::features::diary::state::use_diary;
use crate::features::diary::{DiaryChart, DiaryWarnings};
use crate::features::questionnaires::OutcomeChart;
use crate::features::relax::RelaxSummary;
use crate::features::training::state::use_training;
use crate::i18n::*;
use crate::platform::local_time::{local_day, local_hm, today};
use crate::platform::session_facts::training_facts;
use crate::text::{text, tr};
use crate::ui::chart::{Bar, Chart};
use leptos::either::Either;
use leptos::prelude::*;
use time::{Date, Duration, Month};

const WEEKS_SHOWN: i64 = 8;

#[component]
pub fn ProgressPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let loaded = state.loaded;
    view! {
        <h1>{tr(i18n, |i| t_string!(i, nav_progress))}</h1>
        <Show when=move || loaded.get() fallback=move || view! { <p>{tr(i18n, |i| t_string!(i, loading))}</p> }>
            <Streak />
            <RelaxSummary />
            <MonthCalendar />
            <WeeklyDose />
            <DiaryWarnings state=use_diary() />
            <DiaryChart />
            <OutcomeChart />
            <HoldProgression />
            <RecentSessions />
        </Show>
    }
}

fn facts() -> Vec<SessionFact> {
    use_training().sessions.with(|s| training_facts(s))
}

#[component]
fn Streak() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let streak = move || {
        let facts = state.sessions.with(|s| training_facts(s));
        adherence::streak_days(&facts, today())
    };
    view! {
        <section class="card" aria-labelledby="streak-heading">
            <h2 id="streak-heading">{tr(i18n, |i| t_string!(i, streak_heading))}</h2>
            // "1 day", "2 days": the plural rule of nb, nn and en alike.
            <p class="big-figure">
                {text(move || match streak() {
                    1 => t_string!(i18n, streak_one_day).to_owned(),
                    days => t_string!(i18n, streak_days, days = days),
                })}
            </p>
        </section>
    }
}

fn month_name(i18n: leptos_i18n::I18nContext<Locale>, month: Month) -> &'static str {
    match month {
        Month::January => t_string!(i18n, month_1),
        Month::February => t_string!(i18n, month_2),
        Month::March => t_string!(i18n, month_3),
        Month::April => t_string!(i18n, month_4),
        Month::May => t_string!(i18n, month_5),
        Month::June => t_string!(i18n, month_6),
        Month::July => t_string!(i18n, month_7),
        Month::August => t_string!(i18n, month_8),
        Month::September => t_string!(i18n, month_9),
        Month::October => t_string!(i18n, month_10),
        Month::November => t_string!(i18n, month_11),
        Month::December => t_string!(i18n, month_12),
    }
}

/// The weeks (Monday first) covering `month` of `year`.
fn month_weeks(first: Date) -> Vec<[Option<Date>; 7]> {
    let mut weeks = Vec::new();
    let mut day = week_start(first);
    while day.month() == first.month() || day < first {
        let mut week = [None; 7];
        for slot in &mut week {
            if day.month() == first.month() && day.year() == first.year() {
                *slot = Some(day);
            }
            day += Duration::days(1);
        }
        weeks.push(week);
    }
    weeks
}

#[component]
fn MonthCalendar() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let shown = RwSignal::new(today().replace_day(1).unwrap_or_else(|_| today()));
    let move_month = move |forward: bool| {
        shown.update(|first| {
            let next = if forward {
                *first + Duration::days(32)
            } else {
                *first - Duration::days(1)
            };
            *first = next.replace_day(1).unwrap_or(next);
        })
    };
    let weekdays = move || {
        [
            t_string!(i18n, weekday_1),
            t_string!(i18n, weekday_2),
            t_string!(i18n, weekday_3),
            t_string!(i18n, weekday_4),
            t_string!(i18n, weekday_5),
            t_string!(i18n, weekday_6),
            t_string!(i18n, weekday_7),
        ]
    };
    view! {
        <section class="card" aria-labelledby="calendar-heading">
            <h2 id="calendar-heading">{tr(i18n, |i| t_string!(i, calendar_heading))}</h2>
            <div class="calendar-nav">
                <button type="button" class="button" on:click=move |_| move_month(false)>
                    <span aria-hidden="true">"‹ "</span>{tr(i18n, |i| t_string!(i, calendar_previous))}
                </button>
                <button type="button" class="button" on:click=move |_| move_month(true)>
                    {tr(i18n, |i| t_string!(i, calendar_next))}<span aria-hidden="true">" ›"</span>
                </button>
            </div>
            {move || {
                let first = shown.get();
                let mut trained: Vec<Date> = state.sessions.with(|s| {
                    training_facts(s).into_iter().filter(|f| f.reps > 0).map(|f| f.day).collect()
                });
                // Days, not sessions: three rounds on one day are one day trained.
                trained.sort_unstable();
                trained.dedup();
                let names = weekdays();
                let count = trained.iter().filter(|d| d.month() == first.month() && d.year() == first.year()).count();
                view! {
                    <table class="calendar">
                        <caption>
                            {format!("{} {}", month_name(i18n, first.month()), first.year())}
                            " – "
                            {if count == 1 { t_string!(i18n, calendar_count_one).to_owned() } else { t_string!(i18n, calendar_count, days = count) }}
                        </caption>
                        <thead>
                            <tr>{names.iter().map(|n| view! { <th scope="col">{*n}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>
                            {month_weeks(first).into_iter().map(|week| view! {
                                <tr>
                                    {week.into_iter().map(|day| match day {
                                        None => Either::Left(view! { <td></td> }),
                                        Some(d) => {
                                            let done = trained.contains(&d);
                                            let label = if done { t_string!(i18n, calendar_trained) } else { "" };
                                            Either::Right(view! {
                                                <td class:trained=done class:today=d == today()>
                                                    <span>{d.day()}</span>
                                                    {done.then(|| view! { <span class="visually-hidden">{format!(" {label}")}</span> })}
                                                </td>
                                            })
                                        }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            }}
        </section>
    }
}

#[component]
fn WeeklyDose() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let weeks = move || {
        let facts = facts();
        let history = state.dose_history(&facts);
        let today = today();
        let this_week = week_start(today);
        // Weeks before the first session are not weeks missed.
        let first_week = facts
            .iter()
            .map(|f| f.day)
            .min()
            .map_or(this_week, week_start);
        (0..WEEKS_SHOWN)
            .rev()
            .map(|ago| this_week - Duration::weeks(ago))
            .filter(|monday| *monday >= first_week)
            .map(|monday| (monday, adherence::week(&facts, monday, today, &history)))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card" aria-labelledby="weekly-heading">
            <h2 id="weekly-heading">{tr(i18n, |i| t_string!(i, weekly_heading))}</h2>
            {move || {
                let weeks = weeks();
                let this_week = week_start(today());
                let lang = Language::from(i18n.get_locale());
                let top = weeks.iter().map(|(_, d)| f64::from(d.percent())).fold(100.0, f64::max);
                let bars = weeks.iter().map(|(monday, dose)| Bar {
                    label: lang.day_month(*monday),
                    value: Some(f64::from(dose.percent())),
                    text: format!("{} %", dose.percent()),
                }).collect::<Vec<_>>();
                let ticks = [0.0, 50.0, 100.0].into_iter().map(|v| (v, format!("{v} %"))).collect();
                view! {
                    <Chart title=t_string!(i18n, chart_dose_title).to_owned() bars max=top ticks target=100.0 />
                    // Wider than a narrow screen with large text: it scrolls, the page does not.
                    <div class="table-scroll">
                    <table class="data-table">
                        <caption>{tr(i18n, |i| t_string!(i, weekly_table_caption))}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr(i18n, |i| t_string!(i, weekly_col_week))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, weekly_col_reps))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, weekly_col_share))}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {weeks.into_iter().rev().map(|(monday, dose)| view! {
                                <tr>
                                    <th scope="row">{if monday == this_week {
                                        t_string!(i18n, weekly_so_far).to_owned()
                                    } else {
                                        t_string!(i18n, weekly_week_of, week = monday.iso_week(), day = monday.day(), month = u8::from(monday.month()))
                                    }}</th>
                                    <td>{format!("{} / {}", dose.done_reps, dose.prescribed_reps)}</td>
                                    <td>{format!("{} %", dose.percent())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }
            }}
        </section>
    }
}

/// Each change of the hold, from the prescription kept with each session.
#[component]
fn HoldProgression() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let changes = move || {
        state.sessions.with(|sessions| {
            let mut points: Vec<(Date, u8, u8)> = Vec::new();
            for s in sessions.iter().filter(|s| s.kind == SessionKind::Training) {
                let Some(p) = s.prescription else { continue };
                let point = (p.hold_secs(), p.quick_lifts());
                if points.last().is_none_or(|last| (last.1, last.2) != point) {
                    points.push((local_day(s.started_at), point.0, point.1));
                }
            }
            points
        })
    };
    view! {
        <section class="card" aria-labelledby="hold-heading">
            <h2 id="hold-heading">{tr(i18n, |i| t_string!(i, hold_heading))}</h2>
            {move || {
                let points = changes();
                if points.is_empty() {
                    return Either::Left(view! { <p>{tr(i18n, |i| t_string!(i, hold_none_yet))}</p> });
                }
                Either::Right(view! {
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr(i18n, |i| t_string!(i, hold_col_from))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, hold_col_hold))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, hold_col_lifts))}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {points.into_iter().map(|(day, hold, lifts)| view! {
                                <tr>
                                    <th scope="row">{Language::from(i18n.get_locale()).date(day)}</th>
                                    <td>{format!("{hold} s")}</td>
                                    <td>{lifts}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            }}
        </section>
    }
}

#[component]
fn RecentSessions() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    view! {
        <section class="card" aria-labelledby="recent-heading">
            <h2 id="recent-heading">{tr(i18n, |i| t_string!(i, recent_heading))}</h2>
            {move || {
                // Training sessions; relaxation has its own card.
                let recent: Vec<_> = state.sessions.with(|s| {
                    s.iter().rev().filter(|s| s.kind == SessionKind::Training).take(10).cloned().collect()
                });
                if recent.is_empty() {
                    return Either::Left(view! { <p>{tr(i18n, |i| t_string!(i, recent_none))}</p> });
                }
                Either::Right(view! {
                    <ul class="session-list">
                        {recent.into_iter().map(|s| {
                            let day = local_day(s.started_at);
                            let (h, m) = local_hm(s.started_at);
                            let partial = s.planned_reps > 0 && s.done_reps < s.planned_reps;
                            view! {
                                <li class:partial=partial>
                                    <span>{format!("{}.{}. {h:02}:{m:02}", day.day(), u8::from(day.month()))}</span>
                                    " "
                                    <span>{t_string!(i18n, recent_reps, done = s.done_reps, planned = s.planned_reps)}</span>
                                    {partial.then(|| view! { <span class="badge">{tr(i18n, |i| t_string!(i, recent_partial))}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </section>
    }
}
