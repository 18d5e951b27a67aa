//! Who is signed in on this device, known to every page.
//!
//! On the server the session middleware puts a [`SignedIn`] into the request's
//! extensions; the page reads it from there and its value travels with the
//! HTML to the browser, so hydration sees the same answer without a request.

use crate::api::Me;
use leptos::prelude::*;

/// Inserted into the request by the server's session middleware.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Me);

#[derive(Clone, Copy)]
pub struct CurrentUser(pub OnceResource<Option<Me>>);

pub fn provide_current_user() {
    provide_context(CurrentUser(OnceResource::new(load_current_user())));
}

pub fn use_current_user() -> OnceResource<Option<Me>> {
    expect_context::<CurrentUser>().0
}

#[cfg(feature = "ssr")]
async fn load_current_user() -> Option<Me> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SignedIn>().map(|s| s.0.clone()))
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
async fn load_current_user() -> Option<Me> {
    // Browser futures are not `Send`; they never leave the one JS thread.
    send_wrapper::SendWrapper::new(crate::platform::http::me())
        .await
        .ok()
        .flatten()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
async fn load_current_user() -> Option<Me> {
    None
}
