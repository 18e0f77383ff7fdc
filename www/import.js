// The demo page's "Import users" part: a CSV file read in chunks by the package's CsvImport
// (every row judged in the browser, with progress), a summary and a paged table of the rows
// with their verdicts, then the ready rows imported through HumanosClient against the
// sandbox's same-origin /demo-api, with progress and each row's final status.
//
// Same rules as app.js: what comes from the file or the API reaches the DOM as text only;
// no inline styles or scripts (strict CSP): state is shown with classes, `hidden`, data-*.
// app.js owns the language buttons and initialises the wasm; this part follows the page's
// `lang` and starts once app.js has marked the page ready.

import { CsvImport, HumanosClient } from "/pkg/import.js";
import { t } from "./i18n.js";

const PAGE_SIZE = 50;
const SAMPLE = "/samples/users-small.csv";
const FILTERS = {
  all: () => true,
  ready: (r) => r.status === 200,
  failing: (r) => r.status !== 200,
  warnings: (r) => !!r.warnings,
  imported: (r) => r.outcome === "created" || r.outcome === "updated",
  already: (r) => r.outcome === "alreadyImported",
  failed: (r) => r.outcome === "failed" && r.status === 200,
};
const FILTER_LABELS = {
  all: "importFilterAll", ready: "importFilterReady", failing: "importFilterFailing", warnings: "importFilterWarnings",
  imported: "importFilterImported", already: "importFilterAlready", failed: "importFilterFailed",
};

const $ = (id) => document.getElementById(id);
const locale = () => (["en", "es", "pt"].includes(document.documentElement.lang) ? document.documentElement.lang : "en");
const tr = (key, params) => t(locale(), key, params);

const state = {
  /** The file's bytes, kept to read it again in another language. */
  file: null,
  rows: [],
  summary: null,
  separator: ",",
  ignored: [],
  filter: "all",
  page: 0,
  busy: false,
  /** The import's report, once there is one: { summary } and each row's outcome on `rows`. */
  imported: null,
  progress: null,
  error: null,
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- Reading the file -------------------------------------------------------------------------

/** Reads `file` (a File or Blob) chunk by chunk through CsvImport, showing progress. */
async function readFile(file) {
  state.busy = true;
  state.error = null;
  state.imported = null;
  state.progress = null;
  state.file = file;
  render();
  const status = $("import-status");
  const bar = $("import-progress");
  bar.hidden = false;
  const csv = new CsvImport({ locale: locale() });
  const rows = [];
  try {
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const row of csv.feed(value)) rows.push(row);
      bar.value = file.size ? csv.bytesRead / file.size : 1;
      status.textContent = tr("importReading", { name: file.name ?? "", percent: Math.round(100 * bar.value) });
    }
    for (const row of csv.finish()) rows.push(row);
    state.rows = rows;
    state.summary = csv.summary();
    state.separator = csv.separator ?? ",";
    state.ignored = csv.ignoredColumns;
  } catch (e) {
    state.rows = [];
    state.summary = null;
    state.error = e?.message || String(e);
  } finally {
    csv.free();
    bar.hidden = true;
    state.busy = false;
  }
  state.page = 0;
  state.filter = "all";
  render();
}

// ---- Importing ---------------------------------------------------------------------------------

async function runImport() {
  if (state.busy || !state.summary?.ready) return;
  state.busy = true;
  state.error = null;
  const ready = state.rows.filter((r) => r.status === 200);
  const client = new HumanosClient({ locale: locale() });
  const apply = (report) => {
    for (const [i, result] of report.results.entries()) {
      Object.assign(ready[i], { outcome: result.outcome, finalStatus: result.status, finalMessage: result.message, did: result.user?.did });
    }
    state.imported = report.summary;
  };
  render();
  try {
    apply(await client.importUsers(ready.map((r) => r.input), {
      onProgress: (p) => {
        state.progress = p;
        renderStatus();
      },
    }));
  } catch (e) {
    if (e?.report) apply(e.report);
    state.error = tr("importAborted", { message: e?.message || String(e) });
  } finally {
    state.busy = false;
    state.progress = null;
  }
  render();
}

