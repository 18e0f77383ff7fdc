//! identity-sandbox: a local stand-in for the identities API and a backend-for-frontend
//! gateway to the real one. See README.md for the flags and modes.
//!
//! ```no_run
//! # async fn demo() -> Result<(), identity_sandbox::StartError> {
//! let server = identity_sandbox::spawn(identity_sandbox::Config::sandbox("/tmp/x.sqlite")).await?;
//! println!("{}", server.url());
//! server.stop().await?;
//! # Ok(()) }
//! ```

mod api;
mod auth;
mod body;
pub mod config;
mod error;
mod fault;
#[doc(hidden)]
pub mod fuzzing;
mod gateway;
pub mod humanos;
mod ids;
mod serve;
mod store;
mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{any, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

pub use config::{Cli, Config, GatewayConfig, Limits, Mode, MAX_BODY_BYTES};
pub use fault::FAULT_HEADER;
pub use web::CSP;

/// Why the server could not start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

impl From<String> for StartError {
    fn from(s: String) -> Self {
        StartError(s)
    }
}

/// Handles on the running server's state (for tests and operators).
#[derive(Clone, Default)]
struct Handles {
    credentials: Option<Arc<auth::Credentials>>,
    gateway: Option<Arc<gateway::Gateway>>,
}

/// A server bound to its port, not yet serving.
pub struct Bound {
    listener: TcpListener,
    addr: SocketAddr,
    app: Router,
    handles: Handles,
    config: Config,
}

fn cors(origins: &[String], faults: bool) -> Result<Option<CorsLayer>, StartError> {
    if origins.is_empty() {
        return Ok(None);
    }
    let list = origins
        .iter()
        .map(|o| {
            HeaderValue::from_str(o.trim().trim_end_matches('/'))
                .map_err(|_| StartError(format!("--cors-origin {o:?} is not a valid origin")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(list))
            .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
            .allow_headers([
                header::CONTENT_TYPE,
                header::AUTHORIZATION,
                header::ACCEPT,
                header::ACCEPT_LANGUAGE,
                HeaderName::from_static("x-api-key"),
                HeaderName::from_static("conomyhq-api-version"),
            ]
            .into_iter()
            .chain(faults.then_some(HeaderName::from_static(FAULT_HEADER)))
            .collect::<Vec<_>>())
            .expose_headers([HeaderName::from_static(error::TRACE_HEADER), axum::http::header::RETRY_AFTER])
            .max_age(Duration::from_secs(600)),
    ))
}

fn app(config: &Config, port: u16) -> Result<(Router, Handles), StartError> {
    let mut handles = Handles::default();
    let mut router = Router::new();
    match &config.mode {
        Mode::Sandbox => {
            let store = Arc::new(store::Store::open(&config.db)?);
            let api = Arc::new(api::Api {
                store: store.clone(),
                lenient: config.lenient,
            });
            let credentials = Arc::new(auth::Credentials {
                api_keys: config.api_keys.clone(),
                client_id: config.client_id.clone(),
                client_secret: config.client_secret.clone(),
                tokens: auth::Tokens::new(config.token_ttl),
            });
            handles.credentials = Some(credentials.clone());
            let (users_signed, users_for_pages) = humanos::routes(store.clone(), config.humanos.clone())?;
            let identities = api::routes(api);
            let public = identities
                .clone()
                .route_layer(from_fn_with_state(
                    credentials.clone(),
                    auth::require_credentials,
                ))
                .merge(
                    Router::new()
                        .route("/auth", post(auth::auth))
                        .with_state(credentials),
                )
                .merge(users_signed);
            router = router.merge(public.clone()).nest("/sandbox", public);
            if config.demo {
                let guard = Arc::new(auth::PageGuard::new(
                    &config.host,
                    port,
                    &config.public_origins,
                    &[],
                ));
                router = router.nest(
                    "/demo-api",
                    identities
                        .merge(users_for_pages)
                        .route_layer(from_fn_with_state(guard, auth::require_own_page)),
                );
            }
        }
        Mode::Gateway(g) => {
            let gw = Arc::new(gateway::Gateway::new(g, config.lenient)?);
            handles.gateway = Some(gw.clone());
            let guard = Arc::new(auth::PageGuard::new(
                &config.host,
                port,
                &config.public_origins,
                &config.cors_origins,
            ));
            let routes = gateway::routes(gw)
                .merge(humanos::gateway_routes(config.humanos.clone())?)
                .route_layer(from_fn_with_state(guard, auth::require_own_page));
            let public = routes
                .clone()
                .merge(Router::new().route("/auth", any(gateway::auth_refused)));
            router = router
                .merge(public.clone())
                .nest("/sandbox", public)
                .nest("/demo-api", routes);
        }
    }
    if let Some(pkg) = &config.pkg {
        router = router.nest_service("/pkg", ServeDir::new(pkg));
    }
    router = match &config.www {
        Some(www) => router.fallback_service(
            ServeDir::new(www)
                .append_index_html_on_directories(true)
                .call_fallback_on_method_not_allowed(true)
                .fallback(axum::routing::any(not_found)),
        ),
        None => router,
    };
    router = router.layer(CatchPanicLayer::custom(error::panic_response));
    if config.faults {
        router = router.layer(from_fn(fault::inject));
    }
    if let Some(c) = cors(&config.cors_origins, config.faults)? {
        router = router.layer(c);
    }
    // The whole router as one service under the outer layers: `Router::layer` wraps each
    // route, inside the method router that adds a 405's `Allow`, which the error body names.
    let router = Router::new()
        .fallback_service(router)
        .layer(from_fn(error::normalize_errors))
        .layer(from_fn(web::security_headers))
        .layer(from_fn(error::request_context));
    Ok((router, handles))
}

async fn not_found() -> error::ApiError {
    error::ApiError::not_found("No such resource.")
}

/// Binds the listening socket and builds the server (opening the database).
pub async fn bind(config: Config) -> Result<Bound, StartError> {
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| {
            StartError(format!(
                "cannot listen on {}:{}: {e}",
                config.host, config.port
            ))
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError(e.to_string()))?;
    let (app, handles) = app(&config, addr.port())?;
    Ok(Bound {
        listener,
        addr,
        app,
        handles,
        config,
    })
}

impl Bound {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish within the
    /// shutdown deadline (see `serve.rs` for every limit).
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartError> {
        if let Some(path) = &self.config.port_file {
            write_port_file(path, self.addr.port())?;
        }
        if self.config.announce {
            println!("identity-sandbox listening on http://{}/", self.addr);
        }
        serve::run(self.listener, self.app, self.config.limits, shutdown).await
    }
}

fn write_port_file(path: &PathBuf, port: u16) -> Result<(), StartError> {
    // Written whole then renamed, so a reader never sees half a number.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, format!("{port}\n"))
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| StartError(format!("cannot write --port-file {}: {e}", path.display())))
}

/// Starts the server and serves until `shutdown` completes.
pub async fn serve(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    bind(config).await?.serve(shutdown).await
}

/// A server running in the background of the current runtime.
pub struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), StartError>>,
    handles: Handles,
}

