// The client session (session.js) that the board and the phone view both run on, driven with
// a fake WebSocket, fake time and in-memory storage: the welcome fills the store, an op goes
// out and settles on its ack, a refused op rolls back, the offline queue is counted and kept
// across a reload, the hub's identity refusal reloads once, and a department move changes who
// this browser says it is.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { decodeFrame, encodeFrame } from "../src/codec.js";
import { loadCredential, loadIdentity, saveCredential } from "../src/persist.js";
import { CLOSE_CODES } from "../src/protocol.gen.js";
import { Session } from "../src/session.js";
import { emptyBoard } from "./vectors.js";
import { fakeTime } from "./faketime.js";

class MemoryStorage {
  constructor() { /** @type {Map<string, string>} */ this.map = new Map(); }
  getItem(/** @type {string} */ k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(/** @type {string} */ k, /** @type {string} */ v) { this.map.set(k, String(v)); }
  removeItem(/** @type {string} */ k) { this.map.delete(k); }
}

class FakeSocket {
  /** @type {FakeSocket[]} */
  static all = [];
  /** @param {string} url */
  constructor(url) {
    this.url = url;
    /** @type {any[]} */
    this.sent = [];
    /** @type {any} */ this.onopen = null;
    /** @type {any} */ this.onmessage = null;
    /** @type {any} */ this.onclose = null;
    /** @type {any} */ this.onerror = null;
    this.readyState = 0;
    FakeSocket.all.push(this);
  }
  send(/** @type {Uint8Array} */ bytes) { this.sent.push(decodeFrame(bytes)); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.(); }
  /** @param {object} frame */
  deliver(frame) { this.onmessage?.({ data: encodeFrame(frame).slice().buffer }); }
  /** @param {number} code */
  drop(code = 1006) { this.onclose?.({ code, reason: "" }); }
  ops() { return this.sent.filter((f) => f.type === "op"); }
}

const ANA = { id: "p-ana", name: "Ana", department: "product", role: "participant" };
const welcome = (extra = {}) => ({
  type: "welcome", protocol: 1, you: ANA, epoch: "e1", seq: 0, board: emptyBoard(), online: [ANA], server_time: 0,
  credential: "cred-ana", ...extra,
});
const note = (id, text = "hi") => ({
  kind: "item.add", id, block: "expectations", item: { kind: "note", text, department: "product", x: 10, y: 20, on: null },
});
/** The hub's `applied` for an op frame this client sent. @param {any} frame @param {number} seq */
const ack = (frame, seq) => ({ type: "applied", seq, op: frame.op, by: ANA, cid: frame.cid, ts: 1 });

beforeEach(() => {
  /** @type {any} */ (globalThis).localStorage = new MemoryStorage();
  /** @type {any} */ (globalThis).sessionStorage = new MemoryStorage(); // one tab: survives a reload
});

/** A session on board b1 as Ana, not started; `events` collects what it tells its views. */
function setup(identity = { name: "Ana", department: null }) {
  FakeSocket.all = [];
  const time = fakeTime();
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: "visible" });
  let reloads = 0;
  const session = new Session({
    boardId: "b1", token: "tok", role: "participant", identity,
    url: "ws://hub/ws/b1", origin: "https://hub",
    connection: { WebSocket: FakeSocket, random: () => 1, isOnline: () => true, ...time },
    store: { now: time.now, later: (fn, ms) => { time.setTimeout(fn, ms); } },
    reload: () => { reloads += 1; },
    window: win, document: doc,
  });
  /** @type {any[]} */
  const events = [];
  session.subscribe((e) => events.push(e));
  return { session, time, win, doc, events, sockets: FakeSocket.all, reloads: () => reloads };
}

/** Started and welcomed on its first socket. */
function joined(extra = {}) {
  const s = setup();
  s.session.start();
  s.sockets[0].open();
  s.sockets[0].deliver(welcome(extra));
  return s;
}

