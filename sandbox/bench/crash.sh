#!/usr/bin/env bash
# Durability under SIGKILL (a long run, not part of the test command; the test command runs
# the short one: tests/crash.rs with 1 round of 2 s). Builds the server profile, then for each
# round starts the binary on one SQLite file, runs 16 writers (creates, patches, links,
# deletes) through /demo-api, SIGKILLs it mid-load; finally restarts it and checks every
# acknowledged write in the database, with PRAGMA integrity_check and foreign_key_check.
# Usage: sandbox/bench/crash.sh [rounds, default 6] [seconds per round, default 10]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cd "$root"
SANDBOX_CRASH_ROUNDS="${1:-6}" SANDBOX_CRASH_SECS="${2:-10}" \
  cargo test --profile server -p identity-sandbox --test crash -- --nocapture 2>&1 \
  | grep -E '^crash check|^test |test result|panicked|assert'
