// Renames the wasm's imports in pkg/ to one or two letters, in the wasm's import section and in
// the glue's import object alike (run after wasm-opt, before assemble-package.mjs minifies the
// glue). wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` and its module
// `./identity_kit_bg.js`: the hashes cannot be compressed and were spelled out twice, once in
// the wasm and once in the JS (about 1 KB gzip). Nothing else refers to these names: the
// import object is built inside the glue, and the exports keep their names. A snippet module's
// imports keep theirs too (the glue passes its namespace object); only its module is renamed.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { leb, name, replaceSection, short, uleb as readUleb } from "./wasm-names.mjs";

const pkg = fileURLToPath(new URL("../pkg/", import.meta.url));
const wasmPath = join(pkg, "identity_kit_bg.wasm");
const jsPath = join(pkg, "identity_kit.js");
const GLUE = "./identity_kit_bg.js";

const bytes = readFileSync(wasmPath);
let js = readFileSync(jsPath, "utf8");

const fail = (why) => {
  throw new Error(`[short-imports] ${why}`);
};
const uleb = (pos) => readUleb(bytes, pos);

// Each import module gets a letter; the glue's own imports get letters too.
const modules = new Map();
const renamed = new Map();
const wasm = replaceSection(bytes, 2, (start, end) => {
  let [count, at] = uleb(start);
  const body = [leb(count)];
  for (let i = 0; i < count; i++) {
    const [ml, m0] = uleb(at);
    const module = bytes.toString("utf8", m0, m0 + ml);
    const [nl, n0] = uleb(m0 + ml);
    const base = bytes.toString("utf8", n0, n0 + nl);
    at = n0 + nl;
    // The import's description, copied as is: kind, then a type index (function), a reference
    // type and limits (table), limits (memory) or a value type and mutability (global).
    const descStart = at;
    const kind = bytes[at++];
    const limits = () => {
      const flags = bytes[at++];
      at = uleb(at)[1];
      if (flags & 1) at = uleb(at)[1];
    };
    if (kind === 0) at = uleb(at)[1];
    else if (kind === 1) (at++, limits());
    else if (kind === 2) limits();
    else if (kind === 3) at += 2;
    else fail(`import ${module} ${base} of kind ${kind}`);
    if (!modules.has(module)) modules.set(module, short(modules.size));
    let newBase = base;
    if (module === GLUE) {
      if (!renamed.has(base)) renamed.set(base, short(renamed.size));
      newBase = renamed.get(base);
    }
    body.push(name(modules.get(module)), name(newBase), bytes.subarray(descStart, at));
  }
  if (at !== end) fail("the import section did not parse to its end");
  return Buffer.concat(body);
});

for (const [base, to] of renamed) {
  const key = new RegExp(`^(\\s+)${base.replace(/\$/g, "\\$")}(?=:)`, "gm");
  const hits = js.match(key)?.length ?? 0;
  if (hits !== 1) fail(`${base} found ${hits} times in the glue's import object`);
  js = js.replace(key, `$1${to}`);
}
for (const [module, to] of modules) {
  const key = `\n        ${JSON.stringify(module)}: `;
  if (js.split(key).length !== 2) fail(`module ${module} not found once in the glue's import object`);
  js = js.replace(key, `\n        ${to}: `);
}

new WebAssembly.Module(wasm); // still valid
writeFileSync(wasmPath, wasm);
writeFileSync(jsPath, js);
console.log(`[short-imports] ${renamed.size} imports and ${modules.size} modules renamed: wasm ${bytes.length} -> ${wasm.length} B`);
