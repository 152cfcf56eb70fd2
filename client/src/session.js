// One person's session on a board, whatever draws it (the board or the phone view): the store,
// the websocket to the hub, what the hub's frames mean for them, who this browser is on the
// board (the credential the hub issued, I1) and what must not be lost (unsent ops and the
// replica survive a reload of the tab). The views subscribe to its events, draw `store.view`
// and change the board through `perform`.

import { personalLink, socketUrl } from "./api.js";
import { serverClock } from "./clock.js";
import { Connection, helloFrame } from "./connection.js";
import { identityRefused, takeIdentity } from "./identity.js";
import { loadCredential, loadPending, loadReplica, saveIdentity, savePending, saveReplica } from "./persist.js";
import { Presence } from "./presence.js";
import { Store } from "./store.js";
import { isFinalStop, unsentChanges } from "./views/status.js";

/** @typedef {import("./persist.js").Identity} Identity */
/** @typedef {import("./connection.js").Status} Status */
/** @typedef {import("./connection.js").ConnectionOptions} ConnectionOptions */
/** @typedef {import("./types.js").Actor} Actor */
/** @typedef {import("./types.js").Op} Op */
/** @typedef {import("./types.js").Lobby} Lobby */
/**
 * @typedef {{type: "change"}
 *   | {type: "status", status: Status}
 *   | {type: "pending", unsent: number}
 *   | {type: "welcome", first: boolean}
 *   | {type: "waiting"}
 *   | {type: "stopped", reason: string}
 *   | {type: "blocked", reason: string}
 *   | {type: "rejected", code: string, message: string, op: Op | null}
 *   | {type: "refused", code: string, message: string, op: Op}
 *   | {type: "frame", frame: any}} SessionEvent
 *   change: the board as this person sees it changed (draw it); status: the connection's;
 *   pending: how many changes are unsent; welcome: joined (again); waiting: in the lobby (I5);
 *   stopped: the connection stopped for good, for `reason`; blocked: an edit was not made as
 *   the session stopped for good; rejected / refused: the hub / this page refused an own op;
 *   frame: any frame from the hub, after the session took it (a view may want more of it).
 */
/**
 * @typedef {{
 *   boardId: string, token: string, role: string, identity: Identity,
 *   url?: string, origin?: string,
 *   connection?: Partial<ConnectionOptions>,
 *   store?: {now?: () => number, later?: (fn: () => void, ms: number) => void, makeCid?: () => string},
 *   reload?: () => void,
 *   window?: EventTarget | null, document?: (EventTarget & {visibilityState: string}) | null,
 * }} SessionOptions
 *   url: the websocket's (default: this page's host); origin: of personal links (this page's);
 *   connection / store: injected parts (a fake WebSocket class, timers) for tests; reload:
 *   reloads the page; window / document: where the page's lifecycle events come from.
 */

export class Session {
  /** @param {SessionOptions} options */
  constructor(options) {
    const { boardId, token, role, identity } = options;
    this.boardId = boardId;
    this.token = token;
    this.role = role;
    /** Who this browser says it is; the hub's word (welcome, waiting, renames) changes it in place. */
    this.identity = identity;
    this.origin = options.origin ?? globalThis.location?.origin ?? "";
    this.reload = options.reload ?? (() => globalThis.location.reload());
    this.window = options.window === undefined ? globalThis.window ?? null : options.window;
    this.document = options.document === undefined ? globalThis.document ?? null : options.document;
    this.store = new Store({ ...options.store, send: (frame) => this.connection.send(frame) });
    this.store.restore({ ...(loadReplica(boardId) ?? {}), pending: loadPending(boardId) });
    this.presence = new Presence();
    /** @type {Lobby | null} who waits to be let in (I5), for the facilitator */
    this.lobby = null;
    /** @type {string | undefined} why the connection stopped for good */
    this.stopReason = undefined;
    /** @type {string | null} the item this person is typing in, said again after a reconnect */
    this.editing = null;
    this.welcomed = false;
    /** @type {Set<(event: SessionEvent) => void>} */
    this._listeners = new Set();
    this.connection = new Connection({
      url: options.url ?? socketUrl(globalThis.location, boardId),
      makeHello: () => helloFrame({ boardId, token, identity: this.identity, store: this.store, credential: loadCredential(boardId, role) }),
      onFrame: (frame) => this._frame(frame),
      onStatus: (status, detail) => this._status(status, detail.reason),
      onServerTime: (sent, received, server) => serverClock.sample(sent, received, server), // E5: timers count in server time
      onClose: () => {
        this.store.disconnected();
        this.presence.disconnected();
      },
      ...options.connection,
    });
    this.store.subscribe((event) => {
      if (event.type === "pending") {
        savePending(boardId, this.store.snapshot().pending);
        this._emit({ type: "pending", unsent: this.unsent });
      } else if (event.type === "reset") {
        this._emit({ type: "change" });
      } else {
        this._emit(event);
      }
    });
  }

  // Reading.

  /** Who this person is on the board: the hub's word once welcomed, else what they asked for. @returns {Actor} */
  you() {
    return this.store.you ?? { id: "", name: this.identity.name, department: this.identity.department, role: this.role };
  }

  /** @returns {Status} */
  get status() {
    return this.connection.status;
  }

  /** The changes not acknowledged yet, as the badge counts them. */
  get unsent() {
    return unsentChanges(this.store.pending);
  }

  /** Stopped so that no edit can count any more (the link was replaced, the person removed)? */
  get finalStop() {
    return isFinalStop(this.stopReason);
  }

