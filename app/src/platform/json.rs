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
