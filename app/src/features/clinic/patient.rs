//! `/clinic/patients/{id}`: adherence by week, the prescription editor,
//! sessions, diary, answers and private notes.

use super::flash::{FlashCode, PatientFlash};
use super::{ClinicFrame, PatientPageData, day_of, last_session, minute_of, percent, phase_label};
use crate::api::care::{PatientDetail, WeekDose};
use crate::domain::Language;
use crate::domain::care::{Flag, HELP_DAYS, PGI_WORSE};
use crate::domain::day::parse_day;
use crate::domain::sync::SetBy;
use crate::domain::training::Phase;
use crate::domain::training::prescription::{
    HoldSecs, Position, QuickLifts, RepsPerRound, RestSecs, RoundPauseSecs, RoundsPerDay, Schedule,
};
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::routes;
use crate::text::tr;
use crate::ui::chart::{Bar, Chart, scale};
use leptos::prelude::*;

#[component]
pub fn ClinicPatientPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::domain::Language::from(i18n.get_locale());
    let Some(PatientPageData { detail, flash }) = use_context::<PatientPageData>() else {
        return view! { <crate::ui::NotFound /> }.into_any();
    };
    let base = format!("{}/{}", routes::CLINIC_PATIENTS, detail.id);
    let flash_text = flash.map(|flash| {
        let text = match flash {
            PatientFlash::PrescriptionSaved => t_string!(i18n, clinic_rx_saved),
            PatientFlash::NoteSaved => t_string!(i18n, clinic_note_saved),
            PatientFlash::PathwaySaved => t_string!(i18n, clinic_pathway_saved),
            PatientFlash::Phase => t_string!(i18n, clinic_err_phase),
            PatientFlash::Note => t_string!(i18n, clinic_err_note),
            PatientFlash::Reps => t_string!(i18n, rx_err_reps),
            PatientFlash::Rounds => t_string!(i18n, rx_err_rounds),
            PatientFlash::Hold => t_string!(i18n, rx_err_hold),
            PatientFlash::Lifts => t_string!(i18n, rx_err_lifts),
            PatientFlash::LiftsEarly => t_string!(i18n, rx_err_lifts_early),
            PatientFlash::Rest => t_string!(i18n, rx_err_rest),
            PatientFlash::Pause => t_string!(i18n, rx_err_pause),
        };
        super::flash(flash.is_done(), text)
    });
    let o = detail.overview.clone();
    let phase = o.phase.map_or_else(
        || t_string!(i18n, clinic_not_started).to_owned(),
        |p| {
            format!(
                "{}, {}",
                phase_label(i18n, p),
                t_string!(i18n, clinic_week, week = o.week.unwrap_or(1))
            )
        },
    );
    view! {
        <ClinicFrame>
            <p><a href=routes::CLINIC>"← "{tr(i18n, |i| t_string!(i, clinic_back))}</a></p>
            <h1>{detail.name.clone()}</h1>
            <p class="hint">{detail.email.clone()}" · "{tr(i18n, |i| t_string!(i, clinic_linked_since))}" "{day_of(lang, &detail.linked_since)}</p>
            {flash_text}
            <section class="card" aria-labelledby="summary-heading">
                <h2 id="summary-heading">{tr(i18n, |i| t_string!(i, clinic_summary_heading))}</h2>
                <dl class="facts">
                    <dt>{tr(i18n, |i| t_string!(i, clinic_col_phase))}</dt><dd>{phase}</dd>
                    <dt>{tr(i18n, |i| t_string!(i, clinic_col_dose7))}</dt><dd>{percent(o.dose_7)}</dd>
                    <dt>{tr(i18n, |i| t_string!(i, clinic_col_dose30))}</dt><dd>{percent(o.dose_30)}</dd>
                    <dt>{tr(i18n, |i| t_string!(i, clinic_col_last))}</dt><dd>{last_session(i18n, o.days_since_session)}</dd>
                </dl>
                <p class="actions">
                    <a class="button" href=format!("{base}/report")>{tr(i18n, |i| t_string!(i, clinic_report_link))}</a>
                    <a class="button" href=routes::API_THERAPIST_PATIENT_CSV.replace("{id}", &detail.id.to_string()) download="">{tr(i18n, |i| t_string!(i, clinic_csv_link))}</a>
                </p>
            </section>
            <Why detail=detail.clone() />
            <section class="card" aria-labelledby="notes-heading">
                <h2 id="notes-heading">{tr(i18n, |i| t_string!(i, clinic_notes_heading))}</h2>
                <p class="hint">{tr(i18n, |i| t_string!(i, clinic_notes_help))}</p>
                <form class="stack" method="post" action=format!("{base}/notes")>
                    <div class="field">
                        <label for="note">{tr(i18n, |i| t_string!(i, clinic_note_label))}</label>
                        <textarea id="note" name="text" rows="3" maxlength="4000" required></textarea>
                    </div>
                    <button type="submit" class="button">{tr(i18n, |i| t_string!(i, clinic_note_save))}</button>
                </form>
                <ul class="notes">
                    {detail.notes.iter().map(|n| view! {
                        <li><span class="hint">{minute_of(lang, &n.at)}</span><p>{n.text.clone()}</p></li>
                    }).collect_view()}
                </ul>
            </section>
            <Adherence weeks=detail.weeks.clone() />
            <super::pathway::PathwayPanel pathway=detail.pathway.clone() action=format!("{base}/assessment") />
            <PrescriptionEditor detail=detail.clone() action=format!("{base}/prescription") />
            <Charts detail=detail.clone() />
            <History detail=detail.clone() />
        </ClinicFrame>
    }
    .into_any()
}

