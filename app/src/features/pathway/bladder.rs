//! The bladder diary (records area): each toilet visit logged in a few
//! taps, the usual interval read from three days of it, and the interval
//! target that grows while the diary shows it is held (the rules are in
//! `domain::pathway::bladder`).

use super::state::{PathwayState, delete_visit, log_visit, set_target, use_pathway};
use crate::domain::pathway::bladder::{
    self, BladderVisit, DIARY_DAYS, MAX_URGE, MAX_VOLUME_ML, propose,
};
use crate::i18n::*;
use crate::platform::local_time::{at_local, local_day, local_hm, now, today};
use crate::platform::mirrors::use_training;
use crate::platform::sync_state::new_entry_id;
use crate::routes;
use crate::text::{text, tr};
use leptos::prelude::*;
use time::Duration;

/// Days of visits listed for checking and deleting.
const LISTED_DAYS: i64 = 3;

fn urge_label(i18n: leptos_i18n::I18nContext<Locale>, urge: u8) -> &'static str {
    match urge {
        0 => t_string!(i18n, urge_0),
        1 => t_string!(i18n, urge_1),
        2 => t_string!(i18n, urge_2),
        3 => t_string!(i18n, urge_3),
        _ => t_string!(i18n, urge_4),
    }
}

#[component]
pub fn BladderPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_pathway();
    let loaded = use_training().loaded;
    view! {
        <h1>{tr(i18n, |i| t_string!(i, bladder_heading))}</h1>
        <p>{tr(i18n, |i| t_string!(i, bladder_intro))}</p>
        <Show when=move || loaded.get() fallback=move || view! { <p>{tr(i18n, |i| t_string!(i, loading))}</p> }>
            <Interval state />
            <VisitForm state />
            <RecentVisits state />
        </Show>
        <section class="card" aria-labelledby="urge-heading">
            <h2 id="urge-heading">{tr(i18n, |i| t_string!(i, urge_session_heading))}</h2>
            <p>{tr(i18n, |i| t_string!(i, urge_session_intro))}</p>
            <a class="button" href=format!("{}#guided-heading", routes::RELAX)>
                {tr(i18n, |i| t_string!(i, urge_session_start))}
            </a>
        </section>
    }
}

/// The usual interval, the target in force, and a proposal when the diary
/// allows one.
#[component]
fn Interval(state: PathwayState) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let usual = state.visits.with(|v| bladder::usual_interval(v));
        let target = state.target.get();
        let proposal = state.visits.with(|v| propose(target.as_ref(), v, today()));
        let days_kept = state.visits.with(|v| {
            let mut days: Vec<_> = v.iter().map(|v| local_day(v.at)).collect();
            days.dedup();
            days.len()
        });
        view! {
            <section class="card" aria-labelledby="interval-heading" data-testid="interval">
                <h2 id="interval-heading">{tr(i18n, |i| t_string!(i, interval_heading))}</h2>
                <p>
                    {match usual {
                        Some(minutes) => t_string!(i18n, interval_usual, minutes = minutes),
                        None => match DIARY_DAYS.saturating_sub(days_kept) {
                            0 | 1 => t_string!(i18n, interval_keep_diary_one).to_owned(),
                            days => t_string!(i18n, interval_keep_diary, days = days),
                        },
                    }}
                </p>
                {target.map(|t| view! {
                    <p class="big-figure">{t_string!(i18n, interval_target, minutes = t.minutes.get())}</p>
                })}
                {proposal.map(|minutes| {
                    let first = target.is_none();
                    view! {
                        <p>
                            {if first {
                                t_string!(i18n, interval_propose_first, minutes = minutes.get())
                            } else {
                                t_string!(i18n, interval_propose_step, minutes = minutes.get())
                            }}
                        </p>
                        <button type="button" class="button primary"
                            on:click=move |_| set_target(state, minutes, today())>
                            {t_string!(i18n, interval_accept, minutes = minutes.get())}
                        </button>
                    }
                })}
                <p class="hint">{tr(i18n, |i| t_string!(i, interval_rule))}</p>
            </section>
        }
    }
}

