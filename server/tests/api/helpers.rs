use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::Value;
use server::config::ServeConfig;
use server::{AppState, build_router, db};
use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const PASSWORD: &str = "fjell og fjord i sol";

/// What no log line may contain, whichever test wrote it: the tests' email
/// addresses and passwords, a diary note and the name of a health field,
/// and (see [`has_secret_hex`]) session tokens or their hashes.
const NEVER_LOGGED: &[&str] = &[
    "@example.",
    PASSWORD,
    "not the password",
    "Long walk",
    "leakage_episodes",
];

/// Every log line the servers of this test binary write, at the level a
/// deployment logs (plus our own crate's debug lines), kept in memory.
/// Each [`TestApp`], when dropped, reads the lines written since the last
/// check and fails its test on a line that gives away a person's data; so
/// the whole API suite is searched as it runs.
static LOGS: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<LogBuffer>>> =
    std::sync::OnceLock::new();

#[derive(Default)]
struct LogBuffer {
    text: Vec<u8>,
    checked: usize,
}

struct LogWriter(std::sync::Arc<std::sync::Mutex<LogBuffer>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut logs = self.0.lock().unwrap_or_else(|e| e.into_inner());
        logs.text.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    LOGS.get_or_init(|| {
        let buffer = std::sync::Arc::new(std::sync::Mutex::new(LogBuffer::default()));
        let writer = buffer.clone();
        let filter = format!("{},server=debug", server::telemetry::DEFAULT_FILTER);
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_ansi(false)
            .with_writer(move || LogWriter(writer.clone()))
            .try_init();
        buffer
    });
}

/// A run of 64 hex digits: a session or device token, or a token's hash.
fn has_secret_hex(line: &str) -> bool {
    let mut run = 0;
    for c in line.chars() {
        run = if c.is_ascii_hexdigit() { run + 1 } else { 0 };
        if run >= 64 {
            return true;
        }
    }
    false
}

/// Fails (unless the test is failing already) on a log line written since
/// the last check that holds something from [`NEVER_LOGGED`] or a secret.
fn check_logs() {
    let Some(logs) = LOGS.get() else { return };
    let mut logs = logs.lock().unwrap_or_else(|e| e.into_inner());
    let new = String::from_utf8_lossy(&logs.text[logs.checked..]).into_owned();
    logs.checked = logs.text.len();
    drop(logs);
    if std::thread::panicking() {
        return;
    }
    for line in new.lines() {
        assert!(
            !leaks(line),
            "a log line gives away personal data or a secret: {line}"
        );
    }
}

/// Whether `line` holds something from [`NEVER_LOGGED`] or a secret.
pub fn leaks(line: &str) -> bool {
    NEVER_LOGGED.iter().any(|word| line.contains(word)) || has_secret_hex(line)
}

/// Whether some captured log line (of any test so far) contains `text`.
pub fn logged(text: &str) -> bool {
    LOGS.get().is_some_and(|logs| {
        let logs = logs.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&logs.text).contains(text)
    })
}

/// The names the test servers' push side knows, so that no test asks a DNS
/// server anything: the push services of the tests and a few names that
/// lead into this machine. `3ffe::/16` (the old 6bone block, returned to
/// IANA and routed nowhere) is public by the address rules, and a test
/// that did send to it would reach no one.
pub fn push_names() -> server::push::address::FixedNames {
    let nowhere: std::net::IpAddr = "3ffe::1".parse().expect("address");
    let loopback: [std::net::IpAddr; 2] = [
        std::net::Ipv4Addr::LOCALHOST.into(),
        std::net::Ipv6Addr::LOCALHOST.into(),
    ];
    server::push::address::FixedNames::default()
        .with("push.example.net", &[nowhere])
        .with("localhost", &loopback)
        .with("inside.example.net", &loopback[..1])
        .with(
            "metadata.google.internal",
            &["169.254.169.254".parse().expect("address")],
        )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each listed test on both databases. Without a reachable PostgreSQL
/// the Postgres variant fails under `CI=true` and is skipped loudly elsewhere.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    $crate::helpers::within_limit(super::$name($crate::helpers::Backend::Sqlite)).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if $crate::helpers::postgres_available().await {
                        $crate::helpers::within_limit(super::$name($crate::helpers::Backend::Postgres)).await
                    }
                }
            )*
        }
    };
}

/// The longest a test may take (the slowest, the kill under load, takes
/// about a minute on two busy cores): a test that hangs fails, naming
/// itself, instead of holding up the whole run until CI gives up on it.
pub const TEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

pub async fn within_limit(test: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(TEST_LIMIT, test).await.is_err() {
        panic!("the test did not finish within {TEST_LIMIT:?}");
    }
}

pub fn postgres_admin_url() -> String {
    std::env::var("KNIP_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

pub async fn postgres_available() -> bool {
    match db::connect(&postgres_admin_url()).await {
        Ok(conn) => {
            let _ = conn.close().await;
            true
        }
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "PostgreSQL is required under CI=true but is unreachable at {}: {e}",
                    postgres_admin_url()
                );
            }
            eprintln!(
                "\n*** SKIPPED on PostgreSQL: unreachable at {} ({e}) ***\n",
                postgres_admin_url()
            );
            false
        }
    }
}

pub struct TestApp {
    pub addr: SocketAddr,
    /// The database URL, for running the `server` binary against the same data.
    pub database_url: String,
    pub db: DatabaseConnection,
    pub http: reqwest::Client,
    cleanup: Option<Cleanup>,
}

