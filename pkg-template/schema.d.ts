import type {
  FieldContext, FieldName, FieldState, IdentityInput, ValidateIdentityOptions,
} from "./identity_kit.js";

/**
 * The Standard Schema v1 interface (https://standardschema.dev), copied from
 * `@standard-schema/spec` as its authors recommend, so that identity-kit needs no dependency.
 * Structurally identical to the spec's type: schemas built here are accepted wherever a
 * `StandardSchemaV1` is.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

export declare namespace StandardSchemaV1 {
  /** The Standard Schema properties interface. */
  export interface Props<Input = unknown, Output = Input> {
    /** The version number of the standard. */
    readonly version: 1;
    /** The vendor name of the schema library. */
    readonly vendor: string;
    /** Validates unknown input values. */
    readonly validate: (value: unknown, options?: Options | undefined) => Result<Output> | Promise<Result<Output>>;
    /** Inferred types associated with the schema. */
    readonly types?: Types<Input, Output> | undefined;
  }
  /** The result interface of the validate function. */
  export type Result<Output> = SuccessResult<Output> | FailureResult;
  /** The result interface if validation succeeds. */
  export interface SuccessResult<Output> {
    /** The typed output value. */
    readonly value: Output;
    /** A falsy value for `issues` indicates success. */
    readonly issues?: undefined;
  }
  /** Options given to `validate`. */
  export interface Options {
    /** Explicit support for additional vendor-specific parameters, if needed. */
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }
  /** The result interface if validation fails. */
  export interface FailureResult {
    /** The issues of failed validation. */
    readonly issues: ReadonlyArray<Issue>;
  }
  /** The issue interface of the failure output. */
  export interface Issue {
    /** The error message of the issue. */
    readonly message: string;
    /** The path of the issue, if any. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  /** The path segment interface of the issue. */
  export interface PathSegment {
    /** The key representing a path segment. */
    readonly key: PropertyKey;
  }
  /** The Standard types interface. */
  export interface Types<Input = unknown, Output = Input> {
    /** The input type of the schema. */
    readonly input: Input;
    /** The output type of the schema. */
    readonly output: Output;
  }
  /** Infers the input type of a Standard Schema. */
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["input"];
  /** Infers the output type of a Standard Schema. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}

/** An issue reported by an identity-kit schema: a Standard Schema issue plus identity-kit's stable code. */
export interface IdentityKitIssue extends StandardSchemaV1.Issue {
  /** Stable machine code, e.g. `"rut.check_digit"`, `"phone.too_short"`, `"required"`. */
  readonly code: string;
  /** Object keys and array indexes, e.g. `["securityOptions", "accessControl", "scopes", 0, "reference"]`. */
  readonly path?: ReadonlyArray<string | number> | undefined;
}

/** An issue reported by `fieldSchema`: also the verdict's state (never `"valid"`). */
export interface FieldIssue extends IdentityKitIssue {
  readonly state: Exclude<FieldState, "valid">;
  readonly path?: undefined;
}

/**
 * The result of an identity-kit schema's `validate`: always synchronous. A success may carry
 * `warnings` (an RFC whose check digit does not match...): they never block, and are there for
 * the page to show.
 */
export type IdentityKitResult<Output, Issue extends IdentityKitIssue = IdentityKitIssue> =
  | (StandardSchemaV1.SuccessResult<Output> & { readonly warnings?: ReadonlyArray<{ readonly code: string; readonly message: string; readonly path?: string }> })
  | { readonly issues: ReadonlyArray<Issue> };

/** A Standard Schema v1 whose `validate` is synchronous and whose issues carry identity-kit codes. */
export interface IdentityKitSchema<Input, Output, Issue extends IdentityKitIssue = IdentityKitIssue>
  extends StandardSchemaV1<Input, Output> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: "identity-kit";
    readonly validate: (value: unknown, options?: StandardSchemaV1.Options | undefined) => IdentityKitResult<Output, Issue>;
    readonly types?: StandardSchemaV1.Types<Input, Output> | undefined;
  };
}

/** Options of `identitySchema`: those of `validateIdentity`. */
export type IdentitySchemaOptions = ValidateIdentityOptions;

/**
 * A Standard Schema for a Create Identity payload: `validateIdentity` behind the interface form
 * libraries share. Success gives the normalised payload; every error becomes an issue whose
 * `path` is the array form of identity-kit's path (`"scopes[0].reference"` ->
 * `["scopes", 0, "reference"]`). Requires the wasm module to be initialised before `validate`
 * is called (not before the schema is created).
 */
export declare function identitySchema(
  options: IdentitySchemaOptions & { partial: true },
): IdentityKitSchema<Partial<IdentityInput>, Partial<IdentityInput>>;
export declare function identitySchema(
  options?: IdentitySchemaOptions & { partial?: false | undefined },
): IdentityKitSchema<IdentityInput, IdentityInput>;

/** Options of `fieldSchema` (the field's context is its second argument). */
export interface FieldSchemaOptions {
  /** An empty value passes (as `undefined`) instead of giving a `required` issue. */
  optional?: boolean;
}

/**
 * A Standard Schema for one field: a `valid` verdict passes with the normalised value;
 * `empty`, `incomplete` and `invalid` give one issue with identity-kit's message and code.
 * `context` may be a function, called on every validation, for fields that depend on others
 * (a phone on the country, a document number on its type).
 */
export declare function fieldSchema(
  field: FieldName,
  context: FieldContext | (() => FieldContext) | undefined,
  options: FieldSchemaOptions & { optional: true },
): IdentityKitSchema<string | null | undefined, string | undefined, FieldIssue>;
export declare function fieldSchema(
  field: FieldName,
  context?: FieldContext | (() => FieldContext),
  options?: FieldSchemaOptions & { optional?: false | undefined },
): IdentityKitSchema<string, string, FieldIssue>;
