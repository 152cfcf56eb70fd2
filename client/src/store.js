// The client's replica of one board: the confirmed state from the server's log, plus this
// client's own ops that are not acknowledged yet, applied on top (optimistic).
//
//   confirmed  -- applied frames, in seq order, exactly as every other replica
//   pending    -- own ops waiting for their `applied` (or a `rejected`), in send order
//   view       -- confirmed + pending, what the user sees (recomputed lazily)
//
// A `rejected` drops the op from pending, so the view rolls back by itself. Undo/redo replays
// inverse ops as new ops. The store does no I/O: `send` is injected and may refuse (offline),
// in which case ops wait in pending and go out with `resendPending()` after the next welcome.
//
// Sending is paced: the hub pre-checks each op against the log as it is *before* this
// client's ops in flight, so an op that needs an item another unacknowledged op creates (a
// child of a new goal, typing into a new note, the re-adds of an undo) waits for that ack;
// and a client-side token bucket stays under the hub's rate limit, so a long offline queue
// drains without being refused. `rate_limited` and `storage_unavailable` are retried.

import { apply, check, cloneBoard } from "./reducer.js";
import { inverseOf } from "./inverse.js";
import { OPS_BURST, OPS_PER_SECOND } from "./protocol.gen.js";

/** @typedef {import("./types.js").Board} Board */
/** @typedef {import("./types.js").Actor} Actor */
/** @typedef {import("./types.js").Op} Op */
/** @typedef {import("./types.js").Outcome} Outcome */
/** @typedef {import("./types.js").AppliedFrame} AppliedFrame */
/** @typedef {{cid: string, op: Op, sent: boolean}} Pending */
/** @typedef {{ops: Op[], cids: string[], mergeKey?: string}} UndoEntry */
/**
 * @typedef {{type: "change"} | {type: "rejected", cid: string, code: string, message: string, op: Op | null}
 *   | {type: "refused", code: string, message: string, op: Op} | {type: "pending", count: number}
 *   | {type: "reset"}} StoreEvent
 */

const UNDO_LIMIT = 200;
const RETRYABLE = new Set(["rate_limited", "storage_unavailable"]);
const RATE = (OPS_PER_SECOND * 2) / 3; // ops per second: 20, under the hub's 30
const BURST = OPS_BURST / 2; // 60, under the hub's 120
const RETRY_MS = 1000;

/** Ids an op creates or removes: later ops naming them must wait for its ack.
 * @param {Op} op @returns {string[]} */
function defines(op) {
  return op.kind === "item.add" || op.kind === "item.remove" || op.kind === "block.add" || op.kind === "block.remove" ? [op.id] : [];
}

/** Every id an op names. @param {Op} op @returns {string[]} */
function names(op) {
  const ids = [op.id, op.block, op.parent, op.on, op.item?.parent, op.item?.on, op.item?.source, op.set?.source];
  return /** @type {string[]} */ (ids.filter((x) => typeof x === "string"));
}

export class Store {
  /**
   * @param {{send?: (frame: object) => boolean, makeCid?: () => string, now?: () => number,
   *   later?: (fn: () => void, ms: number) => void}} [options]
   */
  constructor(options = {}) {
    /** @type {(frame: object) => boolean} */
    this.send = options.send ?? (() => false);
    this.now = options.now ?? (() => Date.now());
    this.later = options.later ?? ((fn, ms) => { setTimeout(fn, ms); });
    this._tokens = BURST;
    this._refilled = this.now();
    this._flushQueued = false;
    let counter = 0;
    const tag = Math.random().toString(36).slice(2, 8);
    /** @type {() => string} */
    this.makeCid = options.makeCid ?? (() => `${(this.you?.id ?? "anon").slice(0, 24)}-${tag}-${++counter}`);
    /** @type {Board | null} */
    this.confirmed = null;
    /** @type {string | null} */
    this.epoch = null;
    /** @type {Actor | null} */
    this.you = null;
    /** @type {Pending[]} */
    this.pending = [];
    /** @type {UndoEntry[]} */
    this.undoStack = [];
    /** @type {UndoEntry[]} */
    this.redoStack = [];
    /** @type {Board | null} */
    this._view = null;
    /** @type {Set<(e: StoreEvent) => void>} */
    this._listeners = new Set();
    /** cids whose refusal was already reported (a sequenced no-op gets applied, then rejected) */
    this._reported = new Set();
  }

  // Reading.

