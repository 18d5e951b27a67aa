use crate::i18n::*;
use crate::text::tr;
use leptos::prelude::*;

/// Three buttons, one per language, each named in its own language. The
/// choice is remembered in a cookie and applies at once.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let choices = [
        (Locale::nb, "Bokmål"),
        (Locale::nn, "Nynorsk"),
        (Locale::en, "English"),
    ];
    view! {
        <div class="language-picker" role="group" aria-label=tr(i18n, |i| t_string!(i, language))>
            {choices
                .into_iter()
                .map(|(locale, name)| {
                    view! {
                        <button
                            type="button"
                            lang=locale.as_str()
                            aria-pressed=move || (i18n.get_locale() == locale).to_string()
                            on:click=move |_| i18n.set_locale(locale)
                        >
                            {name}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
