// Helpers shared by the adapters (not part of the public API). No top-level side effects:
// the package is `"sideEffects": false`.
import { callingCode } from "./identity_kit.js";

let ready = false;

/** Throws a clear error when the WebAssembly module has not been initialised yet. */
export function ensureReady() {
  if (ready) return;
  try {
    callingCode("CHL");
  } catch (cause) {
    throw new Error(
      "identity-kit: the WebAssembly module is not initialised; call `await init()` " +
        "(or `initSync({ module })`) before validating",
      { cause },
    );
  }
  ready = true;
}

/** `"a.b[0].c"` -> `["a", "b", 0, "c"]`; `""` -> `[]`. */
export function parsePath(path) {
  const out = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    out.push(m[2] === undefined ? m[1] : Number(m[2]));
  }
  return out;
}
