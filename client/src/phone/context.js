// What every part of the phone view gets: the board, who you are, whether the connection is
// live, your unsent ops, and the few verbs a phone has. Plus `Keyed`, which keeps one component
// per key in a list so that what someone is typing survives the live updates around it.

/**
 * @typedef {import("../types.js").Board} Board
 * @typedef {import("../types.js").Actor} Actor
 * @typedef {import("../types.js").Op} Op
 * @typedef {import("../types.js").Department} Department
 * @typedef {{
 *   board: () => Board,
 *   you: () => Actor,
 *   live: () => boolean,
 *   pending: () => readonly import("./pending.js").PendingOp[],
 *   perform: (ops: Op[]) => boolean,
 *   canEdit: (blockId: string) => boolean,
 *   say: (message: string, kind?: "error" | "info") => void,
 *   newId: (prefix: string) => string,
 *   dept: (id: string | null | undefined) => Department | null,
 *   serverNow: () => number,
 *   showList: (blockId: string) => void,
 *   invalidate: () => void,
 * }} PhoneCtx
 */

/**
 * @template D
 * @typedef {{el: HTMLElement, update: (data: D) => void}} Part
 */

/**
 * One part per key inside `parent`, in the order given: parts that stay are updated in place
 * (their inputs keep focus and text), new ones are made, gone ones removed.
 * @template D
 */
export class Keyed {
  /** @param {HTMLElement} parent @param {(key: string, data: D) => Part<D>} make */
  constructor(parent, make) {
    this.parent = parent;
    this.make = make;
    /** @type {Map<string, Part<D>>} */
    this.parts = new Map();
  }

  /** @param {[string, D][]} entries */
  update(entries) {
    const keep = new Set(entries.map(([key]) => key));
    for (const [key, part] of this.parts) {
      if (!keep.has(key)) {
        part.el.remove();
        this.parts.delete(key);
      }
    }
    /** @type {ChildNode | null} */
    let at = this.parent.firstChild;
    for (const [key, data] of entries) {
      let part = this.parts.get(key);
      if (!part) {
        part = this.make(key, data);
        this.parts.set(key, part);
      }
      part.update(data);
      if (part.el !== at) this.parent.insertBefore(part.el, at);
      else at = at.nextSibling;
    }
  }
}
