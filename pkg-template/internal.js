// Helpers shared by the entries and the adapters (not part of the public API). No top-level
// side effects: the package is `"sideEffects": false`.
import { callingCode } from "./identity_kit.js";

let ready = false;

const NOT_READY =
  "identity-kit: the WebAssembly module is not initialised; call `await init()` " +
  "(or `initSync({ module })`) before validating";

/** Throws a clear error when the WebAssembly module has not been initialised yet. */
export function ensureReady() {
  if (ready) return;
  try {
    callingCode("CHL");
  } catch (cause) {
    throw new Error(NOT_READY, { cause });
  }
  ready = true;
}

/**
 * `fn` (an export of the glue), saying "call `await init()` first" when it is called before
 * the module is ready, where the glue would throw "Cannot read properties of undefined".
 * Free on the way: the check runs only when `fn` threw.
 */
export function guard(fn) {
  const guarded = function (...args) {
    try {
      return fn(...args);
    } catch (e) {
      if (!ready) ensureReady();
      throw e;
    }
  };
  Object.defineProperty(guarded, "name", { value: fn.name });
  return guarded;
}

/**
 * The glue's `init` made idempotent: the first call's promise serves every later call, and
 * `initSync` after it (or before it) reuses the same instance. Two concurrent calls of the
 * glue's own `init` made two instances, and a client made in between then read the wrong
 * one's memory.
 */
export function once(init, initSync) {
  let started = null;
  // A failed start (a CSP without 'wasm-unsafe-eval', a 404) may be retried.
  const shared = (options) =>
    (started ??= init(options).catch((e) => {
      started = null;
      throw e;
    }));
  shared.sync = (options) => {
    const out = initSync(options);
    started ??= Promise.resolve(out);
    return out;
  };
  return shared;
}

/** `"a.b[0].c"` -> `["a", "b", 0, "c"]`; `""` -> `[]`. */
export function parsePath(path) {
  const out = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    out.push(m[2] === undefined ? m[1] : Number(m[2]));
  }
  return out;
}
