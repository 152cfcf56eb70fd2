// The keyboard shortcuts overlay (press ?).

import { t, tk } from "../i18n.js";
import { h } from "./dom.js";
import { icon } from "./icons.js";

/** @typedef {import("../i18n.js").Key} Key */

/** @type {[Key, [Key, string][]][]} section key, [label key, keys (a key or literal)] */
const SECTIONS = [
  ["help.section.board", [
    ["help.pan", "help.pan.keys"], ["help.zoom", "help.zoom.keys"], ["help.fit", "F · 0"],
    ["help.goto", "1 … 8"], ["help.undo", "Ctrl + Z"], ["help.redo", "Ctrl + Shift + Z · Ctrl + Y"], ["help.help", "?"],
  ]],
  ["help.section.items", [
    ["help.note", "help.note.keys"], ["help.edit", "Enter · F2 · help.dblclick"], ["help.finish", "help.finish.keys"],
    ["help.delete", "Delete · Backspace"], ["help.hang", "help.hang.keys"],
  ]],
  ["help.section.tree", [
    ["help.child", "Tab"], ["help.sibling", "Enter · Shift + Tab"], ["help.reorder", "Alt + ↑ / ↓"],
    ["help.collapse", "← / →"], ["help.reparent", "help.reparent.keys"],
  ]],
];

/** @param {() => void} onClose @returns {HTMLElement} */
export function helpOverlay(onClose) {
  const dialog = h("div", { class: "dialog help", testid: "help", attrs: { role: "dialog", "aria-modal": "true", "aria-label": t("help.title") } },
    h("header", { class: "dialog-head" },
      h("h2", { text: t("help.title") }),
      h("button", { class: "icon-button", type: "button", title: t("help.close"), testid: "help-close", on: { click: onClose } }, icon("close", 20))),
    h("div", { class: "help-grid" }, SECTIONS.map(([section, rows]) =>
      h("section", {},
        h("h3", { text: t(section) }),
        h("dl", {}, rows.map(([label, keys]) => [
          h("dt", { text: t(label) }),
          h("dd", {}, ...keys.split(" · ").map((k) => (k.startsWith("help.")
            ? h("span", { class: "help-phrase", text: tk(k) })
            : h("kbd", { text: k })))),
        ]))))));
  const backdrop = h("div", { class: "backdrop", on: { pointerdown: (/** @type {Event} */ e) => { if (e.target === backdrop) onClose(); } } }, dialog);
  return backdrop;
}