test("the welcome fills the store, keeps the hub's credential and says who this is", () => {
  const { session, events, sockets, time } = setup();
  session.start();
  sockets[0].open();
  const hello = sockets[0].sent[0];
  assert.equal(hello.type, "hello");
  assert.equal(hello.credential, undefined, "a browser the hub never knew asks for a new identity");
  assert.equal(session.store.view, null);
  assert.equal(session.you().id, "", "before the welcome: only the name asked for");
  sockets[0].deliver(welcome({ you: { ...ANA, department: "sales" } }));
  assert.deepEqual(Object.keys(session.store.view.blocks), Object.keys(emptyBoard().blocks));
  assert.equal(session.status, "live");
  assert.equal(session.you().id, "p-ana");
  assert.equal(loadCredential("b1", "participant"), "cred-ana", "I1: kept for every tab and reload");
  assert.deepEqual(loadIdentity("b1", "participant"), { name: "Ana", department: "sales" }, "I3: the hub's department, not the one asked for");
  assert.deepEqual(events.find((e) => e.type === "welcome"), { type: "welcome", first: true });
  assert.ok(events.some((e) => e.type === "change"), "the views are told to draw");
  assert.ok(sockets[0].sent.some((f) => f.type === "ping"), "a quick ping for a clock sample (E5)");
  assert.equal(session.presence.online.get("p-ana")?.name, "Ana");
  assert.equal(session.ownLink(), "https://hub/b/b1#t=tok&c=cred-ana&n=Ana");
  // The next hello (a reconnect) presents the credential.
  sockets[0].drop(1006);
  assert.ok(events.some((e) => e.type === "status" && e.status === "reconnecting"));
  time.advance(1000);
  sockets[1].open();
  assert.equal(sockets[1].sent[0].credential, "cred-ana");
});

test("an op goes out at once and settles on its ack; the unsent count follows it", () => {
  const { session, events, sockets } = joined();
  assert.ok(session.perform([note("n1")]));
  const [op] = sockets[0].ops();
  assert.equal(op.op.id, "n1");
  assert.equal(session.store.view.items.n1.text, "hi", "shown before the hub says so");
  assert.equal(session.unsent, 1);
  assert.deepEqual(events.filter((e) => e.type === "pending").at(-1), { type: "pending", unsent: 1 });
  sockets[0].deliver(ack(op, 1));
  assert.equal(session.unsent, 0);
  assert.deepEqual(events.filter((e) => e.type === "pending").at(-1), { type: "pending", unsent: 0 });
  assert.equal(session.store.confirmed.items.n1.author, "p-ana");
  assert.equal(globalThis.sessionStorage.getItem("crossboard:pending:b1"), null, "nothing left to keep for a reload");
});

test("an op the hub rejects rolls back and is told to the views; a sure no here sends nothing", () => {
  const { session, events, sockets } = joined();
  session.perform([note("n1")]);
  const [op] = sockets[0].ops();
  sockets[0].deliver({ type: "rejected", cid: op.cid, code: "board_full", message: "full" });
  assert.equal(session.store.view.items.n1, undefined, "rolled back");
  assert.equal(session.unsent, 0);
  const rejected = events.filter((e) => e.type === "rejected");
  assert.equal(rejected.length, 1);
  assert.equal(rejected[0].code, "board_full");
  assert.equal(rejected[0].op.id, "n1");

  assert.equal(session.perform([{ kind: "item.update", id: "missing", set: { text: "x" } }]), false);
  assert.equal(events.at(-1).type, "refused");
  assert.equal(sockets[0].ops().length, 1, "nothing more went out");
});

