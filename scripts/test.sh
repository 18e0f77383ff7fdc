#!/usr/bin/env bash
# Runs every test: native Rust (validators, sandbox server), the JS surface in headless
# Chromium, the built package in Node, the client against a live sandbox server, the demo
# page end to end. Installs what it needs first (scripts/setup.sh, idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CHROMEDRIVER=/usr/bin/chromedriver

passed=0
failed=0
failures=()
step() {
  local name=$1; shift
  echo
  echo "=== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

step "native: cargo test --workspace" cargo test --workspace --quiet
step "browser: JS surface in headless Chromium" cargo test --target wasm32-unknown-unknown -p identity-kit --test web
step "build: pkg/" env IDENTITY_KIT_SKIP_SETUP=1 bash scripts/build.sh
step "node: pkg/ loads with initSync" node --test tests/node/
for extra in tests/run-*.sh; do
  [ -e "$extra" ] || continue
  step "$(basename "$extra" .sh)" bash "$extra"
done

echo
echo "suites: $passed passed, $failed failed"
if [ "$failed" -gt 0 ]; then
  printf ' - failed: %s\n' "${failures[@]}"
  exit 1
fi
