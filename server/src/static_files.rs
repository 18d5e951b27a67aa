//! Files of the built site (WASM, JS, CSS, icons), served precompressed when
//! a `.br`/`.gz` sibling exists; anything else renders the app's 404 page.

use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

const SERVICE_WORKER_CSP: &str = "default-src 'self'; frame-ancestors 'none'";

pub async fn file_or_not_found(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let file_request = Request::from_parts(parts.clone(), Body::empty());
    let serve_dir = ServeDir::new(&state.config.site_root)
        .precompressed_br()
        .precompressed_gzip();
    match serve_dir.oneshot(file_request).await {
        Ok(response)
            if response.status() == StatusCode::OK
                || response.status() == StatusCode::NOT_MODIFIED =>
        {
            let mut response = response.into_response();
            // Not content-hashed: the browser revalidates each time, and the
            // service worker's versioned cache keeps a deploy consistent.
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            if parts.uri.path() == "/sw.js" {
                // A worker's CSP governs its own fetches: same origin only.
                headers.insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(SERVICE_WORKER_CSP),
                );
            }
            response
        }
        _ => {
            let leptos = state.leptos.clone();
            let handler = leptos_axum::render_app_to_stream_with_context(
                move || {},
                move || app::shell_public(leptos.clone()),
            );
            handler(Request::from_parts(parts, body))
                .await
                .into_response()
        }
    }
}
