use std::fmt;

/// An email address in a normalised form (trimmed, Unicode NFC, lower-case),
/// checked for a plausible shape. Characters that show nothing (zero-width
/// space, joiners, direction marks, variation selectors) are refused, so two
/// accounts can never look the same on screen. Whether it can receive mail
/// is not our business here.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter your email address.")]
    Empty,
    #[error("An email address can be at most 254 characters long.")]
    TooLong,
    #[error("That does not look like an email address. It should look like name@example.no.")]
    BadShape,
    #[error(
        "The email address contains an invisible character (such as a zero-width space). Type the address again instead of pasting it."
    )]
    Invisible,
}

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        use unicode_normalization::UnicodeNormalization;
        let email = raw.trim().nfc().collect::<String>().to_lowercase();
        if email.chars().any(is_invisible) {
            return Err(EmailError::Invisible);
        }
        if email.is_empty() {
            return Err(EmailError::Empty);
        }
        if email.chars().count() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = email.split_once('@').ok_or(EmailError::BadShape)?;
        let shape_ok = !local.is_empty()
            && local.len() <= 64
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
        if !shape_ok {
            return Err(EmailError::BadShape);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Unicode's default-ignorable code points: characters a font draws as
/// nothing (DerivedCoreProperties.txt, Default_Ignorable_Code_Point). They
/// include the marks and overrides that turn the text's direction
/// (U+200E-200F, U+202A-202E, U+2066-2069).
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

// Email addresses are personal data: keep them out of debug output and logs.
impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_normal_address_is_normalised() {
        let email = Email::parse("  Kari.Nordmann@Example.NO ").unwrap();
        assert_eq!(email.as_str(), "kari.nordmann@example.no");
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for raw in [
            "kari",
            "kari@",
            "@example.no",
            "kari@example",
            "kari@@example.no",
            "ka ri@example.no",
            "kari@example..no",
            "kari@.example.no",
        ] {
            assert_eq!(Email::parse(raw), Err(EmailError::BadShape), "{raw}");
        }
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        let long = format!("{}@example.no", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn invisible_characters_are_refused() {
        for raw in [
            "ka\u{200B}ri@example.no",
            "kari\u{200D}@example.no",
            "\u{FEFF}kari@example.no",
            "kari@exam\u{00AD}ple.no",
            "kari@example.no\u{2060}",
            "kari\u{E0041}@example.no",
        ] {
            assert_eq!(Email::parse(raw), Err(EmailError::Invisible), "{raw:?}");
        }
    }

    #[test]
    fn composed_and_decomposed_letters_are_one_address() {
        // "å" as one character and as "a" + combining ring above.
        let composed = Email::parse("h\u{00E5}kon@example.no").unwrap();
        let decomposed = Email::parse("ha\u{030A}kon@example.no").unwrap();
        assert_eq!(composed, decomposed);
        assert_eq!(composed.as_str(), "h\u{00E5}kon@example.no");
    }

    #[test]
    fn debug_output_hides_the_address() {
        let email = Email::parse("kari@example.no").unwrap();
        assert!(!format!("{email:?}").contains("kari"));
    }
}
