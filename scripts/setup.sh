#!/usr/bin/env bash
# Installs everything the build, the demo and the tests need, idempotently: the wasm target,
# the wasm-bindgen CLI matching Cargo.lock exactly, Debian's Chromium and ChromeDriver, and
# the npm dev tools (binaryen's wasm-opt, playwright-core, TypeScript...). Fast when done.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[setup] $*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The release wasm rebuilds the standard library for size (scripts/build.sh): it needs the sources.
if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  log "adding the rust-src component"
  rustup component add rust-src
fi

# The CLI must be the exact version of the wasm-bindgen crate in Cargo.lock.
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (have: ${have:-none}); this takes a few minutes once"
  cargo install --locked --version "$want" wasm-bindgen-cli
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium and chromium-driver from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# npm dev tools, reinstalled only when package-lock.json changes.
stamp=node_modules/.identity-kit-lock-hash
hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  log "installing npm dev tools"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$hash" > "$stamp"
fi
log "ready"
