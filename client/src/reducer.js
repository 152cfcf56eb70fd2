// The board reducer: an exact port of server/crossboard/board/reducer.py.
//
// Deterministic and free of I/O: every replica applies the same log in the same seq order and
// ends with the same board. Unlike the Python one it never edits an item or block object in
// place: a change replaces the object (copy-on-write), so views can compare identities. An op that is invalid at its turn changes nothing but board.seq,
// and the outcome says why. Each op is checked completely before anything is touched.
// The shared op vectors (shared/vectors/ops/*.json) hold this file to the Python one.

/** @typedef {import("./types.js").Board} Board */
/** @typedef {import("./types.js").Item} Item */
/** @typedef {import("./types.js").Actor} Actor */
/** @typedef {import("./types.js").Op} Op */
/** @typedef {import("./types.js").Outcome} Outcome */

import { FLOW_KINDS, NOTE_FOOTPRINT, boxSize, flowSpot, groupFootprint, growth, isTopLevel, slotSpot, tidy } from "./layout.js";

export const MAX_ITEMS_PER_BOARD = 20000;

/** Which block kinds each item kind may live in. */
export const ITEM_HOMES = {
  note: new Set(["notes", "goal_tree", "perception", "results"]),
  group: FLOW_KINDS,
  goal: new Set(["goal_tree"]),
  swot: new Set(["swot"]),
  action: new Set(["action_plan"]),
};

/** Fields item.update may set, per item kind. */
const CONTENT_FIELDS = {
  note: new Set(["text", "department"]),
  group: new Set(["title", "collapsed"]),
  goal: new Set(["title"]),
  swot: new Set(["text", "department"]),
  action: new Set(["title", "action_kind", "owners", "assignee", "cadence", "due", "status", "source"]),
};
const NULLABLE_FIELDS = new Set(["department", "cadence", "due", "source"]);

/** Fields item.move may set, per item kind. */
const PLACE_FIELDS = {
  note: new Set(["block", "x", "y", "on", "group"]),
  group: new Set(["block", "x", "y"]),
  goal: new Set(["block", "parent", "order"]),
  swot: new Set(["block", "quadrant", "order"]),
  action: new Set(["block", "order"]),
};

/** Item bodies with their defaults, in the field order of the pydantic models. */
const BODY_DEFAULTS = {
  note: { kind: "note", text: "", department: null, x: null, y: null, on: null, group: null },
  group: { kind: "group", title: "", x: null, y: null, collapsed: false },
  goal: { kind: "goal", title: "", parent: null, order: "V" },
  swot: { kind: "swot", quadrant: "S", text: "", department: null, order: "V" },
  action: {
    kind: "action", title: "", action_kind: "task", owners: [], assignee: "", cadence: null,
    due: null, status: "todo", source: null, order: "V",
  },
};

const FACILITATOR_ONLY = new Set([
  "block.add", "block.update", "block.remove", "block.lock", "board.lock", "block.private",
  "board.spotlight", "link.rotate", "participant.update", "participant.remove",
  "participant.admit", "board.settings", "screen.show", "vote.start", "vote.close", "poll.create", "poll.open", "poll.close", "poll.reveal",
  "agenda.set", "agenda.start", "agenda.pause", "agenda.next", "done.reset", "block.tidy",
  "department.update",
]);

/**
 * E1: exercise ops. Their results are the server's to compute; the `applied` frame carries
 * them (`exercise`), so the reducer only advances seq and the store takes the views.
 */
export const EXERCISE_OPS = new Set([
  "vote.start", "vote.cast", "vote.close", "poll.create", "poll.open", "poll.close",
  "poll.reveal", "poll.answer", "agenda.set", "agenda.start", "agenda.pause", "agenda.next",
  "done.set", "done.reset",
]);

/** The facilitator's ops (PROTOCOL.md, Facilitation): never undone, never sent by others. */
export const FACILITATION_OPS = new Set([
  "block.lock", "board.lock", "block.private", "board.spotlight", "link.rotate",
  "participant.update", "participant.remove", "participant.admit", "board.settings", "screen.show",
  "department.update",
]);

/** A7: what the projector shows on a board that never said (state.py `default_screen`). */
export const DEFAULT_SCREEN = Object.freeze({ mode: "follow", block: null, cursors: false });

