use crate::i18n::*;
use crate::text::tr;
use crate::ui::PublicPage;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PublicPage>
            <h1>{tr(i18n, |i| t_string!(i, not_found_heading))}</h1>
            <p>{tr(i18n, |i| t_string!(i, not_found_body))}</p>
            <p><a href=crate::routes::HOME>{tr(i18n, |i| t_string!(i, back_home))}</a></p>
        </PublicPage>
    }
}
