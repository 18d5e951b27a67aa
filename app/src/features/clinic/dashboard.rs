//! `/clinic`: who trains and who has stopped, most in need first.

use super::{ClinicFrame, DashboardData, flags_rule, last_session, percent, phase_label};
use crate::api::care::PatientRow;
use crate::domain::care::SortBy;
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn ClinicDashboard() -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::domain::Language::from(i18n.get_locale());
    let Some(DashboardData(list)) = use_context::<DashboardData>() else {
        return view! { <crate::ui::NotFound /> }.into_any();
    };
    let sort_label = move |s: SortBy| match s {
        SortBy::Need => t_string!(i18n, clinic_sort_need),
        SortBy::Name => t_string!(i18n, clinic_sort_name),
        SortBy::LastSession => t_string!(i18n, clinic_sort_last_session),
        SortBy::Dose => t_string!(i18n, clinic_sort_dose),
    };
    let link = |page: usize| {
        format!(
            "{}?q={}&sort={}&page={page}",
            routes::CLINIC,
            url_encode(&list.q),
            list.sort.as_str()
        )
    };
    let (prev, next) = (
        (list.page > 1).then(|| link(list.page - 1)),
        (list.page < list.pages).then(|| link(list.page + 1)),
    );
    let csv = format!(
        "{}?q={}&sort={}",
        routes::CLINIC_CSV,
        url_encode(&list.q),
        list.sort.as_str()
    );
    let empty = if list.total == 0 && list.q.is_empty() {
        Some(t_string!(i18n, clinic_empty))
    } else if list.total == 0 {
        Some(t_string!(i18n, clinic_no_match))
    } else {
        None
    };
    let rows = list.patients.clone();
    view! {
        <ClinicFrame>
            <h1>{tr(i18n, |i| t_string!(i, clinic_title))}</h1>
            <section class="card" aria-labelledby="invite-heading">
                <h2 id="invite-heading">{tr(i18n, |i| t_string!(i, clinic_invite_heading))}</h2>
                <p class="hint">{tr(i18n, |i| t_string!(i, clinic_invite_help))}</p>
                <form method="post" action=routes::CLINIC_INVITES>
                    <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, clinic_invite_create))}</button>
                </form>
                {(!list.invites.is_empty()).then(|| view! {
                    <h3>{tr(i18n, |i| t_string!(i, clinic_invite_open))}</h3>
                    <ul class="invite-codes" data-testid="invite-codes">
                        {list.invites.iter().map(|inv| view! {
                            <li><strong class="invite-code">{inv.code.clone()}</strong>" "
                                <span class="hint">{tr(i18n, |i| t_string!(i, clinic_invite_until))}" "{super::day_of(lang, &inv.expires_at)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </section>
            <form class="clinic-filters" method="get" action=routes::CLINIC role="search">
                <div class="field">
                    <label for="q">{tr(i18n, |i| t_string!(i, clinic_search_label))}</label>
                    <input id="q" name="q" type="search" value=list.q.clone() maxlength="100" />
                </div>
                <div class="field">
                    <label for="sort">{tr(i18n, |i| t_string!(i, clinic_sort_label))}</label>
                    <select id="sort" name="sort">
                        {SortBy::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=s == list.sort>{sort_label(s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{tr(i18n, |i| t_string!(i, clinic_show))}</button>
            </form>
            {match empty {
                Some(text) => view! { <p class="notice">{text}</p> }.into_any(),
                None => view! {
                    <div class="table-scroll">
                        <table class="data-table clinic-table" data-testid="patients">
                            <caption class="visually-hidden">{tr(i18n, |i| t_string!(i, clinic_title))}</caption>
                            <thead><tr>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_patient))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_phase))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_dose7))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_dose30))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_last))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_outcome))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_flags))}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! { <Row row /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <nav class="pagination" aria-label=tr(i18n, |i| t_string!(i, clinic_pagination))>
                        {prev.map(|href| view! { <a href=href rel="prev">{tr(i18n, |i| t_string!(i, clinic_prev))}</a> })}
                        <span>{t_string!(i18n, clinic_page_of, page = list.page, pages = list.pages, total = list.total).to_string()}</span>
                        {next.map(|href| view! { <a href=href rel="next">{tr(i18n, |i| t_string!(i, clinic_next))}</a> })}
                    </nav>
                    <p class="hint">{flags_rule(i18n)}</p>
                    <p><a href=csv download="">{tr(i18n, |i| t_string!(i, clinic_csv_list))}</a></p>
                    <p><a href=routes::CLINIC_OUTCOMES>{tr(i18n, |i| t_string!(i, clinic_outcomes_link))}</a></p>
                }.into_any(),
            }}
        </ClinicFrame>
    }
    .into_any()
}

#[component]
fn Row(row: PatientRow) -> impl IntoView {
    let i18n = use_i18n();
    let phase = match (row.phase, row.week) {
        (Some(phase), Some(week)) => format!(
            "{}, {}",
            phase_label(i18n, phase),
            t_string!(i18n, clinic_week, week = week)
        ),
        _ => t_string!(i18n, clinic_not_started).to_owned(),
    };
    let outcome = row.outcome.map(|o| {
        let mut parts = Vec::new();
        if let (Some(before), Some(now)) = (o.pain_before, o.pain_now) {
            parts.push(t_string!(i18n, clinic_pain_change, before = before, now = now).to_string());
        }
        if let Some(value) = o.pgi_i {
            parts.push(t_string!(i18n, clinic_pgi, value = value).to_string());
        }
        parts.join(", ")
    });
    view! {
        <tr>
            <th scope="row"><a href=format!("{}/{}", routes::CLINIC_PATIENTS, row.id)>{row.name.clone()}</a></th>
            <td>{phase}</td>
            <td>{percent(row.dose_7)}</td>
            <td>{percent(row.dose_30)}</td>
            <td>{last_session(i18n, row.days_since_session)}</td>
            <td>{outcome.unwrap_or_else(|| "–".to_owned())}</td>
            <td>
                <ul class="flags">
                    {row.flags.iter().map(|f| super::flag_item(i18n, *f, format!("{}/{}#why", routes::CLINIC_PATIENTS, row.id))).collect_view()}
                </ul>
            </td>
        </tr>
    }
}

/// Percent-encodes a search for a link.
fn url_encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