/** A7: what `screen.show` may show (ops.py `ScreenShow.mode`); `block` and `results` name a block. */
export const SCREEN_MODES = Object.freeze(["follow", "block", "join", "results"]);

/** I7, A8: the room's rules on a board that never set them (state.py `default_settings`). */
const DEFAULT_SETTINGS = Object.freeze({
  department_choice: "person", lobby: false, min_group: 3, editing: "own", language: "en",
});

/** I7: what each setting may be (ops.py `BoardSettings`). */
const SETTING_OK = {
  department_choice: (/** @type {unknown} */ v) => v === "person" || v === "link",
  lobby: (/** @type {unknown} */ v) => typeof v === "boolean",
  min_group: (/** @type {unknown} */ v) => Number.isInteger(v) && /** @type {number} */ (v) >= 2 && /** @type {number} */ (v) <= 50,
  editing: (/** @type {unknown} */ v) => v === "own" || v === "everyone",
  language: (/** @type {unknown} */ v) => v === "en" || v === "ru",
};

/** What a placeholder for an item the viewer may not see is (A2): `{id, block, kind, author_department}`. */
export const HIDDEN = "hidden";

/**
 * Is a `role` allowed to send ops of `opKind` at all? (board/permissions.py)
 * @param {string} role @param {string} opKind
 */
export function may(role, opKind) {
  if (role === "facilitator") return true;
  if (role === "participant") return !FACILITATOR_ONLY.has(opKind);
  return false; // the screen (projector) only watches
}

/** @type {Outcome} */
export const OK = Object.freeze({ ok: true });

class Refused extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    /** @type {Outcome} */
    this.outcome = { ok: false, code, message };
  }
}

/** @param {string} code @param {string} message */
const refuse = (code, message) => new Refused(code, message);

/**
 * Would `op` by `by` change this board? Touches nothing.
 * @param {Board} board @param {Op} op @param {Actor} by
 * @returns {Outcome}
 */
export function check(board, op, by) {
  try {
    plan(board, op, by);
  } catch (err) {
    if (err instanceof Refused) return err.outcome;
    throw err;
  }
  return OK;
}

/**
 * Apply the op at log position `seq`. The board is changed in place and returned.
 * `by` is null on someone else's dot or poll answer (E7): such an op changes nothing in the
 * replica (its results come as views), so it only advances seq — no author to check or enrol.
 * @param {Board} board @param {Op} op @param {Actor | null} by @param {number} seq
 * @returns {{board: Board, outcome: Outcome}}
 */
export function apply(board, op, by, seq) {
  if (by == null) {
    board.seq = seq;
    return { board, outcome: OK };
  }
  let mutate;
  try {
    mutate = plan(board, op, by);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    board.seq = seq;
    return { board, outcome: err.outcome };
  }
  mutate();
  board.seq = seq;
  if (!BALLOT_KINDS.has(op.kind)) enroll(board, by);
  else if (!has(board.roster ?? {}, by.id)) {
    board.ballot_roster = { ...(board.ballot_roster ?? {}), [by.id]: { name: by.name, department: by.department, role: by.role } };
  }
  return { board, outcome: OK };
}

/**
 * E7: anonymous ops. They do not put their author on the roster, which every welcome
 * carries; someone not on it goes on `ballot_roster`, the facilitator's alone (R12).
 */
export const BALLOT_KINDS = new Set(["vote.cast", "poll.answer"]);

/**
 * R12: the author of an applied op is on the board's roster, as the log names them.
 * @param {Board} board @param {Actor} by
 */
function enroll(board, by) {
  const was = board.roster?.[by.id];
  if (was && was.name === by.name && was.department === by.department && was.role === by.role) return;
  board.roster = { ...(board.roster ?? {}), [by.id]: { name: by.name, department: by.department, role: by.role } };
}

/**
 * @param {Board} board @param {Op} op @param {Actor} by
 * @returns {() => void}
 */
