#!/usr/bin/env bash
# The identities client against the sandbox's fault mode (tests/faults/matrix.test.mjs): builds the
# server, starts it with --faults on a free loopback port and a temporary SQLite file, runs the
# matrix in Node on the built pkg/, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-target}
[ -f pkg/client.js ] || IDENTITY_KIT_SKIP_SETUP=1 bash scripts/build.sh
cargo build --quiet --profile server -p identity-sandbox
tmp=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/www" "$tmp/pkg"
"$target_dir/server/identity-sandbox" --faults --port 0 --port-file "$tmp/port" --db "$tmp/sandbox.sqlite" \
  --www "$tmp/www" --pkg "$tmp/pkg" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "run-faults: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
IDENTITY_SANDBOX_URL="http://127.0.0.1:$(cat "$tmp/port")" node --test tests/faults/
