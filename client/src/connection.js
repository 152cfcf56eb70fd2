// The websocket to the hub: hello, resume, heartbeat, reconnect with capped jittered backoff.
//
// It knows frames, not boards: what to say in the hello comes from `makeHello` (the store's
// epoch/seq), and every decoded frame goes to `onFrame`. The WebSocket class, timers, random
// and clock are injected, so the tests drive it with a fake socket and fake time.

import { decodeFrames, encodeFrame, MAX_FRAME_BYTES } from "./codec.js";
import { CLOSE_CODES as C, PROTOCOL_VERSION } from "./protocol.gen.js";

/** Close codes after which the client stops and asks the human (PROTOCOL.md, close codes).
 * @type {Map<number, string>} */
export const STOP_CODES = new Map([
  [C.UNAUTHORIZED, "unauthorized"],
  [C.PROTOCOL_MISMATCH, "protocol"],
  [C.BAD_HELLO, "bad_hello"],
  [C.BOARD_NOT_FOUND, "not_found"],
  [C.LINK_ROTATED, "link_rotated"],
  [C.REMOVED, "removed"],
  [C.IDENTITY_REFUSED, "identity_refused"],
]);
/** Close codes after which the client waits longer before trying again (flood, too many
 * connections, too many new identities from this address).
 * @type {Set<number>} */
const LATER_CODES = new Set([C.FLOOD, C.TOO_MANY_CONNECTIONS, C.TOO_MANY_IDENTITIES]);

/**
 * The heartbeat (issue 17, 6): a network that dies without a close frame shows within 5 s.
 * Every HEARTBEAT_TICK_MS the connection looks at how long the hub has been quiet: after
 * PING_AFTER_MS of quiet it pings (the hub answers every ping with a pong, PROTOCOL.md), after
 * SILENT_AFTER_MS with a ping unanswered it says "reconnecting" (the badge leaves "Live"; a
 * frame heard brings it back), after DEAD_AFTER_MS it drops the socket and reconnects. The worst case from the last
 * frame heard to the badge changing is SILENT_AFTER_MS + HEARTBEAT_TICK_MS = 4.5 s, and a
 * pong may take 2 s before a healthy connection looks silent. Nothing changes on the wire.
 */
export const HEARTBEAT_TICK_MS = 500;
export const PING_AFTER_MS = 1500;
export const SILENT_AFTER_MS = 4000;
export const DEAD_AFTER_MS = 15000;

/**
 * @typedef {"connecting" | "live" | "reconnecting" | "offline" | "stopped"} Status
 * @typedef {{
 *   url: string,
 *   makeHello: () => object,
 *   onFrame: (frame: any) => void,
 *   onStatus?: (status: Status, detail: {attempt: number, retryIn: number, reason?: string, code?: number}) => void,
 *   onClose?: (code: number) => void,
 *   onServerTime?: (sent: number, received: number, serverTime: number) => void,
 *   WebSocket?: any,
 *   setTimeout?: (fn: () => void, ms: number) => any,
 *   clearTimeout?: (handle: any) => void,
 *   random?: () => number,
 *   now?: () => number,
 *   isOnline?: () => boolean,
 *   baseDelay?: number, maxDelay?: number, pingAfter?: number, silentAfter?: number, deadAfter?: number,
 * }} ConnectionOptions
 */

/** The wire protocol this client speaks (PROTOCOL.md H2). */
export const PROTOCOL = PROTOCOL_VERSION;

/**
 * The hello for (re)joining a board (H1-H6, S1, I1): resume from the replica when there is
 * one. Who this browser is on the board is the credential the hub issued it (stored per board
 * and role), never a participant id it claims: a hello without one asks for a new identity.
 * @param {{boardId: string, token: string, identity: {name: string, department: string | null},
 *   store: {confirmed: unknown, epoch: string | null, seq: number}, credential?: string | null}} who
 */
export function helloFrame({ boardId, token, identity, store, credential }) {
  /** @type {Record<string, any>} */
  const hello = {
    type: "hello", protocol: PROTOCOL, board: boardId, token,
    name: identity.name, department: identity.department,
    resume: store.confirmed && store.epoch ? { epoch: store.epoch, seq: store.seq } : null,
    batch: true, // F5: this client reads several frames from one message
  };
  if (credential) hello.credential = credential;
  return hello;
}