function plan(board, op, by) {
  // A3: an op on an item this replica may not see arrives redacted. `{kind: "hidden"}` only
  // advances seq; an add of a hidden item leaves a placeholder to count.
  if (op.kind === HIDDEN) return () => {};
  if (op.kind === "item.add" && op.item?.kind === HIDDEN) return hiddenAdd(board, op, by);
  if (!may(by.role, op.kind)) throw refuse("forbidden", `a ${by.role} may not ${op.kind}`);
  if (board.people?.[by.id]?.removed) throw refuse("forbidden", "the facilitator removed this participant");
  switch (op.kind) {
    case "block.add": return blockAdd(board, op);
    case "block.update": return blockUpdate(board, op);
    case "block.remove": return blockRemove(board, op);
    case "item.add": return itemAdd(board, op, by);
    case "item.update": return itemUpdate(board, op, by);
    case "item.move": return itemMove(board, op, by);
    case "item.remove": return itemRemove(board, op, by);
    case "block.lock": {
      const block = getBlock(board, op.id);
      return () => { board.blocks[op.id] = { ...block, locked: op.locked }; };
    }
    case "board.lock": return () => { board.locked = op.locked; };
    case "block.private": {
      const block = getBlock(board, op.id);
      return () => { board.blocks[op.id] = { ...block, private: op.mode ?? null }; };
    }
    case "board.spotlight":
      if (op.block != null) getBlock(board, op.block);
      return () => { board.spotlight = op.block ?? null; };
    case "link.rotate": return () => {
      const links = board.links ?? { participant: 1, screen: 1 };
      board.links = { ...links, [op.role]: (links[op.role] ?? 1) + 1 };
    };
    case "participant.update": return participantUpdate(board, op);
    case "participant.remove": {
      const person = { ...(board.people?.[op.id] ?? {}), removed: true };
      return () => { board.people = { ...(board.people ?? {}), [op.id]: person }; };
    }
    case "participant.admit": {
      const person = { ...(board.people?.[op.id] ?? {}), admitted: true };
      return () => { board.people = { ...(board.people ?? {}), [op.id]: person }; };
    }
    case "board.settings": return boardSettings(board, op);
    case "screen.show": return screenShow(board, op);
    case "block.tidy": return blockTidy(board, op);
    case "department.update": return departmentUpdate(board, op);
    default:
      if (EXERCISE_OPS.has(op.kind)) return () => {};
      throw refuse("unknown_op", `unknown op kind ${op.kind}`);
  }
}

/** @param {Board} board @param {Op} op */
function participantUpdate(board, op) {
  /** @type {Record<string, any>} */
  const changes = {};
  for (const [name, v] of Object.entries(op)) if (name !== "kind" && name !== "id" && v !== undefined) changes[name] = v;
  if (has(changes, "name") && changes.name === null) throw refuse("invalid_patch", "name cannot be null");
  checkDepartments(board, changes);
  const person = { ...(board.people?.[op.id] ?? {}), ...changes };
  return () => { board.people = { ...(board.people ?? {}), [op.id]: person }; };
}

/** I7: the given settings, checked, merged into the board's. @param {Board} board @param {Op} op */
function boardSettings(board, op) {
  /** @type {Record<string, any>} */
  const changes = {};
  for (const [name, v] of Object.entries(op)) {
    if (name === "kind" || v === undefined) continue;
    const ok = SETTING_OK[/** @type {keyof SETTING_OK} */ (name)];
    if (!ok) throw refuse("invalid_patch", `the board has no setting '${name}'`);
    if (v === null) throw refuse("invalid_patch", "a setting cannot be null");
    if (!ok(v)) throw refuse("invalid_patch", `${name} cannot be ${JSON.stringify(v)}`);
    changes[name] = v;
  }
  const settings = { ...DEFAULT_SETTINGS, ...(board.settings ?? {}), ...changes };
  return () => { board.settings = settings; };
}

/**
 * A7: what the projector shows. The whole of `board.screen` is replaced: an op without
 * `cursors` turns them off. `block` and `results` need a block that exists; `follow` and
 * `join` keep whatever `block` says, as the hub does.
 * @param {Board} board @param {Op} op
 */
