#!/usr/bin/env bash
# The demo page (www/) end to end: builds pkg/ if it is missing, builds the sandbox server, then
# runs tests/e2e/ with node's test runner. The test starts its own server (free port, temporary
# SQLite file) and drives Debian's Chromium through playwright-core; screenshots of the page
# after a successful flow land in build/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f pkg/import.js ] || [ ! -f pkg/identity_kit_import_bg.wasm ]; then
  IDENTITY_KIT_SKIP_SETUP=1 bash scripts/build.sh
fi
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "run-e2e: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium} (scripts/setup.sh installs Debian's chromium)" >&2
  exit 1
fi

cargo build --quiet --profile server -p identity-sandbox
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
export IDENTITY_SANDBOX_BIN="$target_dir/server/identity-sandbox"

mkdir -p build/screenshots
node --test tests/e2e/
