pub mod csrf;
pub mod rate_limit;
pub mod security_headers;
pub mod write_health;
