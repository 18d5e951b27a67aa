//! `/sharing`: the patient enters a therapist's code, reads what the
//! therapist would see, consents or declines, stops sharing, and reads who
//! has looked. Plain forms: no WASM needed.

use crate::api::care::{AccessLogList, LinkList, LinkView};
use crate::domain::care::LinkStatus;
use crate::features::clinic::flash::{FlashCode, SharingFlash};
use crate::features::clinic::{access_label, day_of, log_label, minute_of};
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use crate::ui::{ConfirmPost, PublicPage};
use leptos::prelude::*;

/// What the sharing page shows: the patient's links and access log.
#[derive(Debug, Clone)]
pub struct SharingData {
    pub links: LinkList,
    pub log: AccessLogList,
    /// An older page of the log is shown (not the newest).
    pub paged: bool,
    pub flash: Option<SharingFlash>,
}

#[component]
pub fn SharingPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::domain::Language::from(i18n.get_locale());
    let Some(SharingData {
        links,
        log,
        paged,
        flash,
    }) = use_context::<SharingData>()
    else {
        return view! { <crate::ui::NotFound /> }.into_any();
    };
    let flash = flash.map(|flash| {
        let text = match flash {
            SharingFlash::Consented => t_string!(i18n, share_saved_consent),
            SharingFlash::Revoked => t_string!(i18n, share_saved_revoked),
            SharingFlash::Code => t_string!(i18n, share_err_code),
            SharingFlash::Linked => t_string!(i18n, share_err_linked),
            SharingFlash::Invite => t_string!(i18n, share_err_invite),
        };
        crate::features::clinic::flash(flash.is_done(), text)
    });
    let (pending, active): (Vec<LinkView>, Vec<LinkView>) = links
        .links
        .into_iter()
        .partition(|l| l.status == LinkStatus::Pending);
    view! {
        <PublicPage>
            <p><a href=routes::ME>"← "{tr(i18n, |i| t_string!(i, back_to_me))}</a></p>
            <h1>{tr(i18n, |i| t_string!(i, share_title))}</h1>
            <p>{tr(i18n, |i| t_string!(i, share_intro))}</p>
            {flash}
            {pending.into_iter().map(|link| view! { <Pending link /> }).collect_view()}
            <form class="stack card" method="post" action=routes::SHARING_LINK>
                <div class="field">
                    <label for="code">{tr(i18n, |i| t_string!(i, share_code_label))}</label>
                    <input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters"
                        spellcheck="false" maxlength="20" required aria-describedby="code-hint" />
                    <p class="field-hint" id="code-hint">{tr(i18n, |i| t_string!(i, share_code_hint))}</p>
                </div>
                <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, share_code_submit))}</button>
            </form>
            <section class="card" aria-labelledby="active-heading">
                <h2 id="active-heading">{tr(i18n, |i| t_string!(i, share_active_heading))}</h2>
                {if active.is_empty() {
                    view! { <p>{tr(i18n, |i| t_string!(i, share_none))}</p> }.into_any()
                } else {
                    view! {
                        <ul class="links" data-testid="active-links">
                            {active.into_iter().map(|link| view! {
                                <li>
                                    <strong>{link.therapist.clone()}</strong>" "
                                    <span class="hint">{tr(i18n, |i| t_string!(i, share_since))}" "{day_of(lang, link.consented_at.as_deref().unwrap_or(&link.created_at))}</span>
                                    <ConfirmPost
                                        action=format!("{}/{}/revoke", routes::SHARING_LINKS, link.id)
                                        label=t_string!(i18n, share_revoke).to_owned()
                                        question=t_string!(i18n, share_revoke_question).to_owned()
                                        yes=t_string!(i18n, share_revoke_yes).to_owned()
                                    />
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="log-heading">
                <h2 id="log-heading">{tr(i18n, |i| t_string!(i, share_log_heading))}</h2>
                {if log.entries.is_empty() {
                    view! { <p>{tr(i18n, |i| t_string!(i, share_log_empty))}</p> }.into_any()
                } else {
                    view! {
                        <ul class="access-log" data-testid="access-log">
                            {log.entries.into_iter().map(|e| {
                                let times = (e.times > 1).then(|| {
                                    let last = e.last_at.as_deref().map(|at| minute_of(lang, at)).unwrap_or_default();
                                    format!(" ({})", t_string!(i18n, log_times, times = e.times, last = last))
                                });
                                view! {
                                    <li><span class="hint">{minute_of(lang, &e.at)}</span>" "<strong>{e.therapist}</strong>" "{log_label(i18n, e.what)}{times}</li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                // Every read stays in sight: the log goes back page by page.
                <p class="actions">
                    {paged.then(|| view! { <a href=format!("{}#log-heading", routes::SHARING)>{tr(i18n, |i| t_string!(i, share_log_newest))}</a> })}
                    {log.next.map(|next| view! { <a href=format!("{}?before={next}#log-heading", routes::SHARING) data-testid="access-log-older">{tr(i18n, |i| t_string!(i, share_log_older))}</a> })}
                </p>
            </section>
        </PublicPage>
    }
    .into_any()
}

/// A code entered but not yet agreed to: what the therapist would see.
#[component]
fn Pending(link: LinkView) -> impl IntoView {
    let i18n = use_i18n();
    let action = format!("{}/{}", routes::SHARING_LINKS, link.id);
    view! {
        <section class="card consent" aria-labelledby=format!("pending-{}", link.id) data-testid="consent">
            <h2 id=format!("pending-{}", link.id)><strong>{link.therapist.clone()}</strong>" "{tr(i18n, |i| t_string!(i, share_pending_heading))}</h2>
            <p>{tr(i18n, |i| t_string!(i, share_sees))}</p>
            <ul>{link.sees.iter().map(|a| view! { <li>{access_label(i18n, *a)}</li> }).collect_view()}</ul>
            <p>{tr(i18n, |i| t_string!(i, share_changes))}</p>
            <ul>{link.changes.iter().map(|a| view! { <li>{access_label(i18n, *a)}</li> }).collect_view()}</ul>
            <p class="hint">{tr(i18n, |i| t_string!(i, share_private))}</p>
            <div class="actions">
                <form method="post" action=format!("{action}/consent")>
                    <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, share_consent))}</button>
                </form>
                <form method="post" action=format!("{action}/revoke")>
                    <button type="submit" class="button">{tr(i18n, |i| t_string!(i, share_decline))}</button>
                </form>
            </div>
        </section>
    }
}