#[component]
fn VisitForm(state: PathwayState) -> impl IntoView {
    let i18n = use_i18n();
    let (h, m) = local_hm(now());
    let clock = RwSignal::new(format!("{h:02}:{m:02}"));
    let yesterday = RwSignal::new(false);
    let urge = RwSignal::new(None::<u8>);
    let leak = RwSignal::new(false);
    let volume = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let saved = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let day = if yesterday.get_untracked() {
            today() - Duration::days(1)
        } else {
            today()
        };
        let Some(time) = parse_clock(&clock.get_untracked()) else {
            problem.set(Some(t_string!(i18n, visit_bad_time)));
            return;
        };
        let Some(urge_value) = urge.get_untracked() else {
            problem.set(Some(t_string!(i18n, visit_need_urge)));
            return;
        };
        let volume_ml = match volume.get_untracked().trim() {
            "" => None,
            raw => match raw.parse::<u16>() {
                Ok(v) if v <= MAX_VOLUME_ML => Some(v),
                _ => {
                    problem.set(Some(t_string!(i18n, visit_bad_volume)));
                    return;
                }
            },
        };
        let visit = BladderVisit {
            id: new_entry_id(),
            at: at_local(day, time),
            urge: urge_value,
            leak: leak.get_untracked(),
            volume_ml,
        };
        match visit.check(now()) {
            Ok(visit) => {
                log_visit(state, visit);
                problem.set(None);
                saved.set(true);
                urge.set(None);
                leak.set(false);
                volume.set(String::new());
                let (h, m) = local_hm(now());
                clock.set(format!("{h:02}:{m:02}"));
            }
            Err(_) => problem.set(Some(t_string!(i18n, visit_in_future))),
        }
    };
    view! {
        // Checked here, with the app's own words (the browser's checks would
        // stop the form before it).
        <form class="card visit-form" novalidate on:submit=on_submit aria-labelledby="visit-heading">
            <h2 id="visit-heading">{tr(i18n, |i| t_string!(i, visit_heading))}</h2>
            <div class="field">
                <label for="visit-time">{tr(i18n, |i| t_string!(i, visit_time))}</label>
                <input id="visit-time" type="time" prop:value=move || clock.get()
                    on:input=move |ev| clock.set(event_target_value(&ev)) />
            </div>
            <div class="choice">
                <input type="checkbox" id="visit-yesterday" prop:checked=move || yesterday.get()
                    on:change=move |ev| yesterday.set(event_target_checked(&ev)) />
                <label for="visit-yesterday">{tr(i18n, |i| t_string!(i, visit_yesterday))}</label>
            </div>
            <fieldset>
                <legend>{tr(i18n, |i| t_string!(i, visit_urge))}</legend>
                {(0..=MAX_URGE).map(|u| {
                    let id = format!("urge-{u}");
                    view! {
                        <div class="choice">
                            <input type="radio" name="urge" id=id.clone() prop:checked=move || urge.get() == Some(u)
                                on:change=move |_| urge.set(Some(u)) />
                            <label for=id>{format!("{u}: {}", urge_label(i18n, u))}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="choice">
                <input type="checkbox" id="visit-leak" prop:checked=move || leak.get()
                    on:change=move |ev| leak.set(event_target_checked(&ev)) />
                <label for="visit-leak">{tr(i18n, |i| t_string!(i, visit_leak))}</label>
            </div>
            <div class="field">
                <label for="visit-volume">{tr(i18n, |i| t_string!(i, visit_volume))}</label>
                <input id="visit-volume" type="number" inputmode="numeric" min="0" max=MAX_VOLUME_ML.to_string()
                    prop:value=move || volume.get() on:input=move |ev| volume.set(event_target_value(&ev)) />
            </div>
            <p role="alert" class="form-error">{move || problem.get()}</p>
            <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, visit_save))}</button>
            <p role="status" class="notice">{move || saved.get().then(|| t_string!(i18n, visit_saved))}</p>
        </form>
    }
}

fn parse_clock(raw: &str) -> Option<time::Time> {
    let (h, m) = raw.trim().split_once(':')?;
    time::Time::from_hms(h.parse().ok()?, m.get(..2)?.parse().ok()?, 0).ok()
}

#[component]
fn RecentVisits(state: PathwayState) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let from = today() - Duration::days(LISTED_DAYS - 1);
        let mut visits: Vec<BladderVisit> = state
            .visits
            .get()
            .into_iter()
            .filter(|v| local_day(v.at) >= from)
            .collect();
        visits.reverse();
        let rows = visits
            .into_iter()
            .map(|v| {
                let (h, m) = local_hm(v.at);
                let day = local_day(v.at);
                let id = v.id;
                let when = format!("{day} {h:02}:{m:02}");
                let label = when.clone();
                view! {
                    <tr>
                        <td>{when}</td>
                        <td>{format!("{}: {}", v.urge, urge_label(i18n, v.urge))}</td>
                        <td>{if v.leak { t_string!(i18n, yes) } else { t_string!(i18n, no) }}</td>
                        <td>{v.volume_ml.map(|ml| format!("{ml} ml")).unwrap_or_default()}</td>
                        <td>
                            <button type="button" class="button"
                                aria-label=text(move || format!("{} {label}", t_string!(i18n, visit_delete)))
                                on:click=move |_| delete_visit(state, id)>
                                {tr(i18n, |i| t_string!(i, visit_delete))}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" aria-labelledby="visits-heading">
                <h2 id="visits-heading">{tr(i18n, |i| t_string!(i, visits_heading))}</h2>
                <div class="table-scroll">
                    <table data-testid="visits">
                        <thead>
                            <tr>
                                <th scope="col">{tr(i18n, |i| t_string!(i, visit_time))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, visit_urge_short))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, visit_leak_short))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, visit_volume_short))}</th>
                                <th scope="col"><span class="visually-hidden">{tr(i18n, |i| t_string!(i, visit_delete))}</span></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    }
}
