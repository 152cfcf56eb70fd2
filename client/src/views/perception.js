// The perception exercise, "what are the other departments' goals?" (the session story, 3):
// a grid where each row is the department writing and each column the department written
// about. A note in its own department's column (the diagonal) is that department's real goal;
// every other note is a guess. Written in private (A2), the others' notes are counted
// face-down cards in their row; on reveal each column shows the guesses beside the real goals.
// Any note can be copied to the goal tree, where it can be hung on a node.

import { HIDDEN } from "../reducer.js";
import { t } from "../i18n.js";
import { h, setText, toggleClass } from "./dom.js";
import { markScrolling } from "./dots.js";
import { editInPlace } from "./editor.js";
import { icon } from "./icons.js";
import { treeFreeSpot } from "./goaltree.js";
import { markEditing } from "./notes.js";
import { MAX_TEXT } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Block} Block */
/** @typedef {import("../types.js").Item} Item */
/** @typedef {{department: string | null, cells: Map<string | null, Item[]>, hidden: number, visible: number}} GridRow */
/** @typedef {{columns: (string | null)[], rows: GridRow[]}} Grid */
/** @typedef {{el: HTMLElement, text: HTMLElement, author: HTMLElement, marker: HTMLElement, item: Item | null, markerKey: string}} Card */
/** @typedef {{el: HTMLElement, list: HTMLElement, add: HTMLButtonElement | null}} Cell */

/**
 * Sort a block's notes into the grid: rows are the writing departments (`author_department`),
 * columns the departments written about (`department`), both in the board's order. A
 * "no department" row or column appears only when something belongs there (the facilitator's
 * notes, a note with no department) or when the viewer is a participant without one. Notes
 * keep the order they were written in. Placeholders (A2) count in their author's row.
 * @param {{id: string}[]} departments @param {Item[]} items @param {{role: string, department: string | null}} viewer
 * @returns {Grid}
 */
export function perceptionGrid(departments, items, viewer) {
  const known = new Set(departments.map((d) => d.id));
  const dept = (/** @type {unknown} */ id) => (typeof id === "string" && known.has(id) ? id : null);
  const notes = items.filter((it) => it.kind === "note");
  const hidden = items.filter((it) => it.kind === HIDDEN);
  const ids = departments.map((d) => d.id);
  const nullRow = [...notes, ...hidden].some((it) => dept(it.author_department) === null)
    || (viewer.role === "participant" && dept(viewer.department) === null);
  const nullColumn = notes.some((n) => dept(n.department) === null);
  /** @type {(string | null)[]} */
  const columns = nullColumn ? [...ids, null] : [...ids];
  /** @type {(string | null)[]} */
  const rowIds = nullRow ? [...ids, null] : [...ids];
  const rows = rowIds.map((department) => ({
    department,
    cells: new Map(columns.map((c) => [c, /** @type {Item[]} */ ([])])),
    hidden: hidden.filter((it) => dept(it.author_department) === department).length,
    visible: 0,
  }));
  const rowOf = new Map(rows.map((r) => [r.department, r]));
  for (const note of notes) {
    const row = /** @type {GridRow} */ (rowOf.get(dept(note.author_department)));
    /** @type {Item[]} */ (row.cells.get(dept(note.department))).push(note);
    row.visible += 1;
  }
  return { columns, rows };
}

/** Is this note a department's real goal (written by that department about itself)? @param {Item} note */
export function isRealGoal(note) {
  return note.department != null && note.department === note.author_department;
}

/** The texts of one cell, as the grid shows them. @param {Grid} grid @param {string | null} row @param {string | null} column */
export function cellTexts(grid, row, column) {
  return (grid.rows.find((r) => r.department === row)?.cells.get(column) ?? []).map((n) => String(n.text ?? ""));
}

/**
 * The op that adds a note to a perception block (the board's and the phone's): about `about`
 * (a department, or none); the grid places it by department, so x and y do not matter.
 * @param {string} blockId @param {string} id @param {string} text @param {string | null} about
 * @returns {import("../types.js").ItemAddOp}
 */
