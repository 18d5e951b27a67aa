use crate::api::LoginRequest;
use crate::components::{FormMessage, FormMessageText, PublicPage, TextField};
use crate::domain::account::{Credentials, CredentialsError};
use crate::i18n::*;
use crate::text::{text, tr};
use leptos::prelude::*;

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<FormMessage>);
    let password_error = RwSignal::new(None::<FormMessage>);
    let form_error = RwSignal::new(None::<FormMessage>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        email_error.set(None);
        password_error.set(None);
        form_error.set(None);
        match Credentials::parse(&email.get_untracked(), &password.get_untracked()) {
            Err(error) => {
                let target = match error {
                    CredentialsError::Email(_) => email_error,
                    CredentialsError::MissingPassword | CredentialsError::PasswordTooLong => {
                        password_error
                    }
                };
                target.set(Some(error.into()));
            }
            Ok(_) => {
                let body = LoginRequest {
                    email: email.get_untracked(),
                    password: password.get_untracked(),
                };
                send(body, pending, form_error);
            }
        }
    };

    view! {
        <PublicPage>
            <h1>{tr(i18n, |i| t_string!(i, login_heading))}</h1>
            <form class="stack" method="post" action="/api/auth/login" novalidate on:submit=on_submit>
                <TextField
                    id="email"
                    label=move || tr(i18n, |i| t_string!(i, email_label))
                    value=email
                    error=email_error
                    input_type="email"
                    autocomplete="username"
                    required=true
                />
                <TextField
                    id="password"
                    label=move || tr(i18n, |i| t_string!(i, password_label))
                    value=password
                    error=password_error
                    input_type="password"
                    autocomplete="current-password"
                    required=true
                />
                <div class="form-error" role="alert">
                    {move || form_error.get().map(|message| view! { <FormMessageText message /> })}
                </div>
                <button class="button primary" type="submit" aria-disabled=move || pending.get().to_string()>
                    {text(move || if pending.get() { t_string!(i18n, submitting) } else { t_string!(i18n, login_submit) }.to_owned())}
                </button>
            </form>
            <p><a href="/register">{tr(i18n, |i| t_string!(i, to_register))}</a></p>
        </PublicPage>
    }
}

#[cfg(feature = "hydrate")]
fn send(body: LoginRequest, pending: RwSignal<bool>, form_error: RwSignal<Option<FormMessage>>) {
    pending.set(true);
    leptos::task::spawn_local(async move {
        match crate::client::login(&body).await {
            Ok(()) => crate::client::go_to("/app/today"),
            Err(failure) => {
                pending.set(false);
                form_error.set(Some(FormMessage::from_api(failure.code, &failure.message)));
            }
        }
    });
}

/// Forms are only submitted from the browser.
#[cfg(not(feature = "hydrate"))]
fn send(_: LoginRequest, _: RwSignal<bool>, _: RwSignal<Option<FormMessage>>) {}