  /** The board as the user sees it: confirmed plus own pending ops. Treat as read-only. */
  get view() {
    if (!this.confirmed) return null;
    if (!this._view) {
      if (!this.pending.length) {
        this._view = this.confirmed;
      } else {
        const board = cloneBoard(this.confirmed);
        for (const p of this.pending) apply(board, p.op, /** @type {Actor} */ (this.you), board.seq);
        board.seq = this.confirmed.seq;
        this._view = board;
      }
    }
    return this._view;
  }

  get seq() {
    return this.confirmed?.seq ?? 0;
  }

  /** Own ops not acknowledged by the server yet. */
  get unacked() {
    return this.pending.length;
  }

  get canUndo() {
    return this.undoStack.length > 0;
  }

  get canRedo() {
    return this.redoStack.length > 0;
  }

  /** @param {(e: StoreEvent) => void} fn */
  subscribe(fn) {
    this._listeners.add(fn);
    return () => this._listeners.delete(fn);
  }

  /** @param {StoreEvent} event */
  _emit(event) {
    for (const fn of [...this._listeners]) fn(event);
  }

  _changed() {
    this._view = null;
    this._emit({ type: "change" });
  }

  _pendingChanged() {
    this._emit({ type: "pending", count: this.pending.length });
  }

  // Server frames.

  /**
   * A welcome: the full board (drop the replica) or the ops missed since our seq.
   * Returns false when the ops do not continue our replica (the caller should reconnect
   * without resume). A second welcome on an open connection (the facilitator moved this
   * person to another department, I3; or let them in from the lobby, I5) is the same: the
   * board is replaced whole, as this person may now see it, and own pending ops stay on top.
   * @param {{you: Actor, epoch: string, seq: number, board?: Board | null, ops?: AppliedFrame[] | null}} welcome
   */
  welcome(welcome) {
    this.you = welcome.you;
    if (welcome.board) {
      const board = /** @type {Board} */ ({ ...welcome.board, seq: welcome.seq });
      this.confirmed = board;
      this.epoch = welcome.epoch;
      this._emit({ type: "reset" });
    } else {
      if (!this.confirmed || this.epoch !== welcome.epoch) return this._lost();
      for (const frame of welcome.ops ?? []) {
        if (!this.applied(frame, { quiet: true })) return this._lost();
      }
      if (this.confirmed.seq !== welcome.seq) return this._lost();
    }
    this._changed();
    this._pendingChanged();
    return true;
  }

  /** The replica cannot be resumed: drop it, so the next hello asks for the full board. */
  _lost() {
    this.confirmed = null;
    this.epoch = null;
    this._view = null;
    return false;
  }

  /**
   * One `applied` frame. Returns false on a gap in the log (never expected: reconnect).
   * @param {AppliedFrame} frame
   * @param {{quiet?: boolean}} [options]
   */
  applied(frame, options = {}) {
    if (!this.confirmed) return false;
    if (frame.seq > this.confirmed.seq + 1) return false;
    const mine = frame.cid != null ? this.pending.findIndex((p) => p.cid === frame.cid) : -1;
    if (mine >= 0) this.pending.splice(mine, 1);
    if (frame.seq <= this.confirmed.seq) {
      // Already applied (a re-sent op answered with its original frame): settle its cid only.
      if (mine >= 0 && !options.quiet) this._settled();
      if (mine >= 0 && !options.quiet) this.flush();
      return true;
    }
    apply(this.confirmed, frame.op, frame.by, frame.seq);
    if (frame.step != null) this._takeStep(frame.step);
    if (frame.op.kind === "block.private" && frame.items != null) this._replaceBlockItems(frame.op.id, frame.items);
    if (frame.exercise != null) this._takeExercise(frame.exercise);
    if (!options.quiet) this._settled();
    if (mine >= 0 && !options.quiet) this.flush();
    return true;
  }

  /**
   * A3: a block.private applied frame carries the block's items as this receiver sees them
   * from now on (placeholders while private, everything on reveal): they replace the block's.
   * @param {string} blockId @param {import("./types.js").Item[] | Record<string, import("./types.js").Item>} items
   */
  _replaceBlockItems(blockId, items) {
    const board = /** @type {Board} */ (this.confirmed);
    for (const [id, it] of Object.entries(board.items)) if (it.block === blockId) delete board.items[id];
    for (const it of Array.isArray(items) ? items : Object.values(items)) board.items[it.id] = { ...it, block: it.block ?? blockId };
  }

