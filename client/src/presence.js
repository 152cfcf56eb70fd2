// Who is online, where their cursors are and what they are typing in. Volatile: never stored,
// rebuilt from the welcome's `online` list, then `presence` and `cursors` frames.

/** @typedef {import("./types.js").Actor} Actor */
/** @typedef {import("./types.js").Present} Present */
/** @typedef {{x: number, y: number, at: number}} CursorPos */

export class Presence {
  constructor(now = () => Date.now()) {
    this.now = now;
    /** @type {Map<string, Present>} */
    this.online = new Map();
    /** @type {Map<string, CursorPos>} */
    this.cursors = new Map();
    /** @type {Map<string, string>} participant id -> item id */
    this.editing = new Map();
    /** @type {Map<number, string>} participant number (`n`, P1) -> participant id */
    this.numbers = new Map();
    /** @type {string | null} */
    this.youId = null;
    /** @type {Set<(what: "people" | "cursors") => void>} */
    this._listeners = new Set();
  }

  /** @param {(what: "people" | "cursors") => void} fn */
  subscribe(fn) {
    this._listeners.add(fn);
    return () => this._listeners.delete(fn);
  }

  /** @param {"people" | "cursors"} what */
  _emit(what) {
    for (const fn of [...this._listeners]) fn(what);
  }

  /** @param {{you: Present, online?: Present[]}} welcome */
  welcome(welcome) {
    this.youId = welcome.you.id;
    this.online = new Map((welcome.online ?? [welcome.you]).map((p) => [p.id, p]));
    this.online.set(welcome.you.id, welcome.you);
    this.numbers.clear();
    for (const p of this.online.values()) this._number(p);
    this.cursors.clear();
    this.editing.clear();
    this._emit("people");
    this._emit("cursors");
  }

  /** @param {{joined?: Present[], left?: string[]}} frame */
  presence(frame) {
    for (const p of frame.joined ?? []) {
      this.online.set(p.id, p);
      this._number(p);
    }
    for (const id of frame.left ?? []) {
      if (id === this.youId) continue;
      const n = this.online.get(id)?.n;
      // In the frame that announces a leaver, their number may already be a newcomer's.
      if (n !== undefined && this.numbers.get(n) === id) this.numbers.delete(n);
      this.online.delete(id);
      this.cursors.delete(id);
      this.editing.delete(id);
    }
    this._emit("people");
    this._emit("cursors");
  }

  /** Remember whose a number is (a renamed person keeps theirs). @param {Present} p */
  _number(p) {
    if (typeof p.n === "number") this.numbers.set(p.n, p.id);
  }

  /**
   * The moved cursors (`at`: 6 bytes each, big-endian uint16 participant number, int16 x,
   * int16 y, P2) and the editing markers. A number nobody online has is skipped.
   * @param {{at?: Uint8Array, editing?: Record<string, string | null>}} frame
   */
  cursorsFrame(frame) {
    const now = this.now();
    const at = frame.at;
    if (at instanceof Uint8Array) {
      const view = new DataView(at.buffer, at.byteOffset, at.byteLength);
      for (let i = 0; i + 6 <= at.byteLength; i += 6) {
        const id = this.numbers.get(view.getUint16(i));
        if (id !== undefined && id !== this.youId) {
          this.cursors.set(id, { x: view.getInt16(i + 2), y: view.getInt16(i + 4), at: now });
        }
      }
    }
    let people = false;
    for (const [id, item] of Object.entries(frame.editing ?? {})) {
      if (id === this.youId) continue;
      if (item == null) this.editing.delete(id);
      else this.editing.set(id, item);
      people = true;
    }
    this._emit("cursors");
    if (people) this._emit("people");
  }

  /** The connection dropped: nobody's cursor or marker is current any more. */
  disconnected() {
    this.cursors.clear();
    this.editing.clear();
    this._emit("cursors");
    this._emit("people");
  }

  /** Who (other than you) is typing in `itemId`. @param {string} itemId @returns {Actor[]} */
  editorsOf(itemId) {
    const out = [];
    for (const [pid, item] of this.editing) {
      const p = this.online.get(pid);
      if (item === itemId && p) out.push(p);
    }
    return out;
  }

  /**
   * Online people grouped by department, in the board's department order; null last.
   * @param {{id: string}[]} departments
   * @returns {{department: string | null, people: Actor[]}[]}
   */
  groups(departments) {
    const order = [...departments.map((d) => d.id), null];
    /** @type {Map<string | null, Actor[]>} */
    const byDept = new Map(order.map((d) => [d, []]));
    for (const p of this.online.values()) {
      const key = byDept.has(p.department) ? p.department : null;
      /** @type {Actor[]} */ (byDept.get(key)).push(p);
    }
    return order
      .map((department) => ({
        department,
        people: /** @type {Actor[]} */ (byDept.get(department)).sort((a, b) => a.name.localeCompare(b.name)),
      }))
      .filter((g) => g.people.length > 0);
  }
}
