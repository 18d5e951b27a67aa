//! The account forms, parsed with the same rules on the phone and on the server.

use super::{
    DisplayName, DisplayNameError, Email, EmailError, Language, LanguageError, Password,
    PasswordError,
};

#[derive(Debug, Clone)]
pub struct Registration {
    pub email: Email,
    pub password: Password,
    pub display_name: Option<DisplayName>,
    pub language: Option<Language>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistrationError {
    #[error(transparent)]
    Email(#[from] EmailError),
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error(transparent)]
    DisplayName(#[from] DisplayNameError),
    #[error(transparent)]
    Language(#[from] LanguageError),
}

impl Registration {
    pub fn parse(
        email: &str,
        password: &str,
        display_name: Option<&str>,
        locale: Option<&str>,
    ) -> Result<Self, RegistrationError> {
        let email = Email::parse(email)?;
        Ok(Self {
            password: Password::parse_for(password, &email)?,
            email,
            display_name: DisplayName::parse_optional(display_name)?,
            language: locale.map(Language::parse).transpose()?,
        })
    }
}

/// Login only checks that something was typed: the stored account decides
/// the rest, and an unknown email gets the same answer as a wrong password.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub email: Email,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    #[error(transparent)]
    Email(#[from] EmailError),
    #[error("Enter your password.")]
    MissingPassword,
    #[error("The password can be at most 128 characters long.")]
    PasswordTooLong,
}

impl Credentials {
    pub fn parse(email: &str, password: &str) -> Result<Self, CredentialsError> {
        Ok(Self {
            email: Email::parse(email)?,
            password: password_given(password)?,
        })
    }
}

/// A password typed to log in or to confirm an action (not checked against
/// the rules for new passwords: those may have changed since).
pub fn password_given(password: &str) -> Result<String, CredentialsError> {
    if password.is_empty() {
        return Err(CredentialsError::MissingPassword);
    }
    if password.chars().count() > Password::MAX_CHARS {
        return Err(CredentialsError::PasswordTooLong);
    }
    Ok(password.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_registration_parses() {
        let r = Registration::parse(
            "kari@example.no",
            "fjell og fjord",
            Some("Kari"),
            Some("nn"),
        )
        .unwrap();
        assert_eq!(r.language, Some(Language::Nynorsk));
    }

    #[test]
    fn login_needs_a_password() {
        assert_eq!(
            Credentials::parse("kari@example.no", "").unwrap_err(),
            CredentialsError::MissingPassword
        );
    }
}
