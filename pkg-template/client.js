// identity-kit/client: everything in identity-kit (the validators and the adapters) and the
// identities client, `IdentityClient` with its error classes, on one wasm that has both. A
// page that also validates uses this entry alone: one module to load and `init()` once.
// scripts/assemble-package.mjs bundles it with `./identity_kit.js` pointed at this entry's
// glue, `./identity_kit_client.js`.
export * from "./index.js";
export { default, default as init, initSync, IdentityClient } from "./identity_kit_client.js";
export { HumanosClient } from "./humanos-client.js";
// @snippet-exports (replaced by scripts/assemble-package.mjs)
