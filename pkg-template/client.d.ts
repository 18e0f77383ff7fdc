// identity-kit/client: everything identity-kit declares, and the identities client.
export * from "./index.js";
export { default, default as init, initSync, IdentityClient } from "./identity_kit_client.js";
export {
  IdentityClientError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError,
} from "./identity_kit_client.js";
export type {
  InitInput, InitOutput, SyncInitInput,
  IdentityStatus, Identity, IdentityClientOptions, CallOptions, IdentityFilters, ListOptions,
  ListPageOptions, IdentityPage, CreateAndLinkStep, CreateAndLinkProgress, CreateAndLinkInput,
  CreateAndLinkResult, CreatedSoFar,
} from "./identity_kit_client.js";
// @snippet-exports (replaced by scripts/assemble-package.mjs)
