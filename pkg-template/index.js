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
export const init = once(glue.default, glue.initSync);
export const initSync = init.sync;
export default init;

export const validateField = guard(glue.validateField);
export const formatField = guard(glue.formatField);
export const fieldState = guard(glue.fieldState);
export const validateColumn = guard(glue.validateColumn);
export const validateIdentity = guard(glue.validateIdentity);
export const checkUniqueness = guard(glue.checkUniqueness);
export const documentTypes = guard(glue.documentTypes);
export const countries = guard(glue.countries);
export const callingCode = guard(glue.callingCode);
export const examplePhone = guard(glue.examplePhone);
export { identitySchema, fieldSchema } from "./schema.js";
export { bindInput } from "./bind-input.js";
// @snippet-exports (replaced by scripts/assemble-package.mjs)
