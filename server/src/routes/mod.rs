//! The HTTP handlers, by area: the JSON API (`auth`, `me`, `sync`, `care`,
//! `admin`, `push`), the public pages' forms (`forms`) and the pages rendered
//! with their data (`pages`).

pub mod admin;
pub mod auth;
pub mod care;
pub mod forms;
pub mod health;
pub mod me;
pub mod pages;
pub mod push;
pub mod sync;

use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// `303 See Other` to a path of this site: where a form post sends the
/// browser next.
pub(crate) fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}
