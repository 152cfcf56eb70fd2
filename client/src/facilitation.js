// Facilitation on the client (PROTOCOL.md, "Facilitation"): what a viewer may edit in a block,
// what a private block hides from them, whether their view follows the facilitator, and the
// facilitator's viewport, throttled. No DOM here: the views ask, these answer.

import { DEFAULT_SCREEN, HIDDEN, isLockedFor, SCREEN_MODES } from "./reducer.js";
import { MAX_COORD } from "./protocol.gen.js";

/** @typedef {import("./types.js").Board} Board */
/** @typedef {import("./types.js").Item} Item */
/** @typedef {import("./types.js").Actor} Actor */
/** @typedef {import("./types.js").ScreenState} ScreenState */
/** @typedef {{x: number, y: number, w: number, h: number}} Rect */
/** @typedef {Required<import("./types.js").BoardSettings>} Settings */

/** A JSON or msgpack map, whose fields are still to be checked. @param {unknown} v @returns {v is Record<string, unknown>} */
const isMap = (v) => typeof v === "object" && v !== null;

/**
 * May this viewer change items in the block now? Not a screen, not in a block (or board) the
 * facilitator locked (A1), nor one the current step gives to another department (E8).
 * @param {Board} board @param {string} blockId @param {{role: string, department?: string | null}} you
 */
export function canEditBlock(board, blockId, you) {
  if (you.role === "screen") return false;
  return !isLockedFor(board, blockId, you.role, you.department ?? null);
}

/** Is the block locked at all (the lock icon shows for everyone)? @param {Board} board @param {string} blockId */
export function isLocked(board, blockId) {
  const block = board.blocks[blockId];
  return Boolean(block && (board.locked || block.locked));
}

/**
 * What a private block holds, as this viewer gets it: the mode (null when not private), how
 * many items they see, and how many are hidden from them per author department, in the
 * board's department order (null: authors without a department, e.g. the facilitator). The
 * facilitator sees everything: for them `byDepartment` counts every item.
 * @param {Board} board @param {string} blockId @param {{role: string}} viewer
 * @returns {{mode: string | null, visible: number, hidden: number, byDepartment: {department: string | null, n: number}[]}}
 */
export function privateSummary(board, blockId, viewer) {
  const mode = board.blocks[blockId]?.private ?? null;
  const counts = new Map();
  let visible = 0;
  let hidden = 0;
  for (const it of Object.values(board.items)) {
    if (it.block !== blockId) continue;
    const isHidden = it.kind === HIDDEN;
    if (isHidden) hidden += 1;
    else visible += 1;
    if (mode !== null && (isHidden || viewer.role === "facilitator")) {
      const dept = it.author_department ?? null;
      counts.set(dept, (counts.get(dept) ?? 0) + 1);
    }
  }
  const order = [...board.departments.map((d) => d.id), null];
  const byDepartment = [...counts.entries()]
    .sort(([a], [b]) => rank(order, a) - rank(order, b))
    .map(([department, n]) => ({ department, n }));
  return { mode, visible, hidden, byDepartment };
}

/** @param {(string | null)[]} order @param {string | null} dept */
function rank(order, dept) {
  const i = order.indexOf(dept);
  return i < 0 ? order.length : i;
}

/**
 * The order in which a reveal turns items over: department by department (the board's
 * order), top to bottom and left to right inside one, so the room can follow who wrote what.
 * @param {Item[]} items @param {{id: string}[]} departments
 * @returns {string[]}
 */
export function revealOrder(items, departments) {
  const order = [...departments.map((d) => d.id), null];
  const dept = (/** @type {Item} */ it) => rank(order, it.author_department ?? it.department ?? null);
  return [...items]
    .sort((a, b) => dept(a) - dept(b) || (a.y ?? 0) - (b.y ?? 0) || (a.x ?? 0) - (b.x ?? 0) || (a.id < b.id ? -1 : 1))
    .map((it) => it.id);
}

