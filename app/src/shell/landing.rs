use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use crate::ui::PublicPage;
use leptos::prelude::*;

#[component]
pub fn Landing() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PublicPage>
            {erased().then(|| view! {
                <p class="notice" role="status">{tr(i18n, |i| t_string!(i, landing_erased))}</p>
            })}
            <section class="hero" aria-labelledby="landing-heading">
                <h1 id="landing-heading">{tr(i18n, |i| t_string!(i, landing_heading))}</h1>
                <p class="lead">{tr(i18n, |i| t_string!(i, landing_lead))}</p>
                <ul class="points">
                    <li>{tr(i18n, |i| t_string!(i, landing_point_guided))}</li>
                    <li>{tr(i18n, |i| t_string!(i, landing_point_private))}</li>
                    <li>{tr(i18n, |i| t_string!(i, landing_point_therapist))}</li>
                </ul>
                <div class="actions">
                    <a class="button primary" href=routes::TODAY>{tr(i18n, |i| t_string!(i, landing_start))}</a>
                    <a class="button" href=routes::LOGIN>{tr(i18n, |i| t_string!(i, landing_have_account))}</a>
                </div>
            </section>
        </PublicPage>
    }
}

/// Arrived here just after erasing the account (`routes::ERASED`).
fn erased() -> bool {
    leptos_router::hooks::use_query_map().with_untracked(|q| q.get("erased").is_some())
}
