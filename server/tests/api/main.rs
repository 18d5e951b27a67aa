//! API integration tests: one binary; every test gets a fresh database and
//! runs twice, on SQLite and on PostgreSQL.

mod helpers;

mod account;
mod accounts;
mod bad_input;
mod care;
mod cli;
mod diary;
mod forms;
mod fuzz;
mod health;
mod instruments;
mod learn;
mod openapi;
mod pages;
mod push;
mod resilience;
mod security;
mod storage;
mod sync;
mod sync_crash;
mod sync_property;
mod training;
mod two_servers;
