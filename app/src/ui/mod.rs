mod coming_soon;
mod form;
pub mod illustrations;
mod language_picker;
mod public_page;
mod settings_card;
mod sync_status;

pub use coming_soon::ComingSoon;
pub use form::{FormMessage, FormMessageText, TextField};
pub use language_picker::LanguagePicker;
pub use public_page::PublicPage;
pub use settings_card::{CueToggles, DeadLetters, SettingsCard};
pub use sync_status::SyncStatusLine;
