//! The connection limits of `src/serve.rs`, over raw loopback sockets: a partial header, a
//! stalled body and an idle socket are each closed after their timeout; connections over the
//! limit get a 503; shutdown ends within its deadline even with half-sent requests open.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use identity_sandbox::{spawn, Config, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn limits(f: impl FnOnce(&mut Limits)) -> Limits {
    let mut l = Limits {
        header_timeout: Duration::from_secs(30),
        body_timeout: Duration::from_secs(30),
        idle_timeout: Duration::from_secs(30),
        max_connections: 512,
        shutdown_timeout: Duration::from_secs(10),
    };
    f(&mut l);
    l
}

/// Reads until the server closes the connection (or `within` passes: then `None`); returns
/// how long that took and what was read.
async fn until_closed(s: &mut TcpStream, within: Duration) -> Option<(Duration, String)> {
    let start = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0u8; 16384];
    let done = tokio::time::timeout(within, async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    done.ok()
        .map(|_| (start.elapsed(), String::from_utf8_lossy(&out).into_owned()))
}

/// Reads one whole answer with a Content-Length body, leaving the connection open.
async fn read_answer(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .expect("answer in time")
            .unwrap();
        assert!(n > 0, "closed before the answer: {}", String::from_utf8_lossy(&out));
        out.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&out).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length: usize = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap_or(0);
            if out.len() >= end + 4 + length {
                return text;
            }
        }
    }
}

