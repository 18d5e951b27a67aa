/// What the app calls the person. Optional at registration; 1 to 60
/// characters without control characters and without characters that show
/// nothing (as in an email address): a zero-width space or a right-to-left
/// override in a name makes one person look like another on the
/// therapist's list, or the text around the name read backwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    #[error("The name can be at most 60 characters long.")]
    TooLong,
    #[error("The name contains characters that cannot be shown.")]
    Unprintable,
    #[error(
        "The name contains an invisible character (such as a zero-width space or a right-to-left mark). Type the name again instead of pasting it."
    )]
    Invisible,
}

impl DisplayName {
    pub const MAX_CHARS: usize = 60;

    /// An empty or blank name means "no name", not an error.
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, DisplayNameError> {
        let Some(name) = raw.map(str::trim).filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        if name.chars().count() > Self::MAX_CHARS {
            return Err(DisplayNameError::TooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(DisplayNameError::Unprintable);
        }
        if name.chars().any(super::email::is_invisible) {
            return Err(DisplayNameError::Invisible);
        }
        Ok(Some(Self(name.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_means_no_name() {
        assert_eq!(DisplayName::parse_optional(Some("   ")), Ok(None));
        assert_eq!(DisplayName::parse_optional(None), Ok(None));
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        let name = DisplayName::parse_optional(Some(" Kari "))
            .unwrap()
            .unwrap();
        assert_eq!(name.as_str(), "Kari");
        assert_eq!(
            DisplayName::parse_optional(Some(&"x".repeat(61))),
            Err(DisplayNameError::TooLong)
        );
        assert_eq!(
            DisplayName::parse_optional(Some("a\u{7}b")),
            Err(DisplayNameError::Unprintable)
        );
    }

    #[test]
    fn zero_width_and_direction_changing_characters_are_refused() {
        for name in [
            "Kari\u{200B}Nordmann",
            "Kari\u{200D}",
            "\u{202E}nnamdroN",
            "Kari \u{2067}Ola\u{2069}",
            "Ola\u{200F}",
            "\u{FEFF}Kari",
            "Ka\u{00AD}ri",
        ] {
            assert_eq!(
                DisplayName::parse_optional(Some(name)),
                Err(DisplayNameError::Invisible),
                "{name:?}"
            );
        }
        // Letters of other scripts and accents are names like any other.
        for name in ["Åse Ødegård", "Zoë", "محمد", "Nguyễn"] {
            assert!(DisplayName::parse_optional(Some(name)).is_ok(), "{name}");
        }
    }
}
