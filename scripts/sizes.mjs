// Prints the raw and gzip sizes of the built package's wasm and JS glue, and writes them to
// build/sizes.json for the size-budget check.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const pkg = new URL("../pkg/", import.meta.url).pathname;

function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return name.endsWith(".js") ? [path] : [];
  });
}

const measure = (paths) => {
  const bytes = Buffer.concat(paths.map((p) => readFileSync(p)));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};

const wasm = measure([join(pkg, "identity_kit_bg.wasm")]);
const js = measure(jsFiles(pkg));
const total = { raw: wasm.raw + js.raw, gzip: wasm.gzip + js.gzip };
const kb = (n) => (n / 1024).toFixed(1) + " KiB";
console.log(`[size] wasm ${wasm.raw} B (${kb(wasm.raw)}), gzip ${wasm.gzip} B (${kb(wasm.gzip)})`);
console.log(`[size] js   ${js.raw} B (${kb(js.raw)}), gzip ${js.gzip} B (${kb(js.gzip)})`);
console.log(`[size] total gzip ${total.gzip} B (${kb(total.gzip)})`);
mkdirSync(new URL("../build/", import.meta.url), { recursive: true });
writeFileSync(new URL("../build/sizes.json", import.meta.url), JSON.stringify({ wasm, js, total }, null, 2));
