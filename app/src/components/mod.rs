mod form;
mod language_picker;
mod public_page;

pub use form::{FormMessage, FormMessageText, TextField};
pub use language_picker::LanguagePicker;
pub use public_page::PublicPage;