export function perceptionNote(blockId, id, text, about) {
  return { kind: "item.add", id, block: blockId, item: { kind: "note", text, department: about, x: 0, y: 0, on: null } };
}

/**
 * Whom a first note is about: the first other department (the exercise asks about the
 * others; your own means its real goals).
 * @param {string[]} departments ids, in the board's order @param {string | null} mine
 */
export function firstGuess(departments, mine) {
  return departments.find((d) => d !== mine) ?? departments[0] ?? null;
}

/** A department id as a DOM data value: "" for none. @param {string | null} dept */
const key = (dept) => dept ?? "";

export class PerceptionView {
  /** @param {Ctx} ctx @param {HTMLElement} blockEl @param {HTMLElement} body */
  constructor(ctx, blockEl, body) {
    this.ctx = ctx;
    this.blockEl = blockEl;
    this.hint = h("div", { class: "perception-hint", testid: "perception-hint" });
    this.grid = h("div", { class: "perception-grid", testid: "perception-grid" });
    body.append(h("div", { class: "perception" }, this.hint, this.grid));
    /** @type {Block | null} */
    this.block = null;
    this.structure = "";
    /** @type {Map<string, HTMLElement>} heads, cells and face-down blanks by "kind|row|col" */
    this.parts = new Map();
    /** @type {Map<string, Cell>} by "row|col" */
    this.cells = new Map();
    /** @type {Map<string, Card>} */
    this.cards = new Map();
    /** @type {string | null | undefined} the column this person last wrote in (N writes there again) */
    this.lastColumn = undefined;
  }

  /** @param {Board} board @param {Block} block @param {Item[]} items */
  update(board, block, items) {
    this.block = block;
    const you = this.ctx.you();
    const grid = perceptionGrid(board.departments, items, { role: this.ctx.role, department: you.department });
    this._structure(board, grid);
    const watch = this.ctx.role !== "participant";
    setText(this.hint, watch ? t("perception.hint.watch") : t("perception.hint"));
    const seen = new Set();
    for (const row of grid.rows) {
      const faceDown = row.hidden > 0 && row.visible === 0;
      this._blank(row, faceDown);
      for (const column of grid.columns) {
        const cell = /** @type {Cell} */ (this.cells.get(`${key(row.department)}|${key(column)}`));
        toggleClass(cell.el, "hidden", faceDown);
        /** @type {Element | null} */
        let prev = null;
        for (const note of /** @type {Item[]} */ (row.cells.get(column))) {
          seen.add(note.id);
          const card = this._card(note);
          const want = prev ? prev.nextSibling : cell.list.firstChild;
          if (want !== card.el) cell.list.insertBefore(card.el, want);
          prev = card.el;
        }
        if (!faceDown) markScrolling(cell.list);
      }
    }
    for (const [id, card] of this.cards) {
      if (!seen.has(id)) { card.el.remove(); this.cards.delete(id); }
    }
  }