function screenShow(board, op) {
  if (!SCREEN_MODES.includes(op.mode)) throw refuse("invalid_op", `the screen cannot show ${JSON.stringify(op.mode)}`);
  if (op.cursors !== undefined && typeof op.cursors !== "boolean") throw refuse("invalid_op", "cursors is true or false");
  if (op.mode === "block" || op.mode === "results") {
    if (op.block == null) throw refuse("invalid_patch", `showing ${op.mode} needs a block`);
    getBlock(board, op.block);
  }
  const screen = { mode: op.mode, block: op.block ?? null, cursors: op.cursors ?? false };
  return () => { board.screen = screen; };
}

/**
 * A9: a department's name or colour; its id (what items and people name) stays.
 * @param {Board} board @param {Op} op
 */
function departmentUpdate(board, op) {
  const index = board.departments.findIndex((d) => d.id === op.id);
  if (index < 0) throw refuse("not_found", `no department ${op.id}`);
  /** @type {Record<string, any>} */
  const changes = {};
  for (const [name, v] of Object.entries(op)) if (name !== "kind" && name !== "id" && v !== undefined) changes[name] = v;
  if (Object.values(changes).some((v) => v === null)) {
    throw refuse("invalid_patch", "a department's name or colour cannot be null");
  }
  if (has(changes, "color") && !/^#[0-9a-fA-F]{6}$/.test(String(changes.color))) {
    throw refuse("invalid_op", "a colour is #rrggbb");
  }
  const old = board.departments[index];
  const department = { id: old.id, name: changes.name ?? old.name, color: changes.color ?? old.color };
  return () => {
    board.departments = board.departments.map((d, i) => (i === index ? department : d));
  };
}

/**
 * R14: lay the block's notes and groups out again in the facilitator's order, then grow the
 * block once for the lowest of them.
 * @param {Board} board @param {Op} op
 */
function blockTidy(board, op) {
  const block = getBlock(board, op.id);
  if (!FLOW_KINDS.has(block.kind)) throw refuse("wrong_block", `a ${block.kind} block lays itself out`);
  if (block.private != null) throw refuse("private_block", "a private block cannot be tidied; reveal it first");
  const order = op.order ?? [];
  if (!Array.isArray(order) || order.length > MAX_ITEMS_PER_BOARD) throw refuse("invalid_op", "order is a list of item ids");
  return () => {
    const spots = tidy(board, block, order.map(String));
    let bottom = 0;
    for (const [id, spot] of spots) {
      board.items[id] = { ...board.items[id], x: spot.x, y: spot.y };
      bottom = Math.max(bottom, spot.bottom);
    }
    if (spots.size) Object.assign(board.blocks, growth(board, block, bottom));
  };
}

/** The placeholder of an item added where this replica may not look (A3).
 * @param {Board} board @param {Op} op @param {Actor} by */
function hiddenAdd(board, op, by) {
  if (has(board.items, op.id)) throw refuse("duplicate_id", `item ${op.id} already exists`);
  const item = { id: op.id, block: op.block, kind: HIDDEN, author_department: by.department ?? null };
  return () => {
    // R13: every add to a private flow block takes a slot, seen or not, so this replica's
    // count stays the hub's.
    const block = has(board.blocks, op.block) ? board.blocks[op.block] : undefined;
    if (block && block.private != null && FLOW_KINDS.has(block.kind)) takeSlot(board, op.block);
    board.items[op.id] = item;
  };
}

/**
 * R13 in a private block: the next slot of its count, and the block grown to hold a note
 * there — whether or not the item is placed into it, since a placeholder add tells this
 * replica only that one more item came, and every replica must agree on the block's size.
 * @param {Board} board @param {string} blockId @returns {{x: number, y: number}}
 */
function takeSlot(board, blockId) {
  const block = board.blocks[blockId];
  const slot = Number(block.placed ?? 0);
  board.blocks[blockId] = { ...block, placed: slot + 1 };
  const spot = slotSpot(block, slot);
  Object.assign(board.blocks, growth(board, board.blocks[blockId], spot.y + boxSize(NOTE_FOOTPRINT).h));
  return spot;
}

/** The block's private mode, or null. @param {Board} board @param {string} blockId */
export function privateMode(board, blockId) {
  const block = has(board.blocks, blockId) ? board.blocks[blockId] : undefined;
  return block?.private ?? null;
}

