// Building DOM without HTML strings: user text only ever lands in textContent or a value.

/**
 * @typedef {{
 *   class?: string, testid?: string, text?: string | number, title?: string,
 *   data?: Record<string, string>, attrs?: Record<string, string>,
 *   on?: Record<string, (e: any) => void>, style?: Record<string, string>,
 *   [prop: string]: any,
 * }} Props
 */

/**
 * Create an element. `text` sets textContent; other unknown props are set as properties
 * (type, value, placeholder, disabled, tabIndex...). Children: nodes or strings (as text).
 * @param {string} tag
 * @param {Props} [props]
 * @param {...any} children nodes, strings, or (nested) arrays of them; null/false are skipped
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

/** @param {HTMLElement | SVGElement} el @param {Props} props */
function applyProps(el, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    switch (key) {
      case "class": el.setAttribute("class", value); break;
      case "testid": el.dataset.testid = value; break;
      case "text": el.textContent = String(value); break;
      case "data": Object.assign(el.dataset, value); break;
      case "attrs": for (const [a, v] of Object.entries(value)) el.setAttribute(a, v); break;
      case "style": for (const [p, v] of Object.entries(value)) el.style.setProperty(p, v); break;
      case "on": for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn); break;
      default: /** @type {any} */ (el)[key] = value; // a DOM property named at run time (value, type, tabIndex…): no static type names it
    }
  }
}

/** @param {Node} el @param {any[]} children */
function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {...SVGElement} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs = {}, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  for (const [a, v] of Object.entries(attrs)) el.setAttribute(a, String(v));
  for (const c of children) el.appendChild(c);
  return el;
}

/** Remove every child. @param {Element} el */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Set textContent only when it changed (keeps selection and avoids layout work).
 * @param {Element} el @param {string} text */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** @param {Element} el @param {string} name @param {boolean} on */
export function toggleClass(el, name, on) {
  if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
}

/** Is this element something the user types into? @param {EventTarget | null} el */
export function isTyping(el) {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** A readable text colour (near-black or white) on a background colour like "#3b82f6".
 * @param {string} hex */
export function inkOn(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return "#111827";
  const [r, g, b] = m.slice(1).map((x) => parseInt(x, 16) / 255);
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0.6 ? "#111827" : "#ffffff";
}

/** Initials for an avatar: "Anna Petrova" -> "AP", "Борис" -> "Б". @param {string} name */
export function initials(name) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const chars = parts.slice(0, 2).map((p) => Array.from(p)[0] ?? "");
  return chars.join("").toUpperCase() || "?";
}
