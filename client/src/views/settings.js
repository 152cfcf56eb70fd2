// The room's rules (I7), in the facilitator's People panel: who picks the department (each
// person, or the link they join by), who may edit items (each person their own, or everyone:
// A8), the lobby (newcomers wait to be let in), and the smallest group whose figures the
// results show (k). Each change is one `board.settings` op.

import { boardSettings } from "../facilitation.js";
import { t } from "../i18n.js";
import { h, setText } from "./dom.js";

/** @typedef {import("./context.js").Ctx} Ctx */

const MIN_GROUP = 2;
const MAX_GROUP = 50;

export class RoomSettings {
  /** @param {Ctx} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    const set = (/** @type {Record<string, unknown>} */ changes) => ctx.perform([{ kind: "board.settings", ...changes }], { undoable: false });
    this.title = h("div", { class: "panel-title" });
    this.choiceLabel = h("span", { class: "settings-label" });
    this.choice = /** @type {HTMLSelectElement} */ (h("select", { class: "people-dept settings-choice", testid: "settings-department-choice",
      on: { change: () => set({ department_choice: this.choice.value }) } },
    h("option", { value: "person" }), h("option", { value: "link" })));
    this.editingLabel = h("span", { class: "settings-label" });
    this.editing = /** @type {HTMLSelectElement} */ (h("select", { class: "people-dept settings-choice", testid: "settings-editing",
      on: { change: () => set({ editing: this.editing.value }) } },
    h("option", { value: "own" }), h("option", { value: "everyone" })));
    this.editingHint = h("span", { class: "settings-hint" });
    this.lobbyText = h("span");
    this.lobby = /** @type {HTMLInputElement} */ (h("input", { type: "checkbox", testid: "settings-lobby",
      on: { change: () => set({ lobby: this.lobby.checked }) } }));
    this.minLabel = h("span", { class: "settings-label" });
    this.minGroup = /** @type {HTMLInputElement} */ (h("input", {
      class: "settings-number", type: "number", min: String(MIN_GROUP), max: String(MAX_GROUP), step: "1", testid: "settings-min-group",
      on: { change: () => this._minGroup() },
    }));
    this.minHint = h("span", { class: "settings-hint" });
    this.el = h("div", { class: "room-settings", testid: "room-settings" },
      this.title,
      h("label", { class: "settings-row" }, this.choiceLabel, this.choice),
      h("label", { class: "settings-row" }, this.editingLabel, this.editing),
      this.editingHint,
      h("label", { class: "settings-row settings-check" }, this.lobby, this.lobbyText),
      h("label", { class: "settings-row" }, this.minLabel, this.minGroup),
      this.minHint);
  }

  render() {
    const settings = boardSettings(this.ctx.board());
    setText(this.title, t("settings.title"));
    setText(this.choiceLabel, t("settings.choice"));
    const [person, link] = /** @type {HTMLOptionElement[]} */ ([...this.choice.options]);
    setText(person, t("settings.choice.person"));
    setText(link, t("settings.choice.link"));
    if (document.activeElement !== this.choice) this.choice.value = settings.department_choice;
    setText(this.editingLabel, t("settings.editing"));
    const [own, everyone] = /** @type {HTMLOptionElement[]} */ ([...this.editing.options]);
    setText(own, t("settings.editing.own"));
    setText(everyone, t("settings.editing.everyone"));
    const editing = /** @type {Record<string, unknown>} */ (this.ctx.board().settings ?? {}).editing;
    if (document.activeElement !== this.editing) this.editing.value = editing === "everyone" ? "everyone" : "own";
    setText(this.editingHint, t("settings.editing.hint"));
    setText(this.lobbyText, t("settings.lobby"));
    this.lobby.checked = settings.lobby;
    setText(this.minLabel, t("settings.min_group"));
    setText(this.minHint, t("settings.min_group.hint", { min: MIN_GROUP, max: MAX_GROUP }));
    if (document.activeElement !== this.minGroup) this.minGroup.value = String(settings.min_group);
  }

  _minGroup() {
    const k = Number(this.minGroup.value);
    if (!Number.isInteger(k) || k < MIN_GROUP || k > MAX_GROUP) {
      this.ctx.toast(t("settings.min_group.hint", { min: MIN_GROUP, max: MAX_GROUP }), { kind: "error" });
      this.minGroup.value = String(boardSettings(this.ctx.board()).min_group);
      return;
    }
    if (k !== boardSettings(this.ctx.board()).min_group) this.ctx.perform([{ kind: "board.settings", min_group: k }], { undoable: false });
  }
}
