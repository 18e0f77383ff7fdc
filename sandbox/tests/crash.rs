//! Durability: the binary is SIGKILLed under write load (creates, patches, links, deletes),
//! restarted on the same file, and every acknowledged write is checked against the database,
//! with `PRAGMA integrity_check`.
//!
//! The default is the short check the test command runs (1 round of 2 s). The long one is
//! `sandbox/bench/crash.sh [rounds] [seconds]`, which sets `SANDBOX_CRASH_ROUNDS` and
//! `SANDBOX_CRASH_SECS` (and builds with the server profile).

mod common;

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

const WORKERS: usize = 16;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn start(db: &std::path::Path, dir: &TempDir, round: u64) -> (Child, String) {
    let port_file = dir.path(&format!("port-{round}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_identity-sandbox"))
        .args(["--port", "0", "--db"])
        .arg(db)
        .arg("--port-file")
        .arg(&port_file)
        .arg("--www")
        .arg(dir.path("www"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let start = Instant::now();
    loop {
        if let Some(port) = std::fs::read_to_string(&port_file)
            .ok()
            .and_then(|s| s.trim().parse::<u16>().ok())
        {
            return (child, format!("http://127.0.0.1:{port}/demo-api"));
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no port file");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What the load was told, per identity: acknowledged (`acked`) and sent without an answer
/// (`pending`: the kill may have come before or after its commit).
#[derive(Default)]
struct Ledger {
    created: HashMap<String, ()>,
    nickname: HashMap<String, String>,
    nickname_pending: HashMap<String, String>,
    deleted: HashSet<String>,
    delete_pending: HashSet<String>,
    links: Vec<(String, String)>,
    acked: Counts,
}

#[derive(Default, Clone, Copy, Debug)]
struct Counts {
    creates: u64,
    patches: u64,
    links: u64,
    deletes: u64,
}

async fn worker(base: String, ledger: Arc<Mutex<Ledger>>, until: Instant, w: u64) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut mine: Vec<String> = Vec::new();
    let mut n = 0u64;
    while Instant::now() < until {
        n += 1;
        let op = n % 6;
        if op == 3 && !mine.is_empty() {
            let id = mine[(n as usize / 6) % mine.len()].clone();
            let nick = format!("w{w}n{n}");
            ledger.lock().unwrap().nickname_pending.insert(id.clone(), nick.clone());
            let res = http
                .patch(format!("{base}/identities/{id}"))
                .json(&json!({"nickname": nick}))
                .send()
                .await;
            if matches!(&res, Ok(r) if r.status() == 200) {
                let mut l = ledger.lock().unwrap();
                l.nickname.insert(id.clone(), nick);
                l.nickname_pending.remove(&id);
                l.acked.patches += 1;
            } else if res.is_err() {
                return;
            }
        } else if op == 5 && mine.len() >= 2 {
            let (parent, child) = (mine[0].clone(), mine.pop().unwrap());
            // Link the newest under the first, then delete the newest (which unlinks it): both
            // acknowledged writes, checked separately.
            let res = http
                .post(format!("{base}/identities/{parent}/children"))
                .json(&json!({"children": [child]}))
                .send()
                .await;
            match res {
                Ok(r) if r.status() == 200 => {
                    let mut l = ledger.lock().unwrap();
                    l.links.push((parent.clone(), child.clone()));
                    l.acked.links += 1;
                }
                Ok(_) => {}
                Err(_) => return,
            }
            if n % 4 == 1 {
                ledger.lock().unwrap().delete_pending.insert(child.clone());
                match http.delete(format!("{base}/identities/{child}")).send().await {
                    Ok(r) if r.status() == 204 => {
                        let mut l = ledger.lock().unwrap();
                        l.deleted.insert(child);
                        l.acked.deletes += 1;
                    }
                    Ok(_) => {}
                    Err(_) => return,
                }
            } else {
                mine.push(child);
            }
        } else {
            let body = user(w * 10_000_000 + n * 7 + seq() % 5);
            match http.post(format!("{base}/identities")).json(&body).send().await {
                Ok(r) if r.status() == 200 => {
                    let v: Value = match r.json().await {
                        Ok(v) => v,
                        Err(_) => return,
                    };
                    let id = v["id"].as_str().unwrap().to_string();
                    let mut l = ledger.lock().unwrap();
                    l.created.insert(id.clone(), ());
                    l.acked.creates += 1;
                    mine.push(id);
                }
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    let rounds = env_or("SANDBOX_CRASH_ROUNDS", 1);
    let secs = env_or("SANDBOX_CRASH_SECS", 2);
    let dir = TempDir::new("crash");
    let db = dir.path("crash.sqlite");
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    for round in 0..rounds {
        let (mut child, base) = start(&db, &dir, round);
        let until = Instant::now() + Duration::from_secs(secs);
        let tasks: Vec<_> = (0..WORKERS as u64)
            .map(|w| tokio::spawn(worker(base.clone(), ledger.clone(), until + Duration::from_secs(30), round * 100 + w)))
            .collect();
        tokio::time::sleep_until(until.into()).await;
        child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
        child.wait().unwrap();
        for t in tasks {
            t.await.unwrap();
        }
    }
    // Restart on the same file: it must open (WAL recovery) and answer.
    let (mut child, base) = start(&db, &dir, rounds);
    let res = reqwest::get(format!("{base}/identities?limit=1")).await.unwrap();
    assert_eq!(res.status(), 200);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let fk: i64 = conn
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 0, "links to missing identities");
    let l = ledger.lock().unwrap();
    let present = |id: &str| -> Option<Value> {
        conn.query_row("SELECT body FROM identities WHERE id = ?1", [id], |r| r.get::<_, String>(0))
            .ok()
            .map(|b| serde_json::from_str(&b).unwrap())
    };
    let mut found = Counts::default();
    for id in l.created.keys() {
        let gone = l.deleted.contains(id) || l.delete_pending.contains(id);
        match present(id) {
            Some(body) => {
                found.creates += 1;
                assert!(!l.deleted.contains(id), "{id}: deleted (acknowledged) but present");
                if let Some(nick) = l.nickname.get(id) {
                    let got = body["nickname"].as_str().unwrap_or("");
                    let pending = l.nickname_pending.get(id).map(String::as_str);
                    assert!(got == nick || Some(got) == pending, "{id}: nickname {got}, acknowledged {nick}");
                    found.patches += 1;
                }
            }
            None => assert!(gone, "{id}: acknowledged create lost"),
        }
    }
    for (parent, child_id) in &l.links {
        let linked: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM links WHERE parent_id = ?1 AND child_id = ?2)",
                [parent, child_id],
                |r| r.get(0),
            )
            .unwrap();
        let removed = [parent, child_id]
            .iter()
            .any(|i| l.deleted.contains(*i) || l.delete_pending.contains(*i));
        assert!(linked || removed, "link {parent} -> {child_id} lost");
        found.links += u64::from(linked || removed);
    }
    for id in &l.deleted {
        assert!(present(id).is_none(), "{id}: deleted but present");
        found.deletes += 1;
    }
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM identities", [], |r| r.get(0))
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let a = l.acked;
    // The figures the long run reports (--nocapture). Every check above passed: nothing
    // acknowledged was lost.
    println!(
        "crash check: {rounds} SIGKILL round(s) of {secs} s, {WORKERS} writers. Acknowledged: {} creates, {} patches, {} links, {} deletes. Present: {} of the {} acknowledged creates (the other {} deleted), {} identities' last acknowledged patch, {} of {} links (or unlinked by a delete), {} of {} deleted ids absent; {rows} rows in all (creates acknowledged minus deleted: {}; the rest committed with their answer cut by the kill); integrity_check ok, foreign_key_check clean",
        a.creates, a.patches, a.links, a.deletes,
        found.creates, l.created.len(), l.created.len() as u64 - found.creates,
        found.patches, found.links, l.links.len(), found.deletes, l.deleted.len(),
        a.creates - a.deletes,
    );
    assert!(a.creates > 0, "the load wrote nothing");
}
