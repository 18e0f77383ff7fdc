//! What the server is told at start: mode, address, storage, credentials, origins, files.
//!
//! The command line ([`Cli`]) is one way to build a [`Config`]; tests build one directly with
//! [`Config::sandbox`] or [`Config::gateway`].

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Dev-only defaults of the sandbox mode (documented in the README; never secrets).
pub const DEV_API_KEY: &str = "sandbox-key";
pub const DEV_CLIENT_ID: &str = "sandbox-client";
pub const DEV_CLIENT_SECRET: &str = "sandbox-secret";

/// How long a connection may take over each part of its life, and how many may be open.
/// Defaults: [`Limits::default`]; each is a flag (see the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// From a connection's first byte (or its accept) to the end of the request's header.
    pub header_timeout: Duration,
    /// From the end of the header to the end of the body.
    pub body_timeout: Duration,
    /// A kept-alive connection with no request under way is closed after this.
    pub idle_timeout: Duration,
    /// Connections open at once; one more is answered 503 (with `Retry-After`) and closed.
    pub max_connections: usize,
    /// On SIGTERM, requests under way get this long to finish; then every connection is cut.
    pub shutdown_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30),
            max_connections: 512,
            shutdown_timeout: Duration::from_secs(10),
        }
    }
}

/// What the server does with `/identities` calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Answers them itself from its SQLite file.
    Sandbox,
    /// Forwards them to a real API, adding its own credentials.
    Gateway(GatewayConfig),
}

/// Where and as whom the gateway calls the real API.
#[derive(Clone, PartialEq, Eq)]
pub struct GatewayConfig {
    /// Base URL such as `https://api.conomyhq.com/sandbox` (no trailing slash needed).
    pub upstream: String,
    pub api_key: String,
    pub client_id: String,
    pub client_secret: String,
}

impl std::fmt::Debug for GatewayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the credentials.
        f.debug_struct("GatewayConfig")
            .field("upstream", &self.upstream)
            .finish_non_exhaustive()
    }
}

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Config {
    pub mode: Mode,
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Written with the bound port once listening.
    pub port_file: Option<PathBuf>,
    /// SQLite file of the sandbox mode.
    pub db: PathBuf,
    /// Keys accepted in `x-api-key` (sandbox mode).
    pub api_keys: Vec<String>,
    /// The one client `POST /auth` knows (sandbox mode).
    pub client_id: String,
    pub client_secret: String,
    /// Lifetime of the tokens `POST /auth` issues, in seconds.
    pub token_ttl: u64,
    /// Origins allowed by CORS; none by default.
    pub cors_origins: Vec<String>,
    /// Structural checks only (never the default).
    pub lenient: bool,
    /// Serve `/demo-api/...` for the server's own pages without credentials (sandbox mode).
    pub demo: bool,
    /// Public origins (e.g. `https://demo.example.com`) under which the server's own pages are
    /// served besides its loopback address; trusted by `/demo-api` and the gateway.
    pub public_origins: Vec<String>,
    /// Static page directory served at `/`.
    pub www: Option<PathBuf>,
    /// Wasm package directory served at `/pkg/`.
    pub pkg: Option<PathBuf>,
    /// Print the `listening on` line.
    pub announce: bool,
    /// Timeouts and the connection limit.
    pub limits: Limits,
    /// Honour the `x-sandbox-fault` request header (off by default; see `fault.rs`).
    pub faults: bool,
    /// Humanos' `/v1/user`: the credentials the sandbox accepts, or the gateway signs with.
    pub humanos: crate::humanos::HumanosConfig,
}

impl Config {
    /// Sandbox mode with the dev defaults, storing in `db`, on a free loopback port.
    pub fn sandbox(db: impl Into<PathBuf>) -> Config {
        Config {
            mode: Mode::Sandbox,
            host: "127.0.0.1".into(),
            port: 0,
            port_file: None,
            db: db.into(),
            api_keys: vec![DEV_API_KEY.into()],
            client_id: DEV_CLIENT_ID.into(),
            client_secret: DEV_CLIENT_SECRET.into(),
            token_ttl: 3600,
            cors_origins: Vec::new(),
            lenient: false,
            demo: true,
            public_origins: Vec::new(),
            www: None,
            pkg: None,
            announce: false,
            limits: Limits::default(),
            faults: false,
            humanos: Default::default(),
        }
    }

