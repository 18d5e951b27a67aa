use super::LanguagePicker;
use crate::i18n::*;
use crate::text::tr;
use leptos::prelude::*;

/// The frame of the pages seen before the app: landing, register, log in.
#[component]
pub fn PublicPage(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{tr(i18n, |i| t_string!(i, skip_to_content))}</a>
        <header class="public-header">
            <a class="brand" href=crate::routes::HOME>"Knip"</a>
            <LanguagePicker />
        </header>
        <main id="main" class="public-main" tabindex="-1">{children()}</main>
    }
}
