use crate::api::RegisterRequest;
use crate::components::{FormMessage, FormMessageText, PublicPage, TextField};
use crate::domain::account::{Registration, RegistrationError};
use crate::i18n::*;
use crate::text::{text, tr};
use leptos::prelude::*;

#[component]
pub fn Register() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<FormMessage>);
    let password_error = RwSignal::new(None::<FormMessage>);
    let name_error = RwSignal::new(None::<FormMessage>);
    let form_error = RwSignal::new(None::<FormMessage>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        email_error.set(None);
        password_error.set(None);
        name_error.set(None);
        form_error.set(None);
        let locale = i18n.get_locale_untracked().as_str().to_owned();
        let name = display_name.get_untracked();
        let checked = Registration::parse(
            &email.get_untracked(),
            &password.get_untracked(),
            Some(name.as_str()),
            Some(locale.as_str()),
        );
        match checked {
            Err(error) => {
                let target = match error {
                    RegistrationError::Email(_) => email_error,
                    RegistrationError::Password(_) => password_error,
                    RegistrationError::DisplayName(_) => name_error,
                    RegistrationError::Language(_) => form_error,
                };
                target.set(Some(error.into()));
            }
            Ok(_) => {
                let body = RegisterRequest {
                    email: email.get_untracked(),
                    password: password.get_untracked(),
                    display_name: (!name.trim().is_empty()).then_some(name),
                    locale: Some(locale),
                };
                send(body, pending, form_error);
            }
        }
    };

    view! {
        <PublicPage>
            <h1>{tr(i18n, |i| t_string!(i, register_heading))}</h1>
            <p>{tr(i18n, |i| t_string!(i, register_intro))}</p>
            <form class="stack" method="post" action="/api/auth/register" novalidate on:submit=on_submit>
                <TextField
                    id="email"
                    label=move || tr(i18n, |i| t_string!(i, email_label))
                    value=email
                    error=email_error
                    input_type="email"
                    autocomplete="email"
                    required=true
                />
                <TextField
                    id="password"
                    label=move || tr(i18n, |i| t_string!(i, password_label))
                    hint=move || tr(i18n, |i| t_string!(i, password_hint))
                    value=password
                    error=password_error
                    input_type="password"
                    autocomplete="new-password"
                    required=true
                />
                <TextField
                    id="display_name"
                    label=move || tr(i18n, |i| t_string!(i, display_name_label))
                    value=display_name
                    error=name_error
                    autocomplete="nickname"
                />
                <div class="form-error" role="alert">
                    {move || form_error.get().map(|message| view! { <FormMessageText message /> })}
                </div>
                <button class="button primary" type="submit" aria-disabled=move || pending.get().to_string()>
                    {text(move || if pending.get() { t_string!(i18n, submitting) } else { t_string!(i18n, register_submit) }.to_owned())}
                </button>
            </form>
            <p><a href="/login">{tr(i18n, |i| t_string!(i, to_login))}</a></p>
        </PublicPage>
    }
}

#[cfg(feature = "hydrate")]
fn send(body: RegisterRequest, pending: RwSignal<bool>, form_error: RwSignal<Option<FormMessage>>) {
    pending.set(true);
    leptos::task::spawn_local(async move {
        match crate::client::register(&body).await {
            Ok(_) => crate::client::go_to("/app/today"),
            Err(failure) => {
                pending.set(false);
                form_error.set(Some(FormMessage::from_api(failure.code, &failure.message)));
            }
        }
    });
}

/// Forms are only submitted from the browser.
#[cfg(not(feature = "hydrate"))]
fn send(_: RegisterRequest, _: RwSignal<bool>, _: RwSignal<Option<FormMessage>>) {}
