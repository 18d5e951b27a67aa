use crate::config::ServeConfig;
use crate::{AppState, build_router, connections, db};
use sea_orm::DatabaseConnection;

pub async fn run(
    db: DatabaseConnection,
    config: ServeConfig,
) -> Result<(), Box<dyn std::error::Error>> {
    db::migrations::run(&db).await?;
    let shutdown = shutdown_signal()?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let limits = config.connections.limits();
    let state = AppState::load(db.clone(), config)?.with_push().await?;
    if let Some(pusher) = state.pusher.clone() {
        tokio::spawn(crate::push::keep_reminding(db.clone(), pusher));
    }
    let router = build_router(state);
    tokio::spawn(keep_overviews_fresh(db.clone()));
    tracing::info!(%addr, "listening");
    println!("Knip is running at http://{addr}");
    connections::serve(listener, router, limits, shutdown).await;
    db.close().await?;
    tracing::info!("stopped");
    Ok(())
}

/// How often the therapists' overview rows are brought up to date.
const OVERVIEW_REFRESH: std::time::Duration = std::time::Duration::from_secs(300);

/// Computes the overview rows that changed or belong to an earlier day, in
/// the background, so a therapist's first look of the day finds them
/// ready. (Each read computes what is still stale, so this only saves
/// time; several servers doing it at once write the same rows.)
async fn keep_overviews_fresh(db: DatabaseConnection) {
    let mut every = tokio::time::interval(OVERVIEW_REFRESH);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let today = crate::care::overview::today();
        match crate::care::listing::refresh_stale(&db, None, today).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(patients = n, "overview rows refreshed"),
            Err(e) => {
                tracing::warn!(error = %e.message, "overview refresh failed; the next read computes them")
            }
        }
    }
}

/// Ctrl-C or SIGTERM: stop taking connections, finish the requests in flight.
/// The handlers are installed here, before the server says it is ready, so a
/// signal that comes at once is never met by the default action (death).
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = terminate.recv() => {},
                _ = interrupt.recv() => {},
            }
            tracing::info!("shutting down");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down");
        })
    }
}
