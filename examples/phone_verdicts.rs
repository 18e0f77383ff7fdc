//! Reads lines `REGION NUMBER` (a libphonenumber region code and an E.164 number) on stdin and
//! writes, per line, `state code type` (type `-` when none): identity-kit's verdict on the
//! number for that region, for tests/run-phone-diff.sh.

use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin is text");
        let (region, number) = line.split_once(' ').unwrap_or((&line, ""));
        let answer = match identity_kit::phone::live_for_region(number, region) {
            None => "unknown-region - -".to_string(),
            Some(v) => {
                let state = format!("{:?}", v.state).to_lowercase();
                let kind = v.phone_type.map_or("-", |t| t.name());
                format!("{state} {} {kind}", v.code)
            }
        };
        writeln!(out, "{answer}").expect("stdout is writable");
    }
}
