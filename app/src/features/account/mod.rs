//! The patient's account: log in and register (public pages, plain HTML
//! forms that post to the server), and the Me page (who is signed in, the
//! settings, the language, log out).

pub mod forms;
mod login;
mod me;
mod register;

pub use login::Login;
pub use me::MePage;
pub use register::Register;
