use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use leptos::prelude::*;

/// Three buttons, one per language, each named in its own language. The
/// choice is remembered in a cookie. Without WASM (the public pages) the
/// buttons post the choice to the server, which sends the page back in that
/// language; on a hydrated page the choice applies at once.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let back = back_path();
    let choices = [
        (Locale::nb, "Bokmål"),
        (Locale::nn, "Nynorsk"),
        (Locale::en, "English"),
    ];
    view! {
        <form class="language-picker" method="post" action=routes::LANGUAGE>
            <input type="hidden" name="back" value=back />
            <div class="language-choices" role="group" aria-label=tr(i18n, |i| t_string!(i, language))>
            {choices
                .into_iter()
                .map(|(locale, name)| {
                    view! {
                        <button
                            type="submit"
                            name="lang"
                            value=locale.as_str()
                            lang=locale.as_str()
                            aria-pressed=move || (i18n.get_locale() == locale).to_string()
                            on:click=move |ev| {
                                ev.prevent_default();
                                i18n.set_locale(locale);
                                remember(locale);
                            }
                        >
                            {name}
                        </button>
                    }
                })
                .collect_view()}
            </div>
        </form>
    }
}

/// Where the server's language form sends the browser back to: this page.
fn back_path() -> String {
    // The hydrated page being shown (none on a page without the app).
    if let Some(page) = use_context::<routes::Page>() {
        return page.path().to_owned();
    }
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return parts.uri.path().to_owned();
    }
    routes::HOME.to_owned()
}

/// Keeps the choice for the next page load (the server reads the cookie),
/// as the server's language form does.
#[cfg(feature = "hydrate")]
fn remember(locale: Locale) {
    use crate::domain::{LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE_SECS};
    use wasm_bindgen::JsCast;
    if let Some(document) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        let _ = document.set_cookie(&format!(
            "{LANGUAGE_COOKIE}={}; Path=/; SameSite=Lax; Max-Age={LANGUAGE_COOKIE_MAX_AGE_SECS}",
            locale.as_str()
        ));
    }
}

#[cfg(not(feature = "hydrate"))]
fn remember(_: Locale) {}