/**
 * May this viewer see the item's content? Always, unless its block is private (A2). A
 * placeholder counts as seen by whoever the hub let act on it: it only ever reaches this
 * replica in an op the hub already checked (a remove by its author), and has no author to
 * judge by.
 * @param {Board} board @param {Item} item @param {{id: string, department: string | null, role: string}} viewer
 */
export function canSee(board, item, viewer) {
  const mode = privateMode(board, item.block);
  if (mode === null || viewer.role === "facilitator" || item.kind === HIDDEN) return true;
  if (mode === "own") return item.author === viewer.id;
  return viewer.department != null && item.author_department === viewer.department;
}

/** Is the block locked for this role (A1)? The facilitator is never bound by locks.
 * @param {Board} board @param {string} blockId @param {string} role */
export function isLockedFor(board, blockId, role) {
  if (role === "facilitator") return false;
  const block = has(board.blocks, blockId) ? board.blocks[blockId] : undefined;
  return Boolean(block && (board.locked || block.locked));
}

/**
 * Locks (A1) and private writing (A2) for an item op touching `blocks`.
 * @param {Board} board @param {Actor} by @param {string[]} blocks @param {Item} [item]
 */
function guard(board, by, blocks, item) {
  const moving = blocks.length === 2 && blocks[0] !== blocks[1];
  if (moving && blocks.some((b) => privateMode(board, b) !== null)) {
    throw refuse("private_block", "items cannot move into or out of a private block; reveal it first");
  }
  if (by.role === "facilitator") return;
  for (const blockId of blocks) {
    const block = has(board.blocks, blockId) ? board.blocks[blockId] : undefined;
    if (block && (board.locked || block.locked)) {
      throw refuse("locked", `the facilitator locked ${block.title || blockId}`);
    }
  }
  if (item && !canSee(board, item, by)) throw refuse("forbidden", "that item is private to its author");
}

const has = (/** @type {object} */ obj, /** @type {string} */ key) =>
  Object.prototype.hasOwnProperty.call(obj, key);

/** @param {Board} board @param {Op} op */
function blockAdd(board, op) {
  if (has(board.blocks, op.id)) throw refuse("duplicate_id", `block ${op.id} already exists`);
  const block = {
    id: op.id, kind: op.block_kind, title: op.title ?? "",
    x: op.x ?? 0, y: op.y ?? 0, w: op.w ?? 800, h: op.h ?? 600, locked: false, private: null,
  };
  return () => { board.blocks[op.id] = block; };
}

/** @param {Board} board @param {Op} op */
function blockUpdate(board, op) {
  const block = getBlock(board, op.id);
  const changes = { ...op.set };
  if (Object.values(changes).some((v) => v === null)) {
    throw refuse("invalid_patch", "block fields cannot be set to null");
  }
  return () => { board.blocks[op.id] = { ...block, ...changes }; };
}

/** @param {Board} board @param {Op} op */
function blockRemove(board, op) {
  getBlock(board, op.id);
  return () => {
    const gone = new Set(Object.keys(board.items).filter((iid) => board.items[iid].block === op.id));
    for (const iid of gone) delete board.items[iid];
    unhang(board, gone);
    delete board.blocks[op.id];
    if (board.spotlight === op.id) board.spotlight = null;
    if (board.screen && board.screen.block === op.id) board.screen = { ...board.screen, mode: "follow", block: null };
  };
}

