// The server's clock and the agenda timer (PROTOCOL.md E5).
//
// The hub's clock is the authority: the agenda says when the running stretch started, in
// server time, so every client must count from the same "now". A client estimates the offset
// between its clock and the server's from the `server_time` of `welcome` and `pong` frames,
// each a sample taken between sending a frame and hearing the answer: the server's clock read
// somewhere in that round trip. The sample with the shortest round trip bounds the error best
// (at most half its round trip), so that one wins. Everything here is pure but the singleton.

/** @typedef {import("./types.js").Agenda} Agenda */
/** @typedef {import("./types.js").AgendaItem} AgendaItem */
/** @typedef {{offset: number, rtt: number}} ClockSample */

/** How many recent samples to choose from: old ones age out, so a changed local clock is followed. */
const KEEP = 8;

/**
 * One sample: the server read its clock at `server`, between `sent` and `received` (local ms).
 * Null when the local clock went backwards meanwhile (the sample says nothing).
 * @param {number} sent @param {number} received @param {number} server
 * @returns {ClockSample | null}
 */
export function clockSample(sent, received, server) {
  if (!Number.isFinite(sent) || !Number.isFinite(received) || !Number.isFinite(server) || received < sent) return null;
  return { offset: server - (sent + received) / 2, rtt: received - sent };
}

/**
 * The offset (server − local, ms) of the sample with the shortest round trip; 0 with none.
 * @param {readonly ClockSample[]} samples
 */
export function bestOffset(samples) {
  let best = null;
  for (const s of samples) if (!best || s.rtt < best.rtt) best = s;
  return best ? best.offset : 0;
}

export class ServerClock {
  /** @param {{now?: () => number, keep?: number}} [options] */
  constructor(options = {}) {
    this.local = options.now ?? (() => Date.now());
    this.keep = options.keep ?? KEEP;
    /** @type {ClockSample[]} */
    this.samples = [];
    this.offset = 0;
  }

  /**
   * A `server_time` heard in answer to a frame sent at `sent` and received at `received`.
   * @param {number} sent @param {number} received @param {number} server
   */
  sample(sent, received, server) {
    const s = clockSample(sent, received, server);
    if (!s) return;
    this.samples.push(s);
    if (this.samples.length > this.keep) this.samples.shift();
    this.offset = bestOffset(this.samples);
  }

  /** The server's clock now, as well as this client can tell (ms since the Unix epoch). */
  now() {
    return this.local() + this.offset;
  }
}

/** The client's estimate of the hub's clock: fed by the connection, read by the timer views. */
export const serverClock = new ServerClock();

// The agenda timer.

/**
 * Time spent on an entry so far: its banked time, plus the running stretch when it is the
 * current entry and the timer runs. Never negative (a clock estimate a little behind
 * `started_at` must not count backwards).
 * @param {Agenda} agenda @param {AgendaItem} entry @param {number} serverNow
 */
export function actualMs(agenda, entry, serverNow) {
  const running = agenda.running && agenda.current === entry.id && agenda.started_at != null;
  return entry.actual_ms + (running ? Math.max(0, serverNow - /** @type {number} */ (agenda.started_at)) : 0);
}

/** @param {Agenda | null | undefined} agenda @returns {AgendaItem | null} */
export function currentEntry(agenda) {
  if (!agenda || agenda.current == null) return null;
  return agenda.items.find((e) => e.id === agenda.current) ?? null;
}

/**
 * The time an entry is given: its planned minutes plus what the facilitator added
 * (`agenda.extend`, E8), as board/steps.py `allowed_ms` counts it.
 * @param {AgendaItem} entry
 */
export function allowedMs(entry) {
  return Math.round(entry.minutes * 60000) + (entry.extra_ms ?? 0);
}

/**
 * E5, E8: remaining time of the current entry = minutes·60000 + extra_ms − actual_ms − running
 * stretch; negative on overrun. Null when no entry is current.
 * @param {Agenda | null | undefined} agenda @param {number} serverNow
 */
export function remainingMs(agenda, serverNow) {
  const entry = currentEntry(agenda);
  if (!agenda || !entry) return null;
  return allowedMs(entry) - actualMs(agenda, entry, serverNow);
}

/**
 * Each entry's share of the time spent so far (0..1; all 0 before any time is spent): the
 * story's "30% of the day went to synchronization".
 * @param {Agenda} agenda @param {number} serverNow @returns {Map<string, number>}
 */
export function shares(agenda, serverNow) {
  const spent = agenda.items.map((e) => /** @type {[string, number]} */ ([e.id, actualMs(agenda, e, serverNow)]));
  const total = spent.reduce((sum, [, ms]) => sum + ms, 0);
  return new Map(spent.map(([id, ms]) => [id, total > 0 ? ms / total : 0]));
}

/**
 * The entry `agenda.start {item}` or `agenda.next` will run, as the hub decides it
 * (board/exercises.py); null when `next` ends the day or nothing can start.
 * @param {Agenda} agenda @param {"start" | "next"} verb @param {string | null} [item]
 */
export function targetOf(agenda, verb, item = null) {
  const ids = agenda.items.map((e) => e.id);
  if (verb === "start") {
    const target = item ?? agenda.current ?? ids[0] ?? null;
    return target !== null && ids.includes(target) ? target : null;
  }
  if (agenda.current == null) return ids[0] ?? null;
  return ids[ids.indexOf(agenda.current) + 1] ?? null;
}

/**
 * A duration as a clock: "9:05", "1:02:03". Counting down, a partial second shows as a whole
 * one (the timer reads 10:00 when it starts, 0:00 only when the time is up).
 * @param {number} ms @param {{up?: boolean}} [options] `up`: round down (elapsed time)
 */
export function formatClock(ms, options = {}) {
  const seconds = Math.max(0, options.up ? Math.floor(ms / 1000) : Math.ceil(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
