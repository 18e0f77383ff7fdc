// identity-kit in Node (the package's "node" export condition: Node, Next.js route handlers,
// Vitest, Jest): the same module as index.js, with `init()` reading its own .wasm from disk
// when given nothing (Node's fetch cannot read a file: URL).
import { readFile } from "node:fs/promises";
import init from "./index.js";

export * from "./index.js";

/** `init()` with no argument reads identity_kit_bg.wasm beside this file. */
function initNode(options) {
  return init(options ?? { module_or_path: readFile(new URL("./identity_kit_bg.wasm", import.meta.url)) });
}
export { initNode as default, initNode as init };
