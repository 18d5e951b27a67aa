pub mod admin;
pub mod auth;
pub mod care;
pub mod forms;
pub mod health;
pub mod me;
pub mod pages;
pub mod sync;
