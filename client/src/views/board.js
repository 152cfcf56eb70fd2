// The canvas content: one frame per block (title, item count, lock, private writing,
// spotlight), its kind's view inside, redrawn once per animation frame after anything changed.
// The facilitator's frames carry the block controls: lock, private writing, reveal, spotlight,
// rename, remove; the facilitator moves a block by its header and resizes it by its corner.

import { isLocked } from "../facilitation.js";
import { t } from "../i18n.js";
import { confirmRemove, keepTitleRoom, resizeHandles } from "./blockedit.js";
import { clear, h, setText, toggleClass } from "./dom.js";
import { dragFrom } from "./drag.js";
import { editInPlace } from "./editor.js";
import { BLOCK_ICONS, icon } from "./icons.js";
import { ActionsView } from "./actions.js";
import { VotePanel } from "./dots.js";
import { AgendaBlockView } from "./agenda.js";
import { GoalTreeView } from "./goaltree.js";
import { openMenu } from "./menu.js";
import { NoteBlockView } from "./noteblock.js";
import { PerceptionView } from "./perception.js";
import { PollBlockView } from "./poll.js";
import { PrivacyView } from "./privacy.js";
import { SwotView } from "./swot.js";
import { MAX_TITLE } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("./context.js").KindView} KindView */
/** @typedef {import("../types.js").Block} Block */
/**
 * @typedef {{lock: HTMLButtonElement, priv: HTMLButtonElement | null, reveal: HTMLButtonElement | null,
 *   spot: HTMLButtonElement, rename: HTMLButtonElement, remove: HTMLButtonElement, key: string}} FacControls
 * @typedef {{el: HTMLElement, title: HTMLElement, count: HTMLElement, index: HTMLElement, lock: HTMLElement,
 *   lockKey: string, view: KindView, privacy: PrivacyView, votes: VotePanel | null, fac: FacControls | null, block: Block | null, kind: string}} Frame
 */

/** Block kinds that hold items, and so can be private. */
const ITEM_KINDS = new Set(["notes", "perception", "results", "goal_tree", "swot", "action_plan"]);

const NOTE_KINDS = new Set(["notes", "perception", "results"]);

export class BoardView {
  /** @param {Ctx} ctx @param {HTMLElement} world */
  constructor(ctx, world) {
    this.ctx = ctx;
    this.world = world;
    /** @type {Map<string, Frame>} */
    this.frames = new Map();
    /** @type {string | null} */
    this.pendingEdit = null;
  }

