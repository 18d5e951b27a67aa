//! `/admin`: therapists' accounts, made and disabled by an admin. Staff
//! accounts only: no patient and no health data is shown here.

use super::flash::{AdminFlash, FlashCode};
use super::{AdminData, ClinicFrame, day_of};
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use crate::ui::ConfirmPost;
use leptos::prelude::*;

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::domain::Language::from(i18n.get_locale());
    let Some(AdminData { list, flash }) = use_context::<AdminData>() else {
        return view! { <crate::ui::NotFound /> }.into_any();
    };
    let flash = flash.map(|flash| {
        let text = match flash {
            AdminFlash::Created => t_string!(i18n, admin_created),
            AdminFlash::Disabled => t_string!(i18n, admin_disabled_done),
            AdminFlash::Enabled => t_string!(i18n, admin_enabled_done),
            AdminFlash::Email => t_string!(i18n, admin_err_email),
            AdminFlash::Taken => t_string!(i18n, admin_err_taken),
            AdminFlash::Name => t_string!(i18n, admin_err_name),
            AdminFlash::Password => t_string!(i18n, admin_err_password),
        };
        super::flash(flash.is_done(), text)
    });
    view! {
        <ClinicFrame home=routes::ADMIN>
            <h1>{tr(i18n, |i| t_string!(i, admin_title))}</h1>
            <p class="hint">{tr(i18n, |i| t_string!(i, admin_intro))}</p>
            {flash}
            <section class="card" aria-labelledby="new-heading">
                <h2 id="new-heading">{tr(i18n, |i| t_string!(i, admin_create_heading))}</h2>
                <form class="stack" method="post" action="/admin/therapists">
                    <div class="field">
                        <label for="email">{tr(i18n, |i| t_string!(i, email_label))}</label>
                        <input id="email" name="email" type="email" autocomplete="off" required />
                    </div>
                    <div class="field">
                        <label for="display_name">{tr(i18n, |i| t_string!(i, admin_name_label))}</label>
                        <input id="display_name" name="display_name" type="text" autocomplete="off" maxlength="100" />
                    </div>
                    <div class="field">
                        <label for="password">{tr(i18n, |i| t_string!(i, admin_password_label))}</label>
                        <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required />
                    </div>
                    <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, admin_create))}</button>
                </form>
            </section>
            {if list.therapists.is_empty() {
                view! { <p>{tr(i18n, |i| t_string!(i, admin_none))}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table" data-testid="therapists">
                            <caption class="visually-hidden">{tr(i18n, |i| t_string!(i, admin_title))}</caption>
                            <thead><tr>
                                <th scope="col">{tr(i18n, |i| t_string!(i, admin_col_email))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, admin_col_name))}</th>
                                <th scope="col">{tr(i18n, |i| t_string!(i, admin_col_status))}</th>
                                <th scope="col"><span class="visually-hidden">{tr(i18n, |i| t_string!(i, admin_disable))}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.therapists.into_iter().map(|t| {
                                    let (action, label) = if t.disabled {
                                        ("enable", t_string!(i18n, admin_enable))
                                    } else {
                                        ("disable", t_string!(i18n, admin_disable))
                                    };
                                    view! {
                                        <tr>
                                            <th scope="row">{t.email.clone()}</th>
                                            <td>{t.name.clone().unwrap_or_default()}</td>
                                            <td>{if t.disabled { t_string!(i18n, admin_disabled) } else { t_string!(i18n, admin_active) }}" · "{day_of(lang, &t.created_at)}</td>
                                            <td>
                                                {if t.disabled {
                                                    view! {
                                                        <form method="post" action=format!("/admin/therapists/{}/{action}", t.id)>
                                                            <button type="submit" class="button" aria-label=format!("{label}: {}", t.email)>{label}</button>
                                                        </form>
                                                    }.into_any()
                                                } else {
                                                    // Signs the therapist out everywhere: asked first.
                                                    view! {
                                                        <ConfirmPost
                                                            action=format!("/admin/therapists/{}/{action}", t.id)
                                                            label=label.to_owned()
                                                            subject=t.email.clone()
                                                            question=t_string!(i18n, admin_disable_question).to_owned()
                                                            yes=t_string!(i18n, admin_disable_yes).to_owned()
                                                        />
                                                    }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </ClinicFrame>
    }
    .into_any()
}
