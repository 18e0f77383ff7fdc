#!/usr/bin/env bash
# Runs the demo: installs what is missing, builds the wasm package, starts the sandbox server
# (SQLite file demo.sqlite) that serves www/ and pkg/ and the API, and prints the URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
port=${PORT:-8080}
exec cargo run --quiet --profile server -p identity-sandbox -- \
  --port "$port" --db "${DB:-demo.sqlite}" --www www --pkg pkg "$@"
