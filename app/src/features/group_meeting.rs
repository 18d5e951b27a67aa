//! Today's card for a patient in a therapist's group: the next meeting and
//! its homework. Asked from the server when online; the last answer is
//! kept on the phone, so the card shows offline too.

use crate::api::care::UpcomingMeeting;
use crate::i18n::*;
use crate::text::tr;
use leptos::prelude::*;

/// Where the last answer is kept on this phone (JSON).
#[cfg(feature = "hydrate")]
const KEY: &str = "knip.group.next";

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

#[component]
pub fn NextGroupMeeting() -> impl IntoView {
    let i18n = use_i18n();
    let next = RwSignal::new(None::<UpcomingMeeting>);
    #[cfg(feature = "hydrate")]
    {
        let kept = storage()
            .and_then(|s| s.get_item(KEY).ok()?)
            .and_then(|json| crate::platform::json::parse::<UpcomingMeeting>(&json).ok())
            .filter(|m| m.meeting.on >= crate::platform::local_time::today().to_string());
        next.set(kept);
        let user = crate::shell::current_user::use_current_user();
        leptos::task::spawn_local(async move {
            // Only a signed-in patient has group meetings. Asking without a
            // session is a 401, which the browser logs as an error in the
            // console of everyone who tries the app without an account.
            if !matches!(user.await, Some(me) if me.role == crate::domain::Role::Patient) {
                next.try_set(None);
                return;
            }
            match crate::platform::http::next_meeting().await {
                Ok(fresh) => {
                    if let Some(s) = storage() {
                        let _ = match &fresh.meeting {
                            Some(m) => {
                                s.set_item(KEY, &serde_json::to_string(m).unwrap_or_default())
                            }
                            None => s.remove_item(KEY),
                        };
                    }
                    next.try_set(fresh.meeting);
                }
                // Not signed in, or a staff account: nothing to show.
                Err(e) if e.code != crate::api::ErrorCode::Network => {
                    next.try_set(None);
                }
                Err(_) => {}
            }
        });
    }
    move || {
        next.get().map(|m| {
            let lang = crate::domain::Language::from(i18n.get_locale());
            let on = crate::domain::day::parse_day(&m.meeting.on)
                .map_or_else(|| m.meeting.on.clone(), |d| lang.date(d));
            let when = t_string!(
                i18n,
                today_group_when,
                group = m.group.clone(),
                therapist = m.therapist.clone(),
                on = on
            )
            .to_string();
            let read = m
                .meeting
                .module
                .clone()
                .zip(m.module_title.clone())
                .map(|(slug, title)| {
                    view! {
                        <p>
                            {tr(i18n, |i| t_string!(i, today_group_read))}" "
                            <a href=format!("{}/{slug}/1", crate::routes::LEARN_MODULES)>{title}</a>
                        </p>
                    }
                });
            let relax = m.meeting.relax_minutes.map(|r| {
                view! { <p>{t_string!(i18n, today_group_relax, minutes = r.get()).to_string()}</p> }
            });
            view! {
                <section class="card" aria-labelledby="group-meeting" data-testid="group-meeting">
                    <h2 id="group-meeting">{tr(i18n, |i| t_string!(i, today_group_heading))}</h2>
                    <p>{when}</p>
                    {read}
                    {relax}
                </section>
            }
        })
    }
}
