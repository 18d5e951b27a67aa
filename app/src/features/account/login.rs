//! Log in: a plain HTML form, rendered on the server and posted to it (no
//! WASM). A failed post comes back as this page with the message and the
//! email as typed (see `server::routes::forms`).

use crate::features::account::forms::{Field, error_signal, use_form_feedback};
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use crate::ui::{FormMessageText, PublicPage, ShowPassword, TextField};
use leptos::prelude::*;

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_form_feedback();
    let email = RwSignal::new(feedback.email.clone());
    let password = RwSignal::new(String::new());
    let email_error = error_signal(&feedback, Field::Email);
    let password_error = error_signal(&feedback, Field::Password);
    let form_error = feedback
        .message
        .clone()
        .filter(|m| m.field() == Field::Form);

    view! {
        <PublicPage>
            <h1>{tr(i18n, |i| t_string!(i, login_heading))}</h1>
            <form class="stack" method="post" action=routes::LOGIN novalidate>
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
                <ShowPassword of="password" label=move || tr(i18n, |i| t_string!(i, show_password)) />
                <div class="form-error" role="alert">
                    {form_error.map(|message| view! { <FormMessageText message /> })}
                </div>
                <button class="button primary" type="submit">{tr(i18n, |i| t_string!(i, login_submit))}</button>
            </form>
            <p><a href=routes::REGISTER>{tr(i18n, |i| t_string!(i, to_register))}</a></p>
        </PublicPage>
    }
}