test("offline: changes wait in a counted queue, survive a reload of the tab and go out again with the same cids", () => {
  const first = joined();
  first.win.dispatchEvent(new Event("offline")); // the socket is gone with the network
  assert.notEqual(first.session.status, "live");
  assert.ok(first.session.perform([note("n1", "")]));
  assert.ok(first.session.perform([{ kind: "item.update", id: "n1", set: { text: "typed" } }]));
  assert.ok(first.session.perform([note("n2")]));
  assert.equal(first.session.store.pending.length, 3);
  assert.equal(first.session.unsent, 2, "a note and its text are one change; two notes are two");
  assert.equal(first.sockets[0].ops().length, 0, "nothing went out on the dead socket");
  assert.equal(JSON.parse(globalThis.sessionStorage.getItem("crossboard:pending:b1")).length, 3, "kept as they are made");
  first.doc.visibilityState = "hidden";
  first.doc.dispatchEvent(new Event("visibilitychange")); // the replica too, for the resume
  const cids = first.session.store.pending.map((p) => p.cid);

  // The tab reloads (same sessionStorage): the queue and the replica come back.
  const again = setup();
  assert.equal(again.session.unsent, 2);
  assert.equal(again.session.store.confirmed.seq, 0, "the replica is back");
  again.session.start();
  again.sockets[0].open();
  assert.deepEqual(again.sockets[0].sent[0].resume, { epoch: "e1", seq: 0 }, "resumes from the kept replica");
  again.sockets[0].deliver({ ...welcome(), board: null, ops: [] });
  assert.equal(again.session.store.view.items.n1.text, "typed", "shown again, on top of the replica");
  // Each ack lets the ops that wait for it go (the text update waits for its note's add).
  const sent = () => again.sockets[0].ops();
  for (let seq = 0; seq < sent().length; seq += 1) again.sockets[0].deliver(ack(sent()[seq], seq + 1));
  assert.deepEqual(sent().map((f) => f.cid), cids, "the same ops, the same cids (O4)");
  assert.equal(again.session.unsent, 0);
  assert.equal(again.session.store.confirmed.items.n1.text, "typed");
});

test("back online: the session tries again at once instead of waiting out the backoff", () => {
  const { session, win, sockets } = joined();
  win.dispatchEvent(new Event("offline"));
  assert.equal(sockets.length, 1);
  win.dispatchEvent(new Event("online"));
  assert.equal(sockets.length, 2, "a new socket at once");
  sockets[1].open();
  assert.equal(sockets[1].sent[0].credential, "cred-ana", "the same person again (I1)");
  sockets[1].deliver({ ...welcome(), board: null, ops: [] });
  assert.equal(session.status, "live");
});

test("leaving with unsent changes while not live asks first; live or all sent, it does not", () => {
  const { session, win, sockets } = joined();
  const leave = () => {
    const e = new Event("beforeunload", { cancelable: true });
    Object.defineProperty(e, "returnValue", { value: true, writable: true }); // settable, as on a BeforeUnloadEvent
    win.dispatchEvent(e);
    return e.defaultPrevented;
  };
  session.perform([note("n1")]);
  assert.equal(leave(), false, "live: the op is on its way");
  sockets[0].drop(1006);
  assert.equal(leave(), true, "not live with an unsent change");
});

test("I2: an identity the hub refuses is forgotten and the page reloads once, not in a loop", () => {
  saveCredential("b1", "participant", "stale");
  const first = setup();
  first.session.start();
  first.sockets[0].open();
  assert.equal(first.sockets[0].sent[0].credential, "stale");
  first.sockets[0].drop(CLOSE_CODES.IDENTITY_REFUSED);
  assert.equal(first.reloads(), 1, "reload into the join form");
  assert.equal(loadCredential("b1", "participant"), null, "forgotten");
  assert.equal(first.events.some((e) => e.type === "stopped"), false, "no banner: the page is going");

  // After that reload the hub refuses again: no second reload, a stop the person sees.
  const second = setup();
  second.session.start();
  second.sockets[0].open();
  second.sockets[0].drop(CLOSE_CODES.IDENTITY_REFUSED);
  assert.equal(second.reloads(), 0);
  assert.deepEqual(second.events.at(-1), { type: "stopped", reason: "identity_refused" });

  // A welcome clears the mark: a later refusal reloads again.
  const third = joined();
  third.sockets[0].drop(CLOSE_CODES.IDENTITY_REFUSED);
  assert.equal(third.reloads(), 1);
});

