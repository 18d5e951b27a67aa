//! A therapist's working note, checked at the edge.

use super::MAX_NOTE_CHARS;

/// A short note checked at the edge: trimmed, not empty, not too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("Write something first: the note is empty.")]
    Empty,
    #[error("A note may have at most {MAX_NOTE_CHARS} characters.")]
    TooLong,
}

impl Note {
    pub fn parse(raw: &str) -> Result<Self, NoteError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(NoteError::Empty);
        }
        if text.chars().count() > MAX_NOTE_CHARS || text.contains('\0') {
            return Err(NoteError::TooLong);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
