// The bulk import's CSV bench (SPEC section 5): a 100,000-row users file, made by
// tools/gen_users_csv.mjs (deterministic; one row in 50 faulty), parsed and validated through
// the package's CsvImport in Node, fed in 64 KiB chunks as a page reads a File's stream.
// bench/main.mjs calls csvBench(kit) with the initialised validators entry; alone:
//   node bench/csv.mjs   (after scripts/build.sh)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROWS = 100_000;
const CHUNK = 64 * 1024;

/** The generated file's bytes. */
export function usersCsv(rows = ROWS) {
  const gen = fileURLToPath(new URL("../tools/gen_users_csv.mjs", import.meta.url));
  return execFileSync(process.execPath, [gen, String(rows), "--bad-every=50"], { maxBuffer: 1 << 30 });
}

/** One pass: every row parsed and judged; the number of rows read. */
export function importOnce(kit, bytes) {
  const bytesView = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const csv = new kit.CsvImport();
  let rows = 0;
  try {
    for (let at = 0; at < bytesView.length; at += CHUNK) rows += csv.feed(bytesView.subarray(at, at + CHUNK)).length;
    rows += csv.finish().length;
  } finally {
    csv.free();
  }
  return rows;
}

/** `{rows, ms, rowsPerSecond, bytes}`: parse + validate of 100,000 rows, best of 3. */
export async function csvBench(kit, { rounds = 3 } = {}) {
  const bytes = usersCsv();
  let best = Infinity;
  let rows = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    rows = importOnce(kit, bytes);
    best = Math.min(best, performance.now() - t0);
  }
  if (rows !== ROWS) throw new Error(`csvBench: read ${rows} rows of ${ROWS}`);
  return { rows, ms: best, rowsPerSecond: Math.round(rows / (best / 1000)), bytes: bytes.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = new URL("../pkg/", import.meta.url);
  const kit = await import(new URL("import.js", pkg));
  kit.initSync({ module: readFileSync(new URL("identity_kit_import_bg.wasm", pkg)) });
  const r = await csvBench(kit);
  console.log(`CSV import: ${r.rows} rows (${(r.bytes / 1e6).toFixed(1)} MB) parsed and validated in ${r.ms.toFixed(0)} ms: ${r.rowsPerSecond.toLocaleString("en")} rows/s`);
}
