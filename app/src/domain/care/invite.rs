//! The invite code a therapist gives a patient, and where a link stands.

use serde::{Deserialize, Serialize};

/// Crockford's base 32: digits and capitals without I, L, O and U, so a
/// code read aloud or typed from a note cannot be misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LEN: usize = 8;

/// A single-use code a therapist gives a patient: 8 characters, shown as
/// `ABCD-EFGH` (40 random bits; guessing is rate-limited on the server).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InviteCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InviteCodeError {
    #[error("An invite code has 8 letters and digits, like ABCD-1234. Check what you typed.")]
    Length,
    #[error("An invite code has only letters and digits. Check what you typed.")]
    Character,
}

impl InviteCode {
    /// The code for 40 random bits.
    pub fn from_random(bytes: [u8; 5]) -> Self {
        let mut bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let mut code = [0u8; CODE_LEN];
        for slot in code.iter_mut().rev() {
            *slot = ALPHABET[(bits & 31) as usize];
            bits >>= 5;
        }
        Self(code.iter().map(|&b| char::from(b)).collect())
    }

    /// What a person typed: spaces and dashes are ignored, lower case is
    /// read as upper case, and O, I and L as the digits they look like.
    pub fn parse(raw: &str) -> Result<Self, InviteCodeError> {
        let mut code = String::with_capacity(CODE_LEN);
        for c in raw.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\u{a0}' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
                _ => return Err(InviteCodeError::Character),
            };
            code.push(c);
            if code.len() > CODE_LEN {
                return Err(InviteCodeError::Length);
            }
        }
        if code.len() != CODE_LEN {
            return Err(InviteCodeError::Length);
        }
        Ok(Self(code))
    }

    /// The code as stored: 8 characters, no dash.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as shown and read aloud: `ABCD-EFGH`.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

/// Where a link between a patient and a therapist stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// The patient entered the code but has not consented yet: the
    /// therapist sees nothing.
    Pending,
    Active,
    /// Ended by the patient: the therapist sees nothing more.
    Revoked,
}

impl LinkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Pending => "pending",
            LinkStatus::Active => "active",
            LinkStatus::Revoked => "revoked",
        }
    }
}
