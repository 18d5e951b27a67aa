//! Components shared by the features and the shell: widgets that take props.

pub mod chart;
mod confirm;
mod form;
pub mod illustrations;
mod language_picker;
mod not_found;
mod public_page;
mod scale;
mod sync_status;

pub use confirm::ConfirmPost;
pub use form::{FormMessage, FormMessageText, ShowPassword, TextField};
pub use language_picker::LanguagePicker;
pub use not_found::NotFound;
pub use public_page::PublicPage;
pub use scale::RatingScale;
pub use sync_status::{DeadLetters, SyncStatusLine};
