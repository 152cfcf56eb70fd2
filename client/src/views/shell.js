// The board screen's frame: top bar (brand, title, role, presence, status, undo/redo,
// language, help, and "more" for what does not fit), the canvas, zoom controls, the add-note
// button, the minimap corner.

import { t, tk } from "../i18n.js";
import { h, setText } from "./dom.js";
import { icon } from "./icons.js";
import { langSwitch, logo } from "./join.js";
import { MoreMenu } from "./moremenu.js";

/**
 * @typedef {{
 *   root: HTMLElement, topbar: HTMLElement, stage: HTMLElement, viewport: HTMLElement, world: HTMLElement,
 *   right: HTMLElement, undo: HTMLButtonElement, redo: HTMLButtonElement, zoomLabel: HTMLElement,
 *   title: HTMLElement, addNote: HTMLElement | null, more: MoreMenu, relabel: () => void,
 * }} Shell
 */

/**
 * @param {HTMLElement} root
 * @param {{title: string, role: string, canEdit: boolean,
 *   onUndo: () => void, onRedo: () => void, onHelp: () => void, onZoom: (dir: 1 | -1 | 0) => void,
 *   onAddNote: () => void, onLang: () => void}} options
 * @returns {Shell}
 */
export function buildShell(root, options) {
  while (root.firstChild) root.firstChild.remove();
  const button = (/** @type {string} */ name, /** @type {string} */ testid, /** @type {() => void} */ run, /** @type {string} */ cls = "icon-button") =>
    /** @type {HTMLButtonElement} */ (h("button", { class: cls, type: "button", testid, on: { click: run } }, icon(name, 20)));

  const title = h("h1", { class: "board-title", testid: "board-title", text: options.title });
  const role = h("span", { class: `role-badge role-${options.role}`, testid: "role-badge" });
  const undo = button("undo", "undo", options.onUndo);
  const redo = button("redo", "redo", options.onRedo);
  const help = button("help", "help-button", options.onHelp);
  const right = h("div", { class: "topbar-right" });
  const langHolder = h("span", { class: "lang-holder" });
  const drawLang = () => {
    while (langHolder.firstChild) langHolder.firstChild.remove();
    langHolder.append(langSwitch(() => { drawLang(); options.onLang(); }));
  };
  drawLang();
  const topbar = h("header", { class: "topbar" },
    h("div", { class: "brand" }, logo(), h("span", { class: "brand-name" })),
    h("div", { class: "title-group" }, title, role),
    h("div", { class: "spacer" }),
    right,
    options.canEdit ? h("div", { class: "button-group" }, undo, redo) : null,
    langHolder, help);
  // What does not fit moves into "more" (views/moremenu.js), never off the screen.
  const more = new MoreMenu(topbar, title);
  topbar.append(more.el);

  const world = h("div", { class: "world", testid: "world" });
  const viewport = h("div", { class: "viewport", testid: "viewport" }, world);
  const zoomLabel = h("span", { class: "zoom-label", testid: "zoom-label" });
  const zoomOut = button("minus", "zoom-out", () => options.onZoom(-1));
  const zoomIn = button("plus", "zoom-in", () => options.onZoom(1));
  const fit = /** @type {HTMLButtonElement} */ (h("button", { class: "icon-button fit", type: "button", testid: "zoom-fit", on: { click: () => options.onZoom(0) } }, icon("fit", 18), h("span")));
  const zoom = h("div", { class: "zoom-controls", data: { nopan: "1" } }, zoomOut, zoomLabel, zoomIn, fit);
  const addNote = options.canEdit
    ? h("button", { class: "fab", type: "button", testid: "add-note", on: { click: options.onAddNote } }, icon("note", 20), h("span"))
    : null;
  const dock = h("div", { class: "dock", testid: "dock" }); // the strip under the canvas: zoom, "Note", minimap
  const stage = h("main", { class: "stage" }, viewport, dock, zoom, addNote);
  root.append(h("div", { class: `app role-${options.role}` }, topbar, stage));

  const relabel = () => {
    setText(/** @type {HTMLElement} */ (topbar.querySelector(".brand-name")), t("app.name"));
    setText(role, tk(`role.${options.role}`));
    undo.title = t("toolbar.undo");
    redo.title = t("toolbar.redo");
    help.title = t("toolbar.help");
    zoomIn.title = t("zoom.in");
    zoomOut.title = t("zoom.out");
    fit.title = t("zoom.fit");
    setText(/** @type {HTMLElement} */ (fit.lastElementChild), t("zoom.fit.label"));
    if (addNote) {
      addNote.title = t("toolbar.note.title");
      setText(/** @type {HTMLElement} */ (addNote.lastElementChild), t("toolbar.note"));
    }
    drawLang();
    more.relabel();
  };
  relabel();
  return { root, topbar, stage, viewport, world, right, undo, redo, zoomLabel, title, addNote, more, relabel };
}
