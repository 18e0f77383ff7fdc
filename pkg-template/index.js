// identity-kit's validators entry: the validators (wasm-bindgen's glue, each export guarded
// so that a call before `init()` says so), `init` / `initSync`, and the Standard Schema and
// Constraint Validation adapters. The client is in `identity-kit/client` (client.js), with
// its own wasm. No top-level side effects (`"sideEffects": false`).
import * as glue from "./identity_kit.js";
import { guard, once } from "./internal.js";

/**
 * Loads and instantiates the wasm, once: every call (React StrictMode runs effects twice)
 * shares the first call's promise and instance.
 */
export const init = /* @__PURE__ */ once(glue.default, glue.initSync);
export const initSync = init.sync;
export default init;

export const validateField = /* @__PURE__ */ guard(glue.validateField);
export const formatField = /* @__PURE__ */ guard(glue.formatField);
export const fieldState = /* @__PURE__ */ guard(glue.fieldState);
export const validateColumn = /* @__PURE__ */ guard(glue.validateColumn);
export const validateIdentity = /* @__PURE__ */ guard(glue.validateIdentity);
export const checkUniqueness = /* @__PURE__ */ guard(glue.checkUniqueness);
export const documentTypes = /* @__PURE__ */ guard(glue.documentTypes);
export const countries = /* @__PURE__ */ guard(glue.countries);
export const callingCode = /* @__PURE__ */ guard(glue.callingCode);
export const examplePhone = /* @__PURE__ */ guard(glue.examplePhone);
export { identitySchema, fieldSchema } from "./schema.js";
export { bindInput } from "./bind-input.js";
// @snippet-exports (replaced by scripts/assemble-package.mjs)
