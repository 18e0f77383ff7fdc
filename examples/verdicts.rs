//! identity-kit's verdicts on document numbers, one per line, for the differential test
//! against python-stdnum (`tests/run-stdnum.sh`).
//!
//! Reads `TYPE<TAB>COUNTRY<TAB>value` lines on stdin (`RFC`, `MEX`, `VACE460910SX6`) and writes
//! `state<TAB>code<TAB>warnings<TAB>normalized` for each (`valid`, `ok`, `rfc.check_digit`,
//! `VACE460910SX6`), the warnings' codes joined by commas.

use std::io::{self, BufRead, BufWriter, Write};

use identity_kit::documents::{validate_number, DocumentType};
use identity_kit::State;

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let mut fields = line.splitn(3, '\t');
        let (Some(doc), Some(country), Some(value)) = (fields.next(), fields.next(), fields.next()) else {
            writeln!(out, "error\tbad_line\t\t")?;
            continue;
        };
        let Some(doc) = DocumentType::parse(doc) else {
            writeln!(out, "error\tunknown_type\t\t")?;
            continue;
        };
        let v = validate_number(doc, country, value);
        let state = match v.state {
            State::Empty => "empty",
            State::Incomplete => "incomplete",
            State::Invalid => "invalid",
            State::Valid => "valid",
        };
        let warnings: Vec<&str> = v.warnings.iter().map(|w| w.code).collect();
        writeln!(out, "{state}\t{}\t{}\t{}", v.code, warnings.join(","), v.normalized.unwrap_or_default())?;
    }
    out.flush()
}
