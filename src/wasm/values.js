// JS values the wasm builds in one call (src/wasm/mod.rs): a field verdict's object is made
// here from its strings rather than key by key from the wasm, which decoded every key and
// went through Reflect.set once per property.

const STATES = ["empty", "incomplete", "invalid", "valid"];

/** `{state, code, message, normalized?, formatted?, param?}`; `state` is an index of STATES. */
export function verdict(state, code, message, normalized, formatted, param) {
  const v = { state: STATES[state], code, message };
  if (normalized != null) v.normalized = normalized;
  if (formatted != null) v.formatted = formatted;
  if (param != null) v.param = param;
  return v;
}
