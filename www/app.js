// The identity-kit demo page: three identity forms validated live by the wasm package, and
// the create-and-link flow against the local sandbox server's /demo-api.
//
// Rules this file keeps:
// - everything from the API or typed by the person reaches the DOM as text (textContent,
//   createElement), never as HTML;
// - no inline styles or scripts (the page runs under a strict CSP): state is shown with
//   classes, data-* attributes, `hidden` and ARIA attributes styled in styles.css.

import init, {
  validateField,
  formatField,
  documentTypes,
  countries,
  callingCode,
  IdentityClient,
} from "/pkg/import.js";
import { t, LOCALES, preferredLocale } from "./i18n.js";
import { sampleCandidate, SEED } from "./samples.js";

const LOCALE_KEY = "identity-kit-demo.locale";
const DEFAULT_COUNTRY = "CHL";

/** The three identities of the flow. `path` is how the client's errors name them. */
const FORMS = [
  { key: "org", type: "ORGANIZATION", title: "organization", lead: "orgLead", path: "organization" },
  { key: "u1", type: "USER", title: "user1", lead: "userLead", path: "users[0]" },
  { key: "u2", type: "USER", title: "user2", lead: "userLead", path: "users[1]" },
];

/**
 * The Create Identity fields an onboarding form shows (`type` is implied by the form).
 * `pair` puts two consecutive fields on one row (`pairUser`: in the user forms only).
 */
const FIELDS = [
  { name: "name", required: true, autocomplete: { ORGANIZATION: "organization", USER: "given-name" } },
  { name: "lastname", usersOnly: true, autocomplete: "family-name", pair: true },
  { name: "nickname", autocomplete: "nickname", pairUser: true },
  // type=text, not type=email: browsers rewrite IDN domains and refuse UTF-8 local parts in
  // email inputs, and those are the package's to judge.
  { name: "email", required: true, inputmode: "email", autocomplete: "email" },
  { name: "country", required: true, select: true, autocomplete: "country" },
  { name: "phone", required: true, inputType: "tel", inputmode: "tel", autocomplete: "tel", format: true, hint: true },
  { name: "documentType", required: true, select: true },
  { name: "documentNumber", required: true, format: true, hint: true },
  { name: "idv", required: true, hint: true, pair: true },
  { name: "externalId", pair: true, hint: true },
];

const state = {
  locale: "en",
  /** form key -> { def, el, fields: {name -> field} } */
  forms: {},
  countryList: [],
  busy: false,
  /** What the flow panel shows, kept to re-render it in another language. */
  flow: { steps: null, result: null, error: null, status: null },
};

const $ = (sel, root = document) => root.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const tr = (key, params) => t(state.locale, key, params);

// ---- Countries and document types ------------------------------------------------------

/** Countries with a national document type first, then the rest; each sorted by local name. */
function fillCountryOptions(select) {
  const chosen = select.value || DEFAULT_COUNTRY;
  const collator = new Intl.Collator(state.locale);
  const withDocs = new Set(documentTypes().map((d) => d.country).filter(Boolean));
  const named = state.countryList.map((c) => ({ ...c, label: c.name }));
  named.sort((a, b) => collator.compare(a.label, b.label));
  const groups = [
    [tr("countriesWithDocs"), named.filter((c) => withDocs.has(c.alpha3))],
    [tr("otherCountries"), named.filter((c) => !withDocs.has(c.alpha3))],
  ];
  select.replaceChildren(
    ...groups.map(([label, list]) =>
      el("optgroup", { label }, ...list.map((c) => el("option", { value: c.alpha3, text: c.label }))),
    ),
  );
  select.value = chosen;
}

function documentLabel(d) {
  return d.type === "PASSPORT" ? tr("passport") : d.name;
}

function documentsFor(form) {
  const country = form.fields.country.el.value;
  return documentTypes(country, form.def.type);
}

/** Rebuilds the document-type list for the form's country and type, keeping the choice if it is still allowed. */
function fillDocumentOptions(form) {
  const select = form.fields.documentType.el;
  const previous = select.value;
  const docs = documentsFor(form);
  select.replaceChildren(...docs.map((d) => el("option", { value: d.type, text: documentLabel(d) })));
  const keep = docs.find((d) => d.type === previous);
  const national = docs.find((d) => d.country);
  select.value = (keep || national || docs[0] || { type: "" }).type;
}