export class Connection {
  /** @param {ConnectionOptions} options */
  constructor(options) {
    this.url = options.url;
    this.makeHello = options.makeHello;
    this.onFrame = options.onFrame;
    this.onStatus = options.onStatus ?? (() => {});
    this.onClose = options.onClose ?? (() => {});
    this.onServerTime = options.onServerTime ?? (() => {});
    this.WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.setTimeout = options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.clearTimeout = options.clearTimeout ?? ((h) => globalThis.clearTimeout(h));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => Date.now());
    this.isOnline = options.isOnline ?? (() => globalThis.navigator?.onLine !== false);
    this.baseDelay = options.baseDelay ?? 500;
    this.maxDelay = options.maxDelay ?? 10000;
    this.pingAfter = options.pingAfter ?? PING_AFTER_MS;
    this.silentAfter = options.silentAfter ?? SILENT_AFTER_MS;
    this.deadAfter = options.deadAfter ?? DEAD_AFTER_MS;
    /** @type {Status} */
    this.status = "connecting";
    /** @type {WebSocket | null} */
    this.ws = null;
    this.joined = false;
    /** In the lobby (I5): the hub answered the hello with `waiting`; no ops go out until the welcome. */
    this.waiting = false;
    this.attempt = 0; // failed connections in a row
    this.stopped = false;
    this.everJoined = false;
    this.lastHeard = 0;
    /** When the last ping went out (the heartbeat pings at most once per `pingAfter`). */
    this.lastPing = 0;
    /** Joined, but the hub has been quiet for longer than `silentAfter`: shown as "reconnecting". */
    this.silent = false;
    /** @type {unknown} a handle from `setTimeout`, only handed back to `clearTimeout` */
    this._retry = null;
    /** @type {unknown} */
    this._heartbeat = null;
    /** When the hello and the pings awaiting their pong went out: clock samples (E5). */
    /** @type {number | undefined} */
    this._helloAt = undefined;
    /** @type {number[]} */
    this._pingsAt = [];
  }

  start() {
    this.stopped = false;
    this._open();
  }

  /** Close for good (leaving the page, or a stop code). */
  /** @param {string} [reason] @param {number} [code] */
  stop(reason = "closed", code) {
    this.stopped = true;
    this._clearTimers();
    const ws = this.ws;
    this.ws = null;
    this.joined = this.waiting = false;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(1000, reason); } catch { /* already closed */ }
    }
    this._setStatus("stopped", { reason, code });
  }

  /**
   * Try now instead of waiting out the backoff (the browser came back online, or the person
   * pressed the badge). An attempt still connecting (begun while offline, it may hang until
   * it fails) is given up for a fresh one, and so is a joined socket the hub went silent on;
   * a socket that works is left alone.
   */
  nudge() {
    if (this.stopped) return;
    if (this.joined && this.silent) {
      this._dropped(1006, "retry");
      return;
    }
    if (this.joined || this.waiting) return;
    const attempt = this.ws;
    if (attempt && attempt.readyState !== 0) return; // open (or closing): its hello is on its way
    if (attempt) {
      this.ws = null;
      attempt.onopen = attempt.onmessage = attempt.onclose = attempt.onerror = null;
      try { attempt.close(); } catch { /* not open yet */ }
    }
    this.clearTimeout(this._retry);
    this._retry = null;
    this._open();
  }

  /** Drop the socket and reconnect (e.g. the store found a gap in the log). */
  reconnect() {
    if (this.stopped) return;
    if (this.ws) this._dropped(1006);
  }

  /**
   * Send a frame on a joined connection. False when not joined (the caller keeps it) or when
   * the frame is over the server's size limit (it would be refused with 1009).
   * @param {object} frame
   */
  send(frame) {
    if (!this.joined) return false;
    return this._write(frame);
  }

  /** Send a ping; its pong's `server_time` is a clock sample (E5). Also while in the lobby. */
  ping() {
    if ((this.joined || this.waiting) && this._write({ type: "ping" })) {
      this.lastPing = this.now();
      this._pingsAt.push(this.lastPing);
    }
  }

  // Internals.

  /** @param {object} frame */
  _write(frame) {
    if (!this.ws) return false;
    const bytes = encodeFrame(frame);
    if (bytes.byteLength > MAX_FRAME_BYTES) return false;
    try {
      this.ws.send(bytes);
    } catch {
      return false;
    }
    return true;
  }

  _open() {
    this._clearTimers();
    this.joined = this.waiting = false;
    this._setStatus(this.everJoined ? (this.isOnline() && this.attempt < 3 ? "reconnecting" : "offline") : "connecting");
    let ws;
    try {
      ws = new this.WebSocket(this.url);
    } catch {
      this._scheduleRetry(1006);
      return;
    }
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.lastHeard = this.now();
      this._helloAt = this.now();
      this._pingsAt = [];
      ws.send(encodeFrame(this.makeHello()));
    };
    ws.onmessage = (/** @type {{data: any}} */ event) => {
      if (this.ws !== ws) return;
      this.lastHeard = this.now();
      if (this.silent) {
        this.silent = false; // the hub answered after all
        if (this.joined) this._setStatus("live");
      }
      if (typeof event.data === "string") return; // the protocol is binary only
      let frames;
      try {
        frames = decodeFrames(event.data);
      } catch {
        return;
      }
      for (const frame of frames) {
        if (this.ws !== ws) return; // a frame closed this socket (a reconnect)
        if (frame && frame.type === "welcome") {
          // A second welcome on a joined connection (the facilitator moved this person, I3,
          // or let them in from the lobby, I5) changes nothing here but keeps one heartbeat.
          this.joined = true;
          this.waiting = false;
          this.everJoined = true;
          this.attempt = 0;
          this._setStatus("live");
          this._startHeartbeat();
        } else if (frame && frame.type === "waiting" && !this.joined) {
          this.waiting = true; // the hello worked: the person waits to be let in
          this.attempt = 0;
          this._startHeartbeat();
        }
        this._clockSample(frame);
        this.onFrame(frame);
      }
    };
    ws.onclose = (/** @type {{code: number, reason?: string}} */ event) => {
      if (this.ws !== ws) return;
      this._dropped(event.code, event.reason);
    };
    ws.onerror = () => { /* a close event follows */ };
  }

  /** A welcome answers the hello, a pong the oldest ping: the server's clock within that round trip.
   * @param {unknown} frame decoded, so checked here */
  _clockSample(frame) {
    if (typeof frame !== "object" || frame === null || !("server_time" in frame) || typeof frame.server_time !== "number") return;
    const type = "type" in frame ? frame.type : undefined;
    // Only the welcome that answers the hello is a round trip; a later one (I3, I5) is not.
    const sent = type === "welcome" ? this._helloAt : type === "pong" ? this._pingsAt.shift() : undefined;
    if (type === "welcome") this._helloAt = undefined;
    if (sent !== undefined) this.onServerTime(sent, this.now(), frame.server_time);
  }

  /** @param {number} code @param {string} [reason] */
  _dropped(code, reason) {
    const ws = this.ws;
    this.ws = null;
    const wasJoined = this.joined || this.waiting;
    this.joined = this.waiting = false;
    this._clearTimers();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(); } catch { /* gone */ }
    }
    this.onClose(code);
    const stop = STOP_CODES.get(code);
    if (stop) {
      this.stopped = true;
      this._setStatus("stopped", { reason: stop, code });
      return;
    }
    if (!wasJoined) this.attempt += 1;
    else this.attempt = 0;
    this._scheduleRetry(code, reason);
  }

  /** @param {number} code @param {string} [_reason] */
  _scheduleRetry(code, _reason) {
    if (this.stopped) return;
    const delay = this.backoff(this.attempt, code);
    const status = !this.everJoined ? "connecting" : this.isOnline() && this.attempt < 3 ? "reconnecting" : "offline";
    this._setStatus(status, { retryIn: delay, code });
    this._retry = this.setTimeout(() => {
      this._retry = null;
      this._open();
    }, delay);
  }

  /**
   * Capped exponential backoff with jitter: between half and all of min(cap, base * 2^n).
   * After a flood close (4009), a connection-limit close (4013) or too many new identities
   * (4015) wait at least 5 s.
   * @param {number} attempt failed attempts in a row (0 after a working connection dropped)
   * @param {number} [code]
   */
  backoff(attempt, code) {
    const ceiling = Math.min(this.maxDelay, this.baseDelay * 2 ** Math.min(attempt, 16));
    const delay = ceiling * (0.5 + this.random() * 0.5);
    return Math.round(code !== undefined && LATER_CODES.has(code) ? Math.max(5000, delay) : delay);
  }

  /** Ping a quiet hub; say so when it stays quiet; drop a connection it never answers. */
  _startHeartbeat() {
    if (this._heartbeat) this.clearTimeout(this._heartbeat);
    const beat = () => {
      this._heartbeat = null;
      if (!this.ws || !(this.joined || this.waiting)) return;
      const now = this.now();
      const quiet = now - this.lastHeard;
      // Judged only on a ping the hub has not answered: a background tab whose timers the
      // browser slowed to one a minute pings again instead of calling a live hub dead.
      const unanswered = this.lastPing > this.lastHeard;
      if (unanswered && quiet > this.deadAfter) {
        this._dropped(1006, "no answer"); // the network died without a close frame
        return;
      }
      if (unanswered && quiet > this.silentAfter && !this.silent) {
        this.silent = true;
        if (this.joined) this._setStatus("reconnecting");
      }
      if (quiet >= this.pingAfter && now - this.lastPing >= this.pingAfter) this.ping();
      this._heartbeat = this.setTimeout(beat, HEARTBEAT_TICK_MS);
    };
    this._heartbeat = this.setTimeout(beat, HEARTBEAT_TICK_MS);
  }

  _clearTimers() {
    if (this._retry) this.clearTimeout(this._retry);
    if (this._heartbeat) this.clearTimeout(this._heartbeat);
    this._retry = this._heartbeat = null;
    this.silent = false;
  }

  /** @param {Status} status @param {{retryIn?: number, reason?: string, code?: number}} [detail] */
  _setStatus(status, detail = {}) {
    this.status = status;
    this.onStatus(status, { attempt: this.attempt, retryIn: detail.retryIn ?? 0, reason: detail.reason, code: detail.code });
  }
}
