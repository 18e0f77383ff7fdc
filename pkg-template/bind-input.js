// bindInput: an <input>/<textarea> kept in step with a field's verdict through the Constraint
// Validation API (setCustomValidity, aria-invalid, display format). What each state does is
// documented in bind-input.d.ts and the README.
import { validateField } from "./identity_kit.js";
import { ensureReady } from "./internal.js";

/** Characters a display format inserts; everything else is part of the value. */
const SEPARATOR = /[\s.\-/()]/;

function significant(text) {
  let n = 0;
  for (const ch of text) if (!SEPARATOR.test(ch)) n++;
  return n;
}

/** The string index just after the `count`-th significant character of `text`. */
function indexAfter(text, count) {
  if (count === 0) return 0;
  let seen = 0;
  let index = 0;
  for (const ch of text) {
    index += ch.length;
    if (!SEPARATOR.test(ch) && ++seen === count) return index;
  }
  return text.length;
}

/** Replaces the value, keeping the caret after the same number of significant characters. */
function setValue(input, next) {
  const prev = input.value;
  let caret = null;
  if (input.matches(":focus")) {
    try {
      // null for input types without a selection (email, number...).
      caret = input.selectionStart === input.selectionEnd ? input.selectionStart : null;
    } catch {
      caret = null;
    }
  }
  input.value = next;
  if (caret === null) return;
  const pos = caret >= prev.length ? next.length : indexAfter(next, significant(prev.slice(0, caret)));
  try {
    input.setSelectionRange(pos, pos);
  } catch {
    // Input types without a selection.
  }
}

/**
 * Validates `input` as `field` on every `input` event and on `blur`; returns a function that
 * removes the listeners and clears what the binding set (it also has `revalidate()`).
 */
export function bindInput(input, field, options = {}) {
  ensureReady();
  const format = options.format !== false;
  // The value as last seen by the binding: tells a deletion that removed only a separator.
  let lastValue = input.value;

  const context = () => {
    const base = typeof options.getContext === "function" ? options.getContext() : options.context;
    return options.locale === undefined ? base : { ...base, locale: options.locale };
  };

  const run = (reason, event) => {
    const typing = reason === "input";
    const focused = input.matches(":focus");
    const ctx = context();
    const verdict = validateField(field, input.value, ctx);

    // Backspace over an inserted separator: keep the person's edit (re-inserting the separator
    // would undo it); the value is formatted again on the next keystroke or on blur.
    const separatorOnlyDeletion =
      typing &&
      typeof event?.inputType === "string" &&
      event.inputType.startsWith("delete") &&
      significant(input.value) === significant(lastValue);
    const composing = event?.isComposing === true;
    if (format && verdict.formatted !== undefined && verdict.formatted !== input.value &&
        !separatorOnlyDeletion && !composing &&
        // Only a display form that reads back the same way: typing on from it must still work.
        validateField(field, verdict.formatted, ctx).state === verdict.state) {
      setValue(input, verdict.formatted);
    }
    lastValue = input.value;

    // Whether an incomplete (or empty required) value counts as an error to show now.
    const committed = reason === "blur" || reason === "invalid" || (!typing && !focused && input.value !== "");
    let show;
    if (verdict.state === "valid") {
      input.setCustomValidity("");
      show = false;
    } else if (verdict.state === "empty") {
      input.setCustomValidity("");
      show = input.required && (reason === "blur" || reason === "invalid");
    } else {
      input.setCustomValidity(verdict.message);
      show = verdict.state === "invalid" || committed;
    }
    if (show) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    options.onVerdict?.(verdict, { reason, showError: show, value: input.value });
    return verdict;
  };

  // Each listener with its target, added here and removed by the teardown.
  let resetTimer;
  const listeners = [
    [input, "input", (event) => run("input", event)],
    [input, "blur", () => run("blur")],
    // The `invalid` event fires on submit attempts and checkValidity(); only show, never loop.
    [input, "invalid", () => {
      if (input.getAttribute("aria-invalid") !== "true") run("invalid");
    }],
    // A form reset restores the value without an `input` event, after the `reset` event.
    [input.form, "reset", () => {
      clearTimeout(resetTimer);
      resetTimer = setTimeout(() => run("reset"));
    }],
  ];
  for (const [target, type, listener] of listeners) target?.addEventListener(type, listener);
  run("bind");

  const teardown = () => {
    for (const [target, type, listener] of listeners) target?.removeEventListener(type, listener);
    clearTimeout(resetTimer);
    input.setCustomValidity("");
    input.removeAttribute("aria-invalid");
  };
  teardown.revalidate = () => run("revalidate");
  return teardown;
}
