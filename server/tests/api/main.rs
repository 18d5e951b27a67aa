//! API integration tests: one binary; every test gets a fresh database and
//! runs twice, on SQLite and on PostgreSQL.

mod helpers;

mod abuse;
mod access_log;
mod account;
mod accounts;
mod bad_input;
mod care;
mod cli;
mod diary;
mod dose_history;
mod export;
mod forms;
mod fuzz;
mod health;
mod instruments;
mod learn;
mod limits;
mod openapi;
mod pages;
mod pathway;
mod push;
mod races;
mod resilience;
mod search;
mod security;
mod storage;
mod sync;
mod sync_crash;
mod sync_property;
mod therapist_sync;
mod training;
mod two_servers;
