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
    let router = build_router(AppState::load(db.clone(), config)?);
    tracing::info!(%addr, "listening");
    println!("Knip is running at http://{addr}");
    connections::serve(listener, router, limits, shutdown).await;
    db.close().await?;
    tracing::info!("stopped");
    Ok(())
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
