//! The public pages' HTML forms: log in, register, log out and the choice of
//! language. They work without any WASM or JavaScript. The same rules hold as
//! for the JSON API (the same parsing, CSRF check and rate limit); success
//! is a 303 to the app, a failure renders the page again with the message and
//! what was typed, except the password.

use super::see_other;
use crate::auth::{CurrentSession, cookie, throttle};
use crate::error::{ApiError, WriteCommitted};
use crate::routes::auth::{SignedIn, create_account, end_session, log_in, sign_in_cookies};
use crate::state::AppState;
use app::api::ErrorCode;
use app::domain::Language;
use app::domain::account::{Credentials, Registration};
use app::domain::learn::{MAX_FEEDBACK_CHARS, ModuleFeedback};
use app::domain::{LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE_SECS};
use app::forms::{FormFeedback, FormMessage};
use app::routes;
use axum::body::Body;
use axum::extract::{Form, FromRequest, Path, Request, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;
use serde::Deserialize;
use serde::de::DeserializeOwned;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    email: String,
    password: String,
    display_name: String,
    locale: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EraseForm {
    password: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LogoutForm {
    wipe: String,
    /// This device's push subscription, filled in by `push.js`.
    push_endpoint: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LanguageForm {
    lang: String,
    back: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedbackForm {
    text: String,
    lang: String,
}

/// A reader's feedback after an education module (`POST
/// /learn/{module}/done`): kept without name or account; back to the page
/// with a thank-you, or the page again with the message and the text.
pub async fn module_feedback(
    State(state): State<AppState>,
    Path((module, page)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, form) = read_form::<FeedbackForm>(&state, request).await;
    if page != "done" || app::features::learn::modules::shape(&module).is_none() {
        return render_page(
            &state,
            parts,
            StatusCode::NOT_FOUND,
            FormFeedback::default(),
        )
        .await;
    }
    let form = match form {
        Ok(form) => form,
        Err(message) => return bad_form(&state, parts, message).await,
    };
    let feedback = match ModuleFeedback::parse(&form.text) {
        Ok(feedback) => feedback,
        Err(error) => {
            let feedback = FormFeedback {
                text: form.text.chars().take(2 * MAX_FEEDBACK_CHARS).collect(),
                message: Some(FormMessage::Feedback(error)),
                ..FormFeedback::default()
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render_page(&state, parts, status, feedback).await;
        }
    };
    let language = Language::parse(&form.lang).unwrap_or_default();
    if let Err(error) = crate::learn::keep(&state.db, &module, language, &feedback).await {
        return error.into_response();
    }
    let done = app::features::learn::modules::done_url(&module);
    let mut response = see_other(&format!("{done}?sent=1"));
    response.extensions_mut().insert(WriteCommitted);
    response
}

#[tracing::instrument(skip_all, fields(user_id))]
pub async fn login(
    State(state): State<AppState>,
    previous: Option<CurrentSession>,
    request: Request,
) -> Response {
    let (parts, form) = read_form::<LoginForm>(&state, request).await;
    let form = match form {
        Ok(form) => form,
        Err(message) => return bad_form(&state, parts, message).await,
    };
    let feedback = |message: FormMessage| FormFeedback {
        email: form.email.clone(),
        message: Some(message),
        ..FormFeedback::default()
    };
    let credentials = match Credentials::parse(&form.email, &form.password) {
        Ok(credentials) => credentials,
        Err(error) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render_page(&state, parts, status, feedback(error.into())).await;
        }
    };
    let device = throttle::device_from(&parts.headers, state.config.secure_cookies);
    match log_in(&state, previous, credentials, device).await {
        Ok(done) => signed_in(&state, &done),
        Err(error) => refused(&state, parts, error, feedback).await,
    }
}

#[tracing::instrument(skip_all, fields(user_id))]
pub async fn register(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form::<RegisterForm>(&state, request).await;
    let form = match form {
        Ok(form) => form,
        Err(message) => return bad_form(&state, parts, message).await,
    };
    let feedback = |message: FormMessage| FormFeedback {
        email: form.email.clone(),
        display_name: form.display_name.clone(),
        message: Some(message),
        ..FormFeedback::default()
    };
    let locale = (!form.locale.is_empty()).then_some(form.locale.as_str());
    let registration = match Registration::parse(
        &form.email,
        &form.password,
        Some(form.display_name.as_str()),
        locale,
    ) {
        Ok(registration) => registration,
        Err(error) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render_page(&state, parts, status, feedback(error.into())).await;
        }
    };
    match create_account(&state, registration).await {
        Ok(done) => signed_in(&state, &done),
        Err(error) => refused(&state, parts, error, feedback).await,
    }
}

/// Ends the session and goes to the log-in page. `wipe=yes` also asks the
/// browser to clear what Knip keeps on the device (`Clear-Site-Data`), so a
/// shared phone keeps nothing even when the app's own code never ran.
pub async fn logout(
    State(state): State<AppState>,
    current: Option<CurrentSession>,
    request: Request,
) -> Response {
    // Logging out is always allowed: an unreadable body means "keep the data".
    let form = Form::<LogoutForm>::from_request(request, &state)
        .await
        .map(|Form(form)| form)
        .unwrap_or_default();
    let wipe = form.wipe == "yes";
    if let Err(error) = end_session(&state, current, Some(form.push_endpoint.as_str())).await {
        return error.into_response();
    }
    let mut response = see_other(routes::LOGIN);
    let headers = response.headers_mut();
    if let Ok(clear) = HeaderValue::from_str(&cookie::clear(state.config.secure_cookies)) {
        headers.insert(SET_COOKIE, clear);
    }
    if wipe {
        headers.insert(
            HeaderName::from_static("clear-site-data"),
            HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
    response
}

/// The Me page's "log out on all my devices": every session of the account
/// ends and its devices' push subscriptions go; then the log-in page.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    current: Option<CurrentSession>,
) -> Response {
    if let Some(current) = current
        && let Err(error) =
            crate::auth::session::delete_everywhere(&state.db, current.user_id).await
    {
        return ApiError::from(error).into_response();
    }
    let mut response = see_other(routes::LOGIN);
    if let Ok(clear) = HeaderValue::from_str(&cookie::clear(state.config.secure_cookies)) {
        response.headers_mut().insert(SET_COOKIE, clear);
    }
    response.extensions_mut().insert(WriteCommitted);
    response
}

/// The Me page's "delete my account" form: the same checks as `DELETE
/// /api/account`; on success the landing page, logged out, with the phone's
/// data cleared; a refusal is shown as a page with the message.
pub async fn erase_account(
    State(state): State<AppState>,
    current: Option<CurrentSession>,
    request: Request,
) -> Response {
    let (parts, form) = read_form::<EraseForm>(&state, request).await;
    let form = match form {
        Ok(form) => form,
        Err(message) => return bad_form(&state, parts, message).await,
    };
    let Some(current) = current else {
        return ApiError::new(ErrorCode::Unauthenticated, "Log in first.").into_response();
    };
    if let Err(error) = crate::routes::auth::erase_account(&state, &current, &form.password).await {
        return error.into_response();
    }
    let mut response = see_other(routes::ERASED);
    if let Err(error) = crate::routes::auth::erased_headers(&state, &mut response) {
        return error.into_response();
    }
    response
}

/// Remembers the chosen language in leptos_i18n's cookie and sends the
/// person back to the page they chose it on, now in that language.
pub async fn language(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form::<LanguageForm>(&state, request).await;
    let form = match form {
        Ok(form) => form,
        Err(message) => return bad_form(&state, parts, message).await,
    };
    let Ok(language) = Language::parse(&form.lang) else {
        let feedback = FormFeedback {
            message: Some(FormMessage::BadForm),
            ..FormFeedback::default()
        };
        return render_page(&state, parts, StatusCode::UNPROCESSABLE_ENTITY, feedback).await;
    };
    let mut response = see_other(local_path(&form.back));
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; SameSite=Lax; Max-Age={LANGUAGE_COOKIE_MAX_AGE_SECS}",
        language.code()
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    response
}

/// Only a path on this site: never an open redirect.
fn local_path(back: &str) -> &str {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && back.len() <= 200
        && back.chars().all(|c| c.is_ascii_graphic());
    if local { back } else { routes::HOME }
}

/// A refusal from below a form route (CSRF check, rate limit, an unreachable
/// database) is an API error; on a page's path it is shown as that page
/// with the message, in the person's language, never as JSON.
pub async fn html_refusals(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_page_post = !matches!(*request.method(), Method::GET | Method::HEAD)
        && !request.uri().path().starts_with("/api/");
    if !is_page_post {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let response = next.run(Request::from_parts(parts.clone(), body)).await;
    let Some(error) = response.extensions().get::<ApiError>().cloned() else {
        return response;
    };
    let feedback = FormFeedback {
        message: Some(FormMessage::from_api(error.code, &error.message)),
        ..FormFeedback::default()
    };
    let mut page = render_page(&state, parts, error.status, feedback).await;
    if let Some(retry_after) = response.headers().get(RETRY_AFTER) {
        page.headers_mut().insert(RETRY_AFTER, retry_after.clone());
    }
    page
}

/// The form's fields, or the message for a body that is not a form.
async fn read_form<T: DeserializeOwned>(
    state: &AppState,
    request: Request,
) -> (Parts, Result<T, (StatusCode, FormMessage)>) {
    let (parts, body) = request.into_parts();
    let request = Request::from_parts(parts.clone(), body);
    let form = match Form::<T>::from_request(request, state).await {
        Ok(Form(form)) => Ok(form),
        Err(rejection) => {
            tracing::info!(%rejection, "form post refused");
            Err((rejection.status(), FormMessage::BadForm))
        }
    };
    (parts, form)
}

async fn bad_form(
    state: &AppState,
    parts: Parts,
    (status, message): (StatusCode, FormMessage),
) -> Response {
    let feedback = FormFeedback {
        message: Some(message),
        ..FormFeedback::default()
    };
    render_page(state, parts, status, feedback).await
}

/// An error of the shared login or registration code, shown on the form.
async fn refused(
    state: &AppState,
    parts: Parts,
    error: ApiError,
    feedback: impl Fn(FormMessage) -> FormFeedback,
) -> Response {
    let message = FormMessage::from_api(error.code, &error.message);
    let mut page = render_page(state, parts, error.status, feedback(message)).await;
    if let Some(seconds) = error.retry_after {
        page.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    page
}

/// The public page at the request's path, rendered with `feedback`.
pub async fn render_page(
    state: &AppState,
    parts: Parts,
    status: StatusCode,
    feedback: FormFeedback,
) -> Response {
    let leptos = state.leptos.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || provide_context(feedback.clone()),
        move || app::shell_public(leptos.clone()),
    );
    let mut response = handler(Request::from_parts(parts, Body::empty()))
        .await
        .into_response();
    *response.status_mut() = status;
    response
}

/// Where a person lands after logging in: a therapist at the clinic's
/// overview, everyone else in the app.
fn home_of(role: &str) -> &'static str {
    match app::domain::Role::parse(role) {
        Ok(app::domain::Role::Therapist) => routes::CLINIC,
        Ok(app::domain::Role::Admin) => routes::ADMIN,
        _ => routes::TODAY,
    }
}

fn signed_in(state: &AppState, done: &SignedIn) -> Response {
    match sign_in_cookies(state, done) {
        Ok(cookies) => {
            let mut response = see_other(home_of(&done.user.role));
            for value in cookies {
                response.headers_mut().append(SET_COOKIE, value);
            }
            // The new session's row is stored.
            response.extensions_mut().insert(WriteCommitted);
            response
        }
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_come_back() {
        assert_eq!(local_path("/login"), "/login");
        assert_eq!(local_path("/app/me"), "/app/me");
        assert_eq!(local_path("//evil.example"), "/");
        assert_eq!(local_path("https://evil.example"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path(""), "/");
    }
}
