use super::NotFound;
use crate::features::account::forms::use_form_feedback;
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use crate::ui::{FormMessageText, PublicPage};
use leptos::either::Either;
use leptos::prelude::*;

/// The public app's fallback: a form post the server refused (from another
/// site, too many attempts, unreadable) to a path without a page of its own
/// says why; any other unknown path is "not found".
#[component]
pub fn Refused() -> impl IntoView {
    let i18n = use_i18n();
    match use_form_feedback().message {
        Some(message) => Either::Left(view! {
            <PublicPage>
                <h1>{tr(i18n, |i| t_string!(i, refused_heading))}</h1>
                <p role="alert"><FormMessageText message /></p>
                <p><a href=routes::HOME>{tr(i18n, |i| t_string!(i, back_home))}</a></p>
            </PublicPage>
        }),
        None => Either::Right(view! { <NotFound /> }),
    }
}
