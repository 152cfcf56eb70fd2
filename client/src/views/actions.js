// The action plan: a table of actions — title, kind, owner departments, assignee, cadence
// (regular processes) or due date, status, and the link back to the SWOT item or goal node
// an action was made from. Cells edit in place; what others type shows up live.

import { bySiblingOrder, orderAt } from "../ordering.js";
import { t } from "../i18n.js";
import { h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";
import { openMenu } from "./menu.js";
import { MAX_TITLE } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("./context.js").Item} Item */
/**
 * @typedef {{el: HTMLElement, item: Item | null, title: HTMLInputElement, kind: HTMLSelectElement,
 *   owners: HTMLElement, assignee: HTMLInputElement, cadence: HTMLInputElement, due: HTMLInputElement,
 *   status: HTMLSelectElement, source: HTMLElement, markerKey: string, lang: string, locked: boolean}} RowRecord
 */

const KINDS = /** @type {const} */ (["process", "task", "goal"]);
const STATUSES = /** @type {const} */ (["todo", "doing", "done", "dropped"]);

export class ActionsView {
  /** @param {Ctx} ctx @param {HTMLElement} blockEl @param {HTMLElement} body */
  constructor(ctx, blockEl, body) {
    this.ctx = ctx;
    /** @type {string | null} */
    this.blockId = null;
    this.headRow = h("tr");
    this.rows = h("tbody");
    this.table = h("table", { class: "actions-table", testid: "action-table" }, h("thead", {}, this.headRow), this.rows);
    this.empty = h("div", { class: "block-empty actions-empty" });
    body.append(h("div", { class: "actions-wrap" }, this.table, this.empty));
    /** @type {Map<string, RowRecord>} */
    this.records = new Map();
    this.headLang = "";
    /** Locked for this participant (A1): the cells are read-only until the facilitator unlocks. */
    this.locked = false;
    this.tools = ctx.canEdit
      ? h("button", { class: "chip-button", type: "button", testid: "action-add", on: { click: () => this.add() } },
          icon("plus", 16), h("span", { text: t("action.add") }))
      : undefined;
  }

  /** @param {import("../types.js").Board} board @param {import("../types.js").Block} block @param {Item[]} items */
  update(board, block, items) {
    this.blockId = block.id;
    const lang = t("action.col.title");
    if (lang !== this.headLang) {
      this.headLang = lang;
      while (this.headRow.firstChild) this.headRow.firstChild.remove();
      for (const key of /** @type {const} */ (["action.col.title", "action.col.kind", "action.col.owners", "action.col.assignee", "action.col.when", "action.col.status", "action.col.source"])) {
        this.headRow.append(h("th", { text: t(key) }));
      }
      this.headRow.append(h("th", { class: "col-tools" }));
    }
    const locked = this.ctx.canEdit && !this.ctx.canEditBlock(block.id);
    const lockChanged = locked !== this.locked;
    this.locked = locked;
    const actions = items.filter((it) => it.kind === "action").sort(bySiblingOrder);
    const seen = new Set();
    let prev = null;
    for (const item of actions) {
      seen.add(item.id);
      let rec = this.records.get(item.id);
      if (!rec) {
        rec = this._create(item.id);
        this.records.set(item.id, rec);
      }
      if (lockChanged || rec.locked !== locked) this._lock(rec, locked);
      if (rec.item !== item || rec.lang !== lang) this._draw(rec, item, board, lang);
      else this._source(rec, item, board); // the source's text may have changed
      toggleClass(rec.el, "selected", this.ctx.selected === item.id);
      const editors = this.ctx.editorsOf(item.id);
      const mk = editors.map((p) => p.id).join(",");
      if (mk !== rec.markerKey) {
        rec.markerKey = mk;
        toggleClass(rec.el, "being-edited", editors.length > 0);
        if (editors.length) rec.el.style.setProperty("--editor", this.ctx.dept(editors[0].department)?.color ?? "#64748b");
        rec.el.title = editors.length ? t("presence.editing", { name: editors.map((p) => p.name).join(", ") }) : "";
      }
      const want = prev ? prev.nextSibling : this.rows.firstChild;
      if (want !== rec.el) this.rows.insertBefore(rec.el, want);
      prev = rec.el;
    }
    for (const [id, rec] of this.records) {
      if (!seen.has(id)) { rec.el.remove(); this.records.delete(id); }
    }
    const any = actions.length > 0 || items.some((it) => it.kind === "hidden");
    toggleClass(this.empty, "hidden", any);
    setText(this.empty, any ? "" : t("action.empty"));
  }

  /** A locked block's cells cannot be changed (A1). @param {RowRecord} rec @param {boolean} locked */
  _lock(rec, locked) {
    rec.locked = locked;
    const ro = locked || !this.ctx.canEdit;
    for (const el of [rec.title, rec.assignee, rec.cadence]) el.readOnly = ro;
    for (const el of [rec.due, rec.kind, rec.status]) el.disabled = ro;
    if (locked && rec.el.contains(document.activeElement)) /** @type {HTMLElement} */ (document.activeElement).blur();
  }