test("I3: moved to another department, the next welcome replaces the board and who this is; own ops stay on top", () => {
  const { session, sockets, events, time } = joined();
  session.perform([note("n1")]);
  const moved = { ...ANA, department: "sales" };
  const board = emptyBoard();
  board.title = "as Sales sees it";
  sockets[0].deliver({ ...welcome({ you: moved, board }), seq: 0 });
  assert.equal(session.store.view.title, "as Sales sees it");
  assert.equal(session.store.view.items.n1.text, "hi", "the pending note is still shown");
  assert.equal(session.you().department, "sales");
  assert.equal(session.identity.department, "sales");
  assert.deepEqual(loadIdentity("b1", "participant"), { name: "Ana", department: "sales" });
  assert.deepEqual(events.filter((e) => e.type === "welcome").at(-1), { type: "welcome", first: false });
  // A reconnect says the new department in its hello, and sends the note again.
  sockets[0].drop(1006);
  time.advance(1000);
  sockets[1].open();
  assert.equal(sockets[1].sent[0].department, "sales");
  sockets[1].deliver({ ...welcome({ you: moved }), board: null, ops: [] });
  assert.deepEqual(sockets[1].ops().map((f) => f.op.id), ["n1"]);
});

test("A6: renamed and moved by the facilitator, own ops are checked as the hub will, and the next hello says so", () => {
  const { session, sockets, time } = joined();
  sockets[0].deliver({ type: "applied", seq: 1, op: { kind: "participant.update", id: "p-ana", department: "marketing" }, by: { ...ANA, id: "p-fay", role: "facilitator" }, cid: null, ts: 1 });
  assert.equal(session.you().department, "marketing");
  sockets[0].deliver({ type: "presence", joined: [{ ...ANA, name: "Ana K.", department: "marketing" }] });
  assert.equal(session.you().name, "Ana K.");
  assert.deepEqual(loadIdentity("b1", "participant"), { name: "Ana K.", department: "marketing" });
  sockets[0].drop(1006);
  time.advance(1000);
  sockets[1].open();
  assert.equal(sockets[1].sent[0].name, "Ana K.");
  assert.equal(sockets[1].sent[0].department, "marketing");
});

test("after a final stop (removed, A6) no edit is made and the views are told why", () => {
  const { session, sockets, events } = joined();
  sockets[0].drop(CLOSE_CODES.REMOVED);
  assert.deepEqual(events.filter((e) => e.type === "stopped"), [{ type: "stopped", reason: "removed" }]);
  assert.equal(session.finalStop, true);
  assert.equal(session.perform([note("n1")]), false);
  assert.deepEqual(events.at(-1), { type: "blocked", reason: "removed" });
  assert.equal(session.store.pending.length, 0);
});

test("I5: waiting in the lobby, then let in on the same connection", () => {
  const { session, sockets, events } = setup();
  session.start();
  sockets[0].open();
  sockets[0].deliver({ type: "waiting", credential: "cred-ana", you: { name: "Ana", department: "product" } });
  assert.equal(events.at(-1).type, "frame");
  assert.ok(events.some((e) => e.type === "waiting"));
  assert.equal(loadCredential("b1", "participant"), "cred-ana");
  assert.equal(session.store.view, null, "no board while waiting");
  assert.equal(session.perform([note("n1")]), false, "nothing to change yet");
  sockets[0].deliver(welcome());
  assert.ok(session.store.view);
  assert.equal(session.status, "live");
});

test("the lobby frame is kept for the facilitator and the views are told to draw", () => {
  const { session, sockets, events } = joined();
  const lobby = { type: "lobby", waiting: [{ id: "p-bo", name: "Bo", department: null }], joined: {} };
  sockets[0].deliver(lobby);
  assert.equal(session.lobby?.waiting[0].name, "Bo");
  assert.equal(events.at(-2).type, "change");
});

test("what the person is typing in is said again after a reconnect", () => {
  const { session, sockets, time } = joined();
  session.setEditing("n1");
  assert.deepEqual(sockets[0].sent.at(-1), { type: "editing", item: "n1" });
  sockets[0].drop(1006);
  time.advance(1000);
  sockets[1].open();
  sockets[1].deliver({ ...welcome(), board: null, ops: [] });
  assert.ok(sockets[1].sent.some((f) => f.type === "editing" && f.item === "n1"));
});