/** @param {Board} board @param {Op} op @param {Actor} by */
function itemAdd(board, op, by) {
  if (has(board.items, op.id)) throw refuse("duplicate_id", `item ${op.id} already exists`);
  if (Object.keys(board.items).length >= MAX_ITEMS_PER_BOARD) {
    throw refuse("board_full", `a board holds at most ${MAX_ITEMS_PER_BOARD} items`);
  }
  const body = withDefaults(op.item);
  const block = getBlock(board, op.block);
  checkHome(body.kind, block);
  guard(board, by, [op.block]);
  /** @type {Item} */
  const item = { id: op.id, block: op.block, ...body };
  checkDepartments(board, item);
  const author = authorOf(board, op, by);
  item.author = author.id;
  item.author_department = author.department ?? null;
  if (body.kind === "note") {
    item.author_name = author.name;
    if (body.on != null) goalIn(board, body.on, op.block, "hang a note on");
    if (body.group != null) groupIn(board, body.group, op.block);
  } else if (body.kind === "goal" && body.parent != null) {
    goalIn(board, body.parent, op.block, "add a child to");
  } else if (body.kind === "action" && body.source != null) {
    getItem(board, body.source);
  }
  const unplaced = (body.kind === "note" || body.kind === "group") && (item.x == null || item.y == null);
  if (unplaced) {
    item.x ??= 0;
    item.y ??= 0;
  }
  const isPrivate = block.private != null;
  if (!FLOW_KINDS.has(block.kind) || !(unplaced || isPrivate)) return () => { board.items[op.id] = item; };
  // R13: a note or group without a position goes to the flow's first free place; in a
  // private block to the slot of its count (every add there counts, placed or not).
  const fp = item.kind === "group" ? groupFootprint(Boolean(item.collapsed), 0) : NOTE_FOOTPRINT;
  return () => {
    if (isPrivate) {
      const spot = takeSlot(board, op.block);
      board.items[op.id] = unplaced && isTopLevel(item) ? { ...item, x: spot.x, y: spot.y } : item;
    } else {
      board.items[op.id] = isTopLevel(item) ? settle(board, op.block, item, fp) : item;
    }
  };
}

/**
 * Who a new item is by: its sender, or for the facilitator restoring a removed item the
 * person it was by (A8), as the roster names them.
 * @param {Board} board @param {Op} op @param {Actor} by @returns {Actor}
 */
function authorOf(board, op, by) {
  if (op.author == null || op.author === by.id) return by;
  if (by.role !== "facilitator") throw refuse("forbidden", "only the facilitator restores another's item");
  const entry = has(board.roster ?? {}, op.author) ? board.roster?.[op.author] : undefined;
  if (!entry) throw refuse("not_found", `no participant ${op.author} on this board`);
  return { id: op.author, name: entry.name, department: entry.department ?? null, role: entry.role ?? "participant" };
}

/**
 * A8: under `editing: own` a participant changes and removes only their own items. A
 * placeholder has no author to judge by: an op on it reaches this replica only once the hub
 * let it through.
 * @param {Board} board @param {Actor} by @param {Item} item
 */
function owns(board, by, item) {
  if (by.role === "facilitator" || board.settings?.editing === "everyone" || item.kind === HIDDEN) return;
  if (item.author !== by.id) throw refuse("forbidden", "only its author or the facilitator may change this item");
}

/** @param {Board} board @param {Op} op @param {Actor} by */
function itemUpdate(board, op, by) {
  const item = getItem(board, op.id);
  guard(board, by, [item.block], item);
  owns(board, by, item);
  if (item.kind === HIDDEN) throw refuse("forbidden", "that item is private to its author");
  /** @type {Record<string, any>} */
  const changes = {};
  for (const [name, v] of Object.entries(op.set)) changes[name] = Array.isArray(v) ? [...v] : v;
  const allowed = CONTENT_FIELDS[/** @type {keyof CONTENT_FIELDS} */ (item.kind)];
  for (const [name, v] of Object.entries(changes)) {
    if (!allowed.has(name)) throw refuse("invalid_patch", `a ${item.kind} has no field '${name}'`);
    if (v === null && !NULLABLE_FIELDS.has(name)) throw refuse("invalid_patch", `${name} cannot be null`);
  }
  checkDepartments(board, changes);
  if (changes.source != null) getItem(board, changes.source);
  return () => { board.items[op.id] = { ...item, ...changes }; };
}

