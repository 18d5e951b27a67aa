pub mod session;
pub mod sync;
pub mod user;
