pub mod chart;
mod confirm;
mod form;
pub mod illustrations;
mod language_picker;
mod public_page;
mod scale;
mod sync_status;

pub use confirm::ConfirmPost;
pub use form::{FormMessage, FormMessageText, TextField};
pub use language_picker::LanguagePicker;
pub use public_page::PublicPage;
pub use scale::RatingScale;
pub use sync_status::{DeadLetters, SyncStatusLine};
