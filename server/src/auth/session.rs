//! Sessions stored in the database. The cookie holds a random 256-bit token;
//! the table holds only its SHA-256.

use super::{accounts, cookie};
use crate::config::SessionPolicy;
use crate::db::entities::{session, user};
use crate::db::now_unix;
use crate::error::ApiError;
use crate::state::AppState;
use app::api::Me;
use app::session::SignedIn;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Only touch `last_seen_at` when it is this stale, so reads stay reads.
const LAST_SEEN_GRANULARITY_SECS: i64 = 60;

/// The signed-in user of a request, put there by [`resolve_session`].
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub user_id: Uuid,
    pub token_hash: String,
    pub me: Me,
}

pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts a session for `user_id` and returns the token for the cookie.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    policy: &SessionPolicy,
) -> Result<String, ApiError> {
    let token = new_token().map_err(ApiError::internal)?;
    let now = now_unix();
    session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + policy.absolute().as_secs() as i64),
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn delete<C: ConnectionTrait>(db: &C, token_hash: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(token_hash.to_owned())
        .exec(db)
        .await
        .map(|_| ())
}

/// Ends every login session of `user_id` and removes the push
/// subscriptions of all their devices: "log out everywhere" (a lost or
/// shared phone then neither stays signed in nor gets reminders).
/// Both in one transaction: all or nothing.
pub async fn delete_everywhere(db: &DatabaseConnection, user_id: Uuid) -> Result<(), DbErr> {
    use crate::db::entities::push::push_subscription;
    let txn = db.begin().await?;
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    txn.commit().await
}

/// Ends one login session and, when the device names its push subscription
/// (`endpoint`), removes that too, so a phone handed on gets no more of the
/// account's reminders. In one transaction.
pub async fn delete_with_push(
    db: &DatabaseConnection,
    current: &CurrentSession,
    endpoint: Option<&str>,
) -> Result<(), DbErr> {
    use crate::db::entities::push::push_subscription;
    let txn = db.begin().await?;
    if let Some(endpoint) = endpoint.filter(|e| !e.is_empty()) {
        push_subscription::Entity::delete_many()
            .filter(push_subscription::Column::UserId.eq(current.user_id))
            .filter(push_subscription::Column::Endpoint.eq(endpoint))
            .exec(&txn)
            .await?;
    }
    delete(&txn, &current.token_hash).await?;
    txn.commit().await
}

/// Finds the live session for a token; an expired one, or one of a
/// disabled account, is deleted on sight.
async fn find_live(
    state: &AppState,
    token: &str,
) -> Result<Option<(session::Model, user::Model)>, DbErr> {
    let token_hash = hash_token(token);
    let found = session::Entity::find_by_id(token_hash.clone())
        .find_also_related(user::Entity)
        .one(&state.db)
        .await?;
    let Some((session, Some(user))) = found else {
        return Ok(None);
    };
    let now = now_unix();
    let idle_limit = state.config.sessions.idle().as_secs() as i64;
    // The writes below are housekeeping: when the database cannot store
    // (a full disk), the answer stands and reading goes on.
    // Disabling an account deletes its sessions, but a login that checked
    // the account just before the admin disabled it can store its session
    // just after (issue #27: 10 of 15 such races kept a 30-day session).
    // Reading the account with every use closes that door whatever the order.
    let disabled = user.disabled_at.is_some();
    if disabled || now >= session.expires_at || now - session.last_seen_at >= idle_limit {
        if let Err(e) = delete(&state.db, &token_hash).await {
            tracing::warn!(error = %e, "could not delete an ended session");
        }
        return Ok(None);
    }
    if now - session.last_seen_at >= LAST_SEEN_GRANULARITY_SECS {
        let touched = session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(session::Column::TokenHash.eq(token_hash))
            .exec(&state.db)
            .await;
        if let Err(e) = touched {
            tracing::warn!(error = %e, "could not record the session's last use");
        }
    }
    Ok(Some((session, user)))
}

/// Put on a request whose session cookie could not be checked (the
/// database failed): the person may well be signed in, so nothing may treat
/// them as anonymous.
#[derive(Debug, Clone)]
struct SessionUnchecked(ApiError);

/// Middleware: resolves the session cookie once per request and leaves the
/// result in the request's extensions, for the API and for page rendering.
/// What is rendered for a signed-in person is theirs alone: no cache (the
/// browser's, a proxy's or the service worker's) may keep it.
///
/// When the database cannot say whose the cookie is, the answer is 503, never
/// "not signed in": a phone told it is signed out would stop syncing, and a
/// page rendered as anonymous would offer to log in. API handlers answer 503
/// through the extractors below; a page answers 503 here.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let mut signed_in = false;
    if let Some(token) = cookie::token_from(request.headers(), state.config.secure_cookies) {
        match find_live(&state, &token).await {
            Ok(Some((session, user))) => {
                signed_in = true;
                let me = accounts::me(&user);
                request.extensions_mut().insert(SignedIn(me.clone()));
                request.extensions_mut().insert(CurrentSession {
                    user_id: user.id,
                    token_hash: session.token_hash,
                    me,
                });
            }
            Ok(None) => {}
            Err(e) => {
                let error = ApiError::from(e);
                if !request.uri().path().starts_with("/api/") {
                    return unchecked_page(error);
                }
                request.extensions_mut().insert(SessionUnchecked(error));
            }
        }
    }
    let mut response = next.run(request).await;
    if signed_in && is_personal(&response) {
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

/// Pages and JSON carry the person's data; the site's static files do not
/// (and must stay cacheable, or every visit downloads the WASM again).
fn is_personal(response: &Response) -> bool {
    response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html") || ct.starts_with("application/json"))
}

/// A page for a signed-in person cannot be rendered without the database.
/// The service worker shows the cached copy of the page instead, when it has
/// one. Status and `Retry-After` are the API error's.
fn unchecked_page(error: ApiError) -> Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    const PAGE: &str = concat!(
        "<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>Knip</title></head><body><main>",
        "<h1>Knip svarer ikke akkurat nå</h1>",
        "<p>Ingenting er tapt: telefonen tar vare på det du gjør. Prøv igjen om litt.</p>",
        "<p lang=\"en\">Knip cannot answer just now. Nothing is lost: your phone keeps what you do. Try again in a moment.</p>",
        "</main></body></html>"
    );
    let mut response = error.into_response();
    *response.body_mut() = axum::body::Body::from(PAGE);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The signed-in person, if any; an error when the session could not be checked.
fn current(parts: &Parts) -> Result<Option<CurrentSession>, ApiError> {
    if let Some(SessionUnchecked(error)) = parts.extensions.get::<SessionUnchecked>() {
        return Err(error.clone());
    }
    Ok(parts.extensions.get::<CurrentSession>().cloned())
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        current(parts)?.ok_or_else(ApiError::unauthenticated)
    }
}

/// For routes open to everyone that still care who asks (login, logout):
/// an unchecked session is an error here too, so that, for example, a logout
/// during an outage says it did not happen instead of clearing the cookie
/// of a session that stays alive in the database.
impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for CurrentSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        current(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_random_bits_in_hex() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }
}
