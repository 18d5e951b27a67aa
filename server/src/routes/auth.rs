//! `POST /api/auth/register`, `/login` and `/logout`; `DELETE /api/account`.

use crate::auth::accounts::{self, CreateAccountError, NewAccount};
use crate::auth::{CurrentSession, cookie, password, session, throttle};
use crate::db::entities::user;
use crate::error::{ApiError, WriteCommitted};
use crate::json::ApiJson;
use crate::metrics::LoginOutcome;
use crate::state::AppState;
use app::api::ErrorCode;
use app::api::{DeleteAccountRequest, LoginRequest, LogoutRequest, RegisterRequest, UserEnvelope};
use app::domain::Role;
use app::domain::account::{
    Credentials, CredentialsError, Registration, RegistrationError, password_given,
};
use axum::Json;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sea_orm::EntityTrait;
use std::time::Instant;

impl From<RegistrationError> for ApiError {
    fn from(e: RegistrationError) -> Self {
        ApiError::new(ErrorCode::from(&e), e.to_string())
    }
}

impl From<CredentialsError> for ApiError {
    fn from(e: CredentialsError) -> Self {
        let code = match e {
            CredentialsError::Email(_) => ErrorCode::InvalidEmail,
            CredentialsError::MissingPassword | CredentialsError::PasswordTooLong => {
                ErrorCode::InvalidPassword
            }
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<CreateAccountError> for ApiError {
    fn from(e: CreateAccountError) -> Self {
        match e {
            CreateAccountError::EmailTaken => ApiError::new(
                ErrorCode::EmailTaken,
                "There is already an account with this email address. Log in instead, or use another address.",
            ),
            CreateAccountError::Db(e) => ApiError::from(e),
            CreateAccountError::Hash(e) => ApiError::from(e),
        }
    }
}

impl From<password::HashError> for ApiError {
    fn from(e: password::HashError) -> Self {
        match e {
            password::HashError::Busy => ApiError::new(
                ErrorCode::Busy,
                "Many people are logging in right now. Wait a few seconds and try again.",
            )
            .retry_after(2),
            other => ApiError::internal(other),
        }
    }
}

fn with_session_cookie(
    state: &AppState,
    status: StatusCode,
    signed_in: &SignedIn,
    body: UserEnvelope,
) -> Response {
    let mut headers = HeaderMap::new();
    match sign_in_cookies(state, signed_in) {
        Ok(cookies) => {
            for value in cookies {
                headers.append(SET_COOKIE, value);
            }
            // The new session's row is stored.
            let mut response = (status, headers, Json(body)).into_response();
            response.extensions_mut().insert(WriteCommitted);
            response
        }
        Err(e) => e.into_response(),
    }
}

/// Who just signed in, the new login session's token, and the device token
/// the browser keeps (see `auth::throttle`).
pub struct SignedIn {
    pub user: user::Model,
    pub token: String,
    pub device: Option<String>,
}

/// The `Set-Cookie` values of a new login: the session, and the device.
pub fn sign_in_cookies(
    state: &AppState,
    signed_in: &SignedIn,
) -> Result<Vec<HeaderValue>, ApiError> {
    let secure = state.config.secure_cookies;
    let max_age = state.config.sessions.absolute().as_secs();
    let mut cookies = vec![
        HeaderValue::from_str(&cookie::set(secure, &signed_in.token, max_age))
            .map_err(ApiError::internal)?,
    ];
    if let Some(device) = &signed_in.device {
        cookies.push(
            HeaderValue::from_str(&throttle::device_cookie(secure, device))
                .map_err(ApiError::internal)?,
        );
    }
    Ok(cookies)
}

#[tracing::instrument(skip_all, fields(user_id))]
pub async fn register(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<Response, ApiError> {
    let registration = Registration::parse(
        &body.email,
        &body.password,
        body.display_name.as_deref(),
        body.locale.as_deref(),
    )?;
    let signed_in = create_account(&state, registration).await?;
    let user = accounts::summary(&signed_in.user);
    Ok(with_session_cookie(
        &state,
        StatusCode::CREATED,
        &signed_in,
        UserEnvelope { user },
    ))
}

/// Creates a patient's account and its first login session; the JSON API
/// and the register form share it. The browser it was made on becomes one
/// the account logged in from.
pub async fn create_account(
    state: &AppState,
    registration: Registration,
) -> Result<SignedIn, ApiError> {
    let email = registration.email.clone();
    let user = accounts::create(
        &state.db,
        &state.hashing,
        NewAccount {
            email: registration.email,
            password: registration.password,
            display_name: registration.display_name,
            language: registration.language.unwrap_or_default(),
            role: Role::Patient,
        },
    )
    .await?;
    tracing::Span::current().record("user_id", tracing::field::display(user.id));
    let token = session::create(&state.db, user.id, &state.config.sessions).await?;
    tracing::info!("account registered");
    let device = state.logins.succeeded(&email, None, Instant::now());
    Ok(SignedIn {
        user,
        token,
        device,
    })
}

#[tracing::instrument(skip_all, fields(user_id))]
pub async fn login(
    State(state): State<AppState>,
    previous: Option<CurrentSession>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let credentials = Credentials::parse(&body.email, &body.password)?;
    let device = throttle::device_from(&headers, state.config.secure_cookies);
    let signed_in = log_in(&state, previous, credentials, device).await?;
    let user = accounts::summary(&signed_in.user);
    Ok(with_session_cookie(
        &state,
        StatusCode::OK,
        &signed_in,
        UserEnvelope { user },
    ))
}

/// Checks the password and starts a login session; the JSON API and the
/// log-in form share it. `device` is the browser's device token, if it has
/// one: an account waiting after wrong passwords (`auth::throttle`) still
/// lets in a browser it logged in from before.
pub async fn log_in(
    state: &AppState,
    previous: Option<CurrentSession>,
    credentials: Credentials,
    device: Option<String>,
) -> Result<SignedIn, ApiError> {
    let email = credentials.email.clone();
    if let Err(wait) = state
        .logins
        .check(&email, device.as_deref(), Instant::now())
    {
        tracing::info!("login refused: the account is waiting after wrong passwords");
        state.metrics.login(LoginOutcome::AccountWaiting);
        let secs = wait.as_secs().max(1);
        return Err(ApiError::new(ErrorCode::RateLimited, format!(
                "Too many wrong passwords for this account. Wait {secs} seconds and try again, or log in on a phone or computer you have logged in on before."
            ),
        )
        .retry_after(secs));
    }
    let user = accounts::find_by_email(&state.db, &credentials.email).await?;
    let verified = password::verify(
        &state.hashing,
        credentials.password,
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    let Some(user) = user.filter(|_| verified) else {
        state.logins.failed(&email, Instant::now());
        state.metrics.login(LoginOutcome::WrongPassword);
        tracing::info!("login refused");
        return Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "The email or password is not right. Check them and try again.",
        ));
    };
    tracing::Span::current().record("user_id", tracing::field::display(user.id));
    if user.disabled_at.is_some() {
        tracing::info!("login refused: account disabled");
        return Err(ApiError::new(
            ErrorCode::AccountDisabled,
            "This account is disabled. Ask your clinic's administrator to enable it again.",
        ));
    }
    // A login always starts a fresh session: the id the browser had before
    // (if any) is retired, so a planted session id is worth nothing.
    if let Some(previous) = previous {
        session::delete(&state.db, &previous.token_hash).await?;
    }
    let token = session::create(&state.db, user.id, &state.config.sessions).await?;
    tracing::info!("logged in");
    state.metrics.login(LoginOutcome::SignedIn);
    let device = state
        .logins
        .succeeded(&email, device.as_deref(), Instant::now());
    Ok(SignedIn {
        user,
        token,
        device,
    })
}

/// Ends the login session, if there is one, and the push subscription of
/// the device, when it names one (`push_endpoint`).
pub async fn end_session(
    state: &AppState,
    current: Option<CurrentSession>,
    push_endpoint: Option<&str>,
) -> Result<(), ApiError> {
    if let Some(current) = current {
        session::delete_with_push(&state.db, &current, push_endpoint).await?;
    }
    Ok(())
}

/// `POST /api/auth/logout`, optionally `{"push_endpoint": "…"}`: the
/// device's push subscription to remove with the session. Logging out is
/// always allowed: a body that cannot be read is ignored.
pub async fn logout(
    State(state): State<AppState>,
    current: Option<CurrentSession>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let request: LogoutRequest = serde_json::from_slice(&body).unwrap_or_default();
    end_session(&state, current, request.push_endpoint.as_deref()).await?;
    let clear = HeaderValue::from_str(&cookie::clear(state.config.secure_cookies))
        .map_err(ApiError::internal)?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, clear)]).into_response())
}

