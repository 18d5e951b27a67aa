//! Relax: relaxation and breathing sessions (part of the daily loop).

use crate::shell::navigation::Section;
use crate::ui::ComingSoon;
use leptos::prelude::*;

/// Not built yet: the page says what will be here.
#[component]
pub fn RelaxPage() -> impl IntoView {
    view! { <ComingSoon section=Section::Relax /> }
}
