//! The fuzzing smoke pass for the server's request parsing: every input saved in
//! `fuzz/corpus/sandbox_request/` replayed through `identity_sandbox::fuzzing::request`, the
//! checks the cargo-fuzz target runs, without cargo-fuzz.

use std::path::Path;

#[test]
fn sandbox_request_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/sandbox_request");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if let Err(e) = std::panic::catch_unwind(|| identity_sandbox::fuzzing::request(&data)) {
            panic!("{}: {}", path.display(), e.downcast_ref::<String>().map_or("panic", String::as_str));
        }
        n += 1;
    }
    assert!(n > 0, "{}: an empty corpus checks nothing", dir.display());
}