/// Why the patient is flagged, near the top: each flag with what raised it
/// (the session that hurt, the answer of "worse"), or where to look.
#[component]
fn Why(detail: PatientDetail) -> impl IntoView {
    let i18n = use_i18n();
    let lang = Language::from(i18n.get_locale());
    let flags = detail.overview.flags.clone();
    if flags.is_empty() {
        return None;
    }
    let day = |iso: &str| parse_day(iso).map_or_else(|| iso.to_owned(), |d| lang.day_month(d));
    let since = today() - time::Duration::days(HELP_DAYS);
    let recent = |iso: &str| parse_day(iso).is_some_and(|d| d > since);
    let reasons = move |flag: Flag| -> Vec<String> {
        match flag {
            Flag::RedFlag => vec![t_string!(i18n, clinic_why_red_flag).to_owned()],
            Flag::AskedForHelp => {
                let mut said: Vec<String> = detail
                    .sessions
                    .iter()
                    .filter(|s| s.hurt && recent(&s.day))
                    .map(|s| t_string!(i18n, clinic_why_hurt, day = day(&s.day)))
                    .collect();
                said.extend(
                    detail
                        .answers
                        .iter()
                        .filter(|a| recent(&a.day) && a.pgi_i.is_some_and(|p| p >= PGI_WORSE))
                        .map(|a| {
                            t_string!(
                                i18n,
                                clinic_why_worse,
                                day = day(&a.day),
                                value = a.pgi_i.unwrap_or_default()
                            )
                        }),
                );
                said
            }
            Flag::PainWorse | Flag::LeakageWorse | Flag::NoTraining | Flag::LowDose => Vec::new(),
        }
    };
    let anchor = |flag: Flag| match flag {
        Flag::RedFlag => "#clinic-pathway-heading",
        Flag::AskedForHelp => "#sessions-heading",
        Flag::PainWorse | Flag::LeakageWorse => "#diary-heading",
        Flag::NoTraining | Flag::LowDose => "#adherence-heading",
    };
    Some(view! {
        <section class="card why" id="why" aria-labelledby="why-heading" data-testid="why">
            <h2 id="why-heading">{tr(i18n, |i| t_string!(i, clinic_why_heading))}</h2>
            <ul class="flags">
                {flags.iter().map(|f| super::flag_item(i18n, *f, anchor(*f).to_owned())).collect_view()}
            </ul>
            <ul class="why-reasons">
                {flags.iter().flat_map(|f| reasons(*f)).map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
        </section>
    })
}

/// The dose kept per week: bars, and the same figures as a table.
#[component]
pub(super) fn Adherence(weeks: Vec<WeekDose>) -> impl IntoView {
    let i18n = use_i18n();
    if weeks.is_empty() {
        return view! {
            <section class="card" aria-labelledby="adherence-heading">
                <h2 id="adherence-heading">{tr(i18n, |i| t_string!(i, clinic_adherence_heading))}</h2>
                <p>{tr(i18n, |i| t_string!(i, clinic_nothing_yet))}</p>
            </section>
        }
        .into_any();
    }
    let lang = Language::from(i18n.get_locale_untracked());
    let day = |iso: &str| parse_day(iso).map_or_else(|| iso.to_owned(), |d| lang.day_month(d));
    let top = weeks
        .iter()
        .map(|w| f64::from(w.percent))
        .fold(100.0, f64::max);
    let bars = weeks
        .iter()
        .map(|w| Bar {
            label: day(&w.week),
            value: Some(f64::from(w.percent)),
            text: format!("{} %", w.percent),
        })
        .collect::<Vec<_>>();
    let ticks = [0.0, 50.0, 100.0]
        .into_iter()
        .map(|v| (v, format!("{v} %")))
        .collect();
    view! {
        <section class="card" aria-labelledby="adherence-heading">
            <h2 id="adherence-heading">{tr(i18n, |i| t_string!(i, clinic_adherence_heading))}</h2>
            <Chart title=t_string!(i18n, chart_dose_title).to_owned() bars max=top ticks target=100.0 />
            <div class="table-scroll">
                <table class="data-table">
                    <caption>{tr(i18n, |i| t_string!(i, clinic_adherence_chart))}</caption>
                    <thead><tr>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_week))}</th>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_percent))}</th>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_done))}</th>
                    </tr></thead>
                    <tbody>
                        {weeks.iter().map(|w| view! {
                            <tr><th scope="row">{if w.so_far {
                                t_string!(i18n, clinic_week_so_far, week = w.week.clone())
                            } else {
                                w.week.clone()
                            }}</th><td>{format!("{} %", w.percent)}</td>
                            <td>{format!("{} / {}", w.done_reps, w.prescribed_reps)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// One number field with its allowed range beside it.
#[component]
fn NumberField(
    id: &'static str,
    label: &'static str,
    value: u8,
    min: u8,
    max: u8,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint = format!("{}: {min}–{max}", t_string!(i18n, clinic_range));
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id name=id type="number" inputmode="numeric" min=min.to_string() max=max.to_string()
                value=value.to_string() required aria-describedby=format!("{id}-range") />
            <p class="field-hint" id=format!("{id}-range")>{hint}</p>
        </div>
    }
}

#[component]
fn PrescriptionEditor(detail: PatientDetail, action: String) -> impl IntoView {
    let i18n = use_i18n();
    let programme = detail.programme.clone();
    let p = programme
        .as_ref()
        .map(|p| p.prescription)
        .unwrap_or_default();
    let set_by = programme.as_ref().map(|p| match &p.set_by {
        SetBy::Therapist { name, on } => {
            let lang = Language::from(i18n.get_locale());
            let on = on.as_deref().and_then(parse_day).map(|d| lang.date(d));
            format!("{name}, {}", on.unwrap_or_default())
        }
        SetBy::Patient => t_string!(i18n, clinic_rx_set_by_patient).to_owned(),
    });
    let current_phase = programme.as_ref().map(|p| p.phase);
    let (spread, pause) = match p.schedule() {
        Schedule::Spread => (true, RoundPauseSecs::DEFAULT.get()),
        Schedule::Together { pause_secs } => (false, pause_secs.get()),
    };
    let position_label = move |pos: Position| match pos {
        Position::Lying => t_string!(i18n, position_lying),
        Position::Sitting => t_string!(i18n, position_sitting),
        Position::Standing => t_string!(i18n, position_standing),
    };
    view! {
        <section class="card" aria-labelledby="rx-heading">
            <h2 id="rx-heading">{tr(i18n, |i| t_string!(i, clinic_rx_heading))}</h2>
            {match set_by {
                Some(name) => view! { <p class="hint" data-testid="rx-set-by">{tr(i18n, |i| t_string!(i, clinic_rx_set_by))}": "{name}</p> }.into_any(),
                None => view! { <p class="notice">{tr(i18n, |i| t_string!(i, clinic_no_programme))}</p> }.into_any(),
            }}
            <form class="stack rx-form" method="post" action=action>
                <NumberField id="reps_per_round" label=t_string!(i18n, rx_reps) value=p.reps_per_round() min=RepsPerRound::MIN max=RepsPerRound::MAX />
                <NumberField id="rounds_per_day" label=t_string!(i18n, rx_rounds) value=p.rounds_per_day() min=RoundsPerDay::MIN max=RoundsPerDay::MAX />
                <NumberField id="hold_secs" label=t_string!(i18n, rx_hold) value=p.hold_secs() min=HoldSecs::MIN max=HoldSecs::MAX />
                <div class="field">
                    <label for="quick_lifts">{tr(i18n, |i| t_string!(i, rx_lifts))}</label>
                    <select id="quick_lifts" name="quick_lifts" aria-describedby="quick_lifts-range">
                        {QuickLifts::CHOICES.into_iter().map(|n| view! { <option value=n.to_string() selected=n == p.quick_lifts()>{n.to_string()}</option> }).collect_view()}
                    </select>
                    <p class="field-hint" id="quick_lifts-range">{tr(i18n, |i| t_string!(i, clinic_rx_lifts_hint))}</p>
                </div>
                <NumberField id="rest_secs" label=t_string!(i18n, rx_rest) value=p.rest_secs() min=RestSecs::MIN max=RestSecs::MAX />
                <div class="field">
                    <label for="position">{tr(i18n, |i| t_string!(i, rx_position))}</label>
                    <select id="position" name="position">
                        {Position::ALL.into_iter().map(|pos| view! {
                            <option value=pos.as_str() selected=pos == p.position()>{position_label(pos)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="field choices">
                    <legend>{tr(i18n, |i| t_string!(i, clinic_rx_schedule))}</legend>
                    <div class="choice">
                        <input type="radio" id="schedule-together" name="schedule" value="together" checked=!spread />
                        <label for="schedule-together">{tr(i18n, |i| t_string!(i, clinic_rx_together))}</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id="schedule-spread" name="schedule" value="spread" checked=spread />
                        <label for="schedule-spread">{tr(i18n, |i| t_string!(i, rx_spread))}</label>
                    </div>
                </fieldset>
                <NumberField id="pause_secs" label=t_string!(i18n, clinic_rx_pause) value=pause min=RoundPauseSecs::MIN max=RoundPauseSecs::MAX />
                <p class="field-hint">{tr(i18n, |i| t_string!(i, clinic_rx_pause_hint))}</p>
                <div class="field">
                    <label for="phase">{tr(i18n, |i| t_string!(i, clinic_phase_label))}</label>
                    <select id="phase" name="phase">
                        <option value="" selected=true>{tr(i18n, |i| t_string!(i, clinic_phase_keep))}</option>
                        {[Phase::Intensive, Phase::Maintenance].into_iter().filter(|ph| Some(*ph) != current_phase).map(|ph| view! {
                            <option value=ph.as_str()>{phase_label(i18n, ph)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="reason">{tr(i18n, |i| t_string!(i, clinic_reason_label))}</label>
                    <textarea id="reason" name="reason" rows="2" maxlength="4000"></textarea>
                </div>
                <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, clinic_rx_save))}</button>
            </form>
        </section>
    }
}

#[component]
fn History(detail: PatientDetail) -> impl IntoView {
    let i18n = use_i18n();
    let lang = Language::from(i18n.get_locale());
    let day = move |iso: &str| parse_day(iso).map_or_else(|| iso.to_owned(), |d| lang.date(d));
    let nothing = move || view! { <p>{tr(i18n, |i| t_string!(i, clinic_nothing_yet))}</p> };
    let opt = |v: Option<u32>| v.map_or_else(|| "–".to_owned(), |v| v.to_string());
    view! {
        <section class="card" aria-labelledby="answers-heading">
            <h2 id="answers-heading">{tr(i18n, |i| t_string!(i, clinic_answers_heading))}</h2>
            {if detail.answers.is_empty() { nothing().into_any() } else { view! {
                <div class="table-scroll"><table class="data-table" data-testid="answers">
                    <thead><tr>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_day))}</th>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_pain))}</th>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_pgi))}</th>
                    </tr></thead>
                    <tbody>{detail.answers.iter().map(|a| view! {
                        <tr><th scope="row">{day(&a.day)}</th><td>{opt(a.pain.map(u32::from))}</td><td>{opt(a.pgi_i.map(u32::from))}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
            }.into_any() }}
        </section>
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{tr(i18n, |i| t_string!(i, clinic_sessions_heading))}</h2>
            {if detail.sessions.is_empty() { nothing().into_any() } else { view! {
                // Up to 100 rows: folded, the page stays short.
                <details class="fold">
                <summary>{t_string!(i18n, clinic_sessions_all, count = detail.sessions.len())}</summary>
                <div class="table-scroll"><table class="data-table" data-testid="sessions">
                    <thead><tr>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_day))}</th>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_kind))}</th>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_amount))}</th>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_rounds))}</th>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_hurt))}</th>
                    </tr></thead>
                    <tbody>{detail.sessions.iter().map(|s| view! {
                        <tr>
                            <th scope="row">{day(&s.day)}</th>
                            <td>{if s.kind == "training" { t_string!(i18n, clinic_kind_training) } else { t_string!(i18n, clinic_kind_relaxation) }}</td>
                            <td>{s.amount.to_string()}</td>
                            <td>{s.rounds.to_string()}</td>
                            <td>{if s.hurt { t_string!(i18n, clinic_yes) } else { "" }}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table></div>
                </details>
            }.into_any() }}
        </section>
        <section class="card" aria-labelledby="diary-heading">
            <h2 id="diary-heading">{tr(i18n, |i| t_string!(i, clinic_diary_heading))}</h2>
            {if detail.diary.is_empty() { nothing().into_any() } else { view! {
                <div class="table-scroll"><table class="data-table" data-testid="diary">
                    <thead><tr>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_day))}</th>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_leakage))}</th>
                        <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_pain))}</th>
                    </tr></thead>
                    <tbody>{detail.diary.iter().map(|d| view! {
                        <tr><th scope="row">{day(&d.day)}</th><td>{opt(d.leakage)}</td><td>{opt(d.pain.map(u32::from))}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
            }.into_any() }}
        </section>
    }
}