    /// Gateway mode to `upstream` with these credentials, on a free loopback port.
    pub fn gateway(
        upstream: impl Into<String>,
        api_key: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Config {
        Config {
            mode: Mode::Gateway(GatewayConfig {
                upstream: upstream.into(),
                api_key: api_key.into(),
                client_id: client_id.into(),
                client_secret: client_secret.into(),
            }),
            demo: false,
            ..Config::sandbox("unused.sqlite")
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CliMode {
    Sandbox,
    Gateway,
}

/// identity-sandbox: a local stand-in for the identities API (sandbox mode, the default) or a
/// backend-for-frontend that forwards a page's identity calls to the real API (gateway mode).
#[derive(Debug, Parser)]
#[command(name = "identity-sandbox", version, about, long_about = None)]
pub struct Cli {
    /// sandbox: answer from a local SQLite file; gateway: forward to --upstream.
    #[arg(long, value_enum, default_value = "sandbox")]
    pub mode: CliMode,
    /// Base URL of the real API (gateway mode), e.g. https://api.conomyhq.com/sandbox.
    /// Credentials come from IDENTITY_API_KEY, IDENTITY_CLIENT_ID, IDENTITY_CLIENT_SECRET.
    #[arg(long)]
    pub upstream: Option<String>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Write the bound port to this file once listening.
    #[arg(long)]
    pub port_file: Option<PathBuf>,
    /// SQLite file (sandbox mode); created if missing.
    #[arg(long, default_value = "identity-sandbox.sqlite")]
    pub db: PathBuf,
    /// Accepted x-api-key (repeatable; sandbox mode). Dev default: sandbox-key.
    #[arg(
        long = "api-key",
        env = "IDENTITY_SANDBOX_API_KEY",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub api_keys: Vec<String>,
    /// clientId that POST /auth accepts (sandbox mode). Dev default: sandbox-client.
    #[arg(long, env = "IDENTITY_SANDBOX_CLIENT_ID", default_value = DEV_CLIENT_ID)]
    pub client_id: String,
    /// clientSecret that POST /auth accepts (sandbox mode). Dev default: sandbox-secret.
    #[arg(long, env = "IDENTITY_SANDBOX_CLIENT_SECRET", default_value = DEV_CLIENT_SECRET, hide_env_values = true)]
    pub client_secret: String,
    /// Lifetime in seconds of the tokens POST /auth issues.
    #[arg(long, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub token_ttl: u64,
    /// Allow this origin by CORS (repeatable). None by default.
    #[arg(long = "cors-origin")]
    pub cors_origins: Vec<String>,
    /// Structural checks only, as the documented sandbox accepted. Never the default.
    #[arg(long)]
    pub lenient: bool,
    /// Do not serve /demo-api (the credential-less API for the server's own pages).
    #[arg(long)]
    pub no_demo: bool,
    /// Public origin the server's pages are also served under (repeatable), e.g. behind a
    /// reverse proxy: https://demo.example.com. Trusted like the loopback origin.
    #[arg(long = "public-origin")]
    pub public_origins: Vec<String>,
    /// Directory of the demo page, served at /.
    #[arg(long, default_value = "www")]
    pub www: PathBuf,
    /// Directory of the wasm package, served at /pkg/.
    #[arg(long, default_value = "pkg")]
    pub pkg: PathBuf,
    /// Seconds a client has to send a request's header (counted from the connection's accept,
    /// or from the first byte of a later request on a kept-alive connection).
    #[arg(long, default_value_t = 10.0, value_parser = seconds)]
    pub header_timeout: f64,
    /// Seconds a client has to send a request's body once its header is in.
    #[arg(long, default_value_t = 30.0, value_parser = seconds)]
    pub body_timeout: f64,
    /// Seconds a kept-alive connection may sit with no request before it is closed.
    #[arg(long, default_value_t = 30.0, value_parser = seconds)]
    pub idle_timeout: f64,
    /// Connections open at once; beyond it a new one gets a 503 with Retry-After and is closed.
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
    /// Seconds SIGTERM/SIGINT waits for requests under way before cutting every connection.
    #[arg(long, default_value_t = 10.0, value_parser = seconds)]
    pub shutdown_timeout: f64,
    /// Honour the x-sandbox-fault request header (testing clients against failures). Never
    /// turn it on where real clients call.
    #[arg(long)]
    pub faults: bool,
    /// Humanos API key: the one the sandbox's /v1/user accepts, or the one the gateway signs
    /// with. Dev default (sandbox mode): humanos-sandbox-key.
    #[arg(long, env = "HUMANOS_API_KEY", hide_env_values = true)]
    pub humanos_api_key: Option<String>,
    /// Humanos signature secret (HMAC-SHA256 of `${timestamp}.${body}`), as above.
    /// Dev default (sandbox mode): humanos-sandbox-secret.
    #[arg(long, env = "HUMANOS_SIGNATURE_SECRET", hide_env_values = true)]
    pub humanos_signature_secret: Option<String>,
    /// Gateway mode: base URL of the real Humanos API; /v1/user is forwarded there, signed
    /// with HUMANOS_API_KEY and HUMANOS_SIGNATURE_SECRET.
    #[arg(long)]
    pub humanos_upstream: Option<String>,
}

/// A positive number of seconds, at most a day.
fn seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(n) if n > 0.0 && n <= 86_400.0 => Ok(n),
        _ => Err(format!("{s:?} is not a number of seconds from 0 to 86400")),
    }
}

impl Cli {
    /// Turns the parsed command line (and the environment) into a [`Config`].
    pub fn into_config(self) -> Result<Config, String> {
        let mode = match (self.mode, self.upstream) {
            (CliMode::Sandbox, None) => Mode::Sandbox,
            (CliMode::Sandbox, Some(_)) => {
                return Err("--upstream is only for --mode gateway".into())
            }
            (CliMode::Gateway, None) => return Err("--mode gateway needs --upstream URL".into()),
            (CliMode::Gateway, Some(upstream)) => {
                let env = |name: &str| match std::env::var(name) {
                    Ok(v) if !v.trim().is_empty() => Ok(v),
                    _ => Err(format!(
                        "--mode gateway needs the environment variable {name}"
                    )),
                };
                Mode::Gateway(GatewayConfig {
                    upstream,
                    api_key: env("IDENTITY_API_KEY")?,
                    client_id: env("IDENTITY_CLIENT_ID")?,
                    client_secret: env("IDENTITY_CLIENT_SECRET")?,
                })
            }
        };
        let mut api_keys: Vec<String> = self
            .api_keys
            .into_iter()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
        if api_keys.is_empty() {
            api_keys.push(DEV_API_KEY.into());
        }
        let gateway = matches!(mode, Mode::Gateway(_));
        let humanos = humanos_config(gateway, self.humanos_api_key, self.humanos_signature_secret, self.humanos_upstream)?;
        Ok(Config {
            mode,
            host: self.host,
            port: self.port,
            port_file: self.port_file,
            db: self.db,
            api_keys,
            client_id: self.client_id,
            client_secret: self.client_secret,
            token_ttl: self.token_ttl,
            cors_origins: self.cors_origins,
            lenient: self.lenient,
            demo: !self.no_demo && !gateway,
            public_origins: self.public_origins,
            www: Some(self.www),
            pkg: Some(self.pkg),
            announce: true,
            limits: Limits {
                header_timeout: Duration::from_secs_f64(self.header_timeout),
                body_timeout: Duration::from_secs_f64(self.body_timeout),
                idle_timeout: Duration::from_secs_f64(self.idle_timeout),
                max_connections: self.max_connections as usize,
                shutdown_timeout: Duration::from_secs_f64(self.shutdown_timeout),
            },
            faults: self.faults,
            humanos,
        })
    }
}

/// The Humanos credentials: dev defaults in sandbox mode; in gateway mode, required with an
/// upstream (never a default the gateway would sign real calls with).
fn humanos_config(
    gateway: bool,
    api_key: Option<String>,
    secret: Option<String>,
    upstream: Option<String>,
) -> Result<crate::humanos::HumanosConfig, String> {
    let given = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let (api_key, secret) = (given(api_key), given(secret));
    if !gateway && upstream.is_some() {
        return Err("--humanos-upstream is only for --mode gateway".into());
    }
    let defaults = crate::humanos::HumanosConfig::default();
    if gateway && upstream.is_some() && (api_key.is_none() || secret.is_none()) {
        return Err("--humanos-upstream needs HUMANOS_API_KEY and HUMANOS_SIGNATURE_SECRET".into());
    }
    Ok(crate::humanos::HumanosConfig {
        api_key: api_key.unwrap_or(defaults.api_key),
        signature_secret: secret.unwrap_or(defaults.signature_secret),
        upstream,
    })
}
