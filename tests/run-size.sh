#!/usr/bin/env bash
# The size budget: the package's .wasm plus all its JS (glue and adapters), each gzipped
# (level 9). Re-measures pkg/ with scripts/sizes.mjs (which writes build/sizes.json).
#
# Two figures: the target (60 KiB, issue 5) and a ceiling at today's measured size plus a
# little. The package is over the target today (see the README's "Size" section), so the
# target is reported loudly but does not fail the suite; growing past the ceiling does.
# Lower the ceiling whenever the package shrinks, never raise it to let a change through.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$((60 * 1024))
ceiling=$((61 * 1024))
[ -f pkg/identity_kit_bg.wasm ] || { echo "[size] pkg/ is not built: run scripts/build.sh" >&2; exit 1; }
node scripts/sizes.mjs
node -e '
  const [target, ceiling] = process.argv.slice(1).map(Number);
  const s = require("./build/sizes.json");
  const kib = (n) => (n / 1024).toFixed(1) + " KiB";
  const line = `wasm ${kib(s.wasm.gzip)} + js ${kib(s.js.gzip)} = ${s.total.gzip} B (${kib(s.total.gzip)}) gzip`;
  if (s.total.gzip > target) {
    console.log(`[size] TARGET NOT MET: ${line} is ${s.total.gzip - target} B over the ${kib(target)} target`);
  } else {
    console.log(`[size] within the ${kib(target)} target (${target - s.total.gzip} B to spare): ${line}`);
  }
  if (s.total.gzip > ceiling) {
    console.log(`[size] OVER THE CEILING by ${s.total.gzip - ceiling} B (ceiling ${kib(ceiling)}): ${line}`);
    console.log("size: 0 passed, 1 failed");
    process.exit(1);
  }
  console.log(`[size] under the ceiling of ${kib(ceiling)}`);
  console.log("size: 1 passed, 0 failed");
' "$target" "$ceiling"
