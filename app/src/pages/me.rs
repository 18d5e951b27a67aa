use super::Section;
use super::app_shell::SectionName;
use crate::components::{DeadLetters, LanguagePicker, SettingsCard};
use crate::i18n::*;
use crate::session::use_current_user;
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    view! {
        <h1><SectionName section=Section::Me /></h1>
        <section class="card" aria-labelledby="account-heading">
            <h2 id="account-heading">{t!(i18n, me_account_heading)}</h2>
            <Suspense>
                {move || Suspend::new(async move {
                    match user.await {
                        Some(me) => Either::Left(view! {
                            <p>
                                {t!(i18n, me_signed_in_as)} " " <strong data-testid="signed-in-email">{me.email}</strong>
                            </p>
                            <LogoutButton />
                        }),
                        None => Either::Right(view! {
                            <p>{t!(i18n, me_anonymous)}</p>
                            <div class="actions">
                                <a class="button primary" href="/register">{t!(i18n, me_create_account)}</a>
                                <a class="button" href="/login">{t!(i18n, me_login)}</a>
                            </div>
                        }),
                    }
                })}
            </Suspense>
        </section>
        <SettingsCard />
        <section class="card" aria-labelledby="language-heading">
            <h2 id="language-heading">{t!(i18n, language)}</h2>
            <LanguagePicker />
        </section>
        <DeadLetters />
    }
}

/// Logging out asks what should happen to the data on this phone: a shared
/// phone should not keep it, a personal one may.
#[component]
fn LogoutButton() -> impl IntoView {
    let i18n = use_i18n();
    let log_out = move |wipe: bool| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            if wipe && let Err(e) = crate::local::wipe().await {
                leptos::logging::warn!("could not clear the local data: {e}");
            }
            // Whatever the server says, this device is done with the session.
            let _ = crate::client::logout().await;
            crate::client::go_to("/login");
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = wipe;
    };
    view! {
        <fieldset class="logout">
            <legend>{t!(i18n, logout_question)}</legend>
            <div class="actions">
                <button type="button" class="button" on:click=move |_| log_out(false)>{t!(i18n, logout_keep)}</button>
                <button type="button" class="button" on:click=move |_| log_out(true)>{t!(i18n, logout_wipe)}</button>
            </div>
        </fieldset>
    }
}
