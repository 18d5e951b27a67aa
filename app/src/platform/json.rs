//! JSON in the browser. Every typed value is read out of a parsed
//! [`serde_json::Value`], by reference, as `parse_op` reads op payloads:
//! reading some types straight from text and others from a `Value`
//! compiled two deserializers per type into the WASM.

use serde::de::DeserializeOwned;

/// A `T` read out of JSON text.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    T::deserialize(&value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ErrorBody, ErrorCode, Me};
    use crate::domain::Role;

    #[test]
    fn reads_what_reading_from_text_reads() {
        let me = r#"{"id":"a1","email":"kari@example.no","role":"patient","locale":"nn","display_name":null}"#;
        assert_eq!(
            parse::<Me>(me).unwrap(),
            serde_json::from_str::<Me>(me).unwrap()
        );
        let me: Me =
            parse(r#"{"id":"a1","email":"kari@example.no","role":"patient","locale":"nb"}"#)
                .unwrap();
        assert_eq!(me.role, Role::Patient);
        assert_eq!(me.display_name, None);
        let refused: ErrorBody =
            parse(r#"{"error":{"code":"rate_limited","message":"Vent litt."}}"#).unwrap();
        assert_eq!(refused.error.code, ErrorCode::RateLimited);
    }

    #[test]
    fn refuses_what_is_not_json_or_not_the_shape() {
        assert!(parse::<Me>("{\"id\":").is_err());
        assert!(parse::<Me>("[]").is_err());
        assert!(parse::<Me>(r#"{"id":"a1"}"#).is_err());
    }
}
