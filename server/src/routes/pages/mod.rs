//! The server-rendered pages of therapists (`/clinic…`) and the patient's
//! sharing page (`/sharing`), with their plain HTML forms. Each GET loads
//! its data here, scoped to the signed-in user exactly as the JSON API is
//! (the same `care` functions, the same access log), and hands it to the
//! Leptos page as a context value. A form post answers 303 back to its
//! page, with a short code of what happened in the query
//! (`app::features::clinic::flash`). One module per area, each with its
//! router; this one holds what they share.

use crate::auth::CurrentSession;
use crate::care::{Patient, Therapist};
use crate::error::{ApiError, WriteCommitted};
use crate::state::AppState;
use app::api::ErrorCode;
use app::domain::Role;
use app::features::clinic::flash::FlashCode;
use app::routes;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;
use serde::Deserialize;

mod admin;
mod clinic;
mod groups;
mod sharing;

pub use sharing::enter_code;

/// The pages rendered here, with their forms.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .merge(clinic::router())
        .merge(groups::router())
        .merge(sharing::router())
        .merge(admin::router())
}

/// The public app's paths whose pages are rendered by the handlers here.
pub const RENDERED_HERE: [&str; 3] = [routes::CLINIC, routes::SHARING, routes::ADMIN];

/// The query of a page after a form post.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Flash {
    flash: String,
}

impl Flash {
    /// The page's outcome; none for a word the page does not know.
    pub(super) fn of<F: FlashCode>(&self) -> Option<F> {
        F::parse(&self.flash)
    }
}

/// Renders the public app at the request's path with `data` as context.
/// Health data: never stored by a browser or a proxy.
pub(super) async fn render<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    parts: Parts,
    data: T,
) -> Response {
    let leptos = state.leptos.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || provide_context(data.clone()),
        move || app::shell_public(leptos.clone()),
    );
    let mut response = handler(Request::from_parts(parts, Body::empty()))
        .await
        .into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A form post's answer: back to its page (`303`), its write committed.
pub(super) fn after_post(location: &str) -> Response {
    let mut response = super::see_other(location);
    response.extensions_mut().insert(WriteCommitted);
    response
}

/// The roles a page can be for.
pub trait PageRole: Sized {
    const ROLE: Role;
    fn of(session: CurrentSession) -> Self;
}

impl PageRole for Therapist {
    const ROLE: Role = Role::Therapist;
    fn of(session: CurrentSession) -> Self {
        Therapist(session)
    }
}

impl PageRole for Patient {
    const ROLE: Role = Role::Patient;
    fn of(session: CurrentSession) -> Self {
        Patient(session)
    }
}

impl PageRole for crate::admin::Admin {
    const ROLE: Role = Role::Admin;
    fn of(session: CurrentSession) -> Self {
        crate::admin::Admin(session)
    }
}

/// Who may open a page: anyone signed out goes to log in; a signed-in
/// person of another role gets "not found", as for a page that is not
/// there.
pub struct PageAs<R>(pub R);

impl<R: PageRole> FromRequestParts<AppState> for PageAs<R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let current = Option::<CurrentSession>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match current {
            None => Err(super::see_other(routes::LOGIN)),
            Some(session) if session.me.role == R::ROLE => Ok(Self(R::of(session))),
            Some(_) => Err(not_found(state, parts.clone()).await),
        }
    }
}

/// The page with the data it shows; "not found" when the data belongs to
/// no one the reader may see.
pub(super) async fn show<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    request: Request,
    loaded: Result<T, ApiError>,
) -> Response {
    let (parts, _) = request.into_parts();
    match loaded {
        Ok(data) => render(state, parts, data).await,
        Err(error) if error.code == ErrorCode::NotFound => not_found(state, parts).await,
        Err(error) => error.into_response(),
    }
}

/// A page for an id the therapist may not see: "not found".
pub(super) async fn not_found(state: &AppState, parts: Parts) -> Response {
    let mut page = render(state, parts, ()).await;
    *page.status_mut() = StatusCode::NOT_FOUND;
    page
}

/// A CSV download: an attachment, never kept by a browser or proxy.
pub(crate) fn csv_response(csv: String, name: &str) -> Response {
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    response
}
