//! Data survives a restart on the same file; the binary starts, announces, serves and stops.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use identity_sandbox::{spawn, Config};
use serde_json::{json, Value};

#[tokio::test]
async fn a_restart_keeps_identities_and_links() {
    let dir = TempDir::new("restart");
    let db = dir.path("keep.sqlite");
    let http = client();
    let (org_id, user_id) = {
        let server = spawn(Config::sandbox(&db)).await.unwrap();
        let base = server.url();
        let token = sign_in(&http, &base).await;
        let post = |body: Value| {
            http.post(format!("{base}/identities"))
                .header("x-api-key", KEY)
                .bearer_auth(&token)
                .header("conomyhq-api-version", VERSION)
                .json(&body)
                .send()
        };
        let n = seq();
        let org: Value = post(organization(n)).await.unwrap().json().await.unwrap();
        let u: Value = post(user(n)).await.unwrap().json().await.unwrap();
        let (o, u) = (
            org["id"].as_str().unwrap().to_string(),
            u["id"].as_str().unwrap().to_string(),
        );
        let res = http
            .post(format!("{base}/identities/{o}/children"))
            .header("x-api-key", KEY)
            .bearer_auth(&token)
            .header("conomyhq-api-version", VERSION)
            .json(&json!({"children": [u]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        server.stop().await.unwrap();
        (o, u)
    };
    // A new server on the same file (and a new port): the old token is gone, the data is not.
    let server = spawn(Config::sandbox(&db)).await.unwrap();
    let base = server.url();
    let token = sign_in(&http, &base).await;
    let v: Value = http
        .get(format!("{base}/identities/{org_id}"))
        .header("x-api-key", KEY)
        .bearer_auth(&token)
        .header("conomyhq-api-version", VERSION)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["id"], org_id.as_str());
    assert_eq!(v["children"][0]["id"], user_id.as_str());
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_binary_serves_until_sigterm() {
    let dir = TempDir::new("bin");
    let port_file = dir.path("port");
    let mut child = Command::new(env!("CARGO_BIN_EXE_identity-sandbox"))
        .args(["--port", "0", "--db"])
        .arg(dir.path("bin.sqlite"))
        .arg("--port-file")
        .arg(&port_file)
        .args(["--www"])
        .arg(dir.path("www"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let start = Instant::now();
    let port = loop {
        if let Ok(s) = std::fs::read_to_string(&port_file) {
            if let Ok(p) = s.trim().parse::<u16>() {
                break p;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(10), "no port file");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(
        line.trim(),
        format!("identity-sandbox listening on http://127.0.0.1:{port}/")
    );
    let http = client();
    let base = format!("http://127.0.0.1:{port}");
    let token = sign_in(&http, &base).await;
    let res = http
        .post(format!("{base}/sandbox/identities"))
        .header("x-api-key", KEY)
        .bearer_auth(&token)
        .header("conomyhq-api-version", VERSION)
        .json(&user(seq()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // SIGTERM: a graceful stop with exit status 0.
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn the_binary_refuses_a_gateway_without_credentials() {
    let out = Command::new(env!("CARGO_BIN_EXE_identity-sandbox"))
        .args([
            "--mode",
            "gateway",
            "--upstream",
            "http://127.0.0.1:9",
            "--port",
            "0",
        ])
        .env_remove("IDENTITY_API_KEY")
        .env_remove("IDENTITY_CLIENT_ID")
        .env_remove("IDENTITY_CLIENT_SECRET")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("IDENTITY_API_KEY"), "{err}");
}
