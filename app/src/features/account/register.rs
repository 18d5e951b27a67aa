//! Register: a plain HTML form, rendered on the server and posted to it (no
//! WASM). A failed post comes back as this page with the message and what
//! was typed, except the password (see `server::routes::forms`).

use crate::features::account::forms::{Field, error_signal, use_form_feedback};
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use crate::ui::{FormMessageText, PublicPage, ShowPassword, TextField};
use leptos::prelude::*;

#[component]
pub fn Register() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_form_feedback();
    let email = RwSignal::new(feedback.email.clone());
    let password = RwSignal::new(String::new());
    let display_name = RwSignal::new(feedback.display_name.clone());
    let email_error = error_signal(&feedback, Field::Email);
    let password_error = error_signal(&feedback, Field::Password);
    let name_error = error_signal(&feedback, Field::DisplayName);
    let form_error = feedback
        .message
        .clone()
        .filter(|m| m.field() == Field::Form);
    // The account starts in the language the page is shown in.
    let locale = i18n.get_locale_untracked().as_str();

    view! {
        <PublicPage>
            <h1>{tr(i18n, |i| t_string!(i, register_heading))}</h1>
            <p>{tr(i18n, |i| t_string!(i, register_intro))}</p>
            <form class="stack" method="post" action=routes::REGISTER novalidate>
                <input type="hidden" name="locale" value=locale />
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
                <ShowPassword of="password" label=move || tr(i18n, |i| t_string!(i, show_password)) />
                <TextField
                    id="display_name"
                    label=move || tr(i18n, |i| t_string!(i, display_name_label))
                    value=display_name
                    error=name_error
                    autocomplete="nickname"
                />
                <div class="form-error" role="alert">
                    {form_error.map(|message| view! { <FormMessageText message /> })}
                </div>
                <button class="button primary" type="submit">{tr(i18n, |i| t_string!(i, register_submit))}</button>
            </form>
            <p><a href=routes::LOGIN>{tr(i18n, |i| t_string!(i, to_login))}</a></p>
        </PublicPage>
    }
}