/// The diary by week and the answers over time, as charts with tables.
#[component]
fn Charts(detail: PatientDetail) -> impl IntoView {
    let i18n = use_i18n();
    let weeks = detail.diary_weeks.clone();
    let lang = Language::from(i18n.get_locale_untracked());
    let day = |iso: &str| parse_day(iso).map_or_else(|| iso.to_owned(), |d| lang.day_month(d));
    let number = move |v: f64| lang.number(v);
    let bar = |label: &str, value: Option<f64>| Bar {
        label: day(label),
        value,
        text: value.map_or_else(|| "–".to_owned(), number),
    };
    let leakage: Vec<Bar> = weeks
        .iter()
        .map(|w| bar(&w.week, w.leakage_per_day))
        .collect();
    let (leakage_max, leakage_ticks) = scale(
        weeks
            .iter()
            .filter_map(|w| w.leakage_per_day)
            .fold(0.0, f64::max),
        number,
    );
    let pain: Vec<Bar> = weeks
        .iter()
        .map(|w| bar(&w.week, w.pain_max.map(f64::from)))
        .collect();
    let answers: Vec<Bar> = detail
        .answers
        .iter()
        .map(|a| bar(&a.day, a.pain.map(f64::from)))
        .collect();
    let ten = || {
        [0.0, 5.0, 10.0]
            .into_iter()
            .map(|v| (v, format!("{v}")))
            .collect::<Vec<_>>()
    };
    let opt = move |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| lang.decimal(v));
    view! {
        <section class="card" aria-labelledby="diary-weeks-heading">
            <h2 id="diary-weeks-heading">{tr(i18n, |i| t_string!(i, clinic_diary_weeks_heading))}</h2>
            {if weeks.iter().all(|w| w.days_logged == 0) {
                view! { <p>{tr(i18n, |i| t_string!(i, clinic_nothing_yet))}</p> }.into_any()
            } else {
                view! {
                    <Chart title=t_string!(i18n, chart_leakage_title).to_owned() bars=leakage max=leakage_max ticks=leakage_ticks />
                    <Chart title=t_string!(i18n, chart_pain_title).to_owned() bars=pain max=10.0 ticks=ten() />
                    <div class="table-scroll">
                        <table class="data-table" data-testid="diary-weeks">
                            <caption>{tr(i18n, |i| t_string!(i, clinic_diary_weeks_heading))}</caption>
                            <thead><tr>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_week))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_days_logged))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_leakage_day))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_pain_max))}</th>
                            </tr></thead>
                            <tbody>{weeks.into_iter().map(|w| view! {
                                <tr>
                                    <th scope="row">{w.week}</th>
                                    <td>{w.days_logged.to_string()}</td>
                                    <td>{opt(w.leakage_per_day)}</td>
                                    <td>{w.pain_max.map_or_else(|| "–".to_owned(), |p| p.to_string())}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {(!answers.is_empty()).then(|| view! {
                <Chart title=t_string!(i18n, chart_answer_pain_title).to_owned() bars=answers max=10.0 ticks=ten() />
            })}
        </section>
    }
}