// ---- Rendering ---------------------------------------------------------------------------------

function renderStatus() {
  const status = $("import-status");
  const bar = $("import-progress");
  if (state.progress) {
    const p = state.progress;
    bar.hidden = false;
    bar.value = p.ready ? p.sent / p.ready : 1;
    status.textContent = tr("importSending", p);
    return;
  }
  bar.hidden = true;
  if (state.imported) status.textContent = tr("importDone", state.imported);
  else if (state.summary) {
    const sep = state.separator === ";" ? ";" : ",";
    status.textContent = tr("importRead", { name: state.file?.name ?? "", rows: state.rows.length, separator: `“${sep}”` })
      + (state.ignored.length ? " " + tr("importIgnored", { columns: state.ignored.join(", ") }) : "");
  } else status.textContent = "";
}

function renderSummary() {
  const box = $("import-summary");
  box.replaceChildren();
  const s = state.summary;
  box.hidden = !s;
  if (!s) return;
  const counts = el("div", "import-counts");
  for (const [key, n, kind] of [["importReady", s.ready, "ready"], ["importFailing", s.failing, "failing"], ["importWarnings", s.withWarnings, "warning"]]) {
    const c = el("div", "count");
    c.dataset.kind = kind;
    c.append(el("span", "count-n", n.toLocaleString(locale())), el("span", "count-label", tr(key)));
    counts.append(c);
  }
  box.append(counts, el("p", "muted", s.message));
  const reasons = Object.entries(s.byCode).filter(([code]) => code !== "subject.ready");
  if (reasons.length) {
    box.append(el("h3", "import-h3", tr("importByReason")));
    const list = el("ul", "reasons");
    for (const [code, n] of reasons) {
      const example = state.rows.find((r) => r.code === code);
      const li = el("li");
      li.append(el("span", "reason-n", n.toLocaleString(locale())), el("span", "status-pill", String(example?.status ?? "")),
        el("span", "reason-text", example?.message ?? code), el("code", "reason-code", code));
      list.append(li);
    }
    box.append(list);
  }
}

function visibleRows() {
  return state.rows.filter(FILTERS[state.filter] ?? FILTERS.all);
}

function renderFilter() {
  const select = $("import-filter");
  select.replaceChildren();
  const available = ["all", "ready", "failing", "warnings", ...(state.imported ? ["imported", "already", "failed"] : [])];
  if (!available.includes(state.filter)) state.filter = "all";
  for (const key of available) {
    const option = el("option", null, `${tr(FILTER_LABELS[key])} (${state.rows.filter(FILTERS[key]).length.toLocaleString(locale())})`);
    option.value = key;
    option.selected = key === state.filter;
    select.append(option);
  }
}

function verdictCell(r) {
  const td = el("td", "verdict");
  const line = el("div", "verdict-line");
  const pill = el("span", "status-pill", String(r.status));
  pill.dataset.ok = String(r.status === 200);
  line.append(pill, el("span", null, r.message));
  td.append(line);
  if (r.status !== 200 && r.column) td.append(el("div", "muted small", `${r.path} · ${tr("importColumn", { column: r.column })}`));
  for (const w of r.warnings ?? []) {
    const warn = el("div", "verdict-warning small", w.message);
    td.append(warn);
  }
  return td;
}

function resultCell(r) {
  const td = el("td", "result-cell");
  if (!r.outcome) return td;
  const pill = el("span", "outcome", tr("outcome." + r.outcome));
  pill.dataset.outcome = r.outcome;
  td.append(pill);
  if (r.finalStatus !== undefined) td.append(el("div", "muted small", `${r.finalStatus} · ${r.finalMessage}`));
  if (r.did) td.append(el("div", "did small", r.did));
  return td;
}

