//! Per-IP rate limit for the endpoints that take a password, so passwords
//! cannot be guessed at speed: a burst of 10, then one attempt every 6 s.

use crate::error::ApiError;
use crate::router::BODY_LIMIT_BYTES;
use app::api::ErrorCode;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::Response;
use axum::middleware::Next;
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
    let whole_body_first = axum::middleware::from_fn(whole_body_first);
    (
        api.layer(layer.clone()).layer(whole_body_first.clone()),
        forms.layer(layer).layer(whole_body_first),
    )
}

/// Reads the whole request body before the limit can answer. Answering 429
/// while the body was still on its way made hyper close the kept-alive
/// connection with the body unread; the client, still sending, then got a
/// reset, and with it could lose the answer (issue #27: about 3 in 70
/// 429s ended mid-stream). Read first, the 429 is a whole answer and the
/// connection stays open for the next request. The bodies here are small
/// (a password, a code) and the handlers read them whole anyway.
async fn whole_body_first(request: Request, next: Next) -> Response<Body> {
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, BODY_LIMIT_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(e) if is_too_long(&e) => {
            ApiError::new(ErrorCode::BodyTooLarge, "The request body is too large.").into_response()
        }
        // The client stopped sending half-way: nobody reads this answer.
        Err(_) => ApiError::new(
            ErrorCode::BadRequest,
            "The request body could not be read whole.",
        )
        .into_response(),
    }
}

fn is_too_long(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

fn too_many(error: GovernorError) -> Response<Body> {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => ApiError::new(
            ErrorCode::RateLimited,
            format!("Too many attempts in a short time. Wait {wait_time} seconds and try again."),
        )
        .retry_after(wait_time)
        .into_response(),
        other => ApiError::internal(other).into_response(),
    }
}
