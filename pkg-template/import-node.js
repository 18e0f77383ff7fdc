// identity-kit/import in Node (the "node" export condition): import.js, with `init()` reading
// its own .wasm from disk when given nothing.
import { readFile } from "node:fs/promises";
import init from "./import.js";

export * from "./import.js";

/** `init()` with no argument reads identity_kit_import_bg.wasm beside this file. */
function initNode(options) {
  return init(options ?? { module_or_path: readFile(new URL("./identity_kit_import_bg.wasm", import.meta.url)) });
}
export { initNode as default, initNode as init };
