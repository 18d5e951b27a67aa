//! `GET /api/push/key`, `PUT` and `DELETE /api/push/subscription`: a
//! signed-in patient's devices that take reminders by Web Push.

use crate::care::Patient;
use crate::db::entities::push::push_subscription;
use crate::error::{ApiError, WriteCommitted};
use crate::json::ApiJson;
use crate::push::subscription::Subscription;
use crate::state::AppState;
use app::api::ErrorCode;
use app::api::push::{PushKey, PushSubscriptionRequest, PushUnsubscribe};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use uuid::Uuid;

/// The most devices one account keeps subscribed; the oldest goes first.
const MAX_DEVICES: usize = 10;

pub async fn key(State(state): State<AppState>, _: Patient) -> Result<Json<PushKey>, ApiError> {
    let pusher = state.pusher.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal,
            "This server sends no reminders by push; the app's own reminders still work.",
        )
    })?;
    Ok(Json(PushKey {
        public_key: pusher.vapid.public_key().to_owned(),
    }))
}

fn refused(message: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidPushSubscription,
        message,
    )
}

/// Keeps a device's subscription for the signed-in patient. The same
/// endpoint again (the browser renewed it, or another account signed in on
/// this phone) replaces the one kept.
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
    let user_id = patient.0.user_id;
    let txn = state.db.begin().await?;
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::Endpoint.eq(subscription.endpoint.as_str()))
        .exec(&txn)
        .await?;
    push_subscription::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        device_id: Set(device_id),
        endpoint: Set(subscription.endpoint.to_string()),
        p256dh: Set(subscription.p256dh),
        auth: Set(subscription.auth),
        created_at: Set(time::OffsetDateTime::now_utc().unix_timestamp()),
    }
    .insert(&txn)
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
