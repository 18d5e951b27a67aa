//! Keeps `/healthz` informed about writes: a request that failed because the
//! database could not store marks writes as failing; a request that
//! committed a write (its handler says so) marks them working again. A pull
//! or any other read says nothing about writes.

use crate::error::{StorageFault, WriteCommitted};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.extensions().get::<StorageFault>().is_some() {
        state.writes.failed();
    } else if response.extensions().get::<WriteCommitted>().is_some() {
        state.writes.succeeded();
    }
    response
}
