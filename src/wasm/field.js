// The JS half of the field calls (validateField, formatField, fieldState, validateColumn; see
// src/wasm/field.rs), and the countries' names (`countries`). One module for the wasm's JS
// helpers: wasm-bindgen-test-runner's page server answers a handful of module requests at once,
// and a sixth one waited for a kept-alive connection to close. A profile of the first version showed where a verdict's 13 µs went: a
// quarter reading the context key by key through Reflect (each key a string made in JS from
// wasm memory), a fifth finding the message in the wasm's tables, an eighth decoding the
// verdict's strings with TextDecoder. So the crossing now carries numbers:
// - the arguments are checked here, and the field with its context is named by a small
//   number once the wasm has resolved it (`readArgs`), the value written straight into wasm
//   memory;
// - the verdict comes back as numbers and byte ranges of wasm memory, short ASCII decoded
//   without TextDecoder, and each message template is learnt once per code and language.

const STATES = ["empty", "incomplete", "invalid", "valid"];
const CALLS = ["validateField", "formatField", "fieldState", "validateColumn"];

/** readArgs' id for arguments the wasm must resolve first (pendingArgs). */
const MISS = 0x7fff;
/** readArgs' answer for a field name that is not a short string. */
const BAD_FIELD = 0xffffffff;
/** The value is longer than any field takes: it was not copied. */
const TOO_LONG = 0xffff;
/** Longest value (UTF-16 units) copied into wasm; matches MAX_FIELD_UNITS in field.rs. */
const MAX_UNITS = 4096;
/** Most resolved field-and-context pairs remembered; past it every call resolves again. */
const MAX_REMEMBERED = 1024;

let memory;
/** libphonenumber's type names, in the order of the wasm's `PhoneType`. */
let phoneTypes = [];
let u8 = new Uint8Array(0);
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const encoder = new TextEncoder();

/** Called once by the wasm before the first field call. */
export function setup(wasmMemory, phoneTypeNames) {
  memory = wasmMemory;
  phoneTypes = phoneTypeNames.split(",");
}

function bytes() {
  // A view of a buffer the memory has since grown past is detached (length 0).
  if (u8.byteLength === 0) u8 = new Uint8Array(memory.buffer);
  return u8;
}

/** The UTF-8 text at `ptr` (`len` bytes) of wasm memory; short ASCII without TextDecoder. */
export function text(ptr, len) {
  const b = bytes();
  if (len <= 32) {
    let s = "";
    for (let i = ptr; i < ptr + len; i++) {
      if (b[i] > 0x7f) return decoder.decode(b.subarray(ptr, ptr + len));
      s += String.fromCharCode(b[i]);
    }
    return s;
  }
  return decoder.decode(b.subarray(ptr, ptr + len));
}

const typeName = (value) => {
  try {
    if (Array.isArray(value)) return "an array";
  } catch {
    // a revoked Proxy: its typeof below
  }
  return typeof value;
};

// --- the arguments ---------------------------------------------------------------------------

/** key (the field and its options) -> the id the wasm resolved it to. */
const remembered = new Map();
let pendingKey = "";
let pending = null;

/** `options[key]`; a getter or trap that throws is the caller's bad option. */
function option(options, key, what) {
  try {
    return options[key];
  } catch {
    throw new TypeError(`${what}: could not read option "${key}"`);
  }
}

/** `options[key]` as the wasm reads an option: a short string, or undefined. */
function stringOption(options, key, what) {
  const v = option(options, key, what);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new TypeError(`${what}: option "${key}" must be a string`);
  if (v.length > 64) throw new TypeError(`${what}: option "${key}" is too long`);
  return v;
}

