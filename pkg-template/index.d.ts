// identity-kit's validators entry: the wasm-bindgen glue's declarations and the adapters'.
// The client's are in client.d.ts (`identity-kit/client`).
// The glue declares `[Symbol.dispose]()` on its classes (for `using`): consumers compiling
// with `lib` older than ES2025/ESNext need this lib for it (TypeScript 5.2 or later).
/// <reference lib="esnext.disposable" />
import type {
  ColumnVerdict, DocumentTypeInfo, FieldContext, FieldName, FieldState, FieldVerdict, IdentityInput, IdentityReport,
  IdentityType, PhoneType, ValidateIdentityOptions,
} from "./identity_kit.js";

export * from "./identity_kit.js";
export { default, default as init } from "./identity_kit.js";

// The generated declarations of these make their trailing optional arguments required;
// these are the same functions with the arguments optional, as they are at run time.

/** The live verdict for `value` typed into `field`. */
export declare function validateField(field: FieldName, value: string | null | undefined, context?: FieldContext): FieldVerdict;
/** The display form of `value` typed into `field` (`"123456785"` -> `"12.345.678-5"`). */
export declare function formatField(field: FieldName, value: string | null | undefined, context?: FieldContext): string;
/**
 * The state of `validateField`'s verdict alone (no message, no strings back): for hot paths
 * and bulk checks. `fieldState(f, v, c) === validateField(f, v, c).state`, always.
 */
export declare function fieldState(field: FieldName, value: string | null | undefined, context?: FieldContext): FieldState;
/**
 * The verdicts on a column of values of one field (a spreadsheet's column), in one call: one
 * `{state, code}` per value, in order; the same verdicts as `validateField`.
 */
export declare function validateColumn(field: FieldName, values: ReadonlyArray<string | null | undefined>, context?: FieldContext): ColumnVerdict[];
/** An example phone number of `country` and `type` (default `"mobile"`), as typed: for placeholders. */
export declare function examplePhone(country: string, type?: PhoneType | null): string | undefined;
/** Validates a whole Create Identity payload (or a PATCH body with `{partial: true}`). */
export declare function validateIdentity(payload: IdentityInput | Record<string, unknown>, options?: ValidateIdentityOptions): IdentityReport;
/** The document types usable for `country` (all when omitted) and identity `type`. */
export declare function documentTypes(country?: string | null, identityType?: IdentityType | null): DocumentTypeInfo[];

export * from "./schema.js";
export * from "./bind-input.js";
// @snippet-exports (replaced by scripts/assemble-package.mjs)