  /** The personal link for another device, once the hub issued a credential (I1). */
  ownLink() {
    const credential = loadCredential(this.boardId, this.role);
    return credential ? personalLink(this.origin, this.boardId, this.token, credential, this.identity.name) : null;
  }

  /** @param {(event: SessionEvent) => void} fn */
  subscribe(fn) {
    this._listeners.add(fn);
    return () => this._listeners.delete(fn);
  }

  /** @param {SessionEvent} event */
  _emit(event) {
    for (const fn of [...this._listeners]) fn(event);
  }

  // Verbs.

  /**
   * Change the board: applied here at once, sent when the connection allows (queued
   * meanwhile). False when refused here, or when the session stopped for good.
   * @param {Op[]} ops @param {{undoable?: boolean, mergeKey?: string}} [options]
   */
  perform(ops, options) {
    if (this.finalStop) {
      this._emit({ type: "blocked", reason: /** @type {string} */ (this.stopReason) });
      return false;
    }
    return this.store.perform(ops, options).ok;
  }

  /** A volatile frame (cursor, viewport): sent when joined, else dropped. @param {object} frame */
  send(frame) {
    return this.connection.send(frame);
  }

  /** Say which item this person is typing in (null: none); said again after a reconnect. @param {string | null} id */
  setEditing(id) {
    if (this.editing === id) return;
    this.editing = id;
    this.connection.send({ type: "editing", item: id });
  }

  /** Connect, and keep what was typed across the page's life: hidden, closed, offline. */
  start() {
    const win = this.window;
    win?.addEventListener("pagehide", () => this.persist());
    this.document?.addEventListener("visibilitychange", () => { if (this.document?.visibilityState === "hidden") this.persist(); });
    win?.addEventListener("beforeunload", (e) => {
      if (this.store.unacked > 0 && this.status !== "live") { e.preventDefault(); /** @type {BeforeUnloadEvent} */ (e).returnValue = ""; }
    });
    win?.addEventListener("online", () => this.connection.nudge());
    // A lost network leaves a dead socket even when no close arrived: drop it now, so what is
    // done meanwhile waits in the queue, and try again once the network is back.
    win?.addEventListener("offline", () => this.connection.reconnect());
    this.connection.start();
  }

  /** Unsent ops and the replica, for a reload of this tab (sessionStorage). */
  persist() {
    const snap = this.store.snapshot();
    savePending(this.boardId, snap.pending);
    if (snap.board && !saveReplica(this.boardId, { epoch: snap.epoch, seq: snap.seq, board: snap.board })) saveReplica(this.boardId, null);
  }

  // The hub.

  /** @param {Status} status @param {string | undefined} reason */
  _status(status, reason) {
    this._emit({ type: "status", status });
    if (status !== "stopped" || !reason || reason === "closed") return;
    // I2: the hub refused who this browser says it is: join again as a new person.
    if (reason === "identity_refused" && identityRefused(this.boardId, this.role)) {
      this.reload();
      return;
    }
    this.stopReason = reason;
    this._emit({ type: "stopped", reason });
  }

  // A decoded hub frame, untyped at this boundary: its shape follows from `type` (PROTOCOL.md), which each case reads.
  /** @param {any} frame */
  _frame(frame) {
    const { store } = this;
    switch (frame.type) {
      case "welcome": {
        if (!store.welcome(frame)) { this.connection.reconnect(); return; }
        takeIdentity(this.boardId, this.role, this.identity, frame); // I1, I3: the hub says who and in which department
        if (frame.lobby) this.lobby = frame.lobby;
        this.presence.welcome(frame);
        this.connection.ping(); // a quick round trip: a better clock sample than the welcome (E5)
        store.resendPending();
        if (this.editing) this.connection.send({ type: "editing", item: this.editing });
        const first = !this.welcomed;
        this.welcomed = true;
        if (first) globalThis.performance?.mark?.("crossboard-welcome");
        this._emit({ type: "welcome", first });
        break;
      }
      case "waiting": // I5: in the lobby until the facilitator lets this person in
        takeIdentity(this.boardId, this.role, this.identity, frame);
        this._emit({ type: "waiting" });
        break;
      case "applied":
        if (!store.applied(frame)) { this.connection.reconnect(); return; }
        if (frame.op?.kind === "participant.update" && frame.op.id === store.you?.id) {
          this._youChanged({ name: frame.op.name, department: frame.op.department });
        }
        break;
      case "rejected":
        store.rejected(frame);
        break;
      case "exercise": // E7: the current vote and poll views
        store.exercise(frame);
        break;
      case "lobby": // I5: the facilitator's view of who waits
        this.lobby = frame;
        this._emit({ type: "change" });
        break;
      case "presence": {
        this.presence.presence(frame);
        const me = (frame.joined ?? []).find((/** @type {Actor} */ p) => p.id === store.you?.id);
        if (me) this._youChanged({ name: me.name, department: me.department }); // A6: renamed or moved
        break;
      }
      case "cursors":
        this.presence.cursorsFrame(frame);
        break;
      default:
        break; // follow is the board's; pong, error: nothing to keep
    }
    this._emit({ type: "frame", frame });
  }

  /**
   * The facilitator renamed or moved this participant (A6): own ops are checked as the hub
   * will apply them, and the next hello says the same.
   * @param {{name?: unknown, department?: string | null}} changes
   */
  _youChanged(changes) {
    /** @type {{name?: string, department?: string | null}} */
    const known = {};
    if (typeof changes.name === "string") known.name = this.identity.name = changes.name;
    if (changes.department !== undefined) known.department = this.identity.department = changes.department;
    this.store.updateYou(known);
    saveIdentity(this.boardId, this.role, this.identity);
  }
}
