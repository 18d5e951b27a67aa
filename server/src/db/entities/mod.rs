pub mod care;
pub mod learn;
pub mod push;
pub mod session;
pub mod sync;
pub mod user;
