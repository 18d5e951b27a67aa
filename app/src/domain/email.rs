use std::fmt;

/// An email address in a normalised form (trimmed, lower-case), checked for a
/// plausible shape. Whether it can receive mail is not our business here.
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
}

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let email = raw.trim().to_lowercase();
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
    fn debug_output_hides_the_address() {
        let email = Email::parse("kari@example.no").unwrap();
        assert!(!format!("{email:?}").contains("kari"));
    }
}
