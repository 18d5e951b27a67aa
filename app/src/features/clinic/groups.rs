//! `/clinic/groups` and `/clinic/groups/{id}`: a therapist's groups, their
//! meetings with homework, the members and how the group does.

use super::flash::{FlashCode, GroupFlash};
use super::outcomes::CohortTable;
use super::{ClinicFrame, GroupPageData, GroupsData, flag_label, last_session, percent};
use crate::domain::groups::Template;
use crate::domain::relax::RelaxMinutes;
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use leptos::prelude::*;

fn flash_view(i18n: leptos_i18n::I18nContext<Locale>, flash: Option<GroupFlash>) -> impl IntoView {
    flash.and_then(|flash| {
        let text = match flash {
            GroupFlash::Created => t_string!(i18n, groups_created),
            GroupFlash::Saved => t_string!(i18n, groups_saved),
            // Said beside that meeting (see GroupPage).
            GroupFlash::MeetingSaved(_) => return None,
            GroupFlash::Name => t_string!(i18n, groups_err_name),
            GroupFlash::Date => t_string!(i18n, groups_err_date),
            GroupFlash::Past => t_string!(i18n, groups_err_past),
            GroupFlash::Minutes => t_string!(i18n, groups_err_minutes),
            GroupFlash::Other => t_string!(i18n, groups_err_other),
        };
        Some(super::flash(flash.is_done(), text))
    })
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let Some(GroupsData { list, flash, today }) = use_context::<GroupsData>() else {
        return view! { <crate::ui::NotFound /> }.into_any();
    };
    let template_label = move |t: Template| match t {
        Template::PainSchool => t_string!(i18n, groups_template_pain_school),
        Template::FollowUps => t_string!(i18n, groups_template_follow_ups),
    };
    view! {
        <ClinicFrame>
            <h1>{tr(i18n, |i| t_string!(i, groups_title))}</h1>
            {flash_view(i18n, flash)}
            {if list.groups.is_empty() {
                view! { <p>{tr(i18n, |i| t_string!(i, groups_none))}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table" data-testid="groups">
                            <caption class="visually-hidden">{tr(i18n, |i| t_string!(i, groups_title))}</caption>
                            <thead><tr>
                                <th scope="col">{tr(i18n, |i| t_string!(i, groups_col_name))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, groups_col_members))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, groups_col_next))}</th>
                            </tr></thead>
                            <tbody>
                                {list.groups.into_iter().map(|g| view! {
                                    <tr>
                                        <th scope="row"><a href=format!("{}/{}", routes::CLINIC_GROUPS, g.id)>{g.name}</a></th>
                                        <td>{g.members.to_string()}</td>
                                        <td>{g.next.unwrap_or_else(|| "–".to_owned())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <section class="card" aria-labelledby="new-group">
                <h2 id="new-group">{tr(i18n, |i| t_string!(i, groups_new))}</h2>
                <form class="stack" method="post" action=routes::CLINIC_GROUPS>
                    <div class="field">
                        <label for="name">{tr(i18n, |i| t_string!(i, groups_name_label))}</label>
                        <input id="name" name="name" type="text" maxlength="80" required />
                    </div>
                    <div class="field">
                        <label for="template">{tr(i18n, |i| t_string!(i, groups_template_label))}</label>
                        <select id="template" name="template">
                            {Template::ALL.into_iter().map(|t| view! { <option value=t.as_str()>{template_label(t)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="start">{tr(i18n, |i| t_string!(i, groups_start_label))}</label>
                        <input id="start" name="start" type="date" min=today.clone() value=today required />
                    </div>
                    <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, groups_create))}</button>
                </form>
            </section>
        </ClinicFrame>
    }
    .into_any()
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let i18n = use_i18n();
    let Some(GroupPageData { group, flash }) = use_context::<GroupPageData>() else {
        return view! { <crate::ui::NotFound /> }.into_any();
    };
    let saved_meeting = match flash {
        Some(GroupFlash::MeetingSaved(n)) => Some(n),
        _ => None,
    };
    let today = crate::platform::local_time::today().to_string();
    // Each education module a meeting may assign, titled in the page's language.
    let lang = crate::domain::Language::from(i18n.get_locale_untracked());
    let modules: Vec<(String, String)> = crate::features::learn::modules::MODULES
        .iter()
        .filter_map(|m| {
            Some((
                m.slug.to_owned(),
                crate::features::learn::modules::module(m.slug, lang)?
                    .title
                    .to_owned(),
            ))
        })
        .collect();
    let base = format!("{}/{}", routes::CLINIC_GROUPS, group.id);
    let mean = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format!("{v:.0} %"));
    view! {
        <ClinicFrame>
            <p><a href=routes::CLINIC_GROUPS>"← "{tr(i18n, |i| t_string!(i, groups_title))}</a></p>
            <h1>{group.name.clone()}</h1>
            {flash_view(i18n, flash)}
            <dl class="facts">
                <dt>{tr(i18n, |i| t_string!(i, clinic_col_dose7))}</dt><dd>{mean(group.dose_7)}</dd>
                <dt>{tr(i18n, |i| t_string!(i, clinic_col_dose30))}</dt><dd>{mean(group.dose_30)}</dd>
            </dl>
            <section class="card" aria-labelledby="meetings-heading">
                <h2 id="meetings-heading">{tr(i18n, |i| t_string!(i, groups_meetings))}</h2>
                <ol class="meetings" data-testid="meetings">
                    {group.meetings.iter().enumerate().map(|(i, m)| {
                        let n = i + 1;
                        let module_id = format!("module-{n}");
                        let minutes_id = format!("minutes-{n}");
                        let current = m.module.clone();
                        let anchor = format!("meeting-{n}");
                        let saved = saved_meeting == Some(n);
                        // Past meetings are marked, not only by their date.
                        let past = m.on < today;
                        let on = crate::domain::day::parse_day(&m.on).map_or_else(|| m.on.clone(), |d| lang.date(d));
                        view! {
                            <li id=anchor class:past=past>
                                <form class="meeting-form" method="post" action=format!("{base}/meetings/{n}")>
                                    <strong>{on}{past.then(|| view! { " · "<span class="meeting-past">{tr(i18n, |i| t_string!(i, groups_meeting_past))}</span> })}</strong>
                                    <div class="field">
                                        <label for=module_id.clone()>{tr(i18n, |i| t_string!(i, groups_module_label))}</label>
                                        <select id=module_id name="module">
                                            <option value="">{tr(i18n, |i| t_string!(i, groups_no_module))}</option>
                                            {modules.iter().map(|(slug, title)| view! {
                                                <option value=slug.clone() selected=current.as_deref() == Some(slug.as_str())>{title.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for=minutes_id.clone()>{tr(i18n, |i| t_string!(i, groups_minutes_label))}</label>
                                        <input id=minutes_id name="relax_minutes" type="number" inputmode="numeric" min=RelaxMinutes::MIN.to_string() max=RelaxMinutes::MAX.to_string()
                                            value=m.relax_minutes.map(|r| r.get().to_string()).unwrap_or_default() />
                                    </div>
                                    <button type="submit" class="button">{tr(i18n, |i| t_string!(i, groups_save_homework))}</button>
                                    {saved.then(|| view! { <p class="notice" role="status">{tr(i18n, |i| t_string!(i, groups_saved))}</p> })}
                                </form>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
            <section class="card" aria-labelledby="members-heading">
                <h2 id="members-heading">{tr(i18n, |i| t_string!(i, groups_members))}</h2>
                {if group.members.is_empty() {
                    view! { <p>{tr(i18n, |i| t_string!(i, groups_no_members))}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll">
                            <table class="data-table" data-testid="members">
                                <caption class="visually-hidden">{tr(i18n, |i| t_string!(i, groups_members))}</caption>
                                <thead><tr>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_patient))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_dose7))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_last))}</th>
                                    <th scope="col">{tr(i18n, |i| t_string!(i, clinic_col_flags))}</th>
                                    <th scope="col"><span class="visually-hidden">{tr(i18n, |i| t_string!(i, groups_remove))}</span></th>
                                </tr></thead>
                                <tbody>
                                    {group.members.iter().map(|r| view! {
                                        <tr>
                                            <th scope="row"><a href=format!("{}/{}", routes::CLINIC_PATIENTS, r.id)>{r.name.clone()}</a></th>
                                            <td>{percent(r.dose_7)}</td>
                                            <td>{last_session(i18n, r.days_since_session)}</td>
                                            <td>{r.flags.iter().map(|f| flag_label(i18n, *f)).collect::<Vec<_>>().join(", ")}</td>
                                            <td>
                                                <form method="post" action=format!("{base}/members/{}/remove", r.id)>
                                                    <button type="submit" class="button" aria-label=format!("{}: {}", t_string!(i18n, groups_remove), r.name)>
                                                        {tr(i18n, |i| t_string!(i, groups_remove))}
                                                    </button>
                                                </form>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
                // Only some linked patients are listed (and logged as seen):
                // a search finds the others.
                {group.more_candidates.then(|| view! {
                    <form class="clinic-filters" method="get" action=base.clone() role="search">
                        <div class="field">
                            <label for="candidate-q">{tr(i18n, |i| t_string!(i, groups_find_label))}</label>
                            <input id="candidate-q" name="q" type="search" maxlength="100" />
                        </div>
                        <button type="submit" class="button">{tr(i18n, |i| t_string!(i, groups_find))}</button>
                    </form>
                })}
                {(!group.candidates.is_empty()).then(|| view! {
                    <form class="clinic-filters" method="post" action=format!("{base}/members")>
                        <div class="field">
                            <label for="patient_id">{tr(i18n, |i| t_string!(i, groups_add_label))}</label>
                            <select id="patient_id" name="patient_id">
                                {group.candidates.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button">{tr(i18n, |i| t_string!(i, groups_add))}</button>
                    </form>
                })}
            </section>
            <CohortTable rows=group.outcomes.clone() />
        </ClinicFrame>
    }
    .into_any()
}
