use crate::features::reminders::ReminderSettings;
use crate::features::settings::SettingsCard;
use crate::i18n::*;
use crate::routes;
use crate::shell::current_user::use_current_user;
use crate::shell::navigation::{Section, SectionName};
use crate::text::tr;
use crate::ui::{DeadLetters, LanguagePicker};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    view! {
        <h1><SectionName section=Section::Me /></h1>
        <section class="card" aria-labelledby="account-heading">
            <h2 id="account-heading">{tr(i18n, |i| t_string!(i, me_account_heading))}</h2>
            <Suspense>
                {move || Suspend::new(async move {
                    match user.await {
                        Some(me) => Either::Left(view! {
                            <p>
                                {tr(i18n, |i| t_string!(i, me_signed_in_as))} " " <strong data-testid="signed-in-email">{me.email}</strong>
                            </p>
                            {(me.role == crate::domain::Role::Patient).then(|| view! {
                                <p><a class="button" href=routes::SHARING>{tr(i18n, |i| t_string!(i, me_share_link))}</a></p>
                            })}
                            <LogoutButton />
                            {(me.role == crate::domain::Role::Patient).then(YourData)}
                        }),
                        None => Either::Right(view! {
                            <p>{tr(i18n, |i| t_string!(i, me_anonymous))}</p>
                            <p class="hint">{tr(i18n, |i| t_string!(i, me_share_needs_account))}</p>
                            <div class="actions">
                                <a class="button primary" href=routes::REGISTER>{tr(i18n, |i| t_string!(i, me_create_account))}</a>
                                <a class="button" href=routes::LOGIN>{tr(i18n, |i| t_string!(i, me_login))}</a>
                            </div>
                        }),
                    }
                })}
            </Suspense>
        </section>
        <section class="card" aria-labelledby="me-pathway-heading">
            <h2 id="me-pathway-heading">{tr(i18n, |i| t_string!(i, pathway_heading))}</h2>
            <p>{tr(i18n, |i| t_string!(i, me_pathway_intro))}</p>
            <div class="actions">
                <a class="button" href=routes::ASSESSMENT>{tr(i18n, |i| t_string!(i, assessment_heading))}</a>
                <a class="button" href=routes::BLADDER>{tr(i18n, |i| t_string!(i, bladder_heading))}</a>
            </div>
        </section>
        <SettingsCard />
        <ReminderSettings />
        <section class="card" aria-labelledby="language-heading">
            <h2 id="language-heading">{tr(i18n, |i| t_string!(i, language))}</h2>
            <LanguagePicker />
        </section>
        <DeadLetters />
    }
}

/// Logging out asks what should happen to the data on this phone: a shared
/// phone should not keep it, a personal one may. A plain form, so it works
/// before (or without) the WASM: the server then clears the phone's data
/// with `Clear-Site-Data`; with the WASM the app clears it itself first.
#[component]
fn LogoutButton() -> impl IntoView {
    let i18n = use_i18n();
    // This phone's push subscription, filled in by `push.js`: the server
    // removes it with the session, so the phone gets no more reminders.
    let push_endpoint = NodeRef::<leptos::html::Input>::new();
    let log_out = move |ev: leptos::ev::MouseEvent, wipe: bool| {
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            let endpoint = push_endpoint
                .get_untracked()
                .map(|input| input.value())
                .filter(|v| !v.is_empty());
            leptos::task::spawn_local(async move {
                if wipe && let Err(e) = crate::platform::offline::wipe().await {
                    leptos::logging::warn!("could not clear the local data: {e}");
                }
                // Whatever the server says, this device is done with the session.
                let _ = crate::platform::http::logout(endpoint).await;
                crate::platform::http::go_to(routes::LOGIN);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, wipe, push_endpoint);
    };
    view! {
        <form method="post" action=routes::LOGOUT>
            <input type="hidden" name="push_endpoint" id="push-endpoint" value="" node_ref=push_endpoint />
            <fieldset class="logout">
                <legend>{tr(i18n, |i| t_string!(i, logout_question))}</legend>
                <div class="actions">
                    <button type="submit" name="wipe" value="no" class="button" on:click=move |ev| log_out(ev, false)>{tr(i18n, |i| t_string!(i, logout_keep))}</button>
                    <button type="submit" name="wipe" value="yes" class="button" on:click=move |ev| log_out(ev, true)>{tr(i18n, |i| t_string!(i, logout_wipe))}</button>
                    // A plain post, with or without the WASM: every session
                    // of the account ends; this phone keeps its data.
                    <button type="submit" class="button" formaction=routes::LOGOUT_EVERYWHERE>{tr(i18n, |i| t_string!(i, logout_everywhere))}</button>
                </div>
            </fieldset>
        </form>
    }
}

/// The patient's copy of their data, and erasing the account: a link and a
/// plain form (no WASM needed); the server checks the password, erases, and
/// asks the browser to clear what Knip keeps on the phone.
#[component]
fn YourData() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="your-data" aria-labelledby="data-heading">
            <h3 id="data-heading">{tr(i18n, |i| t_string!(i, me_data_heading))}</h3>
            <p>
                <a class="button" href=routes::EXPORT download>{tr(i18n, |i| t_string!(i, me_export))}</a>
                " "
                <a class="button" href=routes::EXPORT_CSV download>{tr(i18n, |i| t_string!(i, me_export_csv))}</a>
            </p>
            <p class="hint">{tr(i18n, |i| t_string!(i, me_export_hint))}</p>
            <details class="erase">
                <summary>{tr(i18n, |i| t_string!(i, me_erase_summary))}</summary>
                <form method="post" action=routes::ACCOUNT_ERASE>
                    <p>{tr(i18n, |i| t_string!(i, me_erase_warning))}</p>
                    <div class="field">
                        <label for="erase-password">{tr(i18n, |i| t_string!(i, me_erase_password))}</label>
                        <input id="erase-password" name="password" type="password" autocomplete="current-password" required />
                    </div>
                    <div class="actions">
                        <button type="submit" class="button danger">{tr(i18n, |i| t_string!(i, me_erase_button))}</button>
                    </div>
                </form>
            </details>
        </section>
    }
}
