//! Learn: the education modules (pain, stress, sleep, activity, thoughts and
//! feelings, acceptance, the pelvic floor), read as server-rendered pages,
//! and the way in to the training's introduction.

mod help;
pub mod modules;

pub use help::{HelpLink, HelpPage};
pub use modules::{ModuleListPage, ModulePage};

use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use leptos::prelude::*;

/// The Learn section: the way in to the onboarding and to the modules.
#[component]
pub fn LearnPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{tr(i18n, |i| t_string!(i, nav_learn))}</h1>
        <crate::features::pathway::ReadFirst />
        <section class="card" aria-labelledby="learn-start-heading">
            <h2 id="learn-start-heading">{tr(i18n, |i| t_string!(i, learn_start_heading))}</h2>
            <p>{tr(i18n, |i| t_string!(i, learn_start_text))}</p>
            <a class="button primary" href=routes::ONBOARDING>{tr(i18n, |i| t_string!(i, learn_start_button))}</a>
        </section>
        <section class="card" aria-labelledby="learn-more-heading">
            <h2 id="learn-more-heading">{tr(i18n, |i| t_string!(i, learn_more_heading))}</h2>
            // The modules are public pages (no WASM): an ordinary page load.
            <a class="button" href=routes::LEARN_MODULES>{tr(i18n, |i| t_string!(i, learn_modules_link))}</a>
        </section>
    }
}
