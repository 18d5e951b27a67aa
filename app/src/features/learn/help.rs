//! "When to get help": the reasons seed 003 gives for asking the doctor for a
//! referral to a physiotherapist. A public page (no WASM), kept offline by
//! the service worker, linked from Today, Train and the introduction.

use crate::domain::pathway::{RedFlag, SeeDoctor};
use crate::features::pathway::red_flag_label;
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use crate::ui::PublicPage;
use leptos::prelude::*;

#[component]
pub fn HelpPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PublicPage>
            <h1>{tr(i18n, |i| t_string!(i, help_heading))}</h1>
            // Red flags first: a doctor before training on one's own
            // (`domain::pathway`, [rule:red-flags]).
            <section aria-labelledby="red-flags-heading" data-testid="red-flags">
                <h2 id="red-flags-heading">{tr(i18n, |i| t_string!(i, help_red_flags_heading))}</h2>
                <p>{tr(i18n, |i| t_string!(i, help_red_flags_today))}</p>
                <ul class="points">
                    {RedFlag::ALL.into_iter().filter(|f| f.see_doctor() == SeeDoctor::Today)
                        .map(|f| view! { <li>{red_flag_label(i18n, f)}</li> }).collect_view()}
                </ul>
                <p>{tr(i18n, |i| t_string!(i, help_red_flags_soon))}</p>
                <ul class="points">
                    {RedFlag::ALL.into_iter().filter(|f| f.see_doctor() == SeeDoctor::Soon)
                        .map(|f| view! { <li>{red_flag_label(i18n, f)}</li> }).collect_view()}
                </ul>
                <p>{tr(i18n, |i| t_string!(i, doctor_meanwhile))}</p>
            </section>
            <h2>{tr(i18n, |i| t_string!(i, help_physio_heading))}</h2>
            <p>{tr(i18n, |i| t_string!(i, help_intro))}</p>
            <ul class="points">
                <li>{tr(i18n, |i| t_string!(i, help_leakage))}</li>
                <li>{tr(i18n, |i| t_string!(i, help_prolapse))}</li>
                <li>{tr(i18n, |i| t_string!(i, help_pain))}</li>
                <li>{tr(i18n, |i| t_string!(i, help_unsure))}</li>
                <li>{tr(i18n, |i| t_string!(i, help_learning))}</li>
            </ul>
            <p>{tr(i18n, |i| t_string!(i, help_no_improvement))}</p>
            <p>{tr(i18n, |i| t_string!(i, help_directory))}</p>
            <p><a href=routes::TODAY>{tr(i18n, |i| t_string!(i, help_back))}</a></p>
        </PublicPage>
    }
}

/// A link to the help page from a page of the app (another area).
#[component]
pub fn HelpLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="help-link">
            <a href=routes::HELP>{tr(i18n, |i| t_string!(i, help_link))}</a>
        </p>
    }
}
