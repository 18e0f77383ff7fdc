// identity-kit/import: everything in identity-kit/client, and the bulk user import in the
// Humanos style: `validateSubjects`, the streaming `CsvImport`, and `HumanosClient`. Its own
// entry because the import's core (the subjects' rules, the CSV reader, their messages) costs
// more than all the field validators together: a form that does not import loads none of it.
// scripts/assemble-package.mjs bundles it with the glue imports pointed at this entry's glue,
// `./identity_kit_import.js`.
import * as glue from "./identity_kit.js";
import { guard } from "./internal.js";

export * from "./client.js";
export { default } from "./client.js";
export const validateSubjects = /* @__PURE__ */ guard(glue.validateSubjects);
export { CsvImport } from "./identity_kit.js";
export { HumanosClient } from "./humanos-client.js";
// @snippet-exports (replaced by scripts/assemble-package.mjs)
