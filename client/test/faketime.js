// A fake clock for the client's injectable timers: timers fire only when a test advances
// time, in order, each at its own moment.

export function fakeTime() {
  let now = 0;
  /** @type {{at: number, fn: () => void, id: number}[]} */
  let timers = [];
  let ids = 0;
  return {
    now: () => now,
    setTimeout: (/** @type {() => void} */ fn, /** @type {number} */ ms) => { const id = ++ids; timers.push({ at: now + ms, fn, id }); return id; },
    clearTimeout: (/** @type {number} */ id) => { timers = timers.filter((t) => t.id !== id); },
    /** @param {number} ms */
    advance(ms) {
      const until = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > until) break;
        timers.shift();
        now = next.at;
        next.fn();
      }
      now = until;
    },
    pending: () => timers.map((t) => t.at - now),
  };
}
