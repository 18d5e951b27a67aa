//! The WASM entry points: each area's bundle hydrates that area's pages.
//! Built once per area with its feature (`daily` or `records`), so each
//! bundle links only its own pages (see `app::routes`).

// The app's page types nest deeply once they are laid out for hydration.
#![recursion_limit = "256"]

#[cfg(all(feature = "daily", feature = "records"))]
compile_error!("build one area per bundle: enable either `daily` or `records`");

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "daily")]
    leptos::mount::hydrate_body(app::DailyApp);
    #[cfg(feature = "records")]
    leptos::mount::hydrate_body(app::RecordsApp);
    // A marker for the browser tests (and a styling hook): the page is live.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
