use crate::auth::CurrentSession;
use app::api::Me;
use axum::Json;

pub async fn me(current: CurrentSession) -> Json<Me> {
    Json(current.me)
}
