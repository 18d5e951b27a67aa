//! `GET /api/push/key`, `PUT` and `DELETE /api/push/subscription`: a
//! signed-in patient's devices that take reminders by Web Push.

use crate::care::Patient;
use crate::db::entities::push::push_subscription;
use crate::error::{ApiError, WriteCommitted};
use crate::json::ApiJson;
use crate::push::subscription::{MAX_DEVICES, Subscription};
use crate::state::AppState;
use app::api::ErrorCode;
use app::api::push::{PushKey, PushSubscriptionRequest, PushUnsubscribe};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use uuid::Uuid;

fn no_push() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "This server sends no reminders by push; the app's own reminders still work.",
    )
    .with_status(StatusCode::SERVICE_UNAVAILABLE)
}

pub async fn key(State(state): State<AppState>, _: Patient) -> Result<Json<PushKey>, ApiError> {
    let pusher = state.pusher.as_ref().ok_or_else(no_push)?;
    Ok(Json(PushKey {
        public_key: pusher.vapid.public_key().to_owned(),
    }))
}

fn refused(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidPushSubscription, message)
}

/// Keeps a device's subscription for the signed-in patient, if its
/// endpoint leads to a push service on the public internet (see
/// `push::address`).
///
/// An endpoint belongs to the account that subscribed it last: a browser
/// has one subscription per site, so the same endpoint again means the
/// browser renewed it or another account signed in on that phone, and the
/// reminders follow whoever uses the phone now. One statement that inserts
/// or takes the row over (on the endpoint's unique key) keeps that true
/// when several accounts subscribe one endpoint at once: the last one
/// wins, none gets an error (issue #27, item 11).
pub async fn subscribe(
    State(state): State<AppState>,
    patient: Patient,
    ApiJson(request): ApiJson<PushSubscriptionRequest>,
) -> Result<Response, ApiError> {
    let subscription =
        Subscription::parse(&request.endpoint, &request.keys.p256dh, &request.keys.auth)
            .map_err(|e| refused(e.to_string()))?;
    let device_id = Uuid::parse_str(&request.device_id)
        .ok()
        .filter(|id| !id.is_nil())
        .ok_or_else(|| refused("device_id must be the device's id, a UUID."))?;
    // Last, as it looks the host up.
    let pusher = state.pusher.as_ref().ok_or_else(no_push)?;
    pusher
        .destinations
        .check(&subscription.endpoint)
        .await
        .map_err(|e| refused(e.to_string()))?;
    let user_id = patient.0.user_id;
    let txn = state.db.begin().await?;
    use push_subscription::Column as C;
    push_subscription::Entity::insert(push_subscription::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        device_id: Set(device_id),
        endpoint: Set(subscription.endpoint.to_string()),
        p256dh: Set(subscription.p256dh),
        auth: Set(subscription.auth),
        created_at: Set(time::OffsetDateTime::now_utc().unix_timestamp()),
    })
    .on_conflict(
        OnConflict::column(C::Endpoint)
            .update_columns([C::UserId, C::DeviceId, C::P256dh, C::Auth, C::CreatedAt])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let mut kept = push_subscription::Entity::find()
        .filter(push_subscription::Column::UserId.eq(user_id))
        .all(&txn)
        .await?;
    if kept.len() > MAX_DEVICES {
        kept.sort_by_key(|s| (s.created_at, s.id));
        let oldest: Vec<Uuid> = kept[..kept.len() - MAX_DEVICES]
            .iter()
            .map(|s| s.id)
            .collect();
        push_subscription::Entity::delete_many()
            .filter(push_subscription::Column::Id.is_in(oldest))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.extensions_mut().insert(WriteCommitted);
    Ok(response)
}

/// Forgets a device's subscription (reminders turned off on it). Idempotent.
pub async fn unsubscribe(
    State(state): State<AppState>,
    patient: Patient,
    ApiJson(request): ApiJson<PushUnsubscribe>,
) -> Result<Response, ApiError> {
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::UserId.eq(patient.0.user_id))
        .filter(push_subscription::Column::Endpoint.eq(request.endpoint))
        .exec(&state.db)
        .await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.extensions_mut().insert(WriteCommitted);
    Ok(response)
}

/// Web Push: the server's key and this device's subscription.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, put};
    axum::Router::new()
        .route(app::routes::API_PUSH_KEY, get(key))
        .route(
            app::routes::API_PUSH_SUBSCRIPTION,
            put(subscribe).delete(unsubscribe),
        )
}
