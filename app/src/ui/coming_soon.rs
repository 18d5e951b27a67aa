use crate::i18n::*;
use crate::shell::navigation::{Section, SectionName};
use crate::text::tr;
use leptos::prelude::*;

/// An honest placeholder for a section a later release fills in: it says
/// what will be here, not that something is here.
#[component]
pub fn ComingSoon(section: Section) -> impl IntoView {
    let i18n = use_i18n();
    let description = move || match section {
        Section::Today => t_string!(i18n, soon_today),
        Section::Train => t_string!(i18n, soon_train),
        Section::Relax => t_string!(i18n, soon_relax),
        Section::Learn => t_string!(i18n, soon_learn),
        Section::Progress | Section::Me => t_string!(i18n, soon_progress),
    };
    view! {
        <h1><SectionName section /></h1>
        <p class="badge">{tr(i18n, |i| t_string!(i, soon_badge))}</p>
        <p>{description}</p>
    }
}