  /**
   * E8: a step changed locks, private writing, the spotlight and the screen at once: the
   * frame carries every block, the spotlight, the screen, and the items of the blocks whose
   * private writing may have changed, as this receiver sees them from now on.
   * @param {import("./types.js").StepPart} step
   */
  _takeStep(step) {
    const board = /** @type {Board} */ (this.confirmed);
    board.blocks = step.blocks;
    board.spotlight = step.spotlight;
    board.screen = step.screen;
    for (const [blockId, items] of Object.entries(step.items ?? {})) this._replaceBlockItems(blockId, items);
  }

  /**
   * E1: an exercise op's frame carries the votes, polls, agenda or "done" marks it changed,
   * as this receiver may see them. A vote or poll view without `mine` keeps the previous one.
   * @param {import("./types.js").ExercisePart} part
   */
  _takeExercise(part) {
    const board = /** @type {Board} */ (this.confirmed);
    if (part.votes) board.votes = withViews(board.votes, part.votes);
    if (part.polls) board.polls = withViews(board.polls, part.polls);
    if (part.agenda) board.agenda = part.agenda;
    if (part.done) board.done = part.done;
  }

  /**
   * E7: an `exercise` frame, at most once a second: the current vote and poll views (dots and
   * answers by others arrive without views). Taken like an applied frame's `exercise`.
   * @param {import("./types.js").ExerciseFrame} frame
   */
  exercise(frame) {
    if (!this.confirmed) return;
    this._takeExercise({ votes: frame.votes ?? undefined, polls: frame.polls ?? undefined });
    this._changed();
  }

  /**
   * The facilitator renamed or moved this participant (A6): later own ops are checked and
   * shown as the hub will apply them.
   * @param {{name?: string, department?: string | null}} changes
   */
  updateYou(changes) {
    if (!this.you) return;
    const next = { ...this.you, ...changes };
    if (next.name === this.you.name && next.department === this.you.department) return;
    this.you = next;
    this._changed();
  }

  _settled() {
    this._changed();
    this._pendingChanged();
  }

  /**
   * A `rejected` frame: drop the op, so the view rolls back. Reported once per cid.
   * @param {{cid: string, code: string, message: string}} frame
   */
  rejected(frame) {
    const index = this.pending.findIndex((p) => p.cid === frame.cid);
    if (index >= 0 && RETRYABLE.has(frame.code)) {
      // Not refused, only not now: the same op (same cid) goes again shortly.
      this.pending[index].sent = false;
      if (frame.code === "rate_limited") this._tokens = 0;
      this._flushSoon(RETRY_MS);
      return;
    }
    const op = index >= 0 ? this.pending[index].op : null;
    if (index >= 0) this.pending.splice(index, 1);
    // Undo entries that would revert the refused op revert nothing: forget them.
    this.undoStack = this.undoStack.filter((e) => !e.cids.includes(frame.cid));
    if (!this._reported.has(frame.cid)) {
      this._reported.add(frame.cid);
      this._emit({ type: "rejected", cid: frame.cid, code: frame.code, message: frame.message, op });
    }
    this._changed();
    this._pendingChanged();
    this.flush();
  }

  /** The connection dropped: every pending op must be sent again after the next welcome. */
  disconnected() {
    for (const p of this.pending) p.sent = false;
    this._pendingChanged();
  }

  /** After a welcome: send every pending op again, in order, with its original cid (O4). */
  resendPending() {
    this.flush();
  }

  /**
   * Send what may go now, in order: stop at an op that names an id an earlier unacknowledged
   * op creates or removes (it goes after that ack), when the token bucket is empty (retried
   * shortly), or when the connection refuses (offline: after the next welcome).
   */
  flush() {
    const now = this.now();
    this._tokens = Math.min(BURST, this._tokens + ((now - this._refilled) / 1000) * RATE);
    this._refilled = now;
    const defined = new Set();
    for (const p of this.pending) {
      if (!p.sent) {
        if (names(p.op).some((id) => defined.has(id))) return;
        if (this._tokens < 1) {
          this._flushSoon(Math.ceil(((1 - this._tokens) / RATE) * 1000));
          return;
        }
        if (!this.send({ type: "op", cid: p.cid, op: p.op })) return;
        p.sent = true;
        this._tokens -= 1;
      }
      for (const id of defines(p.op)) defined.add(id);
    }
  }

  /** @param {number} ms */
  _flushSoon(ms) {
    if (this._flushQueued) return;
    this._flushQueued = true;
    this.later(() => {
      this._flushQueued = false;
      this.flush();
    }, ms);
  }

  // Local edits.

