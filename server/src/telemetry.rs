use tracing_subscriber::EnvFilter;

/// What is logged unless `RUST_LOG` says otherwise.
pub const DEFAULT_FILTER: &str = "info,sqlx=warn,sea_orm=warn";

/// Logs to stderr; `RUST_LOG` overrides the default level, and
/// `KNIP_LOG_FORMAT=json` writes one JSON object per line (for a log
/// collector) instead of text.
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr);
    let _ = match std::env::var("KNIP_LOG_FORMAT").as_deref() {
        Ok("json") => builder.json().flatten_event(true).try_init(),
        _ => builder.try_init(),
    };
}