  /**
   * (Re)build heads and cells when the rows, columns or language change. Every part is
   * placed on the CSS grid explicitly, so cards never move in the DOM for a redraw (a moved
   * card would lose its text field's focus).
   * @param {Board} board @param {Grid} grid
   */
  _structure(board, grid) {
    const you = this.ctx.you();
    const mine = this.ctx.canEdit && this.ctx.role === "participant" ? you.department ?? null : undefined;
    const names = board.departments.map((d) => `${d.id}:${d.name}:${d.color}`).join(",");
    const structure = [grid.columns.map(key).join(","), grid.rows.map((r) => key(r.department)).join(","), names, mine, t("perception.real")].join("|");
    if (structure === this.structure) return;
    this.structure = structure;
    this.grid.style.setProperty("--columns", String(grid.columns.length));
    this.grid.style.setProperty("--rows", String(grid.rows.length));
    const used = new Set();
    const place = (/** @type {string} */ id, /** @type {() => HTMLElement} */ make, /** @type {number} */ row, /** @type {number} */ col) => {
      used.add(id);
      let el = this.parts.get(id);
      if (!el) {
        el = make();
        this.parts.set(id, el);
        this.grid.append(el);
      }
      el.style.gridRow = String(row);
      el.style.gridColumn = String(col);
      return el;
    };
    const corner = place("corner", () => h("div", { class: "perception-corner" }), 1, 1);
    setText(corner, t("perception.corner"));
    grid.columns.forEach((c, j) => {
      const head = place(`col|${key(c)}`, () => h("div", { class: "perception-col-head", testid: "perception-col", data: { col: key(c) } }), 1, j + 2);
      this._paint(head, c);
      setText(head, this._name(c));
    });
    grid.rows.forEach((r, i) => {
      const head = place(`row|${key(r.department)}`, () => h("div", { class: "perception-row-head", testid: "perception-row", data: { row: key(r.department) } },
        h("span", { class: "perception-row-name" })), i + 2, 1);
      this._paint(head, r.department);
      setText(/** @type {HTMLElement} */ (head.firstElementChild), t("perception.row", { dept: this._name(r.department) }));
      toggleClass(head, "is-mine", r.department === mine);
      grid.columns.forEach((c, j) => {
        const id = `${key(r.department)}|${key(c)}`;
        place(`cell|${id}`, () => this._cell(r.department, c).el, i + 2, j + 2);
        const cell = /** @type {Cell} */ (this.cells.get(id));
        this._drawCell(cell, r.department, c, r.department === mine);
      });
    });
    for (const [id, el] of this.parts) {
      if (!used.has(id) && !id.startsWith("blank|")) {
        el.remove();
        this.parts.delete(id);
        if (id.startsWith("cell|")) this.cells.delete(id.slice(5));
      }
    }
    for (const [id, el] of this.parts) {
      if (id.startsWith("blank|") && !grid.rows.some((r) => `blank|${key(r.department)}` === id)) { el.remove(); this.parts.delete(id); }
    }
  }

  /** @param {string | null} row @param {string | null} col @returns {Cell} */
  _cell(row, col) {
    const list = h("div", { class: "perception-notes" });
    const el = h("div", { class: "perception-cell", testid: "perception-cell", data: { row: key(row), col: key(col) } }, list);
    if (row !== null && row === col) el.append(h("div", { class: "perception-real-tag" }, icon("target", 14), h("span")));
    toggleClass(el, "is-real", row !== null && row === col);
    const cell = { el, list, add: /** @type {HTMLButtonElement | null} */ (null) };
    this.cells.set(`${key(row)}|${key(col)}`, cell);
    return cell;
  }

