use crate::components::PublicPage;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Landing() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PublicPage>
            <section class="hero" aria-labelledby="landing-heading">
                <h1 id="landing-heading">{t!(i18n, landing_heading)}</h1>
                <p class="lead">{t!(i18n, landing_lead)}</p>
                <ul class="points">
                    <li>{t!(i18n, landing_point_guided)}</li>
                    <li>{t!(i18n, landing_point_private)}</li>
                    <li>{t!(i18n, landing_point_therapist)}</li>
                </ul>
                <div class="actions">
                    <a class="button primary" href="/app/today">{t!(i18n, landing_start)}</a>
                    <a class="button" href="/login">{t!(i18n, landing_have_account)}</a>
                </div>
            </section>
        </PublicPage>
    }
}
