// The Chromium side of the benchmark, bundled by esbuild into dist/bench.js: the same cases as
// in Node, identity-kit loaded from the built pkg/.
import init from "../pkg/index.js";
import * as kit from "../pkg/index.js";
import { runAll } from "./cases.mjs";

window.runBench = async (wasmUrl, options) => {
  await init({ module_or_path: wasmUrl });
  return runAll(kit, options);
};