fn demo_post_head(addr: SocketAddr, length: usize) -> String {
    format!(
        "POST /demo-api/identities HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    )
}

#[tokio::test]
async fn a_partial_header_is_closed_after_the_header_timeout() {
    let sb = Sandbox::start_with(|c| {
        c.limits = limits(|l| l.header_timeout = Duration::from_millis(400))
    })
    .await;
    let addr = sb.server.addr();
    // Half a header, then nothing.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /identities HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let (took, answer) = until_closed(&mut s, Duration::from_secs(5))
        .await
        .expect("closed within 5 s");
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert!(answer.is_empty(), "no answer to half a header: {answer}");
    // A header trickled a byte at a time does not reset the clock (slowloris).
    let mut s = TcpStream::connect(addr).await.unwrap();
    let start = Instant::now();
    let mut closed = false;
    for byte in b"GET /identities HTTP/1.1\r\nX-Slow: ".iter().chain([b'a'; 200].iter()) {
        if s.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
        let mut probe = [0u8; 1];
        if let Ok(Ok(0)) = tokio::time::timeout(Duration::from_millis(1), s.read(&mut probe)).await {
            closed = true;
            break;
        }
    }
    assert!(closed, "a trickled header was never cut");
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
    // A whole header in time is answered.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET /nothing HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    assert!(read_answer(&mut s).await.starts_with("HTTP/1.1 404"));
}

#[tokio::test]
async fn a_stalled_body_is_answered_408_and_dropped() {
    let sb = Sandbox::start_with(|c| {
        c.limits = limits(|l| l.body_timeout = Duration::from_millis(500))
    })
    .await;
    let addr = sb.server.addr();
    // Near the end of a 64 KiB body, then nothing.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(demo_post_head(addr, 65_536).as_bytes()).await.unwrap();
    s.write_all(&[b' '; 65_000]).await.unwrap();
    let (took, answer) = until_closed(&mut s, Duration::from_secs(5))
        .await
        .expect("dropped within 5 s");
    assert!(
        took >= Duration::from_millis(350) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("connection: close"), "{answer}");
    assert!(answer.contains(r#""code":"14""#), "{answer}");
    // A body sent in time on another connection still goes through.
    let body = serde_json::to_string(&user(seq())).unwrap();
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(demo_post_head(addr, body.len()).as_bytes()).await.unwrap();
    s.write_all(body.as_bytes()).await.unwrap();
    assert!(read_answer(&mut s).await.starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn idle_keep_alive_sockets_are_closed() {
    let sb = Sandbox::start_with(|c| {
        c.limits = limits(|l| l.idle_timeout = Duration::from_millis(400))
    })
    .await;
    let addr = sb.server.addr();
    let mut socks = Vec::new();
    for _ in 0..50 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(format!("GET /nothing HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .await
            .unwrap();
        assert!(read_answer(&mut s).await.starts_with("HTTP/1.1 404"));
        socks.push(s);
    }
    // A second request in time on a kept-alive socket is answered: idle is not a deadline for
    // the connection, only for its silences.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let s = &mut socks[0];
    s.write_all(format!("GET /nothing HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    assert!(read_answer(s).await.starts_with("HTTP/1.1 404"));
    for s in &mut socks {
        let (took, rest) = until_closed(s, Duration::from_secs(5))
            .await
            .expect("idle socket closed within 5 s");
        assert!(took < Duration::from_secs(3), "{took:?}");
        assert!(rest.is_empty(), "{rest}");
    }
}

#[tokio::test]
async fn connections_over_the_limit_get_a_503_and_are_closed() {
    let dir = TempDir::new("limit");
    let mut config = Config::sandbox(dir.path("db.sqlite"));
    config.limits = limits(|l| l.max_connections = 4);
    let server = spawn(config).await.unwrap();
    let addr = server.addr();
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(format!("GET /nothing HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .await
            .unwrap();
        assert!(read_answer(&mut s).await.starts_with("HTTP/1.1 404"));
        held.push(s);
    }
    for _ in 0..3 {
        let mut extra = TcpStream::connect(addr).await.unwrap();
        let _ = extra
            .write_all(format!("GET /nothing HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .await;
        let (_, answer) = until_closed(&mut extra, Duration::from_secs(5))
            .await
            .expect("refused and closed");
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        let lower = answer.to_ascii_lowercase();
        assert!(lower.contains("retry-after: 1"), "{answer}");
        assert!(lower.contains("connection: close"), "{answer}");
        assert!(answer.contains(r#""status":503"#) && answer.contains("traceId"), "{answer}");
    }
    // The held connections still work, and a slot freed is a slot taken again.
    let s = &mut held[0];
    s.write_all(format!("GET /nothing HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    assert!(read_answer(s).await.starts_with("HTTP/1.1 404"));
    held.pop();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET /nothing HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    assert!(read_answer(&mut s).await.starts_with("HTTP/1.1 404"));
    drop(held);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn shutdown_ends_within_its_deadline_with_half_sent_requests_open() {
    let dir = TempDir::new("shutdown");
    let mut config = Config::sandbox(dir.path("db.sqlite"));
    config.limits = limits(|l| l.shutdown_timeout = Duration::from_millis(500));
    let server = spawn(config).await.unwrap();
    let addr = server.addr();
    let mut half_header = TcpStream::connect(addr).await.unwrap();
    half_header
        .write_all(b"GET /identities HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut half_body = TcpStream::connect(addr).await.unwrap();
    half_body
        .write_all(demo_post_head(addr, 1000).as_bytes())
        .await
        .unwrap();
    half_body.write_all(&[b' '; 500]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let start = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), server.stop())
        .await
        .expect("stopped within 5 s")
        .unwrap();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(2), "stop took {took:?}");
    // Both sockets were cut.
    assert!(until_closed(&mut half_header, Duration::from_secs(2)).await.is_some());
    assert!(until_closed(&mut half_body, Duration::from_secs(2)).await.is_some());
}

#[tokio::test]
async fn a_request_under_way_finishes_during_shutdown() {
    let dir = TempDir::new("drain");
    let mut config = Config::sandbox(dir.path("db.sqlite"));
    config.faults = true;
    let server = spawn(config).await.unwrap();
    let addr = server.addr();
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!("GET /demo-api/identities HTTP/1.1\r\nHost: {addr}\r\nx-sandbox-fault: delay=600\r\n\r\n")
            .as_bytes(),
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let stop = tokio::spawn(server.stop());
    let answer = read_answer(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    tokio::time::timeout(Duration::from_secs(5), stop)
        .await
        .expect("stopped")
        .unwrap()
        .unwrap();
}

/// The binary: SIGTERM with a half-sent body open exits within --shutdown-timeout.
#[tokio::test]
async fn sigterm_does_not_wait_for_a_half_sent_request() {
    let dir = TempDir::new("bin-term");
    let port_file = dir.path("port");
    let mut child = Command::new(env!("CARGO_BIN_EXE_identity-sandbox"))
        .args(["--port", "0", "--shutdown-timeout", "0.5", "--body-timeout", "60", "--db"])
        .arg(dir.path("bin.sqlite"))
        .arg("--port-file")
        .arg(&port_file)
        .arg("--www")
        .arg(dir.path("www"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = std::fs::read_to_string(&port_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(demo_post_head(addr, 1000).as_bytes()).await.unwrap();
    s.write_all(&[b' '; 10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let start = Instant::now();
    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert!(status.success(), "{status}");
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
}
