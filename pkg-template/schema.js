// Standard Schema v1 (https://standardschema.dev) adapters; documented in schema.d.ts.
import { validateField, validateIdentity } from "./identity_kit.js";
import { ensureReady, parsePath } from "./internal.js";

const vendor = "identity-kit";

// Array.isArray throws for a revoked Proxy: such a value is an object we cannot read, which
// validateIdentity reports as unreadable.
const isArray = (value) => {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
};

function isRecord(value) {
  return typeof value === "object" && value !== null && !isArray(value);
}

function kind(value) {
  if (value === null) return "null";
  return isArray(value) ? "an array" : typeof value;
}

export function identitySchema(options) {
  let optionsChecked = false;
  return {
    "~standard": {
      version: 1,
      vendor,
      validate(value) {
        ensureReady();
        if (!optionsChecked) {
          // Bad options are the caller's bug: throw them here rather than report them as issues.
          validateIdentity({}, options);
          optionsChecked = true;
        }
        if (!isRecord(value)) {
          return { issues: [{ message: `Expected an identity object, not ${kind(value)}.`, code: "identity.not_object" }] };
        }
        let report;
        try {
          report = validateIdentity(value, options);
        } catch (error) {
          // Cyclic, too deep or otherwise not JSON-like payloads.
          if (error instanceof TypeError) return { issues: [{ message: error.message, code: "identity.unreadable" }] };
          throw error;
        }
        // Warnings never block: the schema passes, and they ride along for the page to show.
        if (report.ok) return report.warnings ? { value: report.value, warnings: report.warnings } : { value: report.value };
        return {
          issues: report.errors.map((e) => ({ message: e.message, path: parsePath(e.path), code: e.code })),
        };
      },
    },
  };
}

export function fieldSchema(field, context, options) {
  const optional = options?.optional === true;
  return {
    "~standard": {
      version: 1,
      vendor,
      validate(value) {
        ensureReady();
        if (value !== undefined && value !== null && typeof value !== "string") {
          return { issues: [{ message: `Expected a string, not ${kind(value)}.`, code: "type", state: "invalid" }] };
        }
        const verdict = validateField(field, value, typeof context === "function" ? context() : context);
        if (verdict.state === "valid") {
          const out = { value: verdict.normalized ?? value };
          if (verdict.warnings) out.warnings = verdict.warnings;
          return out;
        }
        if (verdict.state === "empty" && optional) return { value: undefined };
        return { issues: [{ message: verdict.message, code: verdict.code, state: verdict.state }] };
      },
    },
  };
}