/** `options.phoneTypes`: an array of type names, or undefined; as one string, for the key. */
function phoneTypesOption(options, what) {
  let v;
  try {
    v = options.phoneTypes;
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v) && v.length <= phoneTypes.length && v.every((t) => typeof t === "string" && t.length <= 64)) {
      return v.join(",");
    }
  } catch {
    throw new TypeError(`${what}: could not read option "phoneTypes"`);
  }
  throw new TypeError(`${what}: option "phoneTypes" must be an array of phone types (${phoneTypes.join(", ")})`);
}

function booleanOption(options, key, what) {
  const v = option(options, key, what);
  if (v === undefined || v === null) return false;
  if (typeof v !== "boolean") throw new TypeError(`${what}: option "${key}" must be a boolean`);
  return v;
}

/**
 * Checks a field call's arguments (throwing the TypeErrors the wasm documents) and answers
 * `id << 16 | length`: `id` names the field with its context (MISS: the wasm reads them with
 * `pendingArgs` and resolves them), `length` is the value's UTF-8 length, written at `ptr`
 * (TOO_LONG: not written). A field that is not a short string answers BAD_FIELD before
 * anything else is read (its message lists the fields, which the wasm knows).
 */
export function readArgs(field, value, options, call, ptr) {
  const what = CALLS[call];
  if (typeof field !== "string" || field.length > 64) return BAD_FIELD;
  let key = field;
  let parts = null;
  if (options !== undefined && options !== null) {
    if (typeof options !== "object") throw new TypeError(`${what}: options must be an object`);
    const type = stringOption(options, "type", what);
    const country = stringOption(options, "country", what);
    const documentType = stringOption(options, "documentType", what);
    const locale = stringOption(options, "locale", what);
    const lenient = booleanOption(options, "lenient", what);
    const types = phoneTypesOption(options, what);
    // \u0001 cannot occur in a name the wasm accepts, \u0002 stands for "not given".
    key = `${field}\u0001${type ?? "\u0002"}\u0001${country ?? "\u0002"}\u0001${documentType ?? "\u0002"}\u0001${locale ?? "\u0002"}\u0001${lenient}\u0001${types ?? "\u0002"}`;
    parts = [field, type, country, documentType, locale, lenient, types];
  }
  let length;
  if (value === undefined || value === null) {
    length = 0;
  } else if (typeof value !== "string") {
    throw new TypeError(`${what}: value must be a string, undefined or null, not ${typeName(value)}`);
  } else if (value.length > MAX_UNITS) {
    length = TOO_LONG;
  } else {
    // Written last: reading the options may run a page's getters, which may call us again.
    length = write(value, ptr);
  }
  let id = remembered.get(key);
  if (id === undefined) {
    id = MISS;
    pendingKey = key;
    pending = parts ?? [field, undefined, undefined, undefined, undefined, false, undefined];
  }
  return ((id << 16) | length) >>> 0;
}

/** Writes `value` as UTF-8 at `ptr` (room for 3 bytes a unit); answers its length. */
function write(value, ptr) {
  const b = bytes();
  const n = value.length;
  let i = 0;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x7f) break;
    b[ptr + i] = c;
  }
  if (i === n) return n;
  return i + encoder.encodeInto(value.slice(i), b.subarray(ptr + i)).written;
}

/**
 * The arguments readArgs answered MISS for: [field, type, country, documentType, locale,
 * lenient, phoneTypes joined by commas].
 */
export function pendingArgs() {
  return pending;
}

/** The wasm resolved the pending arguments to `id`. */
export function rememberArgs(id) {
  if (remembered.size < MAX_REMEMBERED) remembered.set(pendingKey, id);
}

// --- the verdict ----------------------------------------------------------------------------

/** A code's place in wasm memory -> [code, [template per locale]]: codes are static strings. */
const codes = new Map();

/** Learns the message template of the code at `codePtr` in `locale`. */
export function learnMessage(codePtr, codeLen, locale, templatePtr, templateLen) {
  let entry = codes.get(codePtr);
  if (!entry) codes.set(codePtr, (entry = [text(codePtr, codeLen), []]));
  entry[1][locale] = text(templatePtr, templateLen);
}

