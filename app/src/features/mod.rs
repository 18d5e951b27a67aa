//! One folder per feature, each with its pages, its state and its texts:
//! `training` (Today, Train, Progress, the introduction), `relax`, `learn`,
//! `account` (log in, register, Me), `settings`, `diary` (records area). The
//! questionnaires go into `questionnaires/` (records area), the therapist's and
//! the admin's pages into `therapist/` and `admin/`, each an area of its own.

pub mod account;
pub mod clinic;
pub mod diary;
pub mod group_meeting;
pub mod learn;
pub mod questionnaires;
pub mod relax;
pub mod reminders;
pub mod settings;
pub mod training;