/** @param {Board} board @param {Op} op @param {Actor} by */
function itemMove(board, op, by) {
  const item = getItem(board, op.id);
  if (op.block != null && op.block !== item.block) getBlock(board, op.block);
  guard(board, by, [item.block, op.block ?? item.block], item);
  if (item.kind === HIDDEN) throw refuse("forbidden", "that item is private to its author");
  /** @type {Record<string, any>} */
  const changes = {};
  for (const [name, v] of Object.entries(op)) if (name !== "kind" && name !== "id") changes[name] = v;
  const kind = /** @type {keyof PLACE_FIELDS} */ (item.kind);
  for (const [name, v] of Object.entries(changes)) {
    if (!PLACE_FIELDS[kind].has(name)) throw refuse("invalid_patch", `a ${kind} cannot be moved by '${name}'`);
    if (v === null && name !== "parent" && name !== "on" && name !== "group") throw refuse("invalid_patch", `${name} cannot be null`);
  }
  const target = String(has(changes, "block") ? changes.block : item.block);
  if (target !== item.block) {
    checkHome(kind, getBlock(board, target));
    if (kind === "goal" || kind === "group") throw refuse("wrong_block", `a ${kind} stays in its block`);
    if (kind === "note" && !has(changes, "on")) changes.on = null; // leaving a tree unhangs
    if (kind === "note" && !has(changes, "group")) changes.group = null; // and leaves its group
  }
  if (kind === "goal" && changes.parent != null) {
    const parent = goalIn(board, changes.parent, target, "move a node under");
    if (isInSubtree(board, parent.id, item.id)) {
      throw refuse("cycle", `cannot move ${item.id} under ${parent.id}: that node is inside its subtree`);
    }
  }
  if (kind === "note" && changes.on != null) goalIn(board, changes.on, target, "hang a note on");
  if (kind === "note" && changes.group != null) groupIn(board, changes.group, target);
  // A note taken out of its group with no spot given goes to the flow's next free place.
  const leaving = kind === "note" && has(changes, "group") && changes.group === null && item.group != null
    && !has(changes, "x") && !has(changes, "y");
  if (!leaving) return () => { board.items[op.id] = { ...item, ...changes }; };
  return () => {
    const moved = { ...item, ...changes };
    board.items[op.id] = moved;
    if (FLOW_KINDS.has(board.blocks[target].kind) && isTopLevel(moved)) {
      board.items[op.id] = settle(board, target, moved, NOTE_FOOTPRINT);
    }
  };
}

/** @param {Board} board @param {Op} op @param {Actor} by */
function itemRemove(board, op, by) {
  const item = getItem(board, op.id);
  guard(board, by, [item.block], item);
  owns(board, by, item);
  const gone = new Set([item.id]);
  if (item.kind === "goal") {
    for (const d of descendants(board, item.id)) gone.add(d);
    for (const node of gone) owns(board, by, board.items[node]);
  }
  return () => {
    for (const iid of gone) delete board.items[iid];
    unhang(board, gone);
    if (item.kind === "group") ungroup(board, item);
  };
}

/**
 * A removed group's notes stay in its block, each (in id order) at the next free place.
 * @param {Board} board @param {Item} group
 */
function ungroup(board, group) {
  const notes = Object.values(board.items)
    .filter((it) => it.kind === "note" && it.group === group.id)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const note of notes) board.items[note.id] = settle(board, group.block, { ...note, group: null }, NOTE_FOOTPRINT);
}

/**
 * The element at the block's first free place, the block grown to hold it. In a private
 * block it keeps its position: what is free there depends on who looks. Changes the block
 * (and those below it); returns the placed item.
 * @param {Board} board @param {string} blockId @param {Item} item @param {import("./layout.js").Footprint} fp
 * @returns {Item}
 */
function settle(board, blockId, item, fp) {
  const block = board.blocks[blockId];
  if (block.private != null) return item;
  return putAt(board, blockId, item, flowSpot(board, block, fp, new Set([item.id])), fp);
}

/**
 * The item at `spot`; the block grows to hold it.
 * @param {Board} board @param {string} blockId @param {Item} item @param {{x: number, y: number}} spot
 * @param {import("./layout.js").Footprint} fp @returns {Item}
 */
function putAt(board, blockId, item, spot, fp) {
  Object.assign(board.blocks, growth(board, board.blocks[blockId], spot.y + boxSize(fp).h));
  return { ...item, x: spot.x, y: spot.y };
}

// Helpers: each returns what it checked or throws a refusal.

/** @param {Record<string, any>} body @returns {{kind: string, [field: string]: any}} */
function withDefaults(body) {
  const defaults = BODY_DEFAULTS[/** @type {keyof BODY_DEFAULTS} */ (body.kind)];
  if (!defaults) throw refuse("invalid_op", `unknown item kind ${body.kind}`);
  /** @type {{kind: string, [field: string]: any}} */
  const out = { kind: defaults.kind };
  for (const [name, v] of Object.entries(defaults)) {
    const given = has(body, name) ? body[name] : v;
    out[name] = Array.isArray(given) ? [...given] : given;
  }
  return out;
}

