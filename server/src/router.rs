//! The whole HTTP surface in one place, so tests drive exactly what runs.

use crate::auth::resolve_session;
use crate::error::ApiError;
use crate::middleware::{csrf, rate_limit, request_id, security_headers, write_health};
use crate::routes::{admin, auth, care, forms, health, me, pages, push, sync};
use crate::state::AppState;
use crate::static_files;
use app::api::ErrorCode;
use app::routes::{self, Page};
use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{Request, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::Redirect;
use axum::routing::{any, get, post};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use leptos_router::{Method, SsrMode};
use std::time::Duration;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// The largest JSON body the API accepts.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;
/// `/api/sync` carries up to 500 ops.
pub const SYNC_BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub fn build_router(state: AppState) -> Router {
    let trusted: std::sync::Arc<[std::net::IpAddr]> = state.config.trusted_proxies.clone().into();
    let (password_endpoints, password_forms) = rate_limit::limit_password_endpoints(
        state.config.password_burst,
        &trusted,
        // Erasing an account asks for the password too: guesses are
        // limited like logins.
        auth::password_router(),
        Router::new()
            .route(routes::REGISTER, post(forms::register))
            .route(routes::LOGIN, post(forms::login))
            .route(routes::ACCOUNT_ERASE, post(forms::erase_account)),
    );
    // Invite codes are guessable at speed too: the same kind of limit, with
    // an allowance of its own.
    let (invite_endpoints, invite_forms) = rate_limit::limit_password_endpoints(
        state.config.password_burst,
        &trusted,
        care::invite_router(),
        Router::new().route(routes::SHARING_LINK, post(pages::enter_code)),
    );
    // Feedback on the education modules is anonymous: limited per address
    // like the other forms anyone can post.
    let (_, feedback_forms) = rate_limit::limit_password_endpoints(
        state.config.password_burst,
        &trusted,
        Router::new(),
        Router::new().route(routes::LEARN_MODULE_FEEDBACK, post(forms::module_feedback)),
    );
    // The public pages' forms (they work without WASM or JavaScript).
    let form_endpoints = Router::new()
        .merge(password_forms)
        .merge(invite_forms)
        .merge(feedback_forms)
        .route(routes::LOGOUT, post(forms::logout))
        .route(routes::LOGOUT_EVERYWHERE, post(forms::logout_everywhere))
        .route(routes::LANGUAGE, post(forms::language))
        // The therapist's pages, the admin's and the patient's sharing page:
        // rendered here with the data they show, not by the public app's
        // route list (`routes::pages`, one router per area).
        .merge(pages::router())
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(security_headers::no_store());
    let api = Router::new()
        .merge(password_endpoints)
        .merge(invite_endpoints)
        .merge(auth::router())
        .merge(me::router())
        .merge(push::router())
        .merge(care::router())
        .merge(admin::router())
        .merge(sync::router())
        .route(routes::API_OPENAPI, get(crate::openapi::document))
        .route("/api/{*rest}", any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(security_headers::no_store());

    // The public pages hydrate with no bundle; each page of the app with its
    // own area's bundle (the document picks it from the page).
    let (public, app_pages) = (state.leptos.clone(), state.leptos.clone());
    let mut router = Router::new()
        .route(routes::HEALTHZ, get(health::healthz))
        .route(routes::APP, get(|| async { Redirect::to(routes::TODAY) }))
        .route(routes::METRICS, get(crate::metrics::endpoint))
        .merge(api)
        .merge(form_endpoints)
        .leptos_routes_with_context(
            &state,
            public_route_list()
                .iter()
                .filter(|r| !pages::RENDERED_HERE.iter().any(|p| r.path().starts_with(p)))
                .cloned()
                .collect(),
            || {},
            move || app::shell_public(public.clone()),
        )
        .leptos_routes_with_context(
            &state,
            app_pages_listing(),
            || {},
            move || app::shell_app(app_pages.clone()),
        )
        // Pages and the API need to know who asks; static files (the
        // fallback) do not, so they skip the session lookup in the database.
        .route_layer(from_fn_with_state(state.clone(), resolve_session))
        .route_layer(from_fn_with_state(state.clone(), write_health::track))
        .fallback(static_files::file_or_not_found)
        .layer(from_fn(csrf::same_origin_only))
        .layer(from_fn_with_state(state.clone(), forms::html_refusals));
    for layer in security_headers::layers(state.config.secure_cookies) {
        router = router.layer(layer);
    }
    let router = router.layer(from_fn_with_state(state.clone(), crate::metrics::track));
    router
        .layer(CompressionLayer::new().br(true).gzip(true).quality(CompressionLevel::Precise(5)))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    let request_id =
                        request.headers().get(request_id::HEADER).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    // The path only: query strings could carry personal data.
                    tracing::info_span!("request", method = %request.method(), path = request.uri().path(), request_id)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(from_fn(request_id::drop_malformed))
        .with_state(state)
}

/// The pages of the hydrated areas, from [`Page`] (they have no router).
fn app_pages_listing() -> Vec<AxumRouteListing> {
    Page::ALL
        .into_iter()
        .map(|page| {
            AxumRouteListing::new(
                page.path().to_owned(),
                SsrMode::OutOfOrder,
                [Method::Get],
                vec![],
            )
        })
        .collect()
}

/// The public app's pages, as Leptos finds them by running it once: found
/// once per process, before any server of it serves.
///
/// While Leptos finds them, a process-wide flag stops every resource created
/// meanwhile from ever loading (leptos-rs/leptos#4773): a page that a server
/// of the same process rendered at that moment waited for its signed-in user
/// forever, and its answer never ended. One process serves one router, but
/// the tests start many; found once, the list never overlaps a render.
fn public_route_list() -> &'static [AxumRouteListing] {
    static LIST: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| generate_route_list(app::PublicApp))
}

async fn api_not_found() -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        "There is no such API endpoint. Check the path.",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "This endpoint does not accept that method.",
    )
}
