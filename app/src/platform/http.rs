//! The browser's calls to the JSON API.

use crate::api::{ErrorBody, ErrorCode, Me};
use crate::domain::sync::{SyncRequest, SyncResponse};
use crate::routes;
use gloo_net::http::{Request, Response};

/// Why a call failed, in a form the forms can show.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiFailure {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiFailure {
    fn network() -> Self {
        Self {
            code: ErrorCode::Network,
            message: String::new(),
        }
    }
}

/// The response's body as a `T`.
async fn read_body<T: serde::de::DeserializeOwned>(response: &Response) -> Option<T> {
    let text = response.text().await.ok()?;
    super::json::parse(&text).ok()
}

async fn failure(response: Response) -> ApiFailure {
    match read_body::<ErrorBody>(&response).await {
        Some(body) => ApiFailure {
            code: body.error.code,
            message: body.error.message,
        },
        None => ApiFailure {
            code: ErrorCode::Unknown,
            message: format!("HTTP {}", response.status()),
        },
    }
}

/// Ends the session; `push_endpoint` is this phone's push subscription, for
/// the server to remove with it.
pub async fn logout(push_endpoint: Option<String>) -> Result<(), ApiFailure> {
    let body = crate::api::LogoutRequest { push_endpoint };
    let response = Request::post(routes::API_LOGOUT)
        .json(&body)
        .map_err(|_| ApiFailure::network())?
        .send()
        .await
        .map_err(|_| ApiFailure::network())?;
    if response.ok() {
        Ok(())
    } else {
        Err(failure(response).await)
    }
}

/// The licensed questionnaires the clinic plugged in (none when nobody is
/// signed in or the server cannot be reached).
pub async fn instruments() -> Vec<crate::domain::instrument::Instrument> {
    #[derive(serde::Deserialize)]
    struct Listed {
        instruments: Vec<crate::domain::instrument::Instrument>,
    }
    // The last list the server gave, kept so they are asked offline too.
    const KEPT: &str = "knip.instruments";
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let parse = |text: &str| {
        super::json::parse::<Listed>(text)
            .map(|l| l.instruments)
            .unwrap_or_default()
    };
    match Request::get(routes::API_INSTRUMENTS).send().await {
        Ok(response) if response.status() == 200 => {
            let text = response.text().await.unwrap_or_default();
            if let Some(storage) = &storage {
                let _ = storage.set_item(KEPT, &text);
            }
            parse(&text)
        }
        Ok(response) if response.status() == 401 => {
            if let Some(storage) = &storage {
                let _ = storage.remove_item(KEPT);
            }
            Vec::new()
        }
        _ => storage
            .and_then(|s| s.get_item(KEPT).ok().flatten())
            .map(|text| parse(&text))
            .unwrap_or_default(),
    }
}

/// `Ok(None)` when nobody is signed in.
pub async fn me() -> Result<Option<Me>, ApiFailure> {
    let response = Request::get(routes::API_ME)
        .send()
        .await
        .map_err(|_| ApiFailure::network())?;
    match response.status() {
        200 => read_body(&response)
            .await
            .map(Some)
            .ok_or_else(ApiFailure::network),
        401 => Ok(None),
        _ => Err(failure(response).await),
    }
}

/// A full navigation, so the server renders the next page with the new
/// session cookie.
pub fn go_to(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
}

/// Why a sync request did not go through.
pub enum SyncFailure {
    SignedOut,
    Offline,
    CursorAhead,
    Refused(String),
}

pub async fn sync(body: &SyncRequest) -> Result<SyncResponse, SyncFailure> {
    let request = Request::post(routes::API_SYNC)
        .json(body)
        .map_err(|_| SyncFailure::Offline)?;
    let response = request.send().await.map_err(|_| SyncFailure::Offline)?;
    match response.status() {
        200 => read_body(&response).await.ok_or(SyncFailure::Offline),
        401 => Err(SyncFailure::SignedOut),
        _ => {
            let failure = failure(response).await;
            if failure.code == ErrorCode::CursorAhead {
                Err(SyncFailure::CursorAhead)
            } else {
                Err(SyncFailure::Refused(failure.message))
            }
        }
    }
}

/// The patient's next group meeting (none when not signed in, not in a
/// group, or the server cannot be reached: `Err`).
pub async fn next_meeting() -> Result<crate::api::care::NextMeeting, ApiFailure> {
    let response = Request::get(routes::API_NEXT_MEETING)
        .send()
        .await
        .map_err(|_| ApiFailure::network())?;
    match response.status() {
        200 => read_body(&response).await.ok_or_else(ApiFailure::network),
        _ => Err(failure(response).await),
    }
}