/** @param {Board} board @param {string} blockId */
function getBlock(board, blockId) {
  const block = has(board.blocks, blockId) ? board.blocks[blockId] : undefined;
  if (!block) throw refuse("not_found", `no block ${blockId}`);
  return block;
}

/** @param {Board} board @param {string} itemId */
function getItem(board, itemId) {
  const item = has(board.items, itemId) ? board.items[itemId] : undefined;
  if (!item) throw refuse("not_found", `no item ${itemId}`);
  return item;
}

/** @param {Board} board @param {string} goalId @param {string} blockId @param {string} what */
function goalIn(board, goalId, blockId, what) {
  const goal = has(board.items, goalId) ? board.items[goalId] : undefined;
  if (!goal || goal.kind !== "goal") throw refuse("not_found", `cannot ${what} ${goalId}: no such goal node`);
  if (goal.block !== blockId) throw refuse("wrong_block", `cannot ${what} ${goalId}: it is in another block`);
  return goal;
}

/** @param {Board} board @param {string} groupId @param {string} blockId */
function groupIn(board, groupId, blockId) {
  const group = has(board.items, groupId) ? board.items[groupId] : undefined;
  if (!group || group.kind !== "group") throw refuse("not_found", `no group ${groupId}`);
  if (group.block !== blockId) throw refuse("wrong_block", `group ${groupId} is in another block`);
  return group;
}

/** @param {string} itemKind @param {{kind: string}} block */
function checkHome(itemKind, block) {
  const homes = ITEM_HOMES[/** @type {keyof ITEM_HOMES} */ (itemKind)];
  if (!homes || !homes.has(block.kind)) {
    throw refuse("wrong_block", `a ${itemKind} cannot go in a ${block.kind} block`);
  }
}

/** @param {Board} board @param {Record<string, any>} fields */
function checkDepartments(board, fields) {
  const known = new Set(board.departments.map((d) => d.id));
  const named = [...(fields.owners || [])];
  if (fields.department != null) named.push(fields.department);
  for (const dep of named) if (!known.has(dep)) throw refuse("not_found", `no department ${dep}`);
}

/** Is `nodeId` the node `rootId` or one of its descendants? Walks up parents.
 * @param {Board} board @param {string} nodeId @param {string} rootId */
export function isInSubtree(board, nodeId, rootId) {
  const seen = new Set();
  /** @type {string | null} */
  let current = nodeId;
  while (current != null && !seen.has(current)) {
    if (current === rootId) return true;
    seen.add(current);
    current = board.items[current]?.parent ?? null;
  }
  return false;
}

/** @param {Board} board @param {string} goalId @returns {Set<string>} */
export function descendants(board, goalId) {
  /** @type {Map<string | null, string[]>} */
  const kids = new Map();
  for (const it of Object.values(board.items)) {
    if (it.kind !== "goal") continue;
    const list = kids.get(it.parent) || [];
    list.push(it.id);
    kids.set(it.parent, list);
  }
  const out = new Set();
  const stack = [...(kids.get(goalId) || [])];
  while (stack.length) {
    const node = /** @type {string} */ (stack.pop());
    out.add(node);
    stack.push(...(kids.get(node) || []));
  }
  return out;
}

/** Notes hung on removed goal nodes stay on the board, unhung.
 * @param {Board} board @param {Set<string>} gone */
function unhang(board, gone) {
  for (const [id, it] of Object.entries(board.items)) {
    if (it.kind === "note" && gone.has(it.on)) board.items[id] = { ...it, on: null };
  }
}

/**
 * A copy of the board that the reducer may change without touching the original. Cheap: the
 * reducer is copy-on-write per item and block (it replaces an item object, never edits one),
 * so only the two maps are copied and unchanged items keep their identity, which is what the
 * views compare to know what to redraw.
 * @param {Board} board
 * @returns {Board}
 */
export function cloneBoard(board) {
  return { ...board, blocks: { ...board.blocks }, items: { ...board.items } };
}
