// Writing into the block of the moment from a phone: a note (department preset to yours), a
// SWOT item in the quadrant picked, or an action owned by your department. In the perception
// block the department picked is the one written about (your own: its real goals), as on the
// board (views/perception.js). Below the form, what you wrote there, each with "sent ✓".

import { t, tk } from "../i18n.js";
import { orderAt, bySiblingOrder } from "../ordering.js";
import { newAction } from "../views/actions.js";
import { h, setText, toggleClass } from "../views/dom.js";
import { FLOW_KINDS } from "../layout.js";
import { treeFreeSpot } from "../views/goaltree.js";
import { firstGuess, perceptionNote } from "../views/perception.js";
import { writeKind } from "./now.js";
import { itemText } from "./items.js";
import { delivery, unsentItems } from "./pending.js";
import { MAX_TEXT } from "../protocol.gen.js";

/** @typedef {import("./context.js").PhoneCtx} PhoneCtx */
/** @typedef {import("../types.js").Block} Block */
/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Op} Op */

const QUADRANTS = /** @type {const} */ (["S", "W", "O", "T"]);
const MINE_SHOWN = 5;

export class WriteCard {
  /** @param {PhoneCtx} ctx @param {string} blockId */
  constructor(ctx, blockId) {
    this.ctx = ctx;
    this.blockId = blockId;
    /** @type {string} */
    this.quadrant = "S";
    /** @type {string | null | undefined} the department picked; undefined: not picked yet (preset) */
    this.department = undefined;
    this.kicker = h("p", { class: "phone-kicker" });
    this.banner = h("p", { class: "phone-banner", testid: "phone-private" });
    this.locked = h("p", { class: "phone-banner locked", testid: "phone-locked" });
    this.quadrants = h("div", { class: "phone-quadrants", attrs: { role: "radiogroup" } },
      QUADRANTS.map((q) => h("button", {
        class: `phone-choice quadrant-${q}`, type: "button", testid: `phone-quadrant-${q}`, data: { q },
        attrs: { role: "radio" }, on: { click: () => { this.quadrant = q; this.ctx.invalidate(); } },
      })));
    this.textLabel = h("label", { class: "phone-label", htmlFor: `phone-text-${blockId}` });
    this.text = /** @type {HTMLTextAreaElement} */ (h("textarea", {
      class: "phone-input", id: `phone-text-${blockId}`, testid: "phone-note-text", rows: 3, maxLength: MAX_TEXT,
    }));
    this.deptLabel = h("p", { class: "phone-label" });
    this.depts = h("div", { class: "phone-depts", attrs: { role: "radiogroup" } });
    this.deptsKey = "";
    this.add = /** @type {HTMLButtonElement} */ (h("button", {
      class: "button primary big", type: "button", testid: "phone-note-add", on: { click: () => this._add() },
    }));
    this.form = h("div", { class: "phone-write-form" }, this.quadrants, this.textLabel, this.text, this.deptLabel, this.depts, this.add);
    this.mineHead = h("h4", { class: "phone-subhead" });
    this.mine = h("ul", { class: "phone-mine" });
    this.el = h("article", { class: "phone-card phone-write", testid: "phone-write", data: { block: blockId } },
      this.kicker, this.banner, this.locked, this.form, this.mineHead, this.mine);
  }

  /** @param {Block} block */
  update(block) {
    const board = this.ctx.board();
    const you = this.ctx.you();
    const kind = writeKind(block.kind);
    const perception = block.kind === "perception";
    setText(this.kicker, t(perception ? "phone.write.perception" : kind === "swot" ? "phone.write.swot" : kind === "action" ? "phone.write.action" : "phone.write.note"));
    const mode = block.private ?? null;
    toggleClass(this.banner, "hidden", mode === null);
    setText(this.banner, mode === "own" ? t("private.banner.own") : mode === "department" ? t("private.banner.department") : "");
    const editable = this.ctx.canEdit(block.id);
    toggleClass(this.locked, "hidden", editable);
    setText(this.locked, editable ? "" : t("lock.block.title"));
    toggleClass(this.form, "hidden", !editable);

    toggleClass(this.quadrants, "hidden", kind !== "swot");
    for (const b of /** @type {HTMLElement[]} */ ([...this.quadrants.children])) {
      const on = b.dataset.q === this.quadrant;
      setText(b, tk(`swot.${b.dataset.q}`));
      b.setAttribute("aria-checked", String(on));
      toggleClass(b, "chosen", on);
    }
    setText(this.textLabel, t(kind === "action" ? "phone.write.action.label" : "phone.write.text"));
    this.text.placeholder = t(perception ? "phone.write.perception.placeholder" : "phone.write.placeholder");
    setText(this.deptLabel, t(perception ? "phone.write.about" : kind === "action" ? "phone.write.owner" : "phone.write.department"));
    this._drawDepts(board, perception, you.department);
    setText(this.add, t("phone.write.add"));

    // What you wrote here, newest first: "sent ✓" once the hub has it.
    const unsent = unsentItems(this.ctx.pending());
    const mine = Object.values(board.items).filter((it) => it.block === block.id && it.author === you.id && it.kind !== "hidden").slice(-MINE_SHOWN).reverse();
    setText(this.mineHead, mine.length ? t("phone.write.mine") : "");
    toggleClass(this.mineHead, "hidden", !mine.length);
    this.mine.replaceChildren(...mine.map((it) => {
      const where = delivery(unsent.has(it.id), this.ctx.live());
      const about = perception ? this.ctx.dept(it.department)?.name : null;
      return h("li", { class: "phone-mine-item", testid: "phone-mine-item", data: { id: it.id, state: where } },
        h("span", { class: "phone-mine-text", text: about ? `${about}: ${itemText(it)}` : itemText(it) }),
        h("span", { class: `phone-delivery ${where}`, testid: where === "sent" ? "phone-sent" : "phone-waiting", text: t(`phone.delivery.item.${where}`) }));
    }));
  }

