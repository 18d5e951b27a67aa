//! The WASM entry points: each area's bundle hydrates that area's pages.
//! Built once per area with its feature (`daily` or `records`), so each
//! bundle links only its own pages (see `app::routes`).

// The app's page types nest deeply once they are laid out for hydration.
#![recursion_limit = "256"]

#[cfg(any(
    all(feature = "daily", feature = "records"),
    all(feature = "daily", feature = "care"),
    all(feature = "records", feature = "care"),
))]
compile_error!("build one area per bundle: enable one of `daily`, `records` or `care`");

use app::routes::{Area, Page};

#[cfg(feature = "daily")]
const AREA: Area = Area::Daily;
#[cfg(feature = "care")]
const AREA: Area = Area::Care;
#[cfg(not(any(feature = "daily", feature = "care")))]
const AREA: Area = Area::Records;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    // The server names the page it rendered; this bundle renders the same.
    let Some(page) = body
        .as_ref()
        .and_then(|b| b.get_attribute("data-page"))
        .and_then(|slug| Page::from_slug(&slug))
        .filter(|page| page.area() == AREA)
    else {
        return;
    };
    #[cfg(feature = "daily")]
    leptos::mount::hydrate_body(move || app::DailyApp(app::DailyAppProps { page }));
    #[cfg(feature = "records")]
    leptos::mount::hydrate_body(move || app::RecordsApp(app::RecordsAppProps { page }));
    #[cfg(feature = "care")]
    leptos::mount::hydrate_body(move || app::CareApp(app::CareAppProps { page }));
    // A marker for the browser tests (and a styling hook): the page is live.
    if let Some(body) = body {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
