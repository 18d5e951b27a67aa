//! Compiles the translations in `locales/` into the `i18n` module, and lists
//! the education modules in `content/learn/` (see `features::learn`).
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("cargo did not set OUT_DIR")?;
    let i18n_mod_directory = PathBuf::from(&out_dir).join("i18n");
    // `interpolate_display` lets `t_string!` fill in values ("rep 4 of 10").
    let cfg = Config::new("nb")?
        .add_locale("nn")?
        .add_locale("en")?
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(cfg)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(i18n_mod_directory)?;
    learn_modules(&PathBuf::from(&out_dir))?;
    Ok(())
}

/// Writes `learn_modules.rs`: for each module named in
/// `content/learn/modules.txt` (in that order), its text in nb, nn and en,
/// or `None` where a language's file is missing (a test says which).
fn learn_modules(out_dir: &std::path::Path) -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("content/learn");
    println!("cargo::rerun-if-changed={}", root.display());
    let order = std::fs::read_to_string(root.join("modules.txt"))?;
    let mut code = String::from("pub static MODULES: &[ModuleFiles] = &[\n");
    for slug in order
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        code.push_str(&format!("    ModuleFiles {{ slug: {slug:?}, texts: ["));
        for lang in ["nb", "nn", "en"] {
            let file = root.join(lang).join(format!("{slug}.md"));
            println!("cargo::rerun-if-changed={}", file.display());
            if file.exists() {
                code.push_str(&format!(
                    "Some(include_str!({:?})), ",
                    file.display().to_string()
                ));
            } else {
                code.push_str("None, ");
            }
        }
        code.push_str("] },\n");
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("learn_modules.rs"), code)?;
    Ok(())
}