function updateHints(form) {
  const { fields } = form;
  const alpha3 = fields.country.el.value;
  const info = state.countryList.find((c) => c.alpha3 === alpha3);
  const code = alpha3 ? callingCode(alpha3) : undefined;
  const phone = fields.phone;
  if (code) {
    phone.hintEl.textContent = tr("hint.phone", { country: info?.name || alpha3, code });
    phone.el.placeholder = `+${code} …`;
  } else {
    phone.hintEl.textContent = tr("hint.phoneNone");
    phone.el.placeholder = "+";
  }
  const doc = documentsFor(form).find((d) => d.type === fields.documentType.el.value);
  const number = fields.documentNumber;
  number.hintEl.textContent = doc ? tr("hint.documentNumber", { example: doc.example }) : "";
  number.el.placeholder = doc ? doc.example : "";
  fields.idv.hintEl.textContent = tr("hint.idv");
}

// ---- Live validation ---------------------------------------------------------------------

function contextFor(form) {
  const f = form.fields;
  return {
    country: f.country.el.value || undefined,
    type: form.def.type,
    documentType: f.documentType.el.value || undefined,
    locale: state.locale,
  };
}

function validate(field) {
  try {
    field.verdict = validateField(field.def.name, field.el.value, contextFor(field.form));
  } catch (e) {
    // validateField only throws on programming errors (wrong argument types).
    console.error(e);
    field.verdict = null;
  }
}

/**
 * What the field shows: nothing, a neutral hint while typing, an error, a check mark, or, for
 * a valid value worth a second look (an RFC whose check digit does not match), a warning that
 * does not block.
 */
function showFor(field) {
  const v = field.verdict;
  if (field.apiMessage) return "error";
  if (!v) return "none";
  switch (v.state) {
    case "valid":
      return v.warnings?.length ? "warn" : "ok";
    case "invalid":
      return "error";
    case "incomplete":
      // Never red while the person is still typing; red once they leave it unfinished.
      if (field.focused) return "info";
      return field.left ? "error" : "none";
    default: // empty
      return field.def.required && field.left ? "error" : "none";
  }
}

function render(field) {
  const show = showFor(field);
  const v = field.verdict;
  let message = "";
  if (field.apiMessage) message = field.apiMessage;
  else if (show === "error" || show === "info") message = v?.message || "";
  else if (show === "warn") message = v.warnings[0].message;
  field.wrap.dataset.show = show;
  field.wrap.dataset.state = v?.state || "empty";
  field.msgEl.textContent = message;
  field.msgEl.hidden = message === "";
  if (show === "error") field.el.setAttribute("aria-invalid", "true");
  else field.el.removeAttribute("aria-invalid");
}

function refresh(field) {
  validate(field);
  render(field);
}

/**
 * Formats `field` as typed (RUT dots, CURP upper case, phone groups), keeping the caret after
 * the same letter or digit. The display form is used only when it reads the same as what was
 * typed (same verdict): an unfinished RUT such as `76` would otherwise become `7-6`, which
 * reads as a finished, wrong one.
 */
function formatAsTyped(field) {
  const input = field.el;
  const raw = input.value;
  let formatted;
  try {
    const ctx = contextFor(field.form);
    formatted = formatField(field.def.name, raw, ctx);
    if (typeof formatted !== "string" || formatted === raw) return;
    const before = validateField(field.def.name, raw, ctx);
    const after = validateField(field.def.name, formatted, ctx);
    if (before.state !== after.state || before.code !== after.code) return;
  } catch {
    return;
  }
  const significant = (c) => /[\p{L}\p{N}+]/u.test(c);
  const caret = input.selectionStart ?? raw.length;
  let count = 0;
  for (let i = 0; i < caret && i < raw.length; i++) if (significant(raw[i])) count++;
  let pos = 0;
  if (count > 0) {
    let seen = 0;
    pos = formatted.length;
    for (let i = 0; i < formatted.length; i++) {
      if (significant(formatted[i]) && ++seen === count) {
        pos = i + 1;
        break;
      }
    }
  }
  input.value = formatted;
  if (document.activeElement === input) input.setSelectionRange(pos, pos);
}

function onInput(field, event) {
  field.apiMessage = null;
  // Format on insertions only: reformatting after a deletion would put back the separator
  // the person just removed.
  if (field.def.format && (!event.inputType || event.inputType.startsWith("insert"))) formatAsTyped(field);
  refresh(field);
  clearStaleFlowError();
}

