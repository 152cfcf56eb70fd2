// Editing text in place: a textarea over the text, sent while typing (debounced) and when
// done, so nothing typed is ever lost, and others see it appear. The editing marker goes out
// while it is open.

import { MAX_TEXT } from "../protocol.gen.js";

/**
 * @typedef {{
 *   value: string,
 *   multiline?: boolean,
 *   maxLength?: number,
 *   placeholder?: string,
 *   className?: string,
 *   commit: (text: string) => void,
 *   onEnd?: (text: string) => void,
 *   onKey?: (e: KeyboardEvent, text: string) => boolean,
 *   setEditing?: (on: boolean) => void,
 *   debounceMs?: number,
 * }} EditOptions
 */

/**
 * Replace `host` (which shows the text) by a textarea until the edit ends.
 * @param {HTMLElement} host @param {EditOptions} options
 * @returns {{field: HTMLTextAreaElement, finish: () => void}}
 */
export function editInPlace(host, options) {
  const field = document.createElement("textarea");
  field.className = `inline-editor ${options.className ?? ""}`;
  field.value = options.value;
  field.maxLength = options.maxLength ?? MAX_TEXT;
  field.placeholder = options.placeholder ?? "";
  field.rows = 1;
  field.spellcheck = true;
  field.dataset.testid = "editor";
  host.classList.add("is-editing");
  host.after(field);
  let sent = options.value;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let done = false;

  const autosize = () => {
    field.style.height = "auto";
    field.style.height = `${field.scrollHeight}px`;
  };
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const text = options.multiline ? field.value : field.value.replace(/\s*\n\s*/g, " ");
    if (text !== sent) {
      sent = text;
      options.commit(text);
    }
  };
  const finish = () => {
    if (done) return;
    done = true;
    flush();
    options.setEditing?.(false);
    host.classList.remove("is-editing");
    field.remove();
    options.onEnd?.(sent);
  };

  field.addEventListener("input", () => {
    autosize();
    clearTimeout(timer);
    timer = setTimeout(flush, options.debounceMs ?? 400);
  });
  field.addEventListener("keydown", (e) => {
    e.stopPropagation(); // board shortcuts do not apply while typing
    if (e.isComposing) return;
    if (options.onKey?.(e, field.value)) { e.preventDefault(); return; }
    if (e.key === "Escape" || (e.key === "Enter" && (e.ctrlKey || e.metaKey || !options.multiline))) {
      e.preventDefault();
      field.blur();
    }
  });
  field.addEventListener("blur", finish);
  field.addEventListener("pointerdown", (e) => e.stopPropagation());
  field.addEventListener("dblclick", (e) => e.stopPropagation());

  options.setEditing?.(true);
  requestAnimationFrame(autosize);
  field.focus({ preventScroll: true });
  field.setSelectionRange(field.value.length, field.value.length);
  autosize();
  return { field, finish };
}