enum Cleanup {
    SqliteDir(PathBuf),
    PostgresDatabase(String),
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut ServeConfig)) -> Self {
        capture_logs();
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("knip-test-{unique}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                (
                    format!("sqlite://{}?mode=rwc", dir.join("knip.db").display()),
                    Cleanup::SqliteDir(dir),
                )
            }
            Backend::Postgres => {
                let name = format!("knip_t_{unique}");
                let admin = db::connect(&postgres_admin_url())
                    .await
                    .expect("postgres admin connection");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let (base, _) = postgres_admin_url()
                    .rsplit_once('/')
                    .map(|(b, d)| (b.to_owned(), d.to_owned()))
                    .unwrap();
                (format!("{base}/{name}"), Cleanup::PostgresDatabase(name))
            }
        };
        let conn = db::connect(&url).await.expect("connect test database");
        let database_url = url.clone();
        db::migrations::run(&conn).await.expect("migrate");
        let mut config =
            ServeConfig::for_tests(std::env::temp_dir().join(format!("knip-site-{unique}")));
        configure(&mut config);
        let limits = config.connections.limits();
        let state = AppState::load(conn.clone(), config)
            .expect("questionnaires")
            .with_push_via(std::sync::Arc::new(push_names()))
            .await
            .expect("the push key");
        let router = build_router(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(server::connections::serve(
            listener,
            router,
            limits,
            std::future::pending(),
        ));
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A server that never finishes an answer fails the request, not the run.
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .expect("client");
        Self {
            addr,
            database_url,
            db: conn,
            http,
            cleanup: Some(cleanup),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    pub async fn register(&self, email: &str) -> reqwest::Response {
        self.post_json(
            "/api/auth/register",
            serde_json::json!({"email": email, "password": PASSWORD}),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/api/auth/login",
            serde_json::json!({"email": email, "password": password}),
        )
        .await
    }

    pub async fn logout(&self, cookie: &str) -> reqwest::Response {
        self.http
            .post(self.url("/api/auth/logout"))
            .header("cookie", cookie)
            .send()
            .await
            .expect("request")
    }

    pub async fn me(&self, cookie: &str) -> reqwest::Response {
        self.http
            .get(self.url("/api/me"))
            .header("cookie", cookie)
            .send()
            .await
            .expect("request")
    }

    /// Pushes `ops` from `device` and pulls from the start; the body of the
    /// 200 it must answer.
    pub async fn sync(&self, cookie: &str, device: &str, ops: &[Value]) -> Value {
        let response = self
            .http
            .post(self.url("/api/sync"))
            .header("cookie", cookie)
            .json(&serde_json::json!({"device_id": device, "cursor": null, "ops": ops}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200);
        response.json().await.expect("a JSON body")
    }

    /// The one text value a query returns (`SELECT x AS v …`).
    pub async fn text(&self, sql: &str) -> String {
        self.db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .expect("query")
            .expect("a row")
            .try_get::<String>("", "v")
            .expect("a text value")
    }

    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("count")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        check_logs();
        match self.cleanup.take() {
            Some(Cleanup::SqliteDir(dir)) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Some(Cleanup::PostgresDatabase(name)) => {
                // Drop runs inside the test's runtime; do the async cleanup on
                // a thread of its own.
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async {
                        if let Ok(admin) = db::connect(&postgres_admin_url()).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
            None => {}
        }
    }
}

/// The `name=value` part of the session cookie a response set.
pub fn session_cookie(response: &reqwest::Response) -> String {
    set_cookie(response)
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned()
}

pub fn set_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("knip_session"))
        .unwrap_or_default()
        .to_owned()
}

/// Asserts the status and the error envelope, and returns the error code.
pub async fn expect_error(response: reqwest::Response, status: u16) -> (String, String) {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let body: serde_json::Value = response.json().await.expect("a JSON error body");
    let code = body["error"]["code"]
        .as_str()
        .expect("error.code")
        .to_owned();
    let message = body["error"]["message"]
        .as_str()
        .expect("error.message")
        .to_owned();
    assert!(!message.is_empty(), "the message must say what to do");
    (code, message)
}

/// The real `server` binary, running; killed (SIGKILL) when dropped, so it
/// ends with its test, even a failed one.
pub struct ServerProcess(Child);

impl ServerProcess {
    /// Kills it without warning, as a crash or a power cut would.
    pub fn kill(mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Registers `email` on a running server and returns the session cookie.
pub async fn register_on(http: &reqwest::Client, base: &str, email: &str) -> String {
    let response = http
        .post(format!("{base}/api/auth/register"))
        .json(&serde_json::json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("register");
    assert_eq!(response.status(), 201);
    session_cookie(&response)
}

/// Starts the real `server` binary on `database_url` with extra environment
/// variables; returns the process and its base URL once it listens.
pub fn start_server(database_url: &str, env: &[(&str, &str)]) -> (ServerProcess, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start server");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    let base = line.trim().rsplit(' ').next().expect("url").to_owned();
    assert!(base.starts_with("http://"), "{line}");
    (ServerProcess(child), base)
}

/// A TCP relay between the server and PostgreSQL that a test can cut and
/// mend, as a network fault or a database restart would: cut, every open
/// connection is dropped and new ones are closed at once.
pub struct Relay {
    pub addr: SocketAddr,
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
    links: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl Relay {
    pub async fn to(upstream: SocketAddr) -> Self {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind relay");
        let addr = listener.local_addr().expect("relay addr");
        let open = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let links = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (is_open, all) = (open.clone(), links.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !is_open.load(Ordering::SeqCst) {
                    continue; // dropped: the connection closes
                }
                let link = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                all.lock().unwrap().push(link.abort_handle());
            }
        });
        Self {
            addr,
            open,
            links,
            accept,
        }
    }

    pub fn cut(&self) {
        self.open.store(false, std::sync::atomic::Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    pub fn mend(&self) {
        self.open.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.cut();
        self.accept.abort();
    }
}