/**
 * The delay before the `index`-th of `count` items turns over: staggered, but the whole
 * reveal takes at most about `total` ms however many items there are.
 * @param {number} index @param {number} count @param {number} [total]
 */
export function revealDelay(index, count, total = 2400) {
  const step = Math.min(140, total / Math.max(1, count));
  return Math.round(index * step);
}

/**
 * What the projector shows (A7), as the board says: `board.screen` over the defaults (a board
 * from before `screen.show` has none). A block that is gone, or a mode this client does not
 * know, shows the facilitator's view.
 * @param {Board | null | undefined} board @returns {ScreenState}
 */
export function screenOf(board) {
  /** @type {ScreenState} */
  const screen = { ...DEFAULT_SCREEN, ...(board?.screen ?? {}) };
  const needsBlock = screen.mode === "block" || screen.mode === "results";
  if (!SCREEN_MODES.includes(screen.mode) || (needsBlock && !(screen.block && board?.blocks?.[screen.block]))) {
    return { mode: "follow", block: null, cursors: Boolean(screen.cursors) };
  }
  return { mode: screen.mode, block: needsBlock ? screen.block : null, cursors: Boolean(screen.cursors) };
}

/**
 * The `screen.show` op for a change of what the projector shows: a new mode (and block), or
 * cursors on or off. The op replaces all of `board.screen`, so what does not change is sent
 * as it is.
 * @param {Board | null | undefined} board
 * @param {{mode?: ScreenState["mode"], block?: string | null, cursors?: boolean}} change
 * @returns {{kind: "screen.show", mode: ScreenState["mode"], block?: string, cursors: boolean}}
 */
export function screenShowOp(board, change) {
  const now = screenOf(board);
  const mode = change.mode ?? now.mode;
  const block = change.mode ? change.block ?? null : now.block;
  const cursors = change.cursors ?? now.cursors;
  return mode === "block" || mode === "results"
    ? { kind: "screen.show", mode, block: /** @type {string} */ (block), cursors }
    : { kind: "screen.show", mode, cursors };
}

/**
 * Who follows the facilitator (A4). The facilitator never does. The projector does while it
 * shows the facilitator's view (`board.screen.mode` "follow", A7): a spotlight brings it to
 * the block and holds it there, otherwise it fits the facilitator's viewport; while it shows
 * a slide (a block, the join slide, results) nothing moves it. A participant does when
 * following is on (the default): spotlights bring their view to the block, and while a
 * spotlight is on, their view keeps up with the facilitator's.
 */
export class FollowPolicy {
  /** @param {string} role @param {boolean} [following] */
  constructor(role, following = true) {
    this.role = role;
    this.following = following;
  }

  /** Does a new spotlight move this view? @param {Board | null} [board] */
  spotlight(board) {
    if (this.role === "screen") return screenOf(board).mode === "follow";
    return this.role === "participant" && this.following;
  }

  /** Does a `follow` frame move this view? The projector keeps a spotlighted block
   * whatever the facilitator looks at meanwhile. @param {Board | null} board */
  view(board) {
    if (this.role === "screen") return screenOf(board).mode === "follow" && board?.spotlight == null;
    return this.role === "participant" && this.following && board?.spotlight != null;
  }
}

/**
 * Calls `send` with the latest value at most once per `ms`: the first at once, the rest
 * trailing, so the last value always goes out. The facilitator's viewport uses it (~10 Hz).
 * @template T
 */
export class Throttle {
  /**
   * @param {(value: T) => void} send @param {number} ms
   * @param {{now?: () => number, setTimeout?: (fn: () => void, ms: number) => any, clearTimeout?: (h: any) => void}} [clock]
   */
  constructor(send, ms, clock = {}) {
    this.send = send;
    this.ms = ms;
    this.now = clock.now ?? (() => performance.now());
    this.setTimeout = clock.setTimeout ?? ((fn, wait) => setTimeout(fn, wait));
    this.clearTimeout = clock.clearTimeout ?? ((h) => clearTimeout(h));
    this.last = -Infinity;
    /** @type {unknown} a handle from the clock's `setTimeout`, only handed back to its `clearTimeout` */
    this.timer = null;
    /** @type {{value: T} | null} */
    this.waiting = null;
  }