function renderTable() {
  const wrap = $("import-rows");
  wrap.hidden = !state.rows.length;
  if (!state.rows.length) return;
  renderFilter();
  const rows = visibleRows();
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  state.page = Math.min(state.page, pages - 1);
  $("import-page").textContent = tr("importPage", { page: state.page + 1, pages, count: rows.length.toLocaleString(locale()) });
  $("import-prev").disabled = state.page === 0;
  $("import-next").disabled = state.page >= pages - 1;
  const body = $("import-body");
  const out = [];
  for (const r of rows.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE)) {
    const tr_ = el("tr");
    tr_.dataset.row = String(r.row);
    tr_.dataset.status = String(r.status);
    if (r.outcome) tr_.dataset.outcome = r.outcome;
    const id = r.input.identity ?? {};
    const doc = [id.docId, id.countryAlpha3].filter(Boolean).join(" · ");
    tr_.append(el("td", "num", String(r.row)), el("td", "contact", r.input.contact ?? ""), el("td", null, id.fullName ?? ""),
      el("td", null, doc), verdictCell(r), resultCell(r));
    out.push(tr_);
  }
  if (!out.length) {
    const empty = el("tr");
    const td = el("td", "muted", tr("importNoRows"));
    td.colSpan = 6;
    empty.append(td);
    out.push(empty);
  }
  body.replaceChildren(...out);
}

function render() {
  const section = $("import");
  section.setAttribute("aria-busy", String(state.busy));
  const error = $("import-error");
  error.hidden = !state.error;
  error.textContent = state.error ?? "";
  renderStatus();
  renderSummary();
  const send = $("import-send");
  const ready = state.summary?.ready ?? 0;
  send.hidden = !ready;
  send.disabled = state.busy;
  send.textContent = tr("importSend", { count: ready.toLocaleString(locale()) });
  $("import-file").disabled = state.busy;
  $("import-sample").disabled = state.busy;
  renderTable();
  section.dataset.state = state.busy ? "busy" : state.imported ? "imported" : state.summary ? "read" : "empty";
}

// ---- Start ---------------------------------------------------------------------------------------

function start() {
  const input = $("import-file");
  input.addEventListener("change", () => {
    if (input.files?.[0]) readFile(input.files[0]);
  });
  $("import-sample").addEventListener("click", async () => {
    const response = await fetch(SAMPLE);
    const blob = await response.blob();
    readFile(new File([blob], "users-small.csv", { type: "text/csv" }));
  });
  const drop = $("import-drop");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.dataset.over = "true";
  });
  drop.addEventListener("dragleave", () => delete drop.dataset.over);
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    delete drop.dataset.over;
    const file = e.dataTransfer?.files?.[0];
    if (file && !state.busy) readFile(file);
  });
  $("import-send").addEventListener("click", runImport);
  $("import-filter").addEventListener("change", (e) => {
    state.filter = e.target.value;
    state.page = 0;
    renderTable();
  });
  $("import-prev").addEventListener("click", () => {
    state.page = Math.max(0, state.page - 1);
    renderTable();
  });
  $("import-next").addEventListener("click", () => {
    state.page += 1;
    renderTable();
  });
  // The language is app.js's: follow <html lang>. Before an import the file is read again
  // (the verdicts' messages come from the package in the new language).
  new MutationObserver(() => {
    if (state.file && !state.busy && !state.imported && !state.error) readFile(state.file);
    else render();
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  render();
  $("import").dataset.ready = "true";
}

// app.js initialises the wasm (one instance for the page) and then sets data-ready on <html>.
if (document.documentElement.dataset.ready === "true") start();
else {
  const wait = new MutationObserver(() => {
    if (document.documentElement.dataset.ready !== "true") return;
    wait.disconnect();
    start();
  });
  wait.observe(document.documentElement, { attributes: true, attributeFilter: ["data-ready"] });
}
