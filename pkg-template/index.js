// identity-kit's package entry: the wasm-bindgen glue (the validators, `init` / `initSync`),
// the Standard Schema and Constraint Validation adapters, and the client's error classes.
// No top-level side effects (`"sideEffects": false`): nothing runs until `init()` is called.
export * from "./identity_kit.js";
export { default, default as init } from "./identity_kit.js";
export { identitySchema, fieldSchema } from "./schema.js";
export { bindInput } from "./bind-input.js";
// @snippet-exports (replaced by scripts/assemble-package.mjs)
