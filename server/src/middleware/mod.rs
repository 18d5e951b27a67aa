pub mod client_ip;
pub mod csrf;
pub mod rate_limit;
pub mod request_id;
pub mod security_headers;
pub mod write_health;