  /** @param {string} id @returns {RowRecord} */
  _create(id) {
    const ctx = this.ctx;
    const ro = !ctx.canEdit;
    /** @param {string} field @param {string} cls @param {number} max */
    const input = (field, cls, max) => {
      const el = /** @type {HTMLInputElement} */ (h("input", { class: `cell-input ${cls}`, type: "text", maxLength: max, readOnly: ro, testid: `action-${field}` }));
      this._bindText(el, id, field);
      return el;
    };
    const title = input("title", "cell-title", MAX_TITLE);
    const assignee = input("assignee", "cell-assignee", MAX_TITLE);
    const cadence = input("cadence", "cell-cadence", MAX_TITLE);
    const due = /** @type {HTMLInputElement} */ (h("input", { class: "cell-input cell-due", type: "date", readOnly: ro, disabled: ro, testid: "action-due" }));
    due.addEventListener("change", () => ctx.perform([{ kind: "item.update", id, set: { due: due.value || null } }]));
    this._bindFocus(due, id);
    const kind = /** @type {HTMLSelectElement} */ (h("select", { class: "cell-select", disabled: ro, testid: "action-kind" }));
    kind.addEventListener("change", () => ctx.perform([{ kind: "item.update", id, set: { action_kind: kind.value } }]));
    const status = /** @type {HTMLSelectElement} */ (h("select", { class: "cell-select status-select", disabled: ro, testid: "action-status" }));
    status.addEventListener("change", () => ctx.perform([{ kind: "item.update", id, set: { status: status.value } }]));
    const owners = h("div", { class: "owners", testid: "action-owners" });
    if (!ro) {
      owners.addEventListener("click", (e) => {
        e.stopPropagation();
        if (this.blockId && this.ctx.tryEdit(this.blockId)) this._pickOwners(id, owners);
      });
    }
    const source = h("div", { class: "source-cell" });
    const el = h("tr", { class: "action-row", testid: "action-row", data: { id } },
      h("td", {}, title), h("td", {}, kind), h("td", {}, owners), h("td", {}, assignee),
      h("td", { class: "when" }, cadence, due), h("td", {}, status), h("td", {}, source),
      h("td", { class: "col-tools" }, ro ? null : h("button", {
        class: "icon-button row-delete", type: "button", title: t("action.delete"), testid: "action-delete",
        on: { click: () => ctx.perform([{ kind: "item.remove", id }]) },
      }, icon("trash", 15))));
    el.addEventListener("click", () => ctx.select(id));
    return { el, item: null, title, kind, owners, assignee, cadence, due, status, source, markerKey: "", lang: "", locked: false };
  }

