// identity-kit's validators entry: the wasm-bindgen glue (the validators, `init` / `initSync`)
// and the Standard Schema and Constraint Validation adapters. The client is in
// `identity-kit/client` (client.js), with its own wasm. No top-level side effects
// (`"sideEffects": false`): nothing runs until `init()` is called.
export * from "./identity_kit.js";
export { default, default as init } from "./identity_kit.js";
export { identitySchema, fieldSchema } from "./schema.js";
export { bindInput } from "./bind-input.js";
// @snippet-exports (replaced by scripts/assemble-package.mjs)