function onBlur(field) {
  field.focused = false;
  field.left = true;
  if (field.def.format && field.el.value !== "") formatAsTyped(field);
  refresh(field);
}

function onCountryOrDocumentChange(form, changed) {
  if (changed === "country") fillDocumentOptions(form);
  updateHints(form);
  for (const name of ["documentType", "documentNumber", "phone"]) {
    const f = form.fields[name];
    f.apiMessage = null;
    if (name !== "documentType" && f.def.format && f.el.value !== "") formatAsTyped(f);
    refresh(f);
  }
  refresh(form.fields.country);
  clearStaleFlowError();
}

// ---- Building the forms --------------------------------------------------------------------

function buildField(form, def) {
  const id = `${form.def.key}-${def.name}`;
  const label = el("label", { for: id, class: "label" });
  const control = def.select
    ? el("select", { id, name: id, autocomplete: def.autocomplete })
    : el("input", {
        id,
        name: id,
        type: def.inputType || "text",
        inputmode: def.inputmode,
        autocomplete:
          typeof def.autocomplete === "object" ? def.autocomplete[form.def.type] : def.autocomplete || "off",
        spellcheck: "false",
        autocapitalize: def.name === "documentNumber" ? "characters" : def.name === "email" ? "off" : undefined,
        required: def.required || undefined,
        "aria-required": def.required ? "true" : undefined,
      });
  const hintEl = def.hint ? el("p", { class: "hint", id: `${id}-hint` }) : null;
  const msgEl = el("p", { class: "msg", id: `${id}-msg`, "aria-live": "polite", hidden: true });
  control.setAttribute("aria-describedby", [hintEl && hintEl.id, msgEl.id].filter(Boolean).join(" "));
  const wrap = el(
    "div",
    { class: `field field-${def.name}${def.pair || (def.pairUser && form.def.type === "USER") ? " half" : ""}`, "data-show": "none" },
    label,
    el("div", { class: "control" }, control),
    hintEl,
    msgEl,
  );
  const field = { form, def, el: control, wrap, labelEl: label, hintEl, msgEl, verdict: null, focused: false, left: false, apiMessage: null };
  if (def.select) {
    control.addEventListener("change", () => {
      field.left = true;
      onCountryOrDocumentChange(form, def.name);
    });
  } else {
    control.addEventListener("input", (e) => onInput(field, e));
    control.addEventListener("focus", () => {
      field.focused = true;
      render(field);
    });
    control.addEventListener("blur", () => onBlur(field));
  }
  return field;
}

function buildForm(def, index) {
  const titleId = `card-${def.key}-title`;
  const form = { def, fields: {} };
  const title = el("h2", { id: titleId, class: "card-title" });
  const lead = el("p", { class: "card-lead muted" });
  const body = el("div", { class: "card-fields" });
  for (const fdef of FIELDS) {
    if (fdef.usersOnly && def.type !== "USER") continue;
    const field = buildField(form, fdef);
    form.fields[fdef.name] = field;
    body.append(field.wrap);
  }
  const card = el(
    "section",
    { class: `card card-${def.key}`, id: `card-${def.key}`, "aria-labelledby": titleId, "data-type": def.type },
    el(
      "header",
      { class: "card-head" },
      el("span", { class: "card-num", "aria-hidden": "true", text: String(index + 1) }),
      el("div", {}, el("div", { class: "card-title-row" }, title, el("code", { class: "type-tag", text: `type: ${def.type}` })), lead),
    ),
    body,
  );
  form.card = card;
  form.titleEl = title;
  form.leadEl = lead;
  fillCountryOptions(form.fields.country.el);
  form.fields.country.el.value = DEFAULT_COUNTRY;
  fillDocumentOptions(form);
  return form;
}

function labelFields(form) {
  for (const field of Object.values(form.fields)) {
    const { name, required } = field.def;
    const key = name === "name" ? `label.name.${form.def.type}` : `label.${name}`;
    field.labelEl.replaceChildren(tr(key), required ? "" : el("span", { class: "optional", text: ` (${tr("optional")})` }));
    if (field.hintEl && name === "externalId") field.hintEl.textContent = tr("hint.externalId");
  }
  form.titleEl.textContent = tr(form.def.title);
  form.leadEl.textContent = tr(form.def.lead);
}