  /**
   * Apply ops locally at once and send them. All or nothing: if one would be refused on the
   * current view, nothing happens and the outcome says why (no round trip for a sure no).
   * @param {Op[]} ops
   * @param {{undoable?: boolean, mergeKey?: string}} [options]
   * @returns {Outcome}
   */
  perform(ops, options = {}) {
    const outcome = this._perform(ops);
    if (!outcome.ok) return outcome;
    if (options.undoable !== false && outcome.inverse.length) {
      const top = this.undoStack[this.undoStack.length - 1];
      if (options.mergeKey && top && top.mergeKey === options.mergeKey) {
        top.cids.push(...outcome.cids); // typing into one field: one undo step
      } else {
        this.undoStack.push({ ops: outcome.inverse, cids: outcome.cids, mergeKey: options.mergeKey });
        if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
      }
      this.redoStack = [];
    }
    return { ok: true };
  }

  /**
   * @param {Op[]} ops
   * @returns {{ok: true, inverse: Op[], cids: string[]} | {ok: false, code: string, message: string}}
   */
  _perform(ops) {
    const view = this.view;
    const you = this.you;
    if (!view || !you) return { ok: false, code: "not_ready", message: "not connected yet" };
    const scratch = cloneBoard(view);
    /** @type {Op[]} */
    let inverse = [];
    for (const op of ops) {
      const outcome = check(scratch, op, you);
      if (!outcome.ok) {
        const refused = { ok: /** @type {false} */ (false), code: outcome.code ?? "", message: outcome.message ?? "" };
        this._emit({ type: "refused", code: refused.code, message: refused.message, op });
        return refused;
      }
      inverse = [...inverseOf(scratch, op, you), ...inverse];
      apply(scratch, op, you, scratch.seq);
    }
    const cids = [];
    for (const op of ops) {
      const cid = this.makeCid();
      this.pending.push({ cid, op, sent: false });
      cids.push(cid);
    }
    this.flush();
    scratch.seq = view.seq;
    this._view = scratch;
    this._emit({ type: "change" });
    this._pendingChanged();
    return { ok: true, inverse, cids };
  }

  /** Forget the newest undo step if it has this merge key (e.g. an empty note thrown away). */
  /** @param {string} mergeKey */
  dropUndo(mergeKey) {
    const top = this.undoStack[this.undoStack.length - 1];
    if (top && top.mergeKey === mergeKey) this.undoStack.pop();
  }

  /** Undo the newest own edit. @returns {Outcome | null} null when there is nothing to undo */
  undo() {
    return this._replay(this.undoStack, this.redoStack);
  }

  /** Redo the newest undone edit. @returns {Outcome | null} */
  redo() {
    return this._replay(this.redoStack, this.undoStack);
  }

  /** @param {UndoEntry[]} from @param {UndoEntry[]} to */
  _replay(from, to) {
    const entry = from.pop();
    if (!entry) return null;
    const outcome = this._perform(entry.ops);
    if (!outcome.ok) return outcome; // the board moved on (e.g. someone removed the item)
    to.push({ ops: outcome.inverse, cids: outcome.cids });
    this._emit({ type: "change" });
    return { ok: true };
  }

  // Persistence across a reload of the tab (see persist.js).

  /** @returns {{epoch: string | null, seq: number, board: Board | null, pending: {cid: string, op: Op}[]}} */
  snapshot() {
    return {
      epoch: this.epoch,
      seq: this.seq,
      board: this.confirmed,
      pending: this.pending.map((p) => ({ cid: p.cid, op: p.op })),
    };
  }

  /**
   * Restore a replica and unsent ops saved before a reload; the next hello resumes from it.
   * @param {{epoch?: string | null, board?: Board | null, pending?: {cid: string, op: Op}[]}} saved
   */
  restore(saved) {
    if (saved.board && saved.epoch) {
      this.confirmed = saved.board;
      this.epoch = saved.epoch;
    }
    this.pending = (saved.pending ?? []).map((p) => ({ cid: p.cid, op: p.op, sent: false }));
    this._view = null;
  }
}

/**
 * E1: replace views by id; a view without `mine` keeps the one this client had.
 * @template {{mine?: unknown}} V
 * @param {Record<string, V> | undefined} current @param {Record<string, V>} views
 * @returns {Record<string, V>}
 */
function withViews(current, views) {
  const out = { ...(current ?? {}) };
  for (const [id, view] of Object.entries(views)) {
    const before = out[id];
    out[id] = view.mine === undefined && before?.mine !== undefined ? { ...view, mine: before.mine } : view;
  }
  return out;
}