/// `POST /api/auth/logout-everywhere`: ends every login session of the
/// account, on every device, and removes its devices' push subscriptions.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    current: CurrentSession,
) -> Result<Response, ApiError> {
    session::delete_everywhere(&state.db, current.user_id).await?;
    tracing::info!(user_id = %current.user_id, "logged out everywhere");
    let clear = HeaderValue::from_str(&cookie::clear(state.config.secure_cookies))
        .map_err(ApiError::internal)?;
    let mut response = (StatusCode::NO_CONTENT, [(SET_COOKIE, clear)]).into_response();
    response.extensions_mut().insert(WriteCommitted);
    Ok(response)
}

/// `DELETE /api/account` `{"password"}`: erases the patient's account and
/// everything Knip keeps about them (sessions, synced data, links with
/// therapists and what they wrote about the patient, the access log, push
/// subscriptions), after checking the password. The answer logs the
/// browser out and asks it to clear what Knip keeps on the device.
pub async fn delete_account(
    State(state): State<AppState>,
    current: CurrentSession,
    ApiJson(body): ApiJson<DeleteAccountRequest>,
) -> Result<Response, ApiError> {
    erase_account(&state, &current, &body.password).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    erased_headers(&state, &mut response)?;
    Ok(response)
}

/// Checks the password and erases the patient's account; the JSON API and
/// the Me page's form share it.
#[tracing::instrument(skip_all, fields(user_id = %current.user_id))]
pub async fn erase_account(
    state: &AppState,
    current: &CurrentSession,
    password: &str,
) -> Result<(), ApiError> {
    if current.me.role != Role::Patient {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "A therapist's or administrator's account is closed by the clinic's administrator.",
        ));
    }
    let given = password_given(password).map_err(ApiError::from)?;
    let stored = user::Entity::find_by_id(current.user_id)
        .one(&state.db)
        .await?
        .map(|u| u.password_hash);
    if !password::verify(&state.hashing, given, stored).await? {
        tracing::info!("account erasure refused: wrong password");
        // Signed in, so not 401: the password given to confirm is wrong.
        return Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "The password is not right, so nothing was deleted. Check it and try again.",
        )
        .with_status(StatusCode::FORBIDDEN));
    }
    crate::auth::erase::erase_patient(&state.db, current.user_id).await?;
    tracing::info!("account erased");
    Ok(())
}

/// After an erasure: the session cookie goes, the browser is asked to clear
/// what Knip keeps on the device, and the write is known to be stored.
pub fn erased_headers(state: &AppState, response: &mut Response) -> Result<(), ApiError> {
    let clear = HeaderValue::from_str(&cookie::clear(state.config.secure_cookies))
        .map_err(ApiError::internal)?;
    let headers = response.headers_mut();
    headers.insert(SET_COOKIE, clear);
    headers.insert(
        HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cache\", \"storage\""),
    );
    response.extensions_mut().insert(WriteCommitted);
    Ok(())
}

/// `/api/auth/logout…`. Registering, logging in and erasing an account ask
/// for a password: `password_router`, which the router limits.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route(app::routes::API_LOGOUT, post(logout))
        .route(app::routes::API_LOGOUT_EVERYWHERE, post(logout_everywhere))
}

/// The endpoints that take a password, each a guess to limit.
pub fn password_router() -> axum::Router<AppState> {
    use axum::routing::{delete, post};
    axum::Router::new()
        .route(app::routes::API_REGISTER, post(register))
        .route(app::routes::API_LOGIN, post(login))
        .route(app::routes::API_ACCOUNT, delete(delete_account))
}
