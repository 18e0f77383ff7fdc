// Orders the wasm's functions so that similar bodies sit next to each other (run after
// wasm-opt, before short-imports.mjs). gzip finds repeats only within its 32 KiB window, and the
// order rustc and wasm-opt leave is by definition, not by likeness: measured on this package,
// 481 functions reordered make the wasm 0.7-0.8 KB smaller gzipped, with every byte of every
// body the same (only the function indices in calls change, which binaryen renumbers).
//
// How: the likeness of two bodies is how much smaller they deflate together than apart. A
// chain is grown greedily from the biggest body, each step taking the most alike body not yet
// placed; then two passes of local search move each function next to one of its six most alike
// (before or after) when that makes the code section deflate smaller. Deterministic: no
// randomness, no time limit, so a build gives the same bytes every time. The result is kept
// only if the whole file gzips smaller, and only if it exports and imports exactly what the
// input did. It takes ~40 s, so the result is kept in build/ by the input's and this script's
// hash: building the same wasm again reuses it.
import { readFileSync, writeFileSync, rmSync, existsSync, mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { gzipSync, deflateRawSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import binaryen from "binaryen";

const wasmPath = fileURLToPath(new URL("../pkg/identity_kit_bg.wasm", import.meta.url));
const wasmOpt = fileURLToPath(new URL("../node_modules/.bin/wasm-opt", import.meta.url));
// The features build.sh gives wasm-opt: the module is written back with exactly these.
const featureFlags = [
  "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
];
const F = binaryen.Features;
const features = F.MVP | F.BulkMemory | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals | F.ReferenceTypes | F.Multivalue;

const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;
const deflateSize = (bytes) => deflateRawSync(bytes, { level: 9 }).length;

const input = readFileSync(wasmPath);
const key = createHash("sha256").update(input).update(readFileSync(fileURLToPath(import.meta.url))).digest("hex");
const cacheDir = fileURLToPath(new URL("../build/ordered/", import.meta.url));
const cached = `${cacheDir}${key.slice(0, 32)}.wasm`;
if (existsSync(cached)) {
  writeFileSync(wasmPath, readFileSync(cached));
  console.log(`[order-functions] reused ${cached}`);
  process.exit(0);
}
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(1);
const mod = binaryen.readBinary(input);
mod.setFeatures(features);

const defined = [];
for (let i = 0; i < mod.getNumFunctions(); i++) {
  const info = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
  if (!info.module) defined.push(info); // imports keep their place (they come first)
}

/** The module's binary with its defined functions in `order` (indices into `defined`). */
function emit(order) {
  for (const f of defined) mod.removeFunction(f.name);
  for (const i of order) {
    const f = defined[i];
    mod.addFunction(f.name, f.params, f.results, f.vars, f.body);
  }
  return mod.emitBinary();
}

/** The function bodies of a binary's code section, in order. */
function codeBodies(bin) {
  let p = 8;
  const leb = () => {
    let value = 0, shift = 0, byte;
    do {
      byte = bin[p++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return value >>> 0;
  };
  while (p < bin.length) {
    const id = bin[p++];
    const end = leb() + p;
    if (id === 10) {
      const bodies = [];
      for (let n = leb(); n > 0; n--) {
        const size = leb();
        bodies.push(bin.subarray(p, p + size));
        p += size;
      }
      return bodies;
    }
    p = end;
  }
  throw new Error("[order-functions] no code section");
}

const bodies = codeBodies(emit(defined.map((_, i) => i)));
const n = bodies.length;
if (n !== defined.length) throw new Error(`[order-functions] ${n} bodies for ${defined.length} functions`);
const alone = bodies.map(deflateSize);
const likeness = new Map();
function alike(i, j) {
  const key = i < j ? i * n + j : j * n + i;
  let v = likeness.get(key);
  if (v === undefined) {
    v = alone[i] + alone[j] - deflateSize(Buffer.concat([bodies[i], bodies[j]]));
    likeness.set(key, v);
  }
  return v;
}

// The greedy chain.
const placed = new Uint8Array(n);
let order = [alone.indexOf(Math.max(...alone))];
placed[order[0]] = 1;
while (order.length < n) {
  const last = order[order.length - 1];
  let best = -1, bestLikeness = -Infinity;
  for (let j = 0; j < n; j++) {
    if (!placed[j] && alike(last, j) > bestLikeness) {
      bestLikeness = alike(last, j);
      best = j;
    }
  }
  placed[best] = 1;
  order.push(best);
}

// Local search on the code section alone (what the order changes).
const codeSize = (o) => deflateSize(Buffer.concat(o.map((i) => bodies[i])));
const nearest = bodies.map((_, i) => {
  const others = [];
  for (let j = 0; j < n; j++) if (j !== i) others.push([alike(i, j), j]);
  return others.sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 6).map(([, j]) => j);
});
let size = codeSize(order);
for (let pass = 0; pass < 2; pass++) {
  for (let i = 0; i < n; i++) {
    for (const j of nearest[i]) {
      for (const after of [true, false]) {
        const candidate = order.filter((x) => x !== i);
        const at = candidate.indexOf(j) + (after ? 1 : 0);
        candidate.splice(at, 0, i);
        const candidateSize = codeSize(candidate);
        if (candidateSize < size) {
          size = candidateSize;
          order = candidate;
        }
      }
    }
  }
}

// Written back through wasm-opt so that the binary gets the same StackIR optimisation as
// build.sh's wasm-opt run (binaryen.js writes without it); no pass changes the functions.
const tmp = `${wasmPath}.ordered`;
writeFileSync(tmp, emit(order));
execFileSync(wasmOpt, [tmp, "-o", tmp, ...featureFlags, "--generate-stack-ir", "--optimize-stack-ir", "--optimize-level=2", "--shrink-level=1"], { stdio: ["ignore", "ignore", "pipe"] });
const output = readFileSync(tmp);
rmSync(tmp);

const shape = (bytes) => {
  const m = new WebAssembly.Module(bytes);
  return JSON.stringify([WebAssembly.Module.exports(m), WebAssembly.Module.imports(m)]);
};
if (shape(output) !== shape(input)) throw new Error("[order-functions] the reordered module's exports or imports differ");
const [before, after] = [gzipSize(input), gzipSize(output)];
const result = after < before ? output : input;
rmSync(cacheDir, { recursive: true, force: true }); // one entry: the newest build's
mkdirSync(cacheDir, { recursive: true });
writeFileSync(cached, result);
if (after < before) {
  writeFileSync(wasmPath, output);
  console.log(`[order-functions] ${n} functions reordered: gzip ${before} -> ${after} B`);
} else {
  console.log(`[order-functions] kept the order: reordered gzips to ${after} B, not below ${before} B`);
}