/**
 * A verdict's object: `{state, code, message, normalized?, formatted?, param?, phoneType?,
 * warnings?}`,
 * each string a byte range of wasm memory (`ptr` 0: absent), `phoneType` an index of the
 * type names (255: none). Undefined when the message template of this code in `locale` is not
 * known yet (the wasm then calls learnMessage and asks again).
 */
export function verdict(state, codePtr, locale, paramPtr, paramLen, normPtr, normLen, fmtPtr, fmtLen, phoneType, warnings) {
  const entry = codes.get(codePtr);
  const template = entry?.[1][locale];
  if (template === undefined) return undefined;
  const param = paramPtr ? text(paramPtr, paramLen) : undefined;
  const v = { state: STATES[state], code: entry[0], message: template.split("{0}").join(param ?? "") };
  if (normPtr) v.normalized = text(normPtr, normLen);
  if (fmtPtr) v.formatted = text(fmtPtr, fmtLen);
  if (param !== undefined) v.param = param;
  if (phoneType !== 255) v.phoneType = phoneTypes[phoneType];
  if (warnings !== undefined) v.warnings = warnings;
  return v;
}

// --- a column -------------------------------------------------------------------------------

let column = [];

/**
 * Checks a column of values (an array of strings, undefined or null), keeps it, and answers
 * how many bytes `packColumn` needs. A value that is not a string throws a TypeError naming it.
 */
export function columnBytes(values) {
  column = [];
  let bytes = 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== undefined && v !== null && typeof v !== "string") {
      throw new TypeError(`validateColumn: values[${i}] must be a string, undefined or null, not ${typeName(v)}`);
    }
    const s = v ?? "";
    column.push(s);
    bytes += 4 + (s.length > MAX_UNITS ? 0 : 3 * s.length);
  }
  return bytes;
}

/**
 * Writes the column `columnBytes` kept at `ptr`: each value as its UTF-8 length (u32, little
 * endian; 0xffffffff for a value too long to copy) and its bytes. Answers the bytes written.
 */
export function packColumn(ptr) {
  const b = bytes();
  let at = ptr;
  for (const s of column) {
    let len = 0xffffffff;
    if (s.length <= MAX_UNITS) len = write(s, at + 4);
    b[at] = len & 0xff;
    b[at + 1] = (len >>> 8) & 0xff;
    b[at + 2] = (len >>> 16) & 0xff;
    b[at + 3] = len >>> 24;
    at += 4 + (len === 0xffffffff ? 0 : len);
  }
  column = [];
  return at - ptr;
}

/**
 * The column's verdicts, `[{state, code}]` in the order of the values, from `n` records at
 * `ptr` in wasm memory: state (u32), the code's place and length (u32 each).
 */
export function columnVerdicts(ptr, n) {
  const words = new Uint32Array(memory.buffer, ptr, n * 3);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const codePtr = words[3 * i + 1];
    let entry = codes.get(codePtr);
    if (!entry) codes.set(codePtr, (entry = [text(codePtr, words[3 * i + 2]), []]));
    out[i] = { state: STATES[words[3 * i]], code: entry[0] };
  }
  return out;
}

// --- the countries' names ------------------------------------------------------------------

/**
 * Sets `name` on each country of `list` in the language of `tag` (else `language`), from the
 * platform's own CLDR data: names people use, in their language, for no bytes in the wasm.
 * Where the platform has no name (no Intl.DisplayNames), the alpha-2 code stands in.
 */
export function nameCountries(list, tag, language) {
  let names = null;
  for (const t of [tag, language]) {
    try {
      names = new Intl.DisplayNames([t], { type: "region", fallback: "code" });
      break;
    } catch {
      // a tag Intl refuses (e.g. "es_CL"): try the bare language
    }
  }
  for (const c of list) c.name = (names && names.of(c.alpha2)) || c.alpha2;
}
