use super::Section;
use super::app_shell::SectionName;
use crate::i18n::*;
use leptos::prelude::*;

/// An honest placeholder for a section a later release fills in: it says
/// what will be here, not that something is here.
#[component]
pub fn ComingSoon(section: Section) -> impl IntoView {
    let i18n = use_i18n();
    let description = move || match section {
        Section::Today => t!(i18n, soon_today).into_any(),
        Section::Train => t!(i18n, soon_train).into_any(),
        Section::Relax => t!(i18n, soon_relax).into_any(),
        Section::Learn => t!(i18n, soon_learn).into_any(),
        Section::Progress | Section::Me => t!(i18n, soon_progress).into_any(),
    };
    view! {
        <h1><SectionName section /></h1>
        <p class="badge">{t!(i18n, soon_badge)}</p>
        <p>{description}</p>
    }
}