// ---- Language -------------------------------------------------------------------------------

function applyStaticTexts() {
  document.documentElement.lang = state.locale;
  document.title = `${tr("title")} · identity-kit`;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = tr(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-attr]")) {
    const [attr, key] = node.dataset.i18nAttr.split(":");
    node.setAttribute(attr, tr(key));
  }
  for (const b of document.querySelectorAll(".lang-btn")) {
    b.setAttribute("aria-pressed", String(b.dataset.lang === state.locale));
  }
}

function setLocale(locale) {
  if (!LOCALES.includes(locale)) return;
  state.locale = locale;
  state.countryList = countries(locale); // named by the package in the page's language
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    /* private mode: the choice just is not remembered */
  }
  applyStaticTexts();
  for (const form of Object.values(state.forms)) {
    labelFields(form);
    fillCountryOptions(form.fields.country.el);
    const docSelect = form.fields.documentType.el;
    const docs = documentsFor(form);
    for (const option of docSelect.options) {
      const d = docs.find((x) => x.type === option.value);
      if (d) option.textContent = documentLabel(d);
    }
    updateHints(form);
    // Every message at once, in the new language.
    for (const field of Object.values(form.fields)) {
      if (field.apiMessage) continue;
      refresh(field);
    }
  }
  renderFlow();
  if (!$("#notice").hidden && $("#notice").dataset.key) showNotice($("#notice").dataset.key);
}

// ---- Filling ----------------------------------------------------------------------------------

function setValues(form, values, { formatted }) {
  const f = form.fields;
  if (values.country) {
    f.country.el.value = values.country;
    fillDocumentOptions(form);
  }
  if (values.documentType) f.documentType.el.value = values.documentType;
  updateHints(form);
  for (const [name, field] of Object.entries(f)) {
    if (field.def.select) continue;
    field.el.value = values[name] ?? "";
    field.apiMessage = null;
    if (formatted && field.def.format && field.el.value) formatAsTyped(field);
  }
  for (const field of Object.values(f)) {
    // Filled values are judged at once, as if the person had typed and left each field.
    field.left = field.el.value !== "" || field.def.required;
    field.focused = document.activeElement === field.el;
    refresh(field);
  }
}

/** True when every value of a sample set is valid for its form. */
function sampleIsValid(sample) {
  return FORMS.every((def) => {
    const v = sample[def.key];
    const ctx = { country: v.country, type: def.type, documentType: v.documentType };
    return FIELDS.every((fd) => {
      if (fd.usersOnly && def.type !== "USER") return true;
      const value = v[fd.name] ?? "";
      if (!fd.required && value === "") return true;
      return validateField(fd.name, value, ctx).state === "valid";
    });
  });
}

function fillSample() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const sample = sampleCandidate();
    if (!sampleIsValid(sample)) continue;
    fill(sample, true);
    showNotice("sampleNotice");
    return;
  }
  console.error("identity-kit demo: could not build a valid sample");
}

function fill(values, formatted) {
  for (const def of FORMS) setValues(state.forms[def.key], values[def.key], { formatted });
  resetFlow();
}

function clearAll() {
  for (const def of FORMS) {
    const form = state.forms[def.key];
    form.fields.country.el.value = DEFAULT_COUNTRY;
    fillDocumentOptions(form);
    updateHints(form);
    for (const field of Object.values(form.fields)) {
      if (!field.def.select) field.el.value = "";
      field.left = false;
      field.apiMessage = null;
      refresh(field);
    }
  }
  resetFlow();
  showNotice("clearedNotice");
}

function showNotice(key) {
  const n = $("#notice");
  n.dataset.key = key;
  n.dataset.kind = key === "seedNotice" ? "warn" : "info";
  n.textContent = tr(key);
  n.hidden = false;
}

// ---- The flow -------------------------------------------------------------------------------

const STEPS = ["organization", "user1", "user2", "link", "readBack"];

function payloadOf(form) {
  const out = { type: form.def.type };
  for (const [name, field] of Object.entries(form.fields)) {
    const value = field.el.value.trim();
    if (value === "" && !field.def.required) continue;
    out[name] = value;
  }
  return out;
}

function resetFlow() {
  state.flow = { steps: null, result: null, error: null, status: null };
  for (const form of Object.values(state.forms)) {
    for (const field of Object.values(form.fields)) {
      if (field.apiMessage) {
        field.apiMessage = null;
        render(field);
      }
    }
  }
  renderFlow();
}

