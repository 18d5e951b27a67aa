//! OpenAPI schemas the derive cannot write: a leaf the domain's bounded
//! types and the API's wire types both use.

/// The OpenAPI schema of a whole number within bounds, for the types whose
/// serde goes through a check (`try_from`): the document says what they
/// accept.
#[cfg(feature = "ssr")]
pub fn integer_schema(
    min: i64,
    max: i64,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .minimum(Some(min))
        .maximum(Some(max))
        .into()
}

/// `ToSchema` for a bounded whole number: `impl_integer_schema!(T, MIN, MAX)`.
#[macro_export]
macro_rules! impl_integer_schema {
    ($name:ty, $min:expr, $max:expr) => {
        #[cfg(feature = "ssr")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::schema::integer_schema(i64::from($min), i64::from($max))
            }
        }
        #[cfg(feature = "ssr")]
        impl utoipa::ToSchema for $name {}
    };
}
