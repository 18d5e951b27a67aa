//! Prometheus metrics at `GET /metrics`, for the operator's monitoring.
//!
//! Health data never becomes a label: requests are counted by method, a
//! route group with a fixed set of values (never the path with its ids) and
//! status; sync ops by outcome; logins by outcome. The endpoint answers only
//! when `KNIP_METRICS_TOKEN` is set, and only to a request that carries it
//! (`Authorization: Bearer …`); otherwise it does not exist (404).

use crate::error::ApiError;
use crate::state::AppState;
use app::api::ErrorCode;
use app::domain::sync::OpStatus;
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sha2::{Digest, Sha256};
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DurationLabels {
    route: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
pub enum OpOutcome {
    Applied,
    Duplicate,
    Rejected,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OpLabels {
    outcome: OpOutcome,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
pub enum LoginOutcome {
    SignedIn,
    WrongPassword,
    /// The account was waiting after wrong passwords (`auth::throttle`).
    AccountWaiting,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LoginLabels {
    outcome: LoginOutcome,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<DurationLabels, Histogram>,
    ops: Family<OpLabels, Counter>,
    logins: Family<LoginLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("knip");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route group and status",
            requests.clone(),
        );
        let durations = Family::<DurationLabels, Histogram>::new_with_constructor(|| {
            // 1 ms to about 8 s.
            Histogram::new(exponential_buckets(0.001, 2.0, 14))
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route group",
            durations.clone(),
        );
        let ops = Family::<OpLabels, Counter>::default();
        registry.register(
            "sync_ops",
            "Ops received by POST /api/sync, by outcome",
            ops.clone(),
        );
        let logins = Family::<LoginLabels, Counter>::default();
        registry.register("logins", "Login attempts, by outcome", logins.clone());
        Self {
            registry,
            requests,
            durations,
            ops,
            logins,
        }
    }
}

impl Metrics {
    pub fn sync_ops(&self, statuses: impl Iterator<Item = OpStatus>) {
        for status in statuses {
            let outcome = match status {
                OpStatus::Applied => OpOutcome::Applied,
                OpStatus::Duplicate => OpOutcome::Duplicate,
                OpStatus::Rejected => OpOutcome::Rejected,
            };
            self.ops.get_or_create(&OpLabels { outcome }).inc();
        }
    }

    pub fn login(&self, outcome: LoginOutcome) {
        self.logins.get_or_create(&LoginLabels { outcome }).inc();
    }

    fn request(&self, method: &str, route: &'static str, status: u16, seconds: f64) {
        let method = match method {
            "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH" | "OPTIONS" => method,
            _ => "other",
        };
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route,
                status,
            })
            .inc();
        self.durations
            .get_or_create(&DurationLabels { route })
            .observe(seconds);
    }

    /// The OpenMetrics text of every metric.
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// The route group a path belongs to: one of a fixed set, so neither ids
/// nor anything a client makes up ever becomes a label.
pub fn route_group(path: &str) -> &'static str {
    const API: &[&str] = &[
        "/api/access-log",
        "/api/account",
        "/api/admin",
        "/api/auth",
        "/api/export",
        "/api/groups",
        "/api/instruments",
        "/api/links",
        "/api/me",
        "/api/push",
        "/api/sync",
        "/api/therapist",
    ];
    const PAGES: &[&str] = &["/app", "/clinic", "/admin", "/learn", "/sharing"];
    const OWN: &[&str] = &["/healthz", "/metrics"];
    let mut segments = path.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or_default();
    let named = |list: &'static [&'static str], segment: &str| {
        list.iter()
            .find(|g| g.rsplit('/').next() == Some(segment))
            .copied()
    };
    if first == "api" {
        let second = segments.next().unwrap_or_default();
        return named(API, second).unwrap_or("/api/other");
    }
    if let Some(own) = OWN.iter().find(|p| **p == path) {
        return own;
    }
    if first == "pkg" || path.rsplit('/').next().is_some_and(|f| f.contains('.')) {
        return "static";
    }
    named(PAGES, first).unwrap_or("page")
}

/// Counts every request and how long it took.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = route_group(request.uri().path());
    let response = next.run(request).await;
    state.metrics.request(
        &method,
        route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// `GET /metrics`.
pub async fn endpoint(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.config.metrics_token.as_deref() else {
        return ApiError::new(ErrorCode::NotFound, "There is no such page.").into_response();
    };
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    // Compared as hashes: equal-length values, no early exit on the secret.
    let allowed =
        given.is_some_and(|given| Sha256::digest(given.as_bytes()) == Sha256::digest(token));
    if !allowed {
        return ApiError::new(ErrorCode::Unauthenticated, "The metrics need the token set in KNIP_METRICS_TOKEN, as `Authorization: Bearer <token>`.",
        )
        .into_response();
    }
    let mut response = state.metrics.render().into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fall_into_a_fixed_set_of_groups() {
        for (path, group) in [
            ("/api/sync", "/api/sync"),
            ("/api/auth/login", "/api/auth"),
            (
                "/api/therapist/patients/0b5e8c1e-3f4a-4c1b-9a57-1c2d3e4f5a6b",
                "/api/therapist",
            ),
            ("/api/made-up/thing", "/api/other"),
            ("/api/", "/api/other"),
            ("/healthz", "/healthz"),
            ("/metrics", "/metrics"),
            ("/pkg/daily.wasm", "static"),
            ("/favicon.svg", "static"),
            ("/app/today", "/app"),
            ("/clinic/patients/42", "/clinic"),
            ("/", "page"),
            ("/login", "page"),
            ("/kari@example.no", "static"),
        ] {
            assert_eq!(route_group(path), group, "{path}");
        }
    }

    #[test]
    fn the_text_names_each_metric() {
        let metrics = Metrics::default();
        metrics.request("GET", "/api/sync", 200, 0.01);
        metrics.sync_ops([OpStatus::Applied, OpStatus::Rejected].into_iter());
        metrics.login(LoginOutcome::WrongPassword);
        let text = metrics.render();
        for line in [
            "knip_http_requests_total{method=\"GET\",route=\"/api/sync\",status=\"200\"} 1",
            "knip_sync_ops_total{outcome=\"Applied\"} 1",
            "knip_logins_total{outcome=\"WrongPassword\"} 1",
            "knip_http_request_duration_seconds_count{route=\"/api/sync\"} 1",
        ] {
            assert!(text.contains(line), "{line} missing in\n{text}");
        }
    }
}
