//! The command line: `serve` (the default), `migrate`, `user create`, `demo`,
//! `backup`.

mod backup;
pub mod demo;
mod serve;
mod user;

use crate::config::ServeConfig;
use crate::db;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "knip",
    version,
    about = "Knip: guided pelvic floor training, offline first."
)]
pub struct Cli {
    /// Where the data lives: sqlite://FILE?mode=rwc or postgres://…
    #[arg(long, env = "DATABASE_URL", default_value = db::DEFAULT_URL, global = true)]
    pub database_url: String,

    /// SQLite only: the most the database file may grow to, in MiB. Past it,
    /// writes are refused (503) as on a full disk, and the server keeps
    /// serving; keeps the database from taking a disk it shares.
    #[arg(long, env = "KNIP_SQLITE_MAX_MIB", global = true)]
    pub sqlite_max_mib: Option<u32>,

    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub serve: ServeConfig,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default). Applies pending migrations first.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Seed a demo clinic: a therapist and 30 patients with up to a year of
    /// history each, linked with consent. Prints the logins.
    Demo,
    /// Copy the SQLite database to FILE, consistently, while the app runs.
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a therapist or admin account (patients register in the app).
    /// Asks for the password, or reads one line from stdin when piped.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = ["therapist", "admin"])]
        role: String,
    },
}

pub async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let db = db::connect_with(&cli.database_url, cli.sqlite_max_mib).await?;
            serve::run(db, cli.serve).await
        }
        Command::Migrate => {
            let db = db::connect(&cli.database_url).await?;
            db::migrations::run(&db).await?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::User {
            command: UserCommand::Create { email, role },
        } => user::create(&cli.database_url, &email, &role).await,
        Command::Demo => demo::run(&cli.database_url).await,
        Command::Backup { to } => backup::run(&cli.database_url, &to).await,
    }
}
