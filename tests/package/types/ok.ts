// A strict TypeScript consumer: every public export used as documented. `tsc --strict
// --noEmit` must accept it (tests/package/tests/types.test.mjs), under both "nodenext" and
// "bundler" module resolution.
import type { StandardSchemaV1 } from "@standard-schema/spec";
import init, {
  bindInput, callingCode, checkUniqueness, countries, documentTypes, fieldSchema, formatField,
  identitySchema, initSync, validateField, validateIdentity,
  type BindInfo, type Clash, type CountryInfo, type DocumentTypeInfo, type FieldContext,
  type FieldIssue, type FieldName, type FieldVerdict, type IdentityInput, type IdentityKitIssue,
  type IdentityReport, type InputBinding, type InitOutput, type FieldState, fieldState,
} from "identity-kit";
import {
  IdentityClient, IdentityClientError, ApiError, ValidationError, NetworkError, TimeoutError, AbortError,
  validateField as validateFieldOnTheClientEntry, default as initClient,
} from "identity-kit/client";

// The client entry has the validators too, typed the same.
export const sameVerdict: FieldVerdict = validateFieldOnTheClientEntry("email", "a@b.co");
export const clientReady: Promise<unknown> = initClient();
export const state: FieldState = fieldState("documentNumber", "17604011-4", { documentType: "RUT", country: "CHL" });

// The client's error classes, narrowed with instanceof.
export function describe(error: unknown): string {
  if (error instanceof ApiError) return `${error.status} ${error.code} ${error.type}`;
  if (error instanceof ValidationError) return error.errors.map((e) => e.path).join(", ");
  if (error instanceof TimeoutError) return String(error.timeoutMs);
  if (error instanceof NetworkError || error instanceof AbortError) return error.name;
  if (error instanceof IdentityClientError) return error.message;
  return String(error);
}
export const client = new IdentityClient({ baseUrl: "/api", timeoutMs: 10_000 });

async function main(bytes: Uint8Array): Promise<void> {
  const out: InitOutput = await init();
  void out;
  initSync({ module: bytes });
  await init({ module_or_path: new URL("https://example.com/identity_kit_bg.wasm") });

  // The glue, optional arguments omitted.
  const v: FieldVerdict = validateField("email", "someone@example.com");
  const state: "empty" | "incomplete" | "invalid" | "valid" = v.state;
  const normalized: string | undefined = v.normalized;
  const ctx: FieldContext = { country: "CHL", documentType: "RUT", locale: "es" };
  validateField("documentNumber", "17.604.011-4", ctx);
  validateField("bankAccount.currency", null, { locale: "pt-BR" });
  const formatted: string = formatField("documentNumber", "123456785", ctx);
  const report: IdentityReport = validateIdentity({ name: "x" });
  if (report.ok) {
    const value: IdentityInput = report.value;
    void value;
  } else {
    for (const e of report.errors) console.log(e.path, e.code, e.message);
  }
  validateIdentity({ nickname: "n" }, { partial: true, locale: "en" });
  const clashes: Clash[] = checkUniqueness([]);
  const all: DocumentTypeInfo[] = documentTypes();
  const chile: DocumentTypeInfo[] = documentTypes("CHL", "USER");
  const list: CountryInfo[] = countries();
  const spanishNames: CountryInfo[] = countries("es");
  const code: number | undefined = callingCode("CHL");
  void [state, normalized, formatted, clashes, all, chile, list, spanishNames, code];

  // Standard Schema: assignable to the official interface, outputs typed.
  const whole = identitySchema({ locale: "es" });
  const wholeStd: StandardSchemaV1<IdentityInput, IdentityInput> = whole;
  const patch = identitySchema({ partial: true });
  const patchStd: StandardSchemaV1<Partial<IdentityInput>, Partial<IdentityInput>> = patch;
  const result = whole["~standard"].validate({});
  if (result.issues) {
    const first: IdentityKitIssue | undefined = result.issues[0];
    const path: readonly (string | number)[] | undefined = first?.path;
    void path;
  } else {
    const name: string = result.value.name;
    void name;
  }
  const phone = fieldSchema("phone", () => ({ country: "CHL" }));
  const phoneStd: StandardSchemaV1<string, string> = phone;
  const r = phone["~standard"].validate("+56961234567");
  if (!r.issues) {
    const s: string = r.value;
    void s;
  } else {
    const issue: FieldIssue | undefined = r.issues[0];
    const st: "empty" | "incomplete" | "invalid" | undefined = issue?.state;
    void st;
  }
  const nick = fieldSchema("nickname", undefined, { optional: true });
  const nickOut: StandardSchemaV1.InferOutput<typeof nick> = undefined;
  const nickStd: StandardSchemaV1<string | null | undefined, string | undefined> = nick;
  void [wholeStd, patchStd, phoneStd, nickOut, nickStd];

  // Constraint Validation binding.
  const input = document.createElement("input");
  const field: FieldName = "documentNumber";
  const unbind: InputBinding = bindInput(input, field, {
    context: { documentType: "RUT", country: "CHL" },
    locale: "es",
    format: true,
    onVerdict(verdict: FieldVerdict, info: BindInfo) {
      if (info.showError) console.log(verdict.message, info.reason, info.value);
    },
  });
  const again: FieldVerdict = unbind.revalidate();
  void again;
  unbind();
  bindInput(document.createElement("textarea"), "address.street");
  bindInput(input, "phone", { getContext: () => ({ country: "MEX" }), format: false })();
}
void main;
