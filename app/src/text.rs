//! Translated text in views.
//!
//! `t!` makes a closure of its own type at every call site, and Leptos
//! compiles the whole reactive render path again for each of those types: a
//! hundred labels cost a hundred copies in the WASM. [`tr`] returns one
//! closure type for every key, so that path is compiled once.

use crate::i18n::Locale;
use leptos_i18n::I18nContext;

/// A text that follows the language; `key` is `|i| t_string!(i, some_key)`.
/// Works as a child and as an attribute value.
pub fn tr(
    i18n: I18nContext<Locale>,
    key: fn(I18nContext<Locale>) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key(i18n)
}

/// A computed text (with figures in it): boxed, so every such text shares
/// one type and one compiled render path.
pub fn text(
    f: impl Fn() -> String + Send + Sync + 'static,
) -> Box<dyn Fn() -> String + Send + Sync> {
    Box::new(f)
}

/// The domain's language for the page's locale.
impl From<Locale> for crate::domain::Language {
    fn from(locale: Locale) -> Self {
        match locale {
            Locale::nb => Self::Bokmal,
            Locale::nn => Self::Nynorsk,
            Locale::en => Self::English,
        }
    }
}
