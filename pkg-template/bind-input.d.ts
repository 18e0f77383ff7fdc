import type { FieldContext, FieldName, FieldVerdict, Locale } from "./identity_kit.js";

/** Why a bound input was validated. */
export type BindReason =
  /** The person typed, pasted or deleted (`input` event). */
  | "input"
  /** The field lost focus. */
  | "blur"
  /** A submit attempt or `checkValidity()` found the field invalid (`invalid` event). */
  | "invalid"
  /** `bindInput` was called (the initial value). */
  | "bind"
  /** `binding.revalidate()` was called (e.g. the country the phone depends on changed). */
  | "revalidate"
  /** The input's form was reset. */
  | "reset";

/** What `onVerdict` is told besides the verdict. */
export interface BindInfo {
  reason: BindReason;
  /**
   * Whether the binding is showing the verdict as an error now (it set `aria-invalid="true"`):
   * always for `invalid`, for `incomplete` only once the person has left the field or tried to
   * submit, never for `valid`. Render the message (`verdict.message`) when this is true.
   */
  showError: boolean;
  /** The input's value after formatting. */
  value: string;
}

interface BindInputCommonOptions {
  /** Message language (`"en"`, `"es"`, `"pt"`, or a tag such as `"es-CL"`); overrides the context's. */
  locale?: Locale | string;
  /** Rewrite the value into its display form as the person types (`123456785` -> `12.345.678-5`). Default `true`. */
  format?: boolean;
  /** Called after every validation, e.g. to render `verdict.message` next to the field. */
  onVerdict?: (verdict: FieldVerdict, info: BindInfo) => void;
}

/** A fixed context. */
interface BindInputFixedContext extends BindInputCommonOptions {
  /** What the field's verdict depends on (country, document type...). */
  context?: FieldContext;
  getContext?: undefined;
}

/** A context read on every validation. */
interface BindInputDynamicContext extends BindInputCommonOptions {
  context?: undefined;
  /** Called on every validation, for fields that depend on others (the phone on the country). */
  getContext: () => FieldContext;
}

export type BindInputOptions = BindInputFixedContext | BindInputDynamicContext;

/** What `bindInput` returns: call it to unbind. */
export interface InputBinding {
  /** Removes the listeners (the input's and its form's), clears the custom validity and `aria-invalid`. */
  (): void;
  /**
   * Validates the current value again now and returns the verdict: call it after the context
   * changed, or after setting `input.value` from code (which fires no `input` event).
   */
  revalidate(): FieldVerdict;
}

/**
 * Binds an `<input>` or `<textarea>` to identity-kit's validator for `field` through the
 * Constraint Validation API. On every `input` event it sets `setCustomValidity` (empty when
 * valid or empty, the message otherwise, so an incomplete value blocks submission),
 * `aria-invalid` (at once for `invalid`; for `incomplete` only on blur or a submit attempt)
 * and, unless `format: false`, the display form with the caret kept in place. The wasm module
 * must be initialised first.
 */
export declare function bindInput(
  input: HTMLInputElement | HTMLTextAreaElement,
  field: FieldName,
  options?: BindInputOptions,
): InputBinding;
