//! The HTML documents around the area apps, rendered on the server.

use crate::routes::{Area, Page};
use crate::shell::areas::{CareApp, DailyApp, PublicApp, RecordsApp};
use leptos::either::EitherOf3;
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use leptos_meta::MetaTags;

/// SHA-256 of an empty script body. leptos_i18n renders an empty `<script>`
/// placeholder; allowing exactly that hash keeps the CSP free of
/// `'unsafe-inline'`.
pub const CSP_EMPTY_SCRIPT_HASH: &str = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

/// A public page: no hydration script, no WASM, no service worker script;
/// only `/offline.js` (under 1 KB), which says when the phone is offline.
pub fn shell_public(_: LeptosOptions) -> impl IntoView {
    leptos::nonce::provide_nonce();
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="Knip" />
                <script src="/offline.js" defer></script>
                <HeadLinks />
                <MetaTags />
            </head>
            <body data-area="public">
                <PublicApp />
            </body>
        </html>
    }
}

/// A page of a hydrated area (the daily loop or the records), hydrated by
/// its area's bundle: the page, and so the area, come from the path.
pub fn shell_app(mut options: LeptosOptions) -> impl IntoView {
    leptos::nonce::provide_nonce();
    set_content_security_policy();
    // The server routes only the pages of `Page` here (server/src/router.rs).
    let page = use_context::<http::request::Parts>()
        .and_then(|parts| Page::of(parts.uri.path()))
        .unwrap_or(Page::Today);
    let area = page.area();
    if let Some(bundle) = area.bundle() {
        options.output_name = bundle.into();
    }
    let body = match area {
        Area::Records => EitherOf3::A(view! { <RecordsApp page /> }),
        Area::Care => EitherOf3::B(view! { <CareApp page /> }),
        Area::Daily | Area::ServerOnly => EitherOf3::C(view! { <DailyApp page /> }),
    };
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="Knip" />
                <script src="/sw-register.js" defer></script>
                <script src="/offline.js" defer></script>
                <HydrationScripts options />
                <HeadLinks />
                <MetaTags />
            </head>
            <body data-area=area.bundle() data-page=page.slug()>{body}</body>
        </html>
    }
}

/// What every page puts in its `<head>`. Plain elements, written by the
/// server only: the bundles carry no code for the head.
#[component]
fn HeadLinks() -> impl IntoView {
    view! {
        <link rel="stylesheet" id="knip-css" href="/pkg/knip.css" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <link rel="apple-touch-icon" href="/icons/icon-192.png" />
        <meta name="theme-color" content="#2f5d50" />
        <meta name="color-scheme" content="light dark" />
        // Discreet by default: the tab shows the app's name and nothing more.
        <title>"Knip"</title>
    }
}

/// The page's policy names this response's nonce, so only the hydration
/// scripts Leptos wrote may run inline.
fn set_content_security_policy() {
    let Some(nonce) = use_nonce() else { return };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' {CSP_EMPTY_SCRIPT_HASH} 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
