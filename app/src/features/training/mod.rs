//! The training area: Today, Train (the player), Progress and the
//! onboarding under Learn.

pub mod after_session;
mod dose_notice;
mod onboarding;
pub mod onboarding_texts;
pub mod player;
mod prescription_form;
mod progress;
pub mod state;
mod today;
mod train;

pub use dose_notice::DoseChangedNotice;
pub use onboarding::OnboardingPage;
pub use progress::ProgressPage;
pub use today::TodayPage;
pub use train::TrainPage;
