#!/usr/bin/env bash
# The identities client (tests/client_web.rs) in headless Chromium against the real sandbox
# server: builds identity-sandbox, starts it on a free loopback port with a temporary SQLite
# file and CORS for the test page's origin, runs the browser tests, and stops the server.
#
#   bash tests/run-browser-client.sh [extra cargo test args, e.g. -- flow]
#
# The test page is served by wasm-bindgen-test-runner at WASM_BINDGEN_TEST_ADDRESS (a fixed
# free port, so its origin is known before the server starts); the server's URL reaches the
# tests at compile time through IDENTITY_SANDBOX_URL.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

runner_port=$(free_port)
closed_port=$(free_port) # nothing listens there: the NetworkError test

cargo build --quiet --profile server -p identity-sandbox
mkdir -p "$tmp/www" "$tmp/pkg"
"$target_dir/server/identity-sandbox" --port 0 --port-file "$tmp/port" --db "$tmp/sandbox.sqlite" \
  --cors-origin "http://127.0.0.1:$runner_port" --www "$tmp/www" --pkg "$tmp/pkg" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  [ -s "$tmp/port" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run-browser-client: the sandbox server did not start:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
[ -s "$tmp/port" ] || { echo "run-browser-client: no port file after 10 s" >&2; cat "$tmp/server.log" >&2; exit 1; }
port=$(cat "$tmp/port")
echo "run-browser-client: sandbox on http://127.0.0.1:$port, test page on http://127.0.0.1:$runner_port"

export IDENTITY_SANDBOX_URL="http://127.0.0.1:$port"
export IDENTITY_CLOSED_URL="http://127.0.0.1:$closed_port"
export WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:$runner_port"
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
status=0
cargo test --target wasm32-unknown-unknown -p identity-kit --features client --test client_web "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "run-browser-client: server log (last 40 lines):" >&2
  tail -n 40 "$tmp/server.log" >&2
fi
exit "$status"
