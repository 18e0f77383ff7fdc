#![no_main]
// The invariants are in the crate (`identity_kit::fuzzing::format`), shared with the corpus replay of `cargo test`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| identity_kit::fuzzing::format(data));