function clearStaleFlowError() {
  // Once the person edits, a validation summary about the old values is out of date.
  if (state.flow.error && state.flow.error.name === "ValidationError") {
    state.flow.error = null;
    renderFlow();
  }
}

/** The form field an error path such as `users[1].phone` names, if any. */
function fieldForPath(path) {
  const m = /^(organization|users\[(\d+)\])\.([A-Za-z]+)/.exec(path || "");
  if (!m) return null;
  const def = m[1] === "organization" ? FORMS[0] : FORMS[1 + Number(m[2])];
  if (!def) return null;
  const form = state.forms[def.key];
  return form.fields[m[3]] || null;
}

function markValidationErrors(errors) {
  let first = null;
  for (const e of errors || []) {
    const field = fieldForPath(e.path);
    if (!field) continue;
    field.left = true;
    validate(field);
    // The local verdict explains most problems; the rest (a duplicate between the two users)
    // only the client knows, so its message is shown on the field.
    if (!field.verdict || field.verdict.state === "valid") field.apiMessage = e.message;
    render(field);
    first ||= field;
  }
  return first;
}

async function runFlow() {
  if (state.busy) return;
  for (const form of Object.values(state.forms)) {
    for (const field of Object.values(form.fields)) field.apiMessage = null;
  }
  const link = $("input[name=link]:checked")?.value === "children" ? "children" : "patch";
  const steps = Object.fromEntries(STEPS.map((s) => [s, { state: "pending" }]));
  steps.organization.state = "running";
  state.flow = { steps, result: null, error: null, status: "running", link };
  setBusy(true);
  renderFlow();

  const client = new IdentityClient({
    baseUrl: `${location.origin}/demo-api`,
    locale: state.locale,
    headers: { "accept-language": state.locale },
  });
  const onProgress = (event) => {
    const s = state.flow.steps;
    if (!s) return;
    const done = (key) => {
      s[key] = { state: "done", id: event.id, reused: event.reused === true };
    };
    if (event.step === "organization") {
      done("organization");
      if (s.user1.state === "pending") s.user1.state = "running";
      if (s.user2.state === "pending") s.user2.state = "running";
    } else if (event.step === "user") {
      done(event.index === 1 ? "user2" : "user1");
      if (s.user1.state === "done" && s.user2.state === "done") s.link.state = "running";
    } else if (event.step === "linked") {
      done("link");
      s.readBack.state = "running";
    } else if (event.step === "readBack") {
      done("readBack");
    }
    renderFlow();
  };

  try {
    const users = [payloadOf(state.forms.u1), payloadOf(state.forms.u2)];
    state.flow.sent = users;
    const result = await client.createAndLink({
      organization: payloadOf(state.forms.org),
      users,
      link,
      onProgress,
    });
    state.flow.result = result;
    state.flow.status = "done";
    for (const key of STEPS) if (state.flow.steps[key].state !== "done") state.flow.steps[key].state = "done";
  } catch (error) {
    state.flow.error = error;
    state.flow.status = "failed";
    for (const key of STEPS) {
      if (state.flow.steps[key].state === "running") state.flow.steps[key].state = "failed";
    }
    if (error && error.name === "ValidationError") {
      // Nothing was sent: the steps did not start.
      state.flow.steps = null;
      markValidationErrors(error.errors);
      setBusy(false);
      renderFlow();
      $("#flow-error").focus();
      return;
    }
  } finally {
    setBusy(false);
  }
  renderFlow();
  if (state.flow.error) $("#flow-error").focus();
}

function setBusy(busy) {
  state.busy = busy;
  const button = $("#create");
  button.disabled = busy;
  button.textContent = tr(busy ? "creating" : "create");
  $("#flow").setAttribute("aria-busy", String(busy));
}