  /** Blocks in reading order (top to bottom, left to right): what keys 1-8 go to. */
  orderedBlocks() {
    const board = this.ctx.board();
    if (!board) return [];
    return Object.values(board.blocks).sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : 1));
  }

  render() {
    const board = this.ctx.board();
    /** @type {Map<string, import("../types.js").Item[]>} */
    const byBlock = new Map();
    for (const it of Object.values(board.items)) {
      const list = byBlock.get(it.block);
      if (list) list.push(it);
      else byBlock.set(it.block, [it]);
    }
    const ordered = this.orderedBlocks();
    const seen = new Set();
    ordered.forEach((block, index) => {
      seen.add(block.id);
      let frame = this.frames.get(block.id);
      if (!frame || frame.kind !== block.kind) {
        frame?.el.remove();
        frame = this._create(block);
        this.frames.set(block.id, frame);
      }
      const items = byBlock.get(block.id) ?? [];
      this._drawFrame(frame, block, index, items);
      frame.view.update(board, block, items);
      frame.privacy.update(board, block, items);
      frame.votes?.update(board, block, items);
    });
    for (const [id, frame] of this.frames) {
      if (!seen.has(id)) { frame.el.remove(); this.frames.delete(id); }
    }
    if (this.pendingEdit) {
      const id = this.pendingEdit;
      this.pendingEdit = null;
      this.edit(id);
    }
  }

  /** Start editing an item wherever it is drawn. @param {string} id */
  edit(id) {
    const item = this.ctx.board().items[id];
    const frame = item ? this.frames.get(item.block) : null;
    return Boolean(frame?.view.edit?.(id));
  }

  /** @param {Block} block @returns {Frame} */
  _create(block) {
    const ctx = this.ctx;
    const title = h("h2", { class: "block-title", testid: "block-title" });
    const count = h("span", { class: "block-count" });
    const index = h("span", { class: "block-index" });
    const lock = h("span", { class: "block-lock", testid: "block-lock" });
    const tools = h("div", { class: "block-tools" });
    const facTools = h("div", { class: "fac-tools" });
    const head = h("header", { class: "block-head" },
      index, h("span", { class: "block-icon" }, icon(BLOCK_ICONS[/** @type {keyof BLOCK_ICONS} */ (block.kind)] ?? "note", 22)),
      title, lock, count, h("span", { class: "spacer" }), tools, facTools);
    const body = h("div", { class: "block-body" });
    const el = h("section", { class: `block kind-${block.kind}`, testid: `block-${block.id}`, data: { blockId: block.id, kind: block.kind } }, head, body);
    const view = makeView(ctx, block.kind, el, body);
    if (view.tools) tools.append(view.tools);
    const privacy = new PrivacyView(ctx, el);
    // Dot votes (E2) on any block with items: a panel over the block, its chip and the facilitator's start / close.
    const votes = ITEM_KINDS.has(block.kind) ? new VotePanel(ctx, el, block.id) : null;
    if (votes) tools.prepend(votes.chip);
    if (votes?.control) facTools.append(votes.control);
    let fac = null;
    if (ctx.isFacilitator) {
      const rename = this._facilitate(el, head, title, block.id);
      fac = this._controls(facTools, block, rename);
      title.after(rename);
      el.append(...resizeHandles(ctx, el, block.id, block.kind));
    }
    this.world.append(el);
    return { el, title, count, index, lock, lockKey: "", view, privacy, votes, fac, block: null, kind: block.kind };
  }

  /**
   * The facilitator's controls in a block header: lock, private writing (with reveal),
   * spotlight, remove (and rename, which sits by the title).
   * @param {HTMLElement} holder @param {Block} block @param {HTMLButtonElement} rename @returns {FacControls}
   */
  _controls(holder, block, rename) {
    const ctx = this.ctx;
    const id = block.id;
    const current = () => ctx.board().blocks[id];
    const button = (/** @type {string} */ cls, /** @type {string} */ testid, /** @type {(e: MouseEvent) => void} */ run) =>
      /** @type {HTMLButtonElement} */ (h("button", { class: cls, type: "button", testid, on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); run(e); } } }));
    const lock = button("icon-button fac-button", "block-lock-toggle", () => {
      const b = current();
      if (b) ctx.perform([{ kind: "block.lock", id, locked: !b.locked }]);
    });
    /** @type {HTMLButtonElement | null} */
    let priv = null;
    /** @type {HTMLButtonElement | null} */
    let reveal = null;
    if (ITEM_KINDS.has(block.kind)) {
      const pick = (/** @type {"own" | "department" | null} */ mode) => {
        const b = current();
        if (b && (b.private ?? null) !== mode) ctx.perform([{ kind: "block.private", id, mode }]);
      };
      const menuButton = button("chip-button fac-private", "block-private", () => {
        const mode = current()?.private ?? null;
        openMenu(/** @type {HTMLElement} */ (priv), [
          { label: t("fac.private.off"), testid: "private-off", checked: mode === null, onSelect: () => pick(null) },
          { label: t("fac.private.own"), testid: "private-own", checked: mode === "own", onSelect: () => pick("own") },
          { label: t("fac.private.department"), testid: "private-department", checked: mode === "department", onSelect: () => pick("department") },
        ], { title: t("fac.private") });
      });
      priv = menuButton;
      reveal = button("chip-button fac-reveal", "block-reveal", () => pick(null));
    }
    const spot = button("icon-button fac-button", "block-spotlight", () => {
      const on = ctx.board().spotlight === id;
      ctx.perform([{ kind: "board.spotlight", block: on ? null : id }]);
    });
    const remove = button("icon-button fac-button block-remove", "block-remove", () => confirmRemove(ctx, remove, id));
    holder.append(...[priv, reveal, lock, spot, remove].filter((x) => x !== null));
    return { lock, priv, reveal, spot, rename, remove, key: "" };
  }

  /** @param {FacControls} fac @param {Block} block */
  _drawControls(fac, block) {
    const board = this.ctx.board();
    const locked = Boolean(block.locked);
    const mode = block.private ?? null;
    const spotlit = board.spotlight === block.id;
    const key = `${locked}|${mode}|${spotlit}|${t("fac.private")}`;
    if (key === fac.key) return;
    fac.key = key;
    clear(fac.lock);
    fac.lock.append(icon(locked ? "lock" : "unlock", 19));
    fac.lock.title = locked ? t("fac.unlock.block") : t("fac.lock.block");
    fac.lock.setAttribute("aria-pressed", String(locked));
    toggleClass(fac.lock, "active", locked);
    if (fac.priv) {
      clear(fac.priv);
      fac.priv.append(icon("eyeOff", 16), h("span", { text: mode === null ? t("fac.private") : t(`fac.private.short.${mode}`) }));
      fac.priv.title = mode === null ? t("fac.private.title") : `${t("fac.private.title")}: ${t(`fac.private.${mode}`)}`;
      fac.priv.dataset.mode = mode ?? "";
      toggleClass(fac.priv, "active", mode !== null);
    }
    if (fac.reveal) {
      clear(fac.reveal);
      fac.reveal.append(icon("eye", 16), h("span", { text: t("fac.reveal") }));
      fac.reveal.title = t("fac.reveal.title");
      toggleClass(fac.reveal, "hidden", mode === null);
    }
    clear(fac.spot);
    fac.spot.append(icon("spotlight", 19));
    fac.spot.title = spotlit ? t("fac.spotlight.off") : t("fac.spotlight");
    fac.spot.setAttribute("aria-pressed", String(spotlit));
    toggleClass(fac.spot, "active", spotlit);
    clear(fac.rename);
    fac.rename.append(icon("edit", 16));
    fac.rename.title = t("block.rename.button");
    fac.rename.setAttribute("aria-label", t("block.rename.button"));
    clear(fac.remove);
    fac.remove.append(icon("trash", 18));
    fac.remove.title = t("block.remove");
    fac.remove.setAttribute("aria-label", t("block.remove"));
  }

  /** @param {Frame} frame @param {Block} block @param {number} index @param {import("../types.js").Item[]} items */
  _drawFrame(frame, block, index, items) {
    if (frame.block !== block) {
      frame.block = block;
      frame.el.style.left = `${block.x}px`;
      frame.el.style.top = `${block.y}px`;
      frame.el.style.width = `${block.w}px`;
      frame.el.style.height = `${block.h}px`;
    }
    // Also after a rename ends whose last text was already sent (the block did not change).
    if (!frame.title.classList.contains("is-editing") && frame.title.textContent !== block.title) {
      setText(frame.title, block.title);
      keepTitleRoom(frame.title);
    }
    setText(frame.index, String(index + 1));
    const n = NOTE_KINDS.has(block.kind) || block.kind === "goal_tree" || block.kind === "swot" || block.kind === "action_plan" ? items.length : 0;
    setText(frame.count, n ? t("block.items", { n }) : "");
    toggleClass(frame.el, "has-selection", items.some((it) => it.id === this.ctx.selected));
    const board = this.ctx.board();
    const locked = isLocked(board, block.id);
    toggleClass(frame.el, "is-locked", locked);
    toggleClass(frame.el, "readonly", this.ctx.canEdit && !this.ctx.canEditBlock(block.id));
    toggleClass(frame.el, "is-private", (block.private ?? null) !== null);
    toggleClass(frame.el, "is-spotlit", board.spotlight === block.id);
    const lockKey = locked ? `${board.locked ? "board" : "block"}|${t("lock.block")}` : "";
    if (lockKey !== frame.lockKey) {
      frame.lockKey = lockKey;
      clear(frame.lock);
      if (locked) {
        frame.lock.append(icon("lock", 16), h("span", { text: t("lock.block") }));
        frame.lock.title = board.locked ? t("lock.board.title") : t("lock.block.title");
      } else frame.lock.title = "";
    }
    if (frame.fac) this._drawControls(frame.fac, block);
  }

  /**
   * The facilitator renames a block (double-click its title, or its pencil button) and moves
   * it (drag its header). Returns the pencil button, for the header.
   * @param {HTMLElement} el @param {HTMLElement} head @param {HTMLElement} title @param {string} id
   * @returns {HTMLButtonElement}
   */
  _facilitate(el, head, title, id) {
    const ctx = this.ctx;
    title.title = t("block.rename");
    const rename = () => {
      const block = ctx.board().blocks[id];
      if (!block || title.classList.contains("is-editing")) return;
      const session = ctx.editSession();
      const { field } = editInPlace(title, {
        value: block.title, maxLength: MAX_TITLE, className: "title-editor",
        commit: (text) => ctx.perform([{ kind: "block.update", id, set: { title: text } }], { mergeKey: `block:${id}:${session}` }),
        onEnd: () => ctx.invalidate(),
      });
      field.select();
    };
    title.addEventListener("dblclick", (e) => {
      e.stopPropagation();
      rename();
    });
    const button = /** @type {HTMLButtonElement} */ (h("button", {
      class: "icon-button block-rename", type: "button", testid: "block-rename",
      on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); rename(); } },
    }));
    head.dataset.nopan = "1";
    head.classList.add("movable");
    head.addEventListener("pointerdown", (e) => {
      if (e.target instanceof Element && e.target.closest("button, textarea, input, .block-title.is-editing")) return;
      dragFrom(e, el, {
        onDrop: (x, y, grab) => {
          const block = ctx.board().blocks[id];
          if (!block) return;
          const p = ctx.toBoard(x, y);
          const nx = Math.round(p.x - grab.x);
          const ny = Math.round(p.y - grab.y);
          if (nx !== block.x || ny !== block.y) ctx.perform([{ kind: "block.update", id, set: { x: nx, y: ny } }]);
        },
      });
    });
    return button;
  }
}

/** @param {Ctx} ctx @param {string} kind @param {HTMLElement} el @param {HTMLElement} body @returns {KindView} */
function makeView(ctx, kind, el, body) {
  if (kind === "perception") return new PerceptionView(ctx, el, body);
  if (NOTE_KINDS.has(kind)) return new NoteBlockView(ctx, el, body, kind);
  if (kind === "goal_tree") return new GoalTreeView(ctx, el, body);
  if (kind === "swot") return new SwotView(ctx, el, body);
  if (kind === "action_plan") return new ActionsView(ctx, el, body);
  if (kind === "poll") return new PollBlockView(ctx, el, body);
  if (kind === "agenda") return new AgendaBlockView(ctx, el, body);
  return new PlaceholderView(body);
}

/** A block kind this client does not draw yet: the frame says what is coming. */
class PlaceholderView {
  /** @param {HTMLElement} body */
  constructor(body) {
    this.note = h("div", { class: "block-empty soon" });
    body.append(this.note);
  }

  update() {
    setText(this.note, t("block.soon"));
  }
}
