// Prints the raw and gzip sizes of the package's two entries (each one's .wasm plus its one JS
// module, gzip -9) and writes them to build/sizes.json for the budget check (tests/run-size.sh).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { gzipSync } from "node:zlib";

const pkg = new URL("../pkg/", import.meta.url);
const measure = (name) => {
  const bytes = readFileSync(new URL(name, pkg));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const kib = (n) => (n / 1024).toFixed(1) + " KiB";
const sizes = {};
for (const [entry, wasmFile, jsFile] of [
  ["validators", "identity_kit_bg.wasm", "index.js"],
  ["client", "identity_kit_client_bg.wasm", "client.js"],
  ["import", "identity_kit_import_bg.wasm", "import.js"],
]) {
  const wasm = measure(wasmFile);
  const js = measure(jsFile);
  sizes[entry] = { wasm, js, total: { raw: wasm.raw + js.raw, gzip: wasm.gzip + js.gzip } };
  console.log(`[size] ${entry.padEnd(10)} wasm ${wasm.gzip} B + js ${js.gzip} B = ${wasm.gzip + js.gzip} B gzip (${kib(wasm.gzip + js.gzip)}; raw ${kib(wasm.raw + js.raw)})`);
}
mkdirSync(new URL("../build/", import.meta.url), { recursive: true });
writeFileSync(new URL("../build/sizes.json", import.meta.url), JSON.stringify(sizes, null, 2));
