mod app_shell;
mod coming_soon;
mod landing;
mod login;
mod me;
mod not_found;
mod refused;
mod register;
mod training;

pub use app_shell::{AppShell, Section};
pub use coming_soon::ComingSoon;
pub use landing::Landing;
pub use login::Login;
pub use me::MePage;
pub use not_found::NotFound;
pub use refused::Refused;
pub use register::Register;
pub use training::{LearnPage, OnboardingPage, ProgressPage, TodayPage, TrainPage};
