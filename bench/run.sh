#!/usr/bin/env bash
# The benchmark (not a test): identity-kit vs libphonenumber-js, validator, rut.js,
# cpf-cnpj-validator and curp, in Node and in headless Chromium (Debian's /usr/bin/chromium),
# plus the wasm's cold start and every library's gzip size as a bundle. Uses the built pkg/
# (built first if missing). Its npm packages live in bench/package.json, apart from the root's.
# BENCH_ROUNDS, BENCH_MIN_MS and BENCH_COLD_SAMPLES tune the run; CHROMIUM names the browser.
set -euo pipefail
cd "$(dirname "$0")"
[ -f ../pkg/index.js ] || IDENTITY_KIT_SKIP_SETUP=${IDENTITY_KIT_SKIP_SETUP:-} bash ../scripts/build.sh >&2
stamp=node_modules/.bench-lock-hash
hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  npm ci --no-audit --no-fund --prefer-offline --loglevel=error >&2
  echo "$hash" > "$stamp"
fi
exec node main.mjs
