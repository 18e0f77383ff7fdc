// Renames the wasm's exports in pkg/ to one or two letters, in the wasm's export section, in the
// glue (`wasm.<name>`) and in the declarations of the raw exports (`InitOutput` in
// identity_kit.d.ts, identity_kit_bg.wasm.d.ts), but `memory`, and drops the exports the glue
// never reads.
// Run after trim-glue.mjs (whose edits match wasm-bindgen's own names), before
// assemble-package.mjs bundles the glue.
//
// Why: the export names (`identityclient_createAndLink`, `__wbindgen_add_to_stack_pointer`...)
// were spelled out in the wasm and again in the JS, where a minifier cannot shorten a property
// name. Nothing else calls the raw exports: they take pointers into the wasm's memory and are
// only safe to call through the glue. The two wasm-bindgen runtime statics exported for a
// panic=unwind build's abort hook (`__instance_terminated`, `__abort_handler`) are never read
// by this build's glue, and go.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { leb, name, replaceSection, short, uleb as readUleb } from "./wasm-names.mjs";

const pkg = fileURLToPath(new URL("../pkg/", import.meta.url));
const wasmPath = join(pkg, "identity_kit_bg.wasm");
const jsPath = join(pkg, "identity_kit.js");
const dtsPath = join(pkg, "identity_kit.d.ts");
const wasmDtsPath = join(pkg, "identity_kit_bg.wasm.d.ts");

const fail = (why) => {
  throw new Error(`[short-exports] ${why}`);
};
const bytes = readFileSync(wasmPath);
let js = readFileSync(jsPath, "utf8");
let dts = readFileSync(dtsPath, "utf8");
let wasmDts = readFileSync(wasmDtsPath, "utf8");

const uleb = (pos) => readUleb(bytes, pos);
const escape = (s) => s.replace(/[$]/g, "\\$");
// `wasm.<name>` in the glue, as a whole name.
const use = (n) => new RegExp(`\\bwasm\\.${escape(n)}\\b`, "g");

const renamed = new Map();
let next = 0;
const dropped = [];
const wasm = replaceSection(bytes, 7, (start, end) => {
  let [count, at] = uleb(start);
  const body = [];
  for (let i = 0; i < count; i++) {
    const [nl, n0] = uleb(at);
    const old = bytes.toString("utf8", n0, n0 + nl);
    const descStart = n0 + nl;
    at = uleb(descStart + 1)[1]; // kind byte, then the index
    const desc = bytes.subarray(descStart, at);
    if ((js.match(use(old)) ?? []).length === 0) {
      // Only the abort hook's statics are expected here: anything else the glue does not read
      // is a change in wasm-bindgen worth a look.
      if (old !== "__instance_terminated" && old !== "__abort_handler") fail(`the glue never reads export ${old}`);
      dropped.push(old);
      continue;
    }
    // `memory` keeps its name: `init()` resolves to the exports, and the module's memory is the
    // one export a page may reasonably look at (to measure it).
    const to = old === "memory" ? old : short(next++);
    renamed.set(old, to);
    body.push(name(to), desc);
  }
  if (at !== end) fail("the export section did not parse to its end");
  return Buffer.concat([leb(renamed.size), ...body]);
});
if (renamed.size === 0) fail("no exports found");

for (const [old, to] of renamed) {
  if (old === to) continue;
  js = js.replace(use(old), `wasm.${to}`);
  // Read any other way (`exports.name`, `wasm["name"]`), the old name would now be undefined.
  if (new RegExp(`[.'"]${escape(old)}\\b`).test(js)) fail(`the glue still reads export ${old}`);
  // The declarations: one line each, in InitOutput and in the wasm's own .d.ts.
  const field = new RegExp(`^(\\s+readonly )${escape(old)}(?=: )`, "m");
  if (!field.test(dts)) fail(`InitOutput does not declare ${old}`);
  dts = dts.replace(field, `$1${to}`);
  const constant = new RegExp(`^(export const )${escape(old)}(?=: )`, "m");
  if (!constant.test(wasmDts)) fail(`identity_kit_bg.wasm.d.ts does not declare ${old}`);
  wasmDts = wasmDts.replace(constant, `$1${to}`);
}
for (const old of dropped) {
  dts = dts.replace(new RegExp(`^\\s+readonly ${escape(old)}: .*\\n`, "m"), "");
  wasmDts = wasmDts.replace(new RegExp(`^export const ${escape(old)}: .*\\n`, "m"), "");
}
const note = "The wasm's raw exports, renamed short by scripts/short-exports.mjs. They take pointers into the module's memory: call the package's functions, not these.";
if (!dts.includes("export interface InitOutput {")) fail("no InitOutput in identity_kit.d.ts");
dts = dts.replace("export interface InitOutput {", `/** ${note} */\nexport interface InitOutput {`);
wasmDts = wasmDts.replace("/* eslint-disable */\n", `/* eslint-disable */\n// ${note}\n`);

const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
if (exports.join() !== [...renamed.values()].join()) fail("the renamed module's exports are not the new names");
writeFileSync(wasmPath, wasm);
writeFileSync(jsPath, js);
writeFileSync(dtsPath, dts);
writeFileSync(wasmDtsPath, wasmDts);
console.log(`[short-exports] ${next} exports renamed, ${dropped.length} unread dropped (${dropped.join(", ")}): wasm ${bytes.length} -> ${wasm.length} B`);
