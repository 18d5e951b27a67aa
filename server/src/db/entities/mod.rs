pub mod care;
pub mod session;
pub mod sync;
pub mod user;
