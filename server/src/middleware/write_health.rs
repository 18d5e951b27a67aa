//! Keeps `/healthz` informed about writes: a request that failed because the
//! database could not store marks writes as failing; any change that went
//! through (an unsafe method answered 2xx) marks them working again.

use crate::error::StorageFault;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes = !request.method().is_safe();
    let response = next.run(request).await;
    if response.extensions().get::<StorageFault>().is_some() {
        state.writes.failed();
    } else if changes && response.status().is_success() {
        state.writes.succeeded();
    }
    response
}