/// Starts the server in the background (use port 0 for a free port) and returns once it
/// is listening.
pub async fn spawn(config: Config) -> Result<Running, StartError> {
    let bound = bind(config).await?;
    let addr = bound.addr;
    let handles = bound.handles.clone();
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(bound.serve(async move {
        let _ = rx.await;
    }));
    Ok(Running {
        addr,
        stop: Some(tx),
        task,
        handles,
    })
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sandbox mode: forgets every issued token, as a restart would.
    pub fn revoke_tokens(&self) {
        if let Some(c) = &self.handles.credentials {
            c.tokens.revoke_all();
        }
    }

    /// Sandbox mode: how many tokens `POST /auth` has issued.
    pub fn tokens_issued(&self) -> u64 {
        self.handles
            .credentials
            .as_ref()
            .map_or(0, |c| c.tokens.issued())
    }

    /// Sandbox mode: whether `token` is a live token of this server (tests scan answers for
    /// one: only a token already in hand can be checked).
    pub fn is_live_token(&self, token: &str) -> bool {
        self.handles
            .credentials
            .as_ref()
            .is_some_and(|c| c.tokens.is_valid(token))
    }

    /// Gateway mode: how many times it called the upstream's `POST /auth`.
    pub fn upstream_auth_calls(&self) -> u64 {
        self.handles.gateway.as_ref().map_or(0, |g| g.auth_calls())
    }

    /// Stops accepting, lets in-flight requests finish, and waits for the server to end.
    pub async fn stop(mut self) -> Result<(), StartError> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        match (&mut self.task).await {
            Ok(r) => r,
            Err(e) => Err(StartError(format!("server task failed: {e}"))),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}
