//! The fuzzing smoke pass: every input saved in `fuzz/corpus/<target>/` (the minimised corpus
//! the fuzzer found, findings included) replayed through the same invariant checks the
//! cargo-fuzz targets run (`identity_kit::fuzzing`), without cargo-fuzz. A broken invariant
//! panics with the input's meaning and the file's name.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

/// Runs `check` over every file of `fuzz/corpus/<target>`; the number replayed.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if let Err(e) = std::panic::catch_unwind(|| check(&data)) {
            panic!("{}: {}", path.display(), e.downcast_ref::<String>().map_or("panic", String::as_str));
        }
        n += 1;
    }
    assert!(n > 0, "{}: an empty corpus checks nothing", dir.display());
    n
}

#[test]
fn validate_field_corpus() {
    replay("validate_field", identity_kit::fuzzing::field);
}

#[test]
fn format_field_corpus() {
    replay("format_field", identity_kit::fuzzing::format);
}

#[test]
fn validate_identity_corpus() {
    replay("validate_identity", identity_kit::fuzzing::identity);
}
