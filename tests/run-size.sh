#!/usr/bin/env bash
# The size budgets (issue 13), each entry's .wasm plus its JS module, gzip -9:
#   identity-kit (the validators)        at most 64 KiB
#   identity-kit/client (everything)     at most 88 KiB
# Re-measures pkg/ with scripts/sizes.mjs (which writes build/sizes.json) and fails the test
# command past a budget. The budgets are ceilings: never raise one to let a change through.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/identity_kit_bg.wasm ] && [ -f pkg/identity_kit_client_bg.wasm ] \
  || { echo "[size] pkg/ is not built: run scripts/build.sh" >&2; exit 1; }
node scripts/sizes.mjs
node -e '
  const s = require("./build/sizes.json");
  const budgets = { validators: 64 * 1024, client: 88 * 1024 };
  const kib = (n) => (n / 1024).toFixed(1) + " KiB";
  let passed = 0, failed = 0;
  for (const [entry, budget] of Object.entries(budgets)) {
    const t = s[entry].total.gzip;
    const line = `${entry}: wasm ${s[entry].wasm.gzip} B + js ${s[entry].js.gzip} B = ${t} B (${kib(t)}) gzip`;
    if (t > budget) {
      console.log(`[size] OVER THE ${kib(budget)} BUDGET by ${t - budget} B: ${line}`);
      failed++;
    } else {
      console.log(`[size] within the ${kib(budget)} budget, ${budget - t} B to spare: ${line}`);
      passed++;
    }
  }
  console.log(`size: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
'