  /** @param {Cell} cell @param {string | null} row @param {string | null} col @param {boolean} mine */
  _drawCell(cell, row, col, mine) {
    const tag = cell.el.querySelector(".perception-real-tag span");
    if (tag) setText(tag, t("perception.real"));
    this._paint(cell.el, col);
    if (mine && !cell.add) {
      cell.add = /** @type {HTMLButtonElement} */ (h("button", { class: "perception-add", type: "button", testid: "perception-add",
        on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); this._add(col); } } }, icon("plus", 15), h("span")));
      cell.el.append(cell.add);
    } else if (!mine && cell.add) {
      cell.add.remove();
      cell.add = null;
    }
    if (cell.add) {
      const real = row !== null && row === col;
      setText(/** @type {HTMLElement} */ (cell.add.lastElementChild), real ? t("perception.add.real") : t("perception.add.guess"));
      cell.add.title = t(real ? "perception.add.real.title" : "perception.add.guess.title", { dept: this._name(col) });
    }
  }

  /**
   * The face-down cards of a row (A2): across the row when nothing in it is visible, in the
   * row's head when some of it is (private writing, each alone).
   * @param {GridRow} row @param {boolean} across
   */
  _blank(row, across) {
    const id = `blank|${key(row.department)}`;
    let el = this.parts.get(id);
    if (!row.hidden) {
      el?.remove();
      this.parts.delete(id);
      return;
    }
    if (!el) {
      el = h("div", { class: "perception-hidden", testid: "perception-hidden", data: { row: key(row.department) } },
        h("span", { class: "pile-cards" }, h("span"), h("span"), h("span")), h("span", { class: "perception-hidden-n" }), h("span", { class: "perception-hidden-why" }));
      this.parts.set(id, el);
    }
    const dept = this.ctx.dept(row.department);
    const label = dept ? t("private.count.notes", { n: row.hidden, dept: dept.name }) : t("private.count.notes.nodept", { n: row.hidden });
    setText(/** @type {HTMLElement} */ (el.children[1]), label);
    setText(/** @type {HTMLElement} */ (el.children[2]), t("perception.hidden"));
    el.dataset.n = String(row.hidden);
    this._paint(el, row.department);
    toggleClass(el, "across", across);
    const head = this.parts.get(`row|${key(row.department)}`);
    const rowIndex = head?.style.gridRow ?? "";
    if (across) {
      if (el.parentElement !== this.grid) this.grid.append(el);
      el.style.gridRow = rowIndex;
      el.style.gridColumn = "2 / -1";
    } else if (head && el.parentElement !== head) {
      el.style.gridRow = "";
      el.style.gridColumn = "";
      head.append(el);
    }
  }

  /** @param {Item} note @returns {Card} */
  _card(note) {
    let card = this.cards.get(note.id);
    if (!card) {
      card = this._createCard(note.id);
      this.cards.set(note.id, card);
    }
    // The text is compared on every draw, not only when the item changed: an update that
    // arrived while this person's editor was open was not drawn then (issue 17, 5).
    if (!card.el.classList.contains("editing-self")) setText(card.text, note.text);
    if (card.item !== note) {
      card.item = note;
      toggleClass(card.text, "empty", !note.text);
      setText(card.author, note.author_name ?? "");
      const real = isRealGoal(note);
      card.el.dataset.testid = real ? "perception-real" : "perception-guess";
      toggleClass(card.el, "is-real", real);
      this._paint(card.el, note.author_department ?? null);
      card.el.title = [note.author_name, this.ctx.dept(note.author_department)?.name].filter(Boolean).join(" · ");
    }
    toggleClass(card.el, "selected", this.ctx.selected === note.id);
    toggleClass(card.el, "not-mine", !this.ctx.mayEdit(note)); // A8: no delete on others' notes
    const editors = this.ctx.editorsOf(note.id);
    const markerKey = editors.map((p) => p.id).join(",");
    if (markerKey !== card.markerKey) {
      card.markerKey = markerKey;
      markEditing(this.ctx, card.el, card.marker, editors);
    }
    return card;
  }

  /** @param {string} id @returns {Card} */
  _createCard(id) {
    const ctx = this.ctx;
    const text = h("div", { class: "note-text", testid: "note-text" });
    const author = h("span", { class: "pnote-author" });
    const marker = h("div", { class: "editing-marker" });
    const tools = h("span", { class: "pnote-tools" });
    const el = h("div", { class: "note pnote", data: { id } }, marker, text, h("div", { class: "pnote-foot" }, author, tools));
    const tool = (/** @type {string} */ name, /** @type {string} */ title, /** @type {string} */ testid, /** @type {() => void} */ run) =>
      h("button", { class: "icon-button", type: "button", title, testid, on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); run(); } } }, icon(name, 15));
    if (ctx.canEdit) {
      tools.append(
        tool("copy", t("perception.copy"), "perception-copy", () => this.copyToGoalTree(id)),
        tool("trash", t("note.delete"), "note-delete", () => ctx.removeItem(id)));
      el.addEventListener("dblclick", (e) => { e.stopPropagation(); this.edit(id); });
    }
    el.addEventListener("click", () => ctx.select(id));
    return { el, text, author, marker, item: null, markerKey: "" };
  }

  /** @param {HTMLElement} el @param {string | null} dept */
  _paint(el, dept) {
    el.style.setProperty("--dept", this.ctx.dept(dept)?.color ?? "#94a3b8");
  }

  /** @param {string | null} dept */
  _name(dept) {
    return this.ctx.dept(dept)?.name ?? t("perception.nodept");
  }

  /**
   * N, the add-note button: a note in this person's row, in the column they last wrote in
   * (at first a guess about another department). `bx, by` (a board point) do not matter here.
   * @param {number | null} [_bx] @param {number | null} [_by]
   */
  addNote(_bx, _by) {
    const board = this.ctx.board();
    const mine = this.ctx.you().department ?? null;
    const ids = board.departments.map((d) => d.id);
    const column = this.lastColumn !== undefined && (this.lastColumn === null || ids.includes(this.lastColumn))
      ? this.lastColumn
      : firstGuess(ids, mine);
    this._add(column);
  }

  /** Write a new note about `column` (a department, or none), then type in it. @param {string | null} column */
  _add(column) {
    const block = this.block;
    if (!block || !this.ctx.tryEdit(block.id)) return;
    this.lastColumn = column;
    const id = this.ctx.newId("n");
    const ok = this.ctx.perform([perceptionNote(block.id, id, "", column)], { mergeKey: `new:${id}` });
    if (ok) this.ctx.editSoon(id);
  }

  /** @param {string} id */
  edit(id) {
    const card = this.cards.get(id);
    const item = card?.item;
    if (!card || !item || !this.ctx.canEdit || !this.ctx.tryEdit(item.block) || !this.ctx.tryChange(item)) return false;
    const session = this.ctx.editSession();
    const wasNew = item.text === "";
    this.ctx.select(id);
    card.el.classList.add("editing-self");
    showInCell(card.el);
    editInPlace(card.text, {
      value: item.text, multiline: true, maxLength: MAX_TEXT, placeholder: t("note.placeholder"), className: "note-editor pnote-editor",
      commit: (text) => this.ctx.perform([{ kind: "item.update", id, set: { text } }], { mergeKey: wasNew ? `new:${id}` : `edit:${id}:${session}` }),
      setEditing: (on) => this.ctx.setEditing(on ? id : null),
      onEnd: (text) => {
        card.el.classList.remove("editing-self");
        setText(card.text, this.ctx.board().items[id]?.text ?? text); // what the editor covered
        if (wasNew && text.trim() === "" && this.ctx.board().items[id]) {
          // A new note left empty is thrown away, with no undo step for it.
          this.ctx.perform([{ kind: "item.remove", id }], { undoable: false });
          this.ctx.dropUndo(`new:${id}`);
        }
      },
    });
    return true;
  }

  /**
   * Copy a note to the board's first goal tree as a free note, same text and department: there
   * the facilitator hangs it on the goal node it belongs to (a note, not a node, because
   * whether a guess or a real goal becomes a goal is the room's decision).
   * @param {string} id
   */
  copyToGoalTree(id) {
    const ctx = this.ctx;
    const board = ctx.board();
    const note = board.items[id];
    const tree = Object.values(board.blocks)
      .filter((b) => b.kind === "goal_tree")
      .sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : 1))[0];
    if (!note || note.kind !== "note") return;
    if (!tree) {
      ctx.toast(t("perception.no.tree"), { kind: "error" });
      return;
    }
    if (!ctx.tryEdit(tree.id)) return;
    const { x, y } = treeFreeSpot(board, tree, ctx.collapsed, ctx.you().id);
    const copy = ctx.newId("n");
    const ok = ctx.perform([{
      kind: "item.add", id: copy, block: tree.id,
      item: { kind: "note", text: note.text, department: note.department ?? null, x: Math.round(x), y: Math.round(y), on: null },
    }]);
    if (ok) ctx.toast(t("perception.copied"), { kind: "success", action: { label: t("action.show"), run: () => ctx.focusItem(copy) } });
  }
}

/**
 * Scroll a cell's list so the card shows (a new note at the end of a full cell). Only the
 * list scrolls: scrollIntoView would move the canvas too.
 * @param {HTMLElement} card
 */
function showInCell(card) {
  const list = card.parentElement;
  if (!list || list.scrollHeight <= list.clientHeight) return;
  const zoom = list.getBoundingClientRect().height / (list.offsetHeight || 1) || 1;
  const r = card.getBoundingClientRect();
  const l = list.getBoundingClientRect();
  if (r.top < l.top || r.bottom > l.bottom) list.scrollTop += (r.top - l.top) / zoom;
}
