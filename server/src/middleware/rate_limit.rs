//! Per-IP rate limit for the endpoints that take a password, so passwords
//! cannot be guessed at speed: a burst of 10, then one attempt every 6 s.

use crate::error::ApiError;
use app::api::ErrorCode;
use axum::Router;
use axum::body::Body;
use axum::http::{Response, StatusCode};
use axum::response::IntoResponse;
use std::sync::Arc;
use tower_governor::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;

pub const BURST: u32 = 10;
pub const REFILL_EVERY_SECS: u64 = 6;

/// Wraps both routers of password endpoints (the JSON API's and the
/// forms') in one limit: an attempt through either counts against the same
/// allowance. Needs the peer address: serve with `connections::serve`, which
/// records it. Behind the `trusted` proxies the client is read from
/// `X-Forwarded-For` (see `client_ip`).
pub fn limit_password_endpoints<S: Clone + Send + Sync + 'static>(
    burst: u32,
    trusted: &Arc<[std::net::IpAddr]>,
    api: Router<S>,
    forms: Router<S>,
) -> (Router<S>, Router<S>) {
    let config = GovernorConfigBuilder::default()
        .key_extractor(super::client_ip::ClientIpKeyExtractor {
            trusted: trusted.clone(),
        })
        .per_second(REFILL_EVERY_SECS)
        .burst_size(burst)
        .finish()
        .expect("the rate limit constants are non-zero");
    let layer = tower_governor::GovernorLayer::new(Arc::new(config)).error_handler(too_many);
    (api.layer(layer.clone()), forms.layer(layer))
}

fn too_many(error: GovernorError) -> Response<Body> {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            format!("Too many attempts in a short time. Wait {wait_time} seconds and try again."),
        )
        .retry_after(wait_time)
        .into_response(),
        other => ApiError::internal(other).into_response(),
    }
}