  /**
   * Department chips: yours preset. In perception they say whom the note is about, preset to
   * the first other department (the exercise asks about the others; yours means its real goals).
   * @param {Board} board @param {boolean} perception @param {string | null} yours
   */
  _drawDepts(board, perception, yours) {
    const depts = board.departments;
    if (this.department === undefined || (this.department !== null && !depts.some((d) => d.id === this.department))) {
      this.department = perception ? firstGuess(depts.map((d) => d.id), yours) : yours ?? depts[0]?.id ?? null;
    }
    const key = `${perception}|${yours}|${depts.map((d) => `${d.id}:${d.name}:${d.color}`).join(",")}|${t("phone.write.ours")}`;
    if (key !== this.deptsKey) {
      this.deptsKey = key;
      this.depts.replaceChildren(...depts.map((d) => {
        const el = h("button", {
          class: "phone-choice phone-dept", type: "button", testid: `phone-dept-${d.id}`, data: { dept: d.id },
          attrs: { role: "radio" }, on: { click: () => { this.department = d.id; this.ctx.invalidate(); } },
        }, h("span", { class: "phone-swatch" }), h("span", { text: perception && d.id === yours ? t("phone.write.ours", { dept: d.name }) : d.name }));
        el.style.setProperty("--dept", d.color);
        return el;
      }));
    }
    for (const el of /** @type {HTMLElement[]} */ ([...this.depts.children])) {
      const on = el.dataset.dept === this.department;
      el.setAttribute("aria-checked", String(on));
      toggleClass(el, "chosen", on);
    }
  }

  _add() {
    const board = this.ctx.board();
    const block = board.blocks[this.blockId];
    const text = this.text.value.trim();
    if (!block) return;
    if (!text) {
      this.ctx.say(t("phone.write.empty"), "info");
      this.text.focus();
      return;
    }
    const op = this._op(board, block, text);
    if (!op.length) return;
    if (this.ctx.perform(op)) this.text.value = "";
    this.ctx.invalidate();
  }

  /** The ops that add `text` to the block as its kind of item. @param {Board} board @param {Block} block @param {string} text @returns {Op[]} */
  _op(board, block, text) {
    const department = this.department ?? null;
    switch (writeKind(block.kind)) {
      case "note": {
        const id = this.ctx.newId("n");
        if (block.kind === "perception") return [perceptionNote(block.id, id, text, department)];
        // Notes and results: the block's flow places the note (R13), so notes written on
        // many phones at once never land on each other. A goal tree: a spot beside its nodes.
        /** @type {import("../types.js").ItemAddOp["item"]} */
        const item = { kind: "note", text, department, on: null };
        if (block.kind === "goal_tree") Object.assign(item, treeFreeSpot(board, block, new Set(), this.ctx.you().id));
        else if (!FLOW_KINDS.has(block.kind)) Object.assign(item, { x: 0, y: 0 }); // laid out by the block itself
        return [{ kind: "item.add", id, block: block.id, item }];
      }
      case "swot": {
        const siblings = Object.values(board.items)
          .filter((it) => it.kind === "swot" && it.block === block.id && it.quadrant === this.quadrant)
          .sort(bySiblingOrder);
        const { order, rekey } = orderAt(siblings, siblings.length);
        return [
          ...rekey.map((r) => ({ kind: "item.move", id: r.id, order: r.order })),
          { kind: "item.add", id: this.ctx.newId("s"), block: block.id, item: { kind: "swot", quadrant: this.quadrant, text, department, order } },
        ];
      }
      case "action": {
        const owner = department ?? board.departments[0]?.id;
        if (!owner) return [];
        return [newAction(board, block.id, this.ctx.newId("a"), { title: text, owners: [owner] })];
      }
      default:
        return [];
    }
  }
}
