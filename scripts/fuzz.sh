#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (cargo-fuzz) of one target for a given time:
#   scripts/fuzz.sh TARGET SECONDS      (TARGET: validate_field, format_field, validate_identity,
#                                        sandbox_request; `scripts/fuzz.sh list` lists them)
# Installs cargo-fuzz once (pinned). Only the stable toolchain exists here: the flags cargo-fuzz
# passes to rustc are enabled with RUSTC_BOOTSTRAP=1, and no sanitizer is used (-s none: safe
# Rust; the invariants and libFuzzer's own limits are what is checked). Each run starts from
# fuzz/corpus/TARGET, grows it in a scratch folder, then merges back only the inputs that add
# coverage (-merge=1), so the committed corpus stays small. A finding is written to
# fuzz/artifacts/TARGET/ and the script fails; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -O TARGET fuzz/artifacts/TARGET/crash-...
# The invariants are in identity_kit::fuzzing and identity_sandbox::fuzzing; `cargo test`
# replays the saved corpus through them (tests/fuzz_corpus.rs, sandbox/tests/fuzz_corpus.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  cargo install --locked --version "$CARGO_FUZZ_VERSION" cargo-fuzz
fi
export RUSTC_BOOTSTRAP=1

if [ "${1:-}" = list ]; then
  (cd fuzz && cargo fuzz list)
  exit 0
fi
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}

corpus=fuzz/corpus/$target
scratch=fuzz/target/grown/$target
mkdir -p "$corpus" "$scratch" "fuzz/artifacts/$target"
(cd fuzz && cargo fuzz build -s none -O "$target")
# Inputs up to 4 KiB (the validators refuse more before any work); 2 s per input and 2 GiB are
# the time and memory bounds: past either, libFuzzer reports the input as a finding.
# A dictionary of the target's tokens (JSON, field names, query parameters) where there is one.
dict=()
[ -f "fuzz/dicts/$target.dict" ] && dict=(-dict="dicts/$target.dict")
(cd fuzz && cargo fuzz run -s none -O "$target" "target/grown/$target" "corpus/$target" -- \
  "${dict[@]}" -max_total_time="$seconds" -max_len=4096 -timeout=2 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="artifacts/$target/")
# Keep only what adds coverage: the committed corpus is the smallest set of inputs that covers
# every edge the union covers (-set_cover_merge, edges without hit counts: -use_counters=0;
# with hit counts it keeps 3-4 times as many files). The full grown corpus stays in
# fuzz/target/grown for the next local run.
rm -rf "fuzz/target/merged/$target" && mkdir -p "fuzz/target/merged/$target"
(cd fuzz && cargo fuzz run -s none -O "$target" "target/merged/$target" "corpus/$target" "target/grown/$target" -- \
  -set_cover_merge=1 -use_counters=0 -max_len=4096 -timeout=2 -rss_limit_mb=2048)
# Seeds (seed-*) and regressions (regression-*) stay by name; the rest is the merged set.
find "$corpus" -type f ! -name 'seed-*' ! -name 'regression-*' -delete
cp -n "fuzz/target/merged/$target"/* "$corpus"/ 2>/dev/null || true
# libFuzzer names its files by their SHA-1: drop the copies of the named ones.
for named in "$corpus"/seed-* "$corpus"/regression-*; do
  [ -f "$named" ] && rm -f "$corpus/$(sha1sum < "$named" | cut -d' ' -f1)"
done
echo "[fuzz] $target: $(find "$corpus" -type f | wc -l) files in $corpus"
