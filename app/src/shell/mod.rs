//! What holds the app together (the paths and areas are in `crate::routes`): one Leptos
//! app per area ([`areas`]), the HTML documents around them, the navigation,
//! the current user, the landing page and the error pages.

pub mod areas;
pub mod current_user;
#[cfg(feature = "ssr")]
pub mod document;
mod landing;
pub mod navigation;
mod refused;

pub use crate::ui::NotFound;
pub use landing::Landing;
pub use refused::Refused;
