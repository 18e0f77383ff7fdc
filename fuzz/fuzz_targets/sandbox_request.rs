#![no_main]
// The invariants are in the crate (`identity_sandbox::fuzzing::request`), shared with the corpus replay of `cargo test`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| identity_sandbox::fuzzing::request(data));
