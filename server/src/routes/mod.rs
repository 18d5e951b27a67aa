pub mod auth;
pub mod forms;
pub mod health;
pub mod me;
pub mod sync;