function renderFlow() {
  const { steps, result, error, status } = state.flow;
  if (!state.busy) $("#create").textContent = tr("create");

  // Progress.
  const list = $("#progress");
  if (steps) {
    list.hidden = false;
    list.replaceChildren(
      ...STEPS.map((key) => {
        const s = steps[key];
        const text = tr(s.state === "done" ? `step.${key}.done` : `step.${key}`);
        const label = key === "link" ? `${text} · ${state.flow.link === "children" ? "POST …/children" : "PATCH"}` : text;
        const detail = el("span", { class: "step-detail" });
        if (s.id) detail.append(el("code", { class: "id", text: s.id }));
        if (s.reused) detail.append(el("span", { class: "pill", text: tr("reused") }));
        return el(
          "li",
          { class: "step", "data-step": key, "data-state": s.state },
          el("span", { class: "step-icon", "aria-hidden": "true" }),
          el(
            "span",
            { class: "step-body" },
            el("span", { class: "step-label", text: label }),
            el("span", { class: "visually-hidden", text: ` — ${tr(`stepState.${s.state}`)}` }),
            detail,
          ),
        );
      }),
    );
  } else {
    list.hidden = true;
    list.replaceChildren();
  }

  // Status line.
  const statusEl = $("#flow-status");
  if (status === "done" && result) {
    const n = (result.organization?.children || []).length;
    statusEl.textContent = tr("doneStatus", { n });
  } else statusEl.textContent = "";

  renderResult(result);
  renderError(error);
}

function renderResult(result) {
  const box = $("#result");
  if (!result || !result.organization) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const org = result.organization;
  const users = Array.isArray(result.users) ? result.users : [];
  const children = Array.isArray(org.children) ? org.children : [];
  const meta = (label, value, cls) =>
    value ? el("div", { class: "meta" }, el("dt", { text: label }), el("dd", { class: cls }, value)) : null;
  const docText = (x) => {
    if (!x.documentNumber) return null;
    let shown = x.documentNumber;
    try {
      shown = formatField("documentNumber", x.documentNumber, { country: x.country, documentType: x.documentType });
    } catch {
      /* an unknown type: shown as the API has it */
    }
    return `${x.documentType || ""} ${shown}`.trim();
  };
  const childItems = children.map((child) => {
    const id = typeof child === "string" ? child : child.id;
    const index = users.findIndex((u) => u.id === id);
    const user = users[index] || {};
    const sent = (state.flow.sent || [])[index] || {};
    const lastname = user.lastname || sent.lastname || "";
    const given = (typeof child === "object" && child.name) || user.name || sent.name || id;
    const name = lastname && !given.endsWith(lastname) ? `${given} ${lastname}` : given;
    const email = (typeof child === "object" && child.email) || user.email;
    return el(
      "li",
      { class: "child", "data-id": id },
      el("span", { class: "avatar", "aria-hidden": "true", text: String(name).trim().charAt(0).toUpperCase() || "?" }),
      el(
        "span",
        { class: "child-body" },
        el("span", { class: "child-name", text: name }),
        email ? el("span", { class: "child-email muted", text: email }) : null,
        el("code", { class: "id", text: id }),
      ),
    );
  });
  box.hidden = false;
  box.replaceChildren(
    el("h3", { class: "result-title", text: tr("resultTitle") }),
    el(
      "article",
      { class: "org", "data-id": org.id },
      el(
        "header",
        { class: "org-head" },
        el("span", { class: "org-name", text: org.name || "" }),
        org.status ? el("span", { class: `status status-${String(org.status).toLowerCase()}`, text: org.status }) : null,
      ),
      el(
        "dl",
        { class: "org-meta" },
        meta(tr("id"), el("code", { class: "id", text: org.id })),
        meta(tr("document"), docText(org)),
        meta(tr("label.country"), org.country ? countryLabel(org.country) : null),
      ),
      el("h4", { class: "children-title", text: `${tr("children")} (${children.length})` }),
      childItems.length
        ? el("ul", { class: "children", id: "children" }, ...childItems)
        : el("p", { class: "muted", text: tr("noChildren") }),
      el("p", { class: "linked-with muted", text: tr("linkedWith", { method: result.linkedWith === "children" ? "POST /identities/{id}/children" : "PATCH /identities/{id}" }) }),
    ),
  );
}

function countryLabel(alpha3) {
  const c = state.countryList.find((x) => x.alpha3 === alpha3);
  return c ? c.name : alpha3;
}

function formLabel(field) {
  return `${tr(field.form.def.title)} · ${field.labelEl.firstChild?.textContent || field.def.name}`;
}

