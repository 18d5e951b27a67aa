use crate::auth::accounts::{self, NewAccount};
use crate::db;
use app::domain::{Email, Language, Password, Role};
use std::io::{BufRead, IsTerminal};

pub async fn create(
    database_url: &str,
    email: &str,
    role: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let email = Email::parse(email)?;
    let role = Role::parse(role)?;
    let password = Password::parse_for(&read_password()?, &email)?;
    let db = db::connect(database_url).await?;
    db::migrations::run(&db).await?;
    let user = accounts::create(
        &db,
        &Default::default(),
        NewAccount {
            email,
            password,
            display_name: None,
            language: Language::default(),
            role,
        },
    )
    .await?;
    println!("Created {role} account {}.", user.id);
    Ok(())
}

fn read_password() -> Result<String, Box<dyn std::error::Error>> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 10 characters): ")?;
        let again = rpassword::prompt_password("Same password again: ")?;
        if first != again {
            return Err("The two passwords differ. Nothing was created.".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}
