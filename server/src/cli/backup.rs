use crate::db::{self, Backend};
use sea_orm::ConnectionTrait;
use std::path::Path;

/// `VACUUM INTO` writes a consistent copy even while the server writes.
pub async fn run(database_url: &str, to: &Path) -> Result<(), Box<dyn std::error::Error>> {
    if Backend::of_url(database_url)? == Backend::Postgres {
        return Err("For PostgreSQL use its own tools, for example: pg_dump --format=custom --file=knip.dump \"$DATABASE_URL\"".into());
    }
    if to.exists() {
        return Err(format!(
            "{} already exists; choose a new file name so no backup is overwritten.",
            to.display()
        )
        .into());
    }
    let target = to.to_str().ok_or("The backup path must be valid UTF-8.")?;
    let db = db::connect(database_url).await?;
    db.execute_unprepared(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
        .await?;
    println!("Backup written to {}.", to.display());
    Ok(())
}