function renderError(error) {
  const box = $("#flow-error");
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    delete box.dataset.kind;
    return;
  }
  const name = error.name || "Error";
  box.dataset.kind = name;
  const parts = [];
  if (name === "ValidationError") {
    parts.push(el("p", { class: "banner-title", text: tr("validationFromClient") }));
    const items = (error.errors || []).map((e) => {
      const field = fieldForPath(e.path);
      if (field) {
        const show = showFor(field);
        const message = field.apiMessage || (show === "error" && field.verdict ? field.verdict.message : e.message);
        const link = el("a", { href: `#${field.el.id}`, text: formLabel(field) });
        link.addEventListener("click", (ev) => {
          ev.preventDefault();
          field.el.focus();
        });
        return el("li", {}, link, `: ${message}`);
      }
      return el("li", {}, el("code", { text: e.path || "—" }), `: ${e.message}`);
    });
    parts.push(el("ul", { class: "problems" }, ...items));
  } else if (name === "ApiError") {
    parts.push(el("p", { class: "banner-title", text: error.status === 409 ? tr("duplicate") : tr("apiError", { status: error.status }) }));
    if (error.status === 409) parts.push(el("p", { text: tr("duplicateBody") }));
    if (error.detail) parts.push(el("p", { class: "detail", text: error.detail }));
    const codes = [error.status, error.code, error.type].filter((x) => x !== undefined && x !== "").join(" · ");
    if (codes) parts.push(el("p", { class: "muted small" }, el("code", { text: codes })));
    if (Array.isArray(error.errors) && error.errors.length) {
      parts.push(el("ul", { class: "problems" }, ...error.errors.map((e) => el("li", {}, el("code", { text: e.path || "—" }), `: ${e.message}`))));
    }
    if (error.traceId) parts.push(el("p", { class: "muted small", text: tr("traceId", { id: error.traceId }) }));
  } else if (name === "NetworkError") {
    parts.push(el("p", { class: "banner-title", text: tr("networkDown") }), el("p", { text: tr("networkDownBody") }));
  } else if (name === "TimeoutError") {
    parts.push(el("p", { class: "banner-title", text: tr("timeout") }), el("p", { text: tr("timeoutBody") }));
  } else if (name === "AbortError") {
    parts.push(el("p", { class: "banner-title", text: tr("aborted") }));
  } else {
    parts.push(el("p", { class: "banner-title", text: tr("unexpected", { message: error.message || String(error) }) }));
  }
  const created = error.created;
  const made = [];
  if (created?.organization?.id) made.push(`${created.organization.name || tr("organization")} (${created.organization.id})`);
  for (const u of created?.users || []) if (u?.id) made.push(`${u.name || "?"} (${u.id})`);
  if (made.length) parts.push(el("p", { class: "created small", text: tr("createdBefore", { list: made.join(", ") }) }));
  box.replaceChildren(...parts);
  box.hidden = false;
}

// ---- Start ------------------------------------------------------------------------------------

function initialLocale() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (LOCALES.includes(fromUrl)) return fromUrl;
  try {
    const saved = localStorage.getItem(LOCALE_KEY);
    if (LOCALES.includes(saved)) return saved;
  } catch {
    /* ignore */
  }
  return preferredLocale(navigator.languages);
}

async function main() {
  document.addEventListener("securitypolicyviolation", (e) => {
    console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
  });
  try {
    await init();
  } catch (e) {
    const box = $("#boot-error");
    box.textContent = t(preferredLocale(navigator.languages), "bootFailed", { message: e?.message || String(e) });
    box.hidden = false;
    throw e;
  }
  state.locale = initialLocale();
  state.countryList = countries(state.locale);
  const holder = $("#forms");
  FORMS.forEach((def, i) => {
    const form = buildForm(def, i);
    state.forms[def.key] = form;
    holder.append(form.card);
  });
  for (const form of Object.values(state.forms)) {
    labelFields(form);
    updateHints(form);
    for (const field of Object.values(form.fields)) refresh(field);
  }
  applyStaticTexts();
  renderFlow();

  for (const b of document.querySelectorAll(".lang-btn")) b.addEventListener("click", () => setLocale(b.dataset.lang));
  $("#fill-sample").addEventListener("click", fillSample);
  $("#fill-seed").addEventListener("click", () => {
    fill(SEED, false);
    showNotice("seedNotice");
  });
  $("#clear").addEventListener("click", clearAll);
  $("#onboarding").addEventListener("submit", (e) => {
    e.preventDefault();
    runFlow();
  });
  $("#onboarding").setAttribute("aria-busy", "false");
  document.documentElement.dataset.ready = "true";
}

main();
