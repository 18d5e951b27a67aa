//! One folder per feature, each with its pages, its state and its texts:
//! `training` (Today, Train, Progress, the introduction), `relax`, `learn`
//! (daily area, and the education modules as public pages), `account` (log
//! in, register, Me), `settings`, `reminders`, `diary` and `questionnaires`
//! (records area), `clinic` (the therapist's and the admin's pages) and
//! `sharing` (the patient's sharing page), rendered on the server without
//! WASM, so none of their code reaches a patient's phone.

pub mod account;
pub mod clinic;
pub mod diary;
pub mod group_meeting;
pub mod learn;
#[cfg(all(test, feature = "ssr"))]
mod nynorsk_words;
pub mod pathway;
pub mod questionnaires;
pub mod relax;
pub mod reminders;
pub mod settings;
pub mod sharing;
pub mod training;
