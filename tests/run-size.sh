#!/usr/bin/env bash
# The size budget (issue 5): the package's .wasm plus all its JS (glue and adapters), each
# gzipped (level 9), at most 60 KiB for the whole package: every validator, every country, the
# client. Re-measures pkg/ with scripts/sizes.mjs (which writes build/sizes.json) and fails the
# test command past the budget. Never raise the budget to let a change through: make room.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=$((60 * 1024))
[ -f pkg/identity_kit_bg.wasm ] || { echo "[size] pkg/ is not built: run scripts/build.sh" >&2; exit 1; }
node scripts/sizes.mjs
node -e '
  const budget = Number(process.argv[1]);
  const s = require("./build/sizes.json");
  const kib = (n) => (n / 1024).toFixed(1) + " KiB";
  const line = `wasm ${kib(s.wasm.gzip)} + js ${kib(s.js.gzip)} = ${s.total.gzip} B (${kib(s.total.gzip)}) gzip`;
  if (s.total.gzip > budget) {
    console.log(`[size] OVER THE BUDGET by ${s.total.gzip - budget} B (${kib(budget)}): ${line}`);
    console.log("size: 0 passed, 1 failed");
    process.exit(1);
  }
  console.log(`[size] within the ${kib(budget)} budget, ${budget - s.total.gzip} B to spare: ${line}`);
  console.log("size: 1 passed, 0 failed");
' "$budget"
