// One cold start of identity-kit's wasm in a fresh Node process (bench/main.mjs runs several):
// read the .wasm from disk, compile, instantiate (initSync), first verdict. Prints JSON.
import { readFileSync } from "node:fs";

const kit = await import("../pkg/index.js");
const t0 = performance.now();
const bytes = readFileSync(new URL("../pkg/identity_kit_bg.wasm", import.meta.url));
const t1 = performance.now();
const module = await WebAssembly.compile(bytes);
const t2 = performance.now();
kit.initSync({ module });
const t3 = performance.now();
kit.validateField("documentNumber", "17.604.011-4", { documentType: "RUT", country: "CHL" });
const t4 = performance.now();
console.log(JSON.stringify({ fetch: t1 - t0, compile: t2 - t1, instantiate: t3 - t2, total: t3 - t0, firstCall: t4 - t3 }));
