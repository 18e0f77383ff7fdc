//! Times the bulk import's CSV path: parse + validate a users file, fed in 16 KiB chunks as a
//! page reading a `File` would, and prints rows per second. Not a test.
//!
//!   cargo run --profile server --example humanos_csv [FILE.csv]
//!
//! Without a file it times the 100,000 rows `node tools/gen_users_csv.mjs 100000
//! --bad-every=50` writes, if Node is there, else rows generated here.

use std::time::Instant;

use identity_kit::humanos::import::CsvImport;
use identity_kit::humanos::{Date, Options};
use identity_kit::Locale;

/// Bytes per feed: what a page reading a `File` in slices would pass.
const CHUNK: usize = 16 * 1024;

fn generated(rows: usize) -> Vec<u8> {
    let node = std::process::Command::new("node")
        .args(["tools/gen_users_csv.mjs", &rows.to_string(), "--bad-every=50"])
        .output();
    if let Ok(out) = node {
        if out.status.success() {
            return out.stdout;
        }
    }
    let mut text = String::from("contact,internalId,fullName,birth,docId,countryAlpha3\r\n");
    for i in 0..rows {
        text.push_str(&format!("user{i}@example.com,crm-{i:07},\"Pérez, Ana {i}\",1990-01-01,D{i:09},PRT\r\n"));
    }
    text.into_bytes()
}

fn main() {
    let bytes = match std::env::args().nth(1) {
        Some(path) => std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}")),
        None => generated(100_000),
    };
    let options = Options { today: Some(Date::today()), locale: Locale::En, ..Options::default() };
    let mut best = f64::MAX;
    let mut rows = 0;
    let mut summary = None;
    for _ in 0..5 {
        let start = Instant::now();
        let mut import = CsvImport::new(options);
        rows = 0;
        for chunk in bytes.chunks(CHUNK) {
            rows += import.feed(chunk).expect("CSV").len();
        }
        rows += import.finish().expect("CSV").len();
        let secs = start.elapsed().as_secs_f64();
        best = best.min(secs);
        summary = Some(import.summary(Locale::En));
    }
    let summary = summary.expect("one run");
    println!(
        "humanos CSV parse + validate: {rows} rows, {:.1} MB in {:.1} ms (best of 5): {:.0} rows/s, {:.0} MB/s",
        bytes.len() as f64 / 1e6,
        best * 1e3,
        rows as f64 / best,
        bytes.len() as f64 / 1e6 / best
    );
    println!("{} by status {:?}", summary.message, summary.by_status);
}
