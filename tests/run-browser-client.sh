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

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
runner_port=$(free_port)
closed_port=$(free_port) # nothing listens there: the NetworkError test

source tests/sandbox-server.sh
start_sandbox run-browser-client --cors-origin "http://127.0.0.1:$runner_port"
port=${SANDBOX_URL##*:}
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
