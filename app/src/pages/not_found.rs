use crate::components::PublicPage;
use crate::i18n::*;
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
            <h1>{t!(i18n, not_found_heading)}</h1>
            <p>{t!(i18n, not_found_body)}</p>
            <p><a href="/">{t!(i18n, back_home)}</a></p>
        </PublicPage>
    }
}