  /** Text cells: sent while typing (debounced) and on leaving; remote values shown when not focused.
   * @param {HTMLInputElement} el @param {string} id @param {string} field */
  _bindText(el, id, field) {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    let session = 0;
    const send = () => {
      clearTimeout(timer);
      timer = undefined;
      const item = this.ctx.board().items[id];
      if (!item) return;
      const value = field === "cadence" ? el.value || null : el.value;
      if ((item[field] ?? null) === value || (field !== "cadence" && item[field] === el.value)) return;
      this.ctx.perform([{ kind: "item.update", id, set: { [field]: value } }], { mergeKey: `edit:${id}:${field}:${session}` });
    };
    el.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(send, 400); });
    el.addEventListener("focus", () => { session = this.ctx.editSession(); });
    el.addEventListener("blur", send);
    el.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter" || e.key === "Escape") el.blur();
    });
    this._bindFocus(el, id);
  }

  /** @param {HTMLElement} el @param {string} id */
  _bindFocus(el, id) {
    el.addEventListener("focus", () => { this.ctx.select(id); this.ctx.setEditing(id); });
    el.addEventListener("blur", () => this.ctx.setEditing(null));
  }

  /** @param {RowRecord} rec @param {Item} item @param {import("../types.js").Board} board @param {string} lang */
  _draw(rec, item, board, lang) {
    rec.item = item;
    const setValue = (/** @type {HTMLInputElement} */ el, /** @type {string} */ v) => { if (document.activeElement !== el && el.value !== v) el.value = v; };
    setValue(rec.title, item.title);
    rec.title.placeholder = t("action.title.placeholder");
    setValue(rec.assignee, item.assignee);
    rec.assignee.placeholder = t("action.assignee.placeholder");
    // Every control named for screen readers: the column heading says it only to the eye.
    rec.title.setAttribute("aria-label", t("action.col.title"));
    rec.assignee.setAttribute("aria-label", t("action.col.assignee"));
    rec.cadence.setAttribute("aria-label", t("action.cadence.label"));
    rec.due.setAttribute("aria-label", t("action.due.label"));
    rec.kind.setAttribute("aria-label", t("action.col.kind"));
    rec.status.setAttribute("aria-label", t("action.col.status"));
    setValue(rec.cadence, item.cadence ?? "");
    rec.cadence.placeholder = t("action.cadence.placeholder");
    setValue(rec.due, item.due ?? "");
    const process = item.action_kind === "process";
    toggleClass(rec.cadence, "hidden", !process);
    toggleClass(rec.due, "hidden", process);
    if (rec.lang !== lang) {
      fillSelect(rec.kind, KINDS.map((k) => [k, t(`action.kind.${k}`)]));
      fillSelect(rec.status, STATUSES.map((s) => [s, t(`action.status.${s}`)]));
      rec.lang = lang;
    }
    rec.kind.value = item.action_kind;
    rec.status.value = item.status;
    rec.el.dataset.status = item.status;
    rec.el.dataset.kind = item.action_kind;
    while (rec.owners.firstChild) rec.owners.firstChild.remove();
    for (const owner of item.owners) {
      const d = this.ctx.dept(owner);
      const pill = h("span", { class: "owner-pill", text: d?.name ?? owner, testid: "action-owner" });
      pill.style.setProperty("--dept", d?.color ?? "#94a3b8");
      rec.owners.append(pill);
    }
    this._source(rec, item, board);
  }

  /** @param {RowRecord} rec @param {Item} item @param {import("../types.js").Board} board */
  _source(rec, item, board) {
    const src = item.source ? board.items[item.source] : null;
    const label = !item.source ? "" : !src ? t("action.source.gone")
      : src.kind === "hidden" ? t("private.label") // its block is private writing (A2)
      : `${src.kind === "goal" ? t("action.source.goal") : t("action.source.swot")} · ${src.kind === "goal" ? src.title : src.text}`;
    if (rec.source.dataset.label === label) return;
    rec.source.dataset.label = label;
    while (rec.source.firstChild) rec.source.firstChild.remove();
    if (!label) return;
    const link = h("button", {
      class: `source-link${src ? "" : " gone"}`, type: "button", testid: "action-source", disabled: !src, title: label,
      on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); if (item.source) this.ctx.focusItem(item.source); } },
    }, icon("link", 14), h("span", { text: label }));
    rec.source.append(link);
  }

  /** @param {string} id @param {HTMLElement} anchor */
  _pickOwners(id, anchor) {
    const board = this.ctx.board();
    openMenu(anchor, board.departments.map((d) => ({
      label: d.name, color: d.color, checked: (board.items[id]?.owners ?? []).includes(d.id),
      onSelect: () => {
        const item = this.ctx.board().items[id];
        if (!item) return;
        const owners = item.owners.includes(d.id) ? item.owners.filter((/** @type {string} */ o) => o !== d.id) : [...item.owners, d.id];
        if (!owners.length) { this.ctx.toast(t("action.owners.need")); return; }
        const ordered = this.ctx.board().departments.map((x) => x.id).filter((x) => owners.includes(x));
        this.ctx.perform([{ kind: "item.update", id, set: { owners: ordered } }]);
      },
    })), { multi: true, title: t("action.col.owners") });
  }

  /** A new empty action at the end, its title field focused. */
  add() {
    const id = this.ctx.newId("a");
    const board = this.ctx.board();
    const dept = this.ctx.you().department ?? board.departments[0]?.id;
    if (!this.blockId || !dept) return;
    const ok = this.ctx.perform([newAction(board, this.blockId, id, { owners: [dept] })]);
    if (ok) this.ctx.editSoon(id);
  }

  /** @param {string} id */
  edit(id) {
    const rec = this.records.get(id);
    if (!rec || !this.ctx.canEdit) return false;
    if (this.blockId && !this.ctx.tryEdit(this.blockId)) return false;
    rec.title.focus();
    rec.title.select();
    return true;
  }
}

/** @param {HTMLSelectElement} select @param {string[][]} options */
function fillSelect(select, options) {
  while (select.firstChild) select.firstChild.remove();
  for (const [value, label] of options) select.append(h("option", { value, text: label }));
}

/**
 * An item.add for a new action at the end of the plan.
 * @param {import("../types.js").Board} board @param {string} blockId @param {string} id
 * @param {{title?: string, action_kind?: string, owners: string[], source?: string | null}} fields
 * @returns {import("../types.js").Op}
 */
export function newAction(board, blockId, id, fields) {
  const siblings = Object.values(board.items).filter((it) => it.kind === "action" && it.block === blockId).sort(bySiblingOrder);
  const last = siblings[siblings.length - 1];
  const { order } = last ? orderAt([last], 1) : orderAt([], 0);
  return {
    kind: "item.add", id, block: blockId,
    item: {
      kind: "action", title: (fields.title ?? "").slice(0, MAX_TITLE), action_kind: fields.action_kind ?? "task",
      owners: fields.owners, assignee: "", cadence: null, due: null, status: "todo",
      source: fields.source ?? null, order,
    },
  };
}
