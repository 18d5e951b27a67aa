//! The JSON of `POST /api/sync`.

use serde::{Deserialize, Serialize};

/// The most ops one request may carry.
pub const MAX_BATCH_OPS: usize = 500;

/// An op as it travels: validated into an [`super::Op`] on arrival.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WireOp {
    pub op_id: String,
    pub kind: String,
    pub client_ts: String,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    pub device_id: String,
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub ops: Vec<WireOp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpStatus {
    Applied,
    Duplicate,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OpResult {
    pub op_id: String,
    pub status: OpStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One entry of a user's change log, as pulled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Change {
    pub seq: i64,
    pub op_id: String,
    pub kind: String,
    pub device_id: String,
    pub client_ts: String,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SyncResponse {
    pub results: Vec<OpResult>,
    pub changes: Vec<Change>,
    pub cursor: String,
    /// More changes are waiting: pull again with the new cursor.
    pub more: bool,
}

/// Where a device is in its user's change log. Opaque to clients; `v1.N`
/// means "has seen every change up to sequence number N".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The cursor is not one this server gave out. Pull again with \"cursor\": null.")]
pub struct CursorError;

impl Cursor {
    pub const START: Cursor = Cursor(0);

    pub fn parse(raw: Option<&str>) -> Result<Self, CursorError> {
        let Some(raw) = raw else {
            return Ok(Self::START);
        };
        let seq = raw.strip_prefix("v1.").ok_or(CursorError)?;
        if seq.is_empty() || !seq.bytes().all(|b| b.is_ascii_digit()) || seq.len() > 18 {
            return Err(CursorError);
        }
        seq.parse().map(Cursor).map_err(|_| CursorError)
    }

    pub fn encode(self) -> String {
        format!("v1.{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(Cursor::parse(None), Ok(Cursor::START));
        assert_eq!(Cursor::parse(Some(&Cursor(42).encode())), Ok(Cursor(42)));
        for bad in [
            "",
            "42",
            "v1.",
            "v1.-3",
            "v1.4x",
            "v2.4",
            "v1.99999999999999999999",
        ] {
            assert_eq!(Cursor::parse(Some(bad)), Err(CursorError), "{bad}");
        }
    }
}