  /** @param {T} value */
  push(value) {
    this.waiting = { value };
    if (this.timer !== null) return;
    const wait = this.last + this.ms - this.now();
    if (wait <= 0) this._fire();
    else this.timer = this.setTimeout(() => { this.timer = null; this._fire(); }, wait);
  }

  _fire() {
    if (!this.waiting) return;
    const { value } = this.waiting;
    this.waiting = null;
    this.last = this.now();
    this.send(value);
  }

  cancel() {
    if (this.timer !== null) this.clearTimeout(this.timer);
    this.timer = null;
    this.waiting = null;
  }
}

/**
 * The facilitator's viewport as a `viewport` frame: the board rectangle on screen, in whole
 * board units (A4; coordinates within ±1,000,000, sizes at least 1).
 * @param {Rect} rect
 */
export function viewportFrame(rect) {
  const clamp = (/** @type {number} */ v) => Math.max(-MAX_COORD, Math.min(MAX_COORD, Math.round(v)));
  return {
    type: "viewport",
    x: clamp(rect.x), y: clamp(rect.y),
    w: Math.max(1, clamp(rect.w)), h: Math.max(1, clamp(rect.h)),
  };
}

/**
 * Is a `follow` frame's rectangle usable (finite, positive size)?
 * @param {unknown} frame @returns {frame is Rect}
 */
export function isRect(frame) {
  if (!isMap(frame)) return false;
  const { x, y, w, h } = frame;
  return typeof x === "number" && typeof y === "number" && typeof w === "number" && typeof h === "number"
    && [x, y, w, h].every(Number.isFinite) && w > 0 && h > 0;
}

/**
 * The join links of `GET /api/boards/{id}/links`, whether the body is the links themselves or
 * wraps them in `links` (as `POST /api/boards` does).
 * @param {unknown} body @returns {{participant?: string, screen?: string, facilitator?: string}}
 */
export function normalizeLinks(body) {
  const source = isMap(body) && isMap(body.links) ? body.links : body;
  /** @type {Record<string, string>} */
  const out = {};
  for (const role of ["participant", "screen", "facilitator"]) {
    const link = isMap(source) ? source[role] : undefined;
    if (typeof link === "string") out[role] = link;
  }
  return out;
}

/**
 * The participant links that fix a department (I6) from `GET /api/boards/{id}/links`:
 * `{department id: link}`, empty from a hub that has none.
 * @param {unknown} body @returns {Record<string, string>}
 */
export function departmentLinks(body) {
  const source = isMap(body) && isMap(body.departments) ? body.departments : {};
  /** @type {Record<string, string>} */
  const out = {};
  for (const [dept, link] of Object.entries(source)) if (typeof link === "string") out[dept] = link;
  return out;
}

/** The room's rules (I7) as a board states them; boards from before them use the defaults. @type {Readonly<Settings>} */
export const DEFAULT_SETTINGS = Object.freeze({ department_choice: "person", lobby: false, min_group: 3, editing: "own", language: "en" });

/**
 * @param {Board | null | undefined} board
 * @returns {Settings}
 */
export function boardSettings(board) {
  return { ...DEFAULT_SETTINGS, ...(board?.settings ?? {}) };
}

/**
 * A participant's name and department as the facilitator set them (A6) over what they joined
 * with.
 * @param {Board | null} board @param {Actor} person @returns {Actor}
 */
export function withOverrides(board, person) {
  const o = board?.people?.[person.id];
  if (!o) return person;
  return {
    ...person,
    name: o.name ?? person.name,
    department: o.department !== undefined ? o.department : person.department,
  };
}
