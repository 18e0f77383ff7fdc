#!/usr/bin/env bash
# Humanos request signatures against an independent HMAC-SHA256 (Node's node:crypto): Node
# signs and calls a live identity-sandbox (200 vs 401 for good, bad, old signatures), and
# verifies what a gateway identity-sandbox signs upstream. Servers listen on 127.0.0.1 on
# free ports and are stopped at the end. Needs only Node (no npm packages).
#
#   bash tests/run-humanos-sign.sh
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac

cargo build --quiet -p identity-sandbox
SANDBOX_BIN="$target_dir/debug/identity-sandbox" node tests/humanos/sign.mjs
