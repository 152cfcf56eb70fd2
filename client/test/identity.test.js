// Identity and trust on the client (PROTOCOL.md I1-I8, E7): the credential the hub issues,
// kept per board and role and sent in every hello; personal links; the room's rules in the
// reducer; anonymous ballots and the `exercise` frame in the store; a second welcome.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { parseJoinLink, personalLink, withoutCredential } from "../src/api.js";
import { Connection, HEARTBEAT_TICK_MS, helloFrame, PING_AFTER_MS } from "../src/connection.js";
import { boardSettings, departmentLinks, normalizeLinks } from "../src/facilitation.js";
import { identityRefused, takeIdentity } from "../src/identity.js";
import {
  forgetCredential, loadCredential, loadIdentity, loadRefused, saveCredential, saveIdentity,
} from "../src/persist.js";
import { apply, check } from "../src/reducer.js";
import { Store } from "../src/store.js";
import { decodeFrame, encodeFrame } from "../src/codec.js";
import { emptyBoard } from "./vectors.js";

/** A Storage in memory, as the browser's localStorage / sessionStorage. */
class MemoryStorage {
  constructor() { /** @type {Map<string, string>} */ this.map = new Map(); }
  getItem(/** @type {string} */ k) { return this.map.has(k) ? /** @type {string} */ (this.map.get(k)) : null; }
  setItem(/** @type {string} */ k, /** @type {string} */ v) { this.map.set(k, String(v)); }
  removeItem(/** @type {string} */ k) { this.map.delete(k); }
  clear() { this.map.clear(); }
}

beforeEach(() => {
  /** @type {any} */ (globalThis).localStorage = new MemoryStorage();
  /** @type {any} */ (globalThis).sessionStorage = new MemoryStorage();
});

const FAC = { id: "p-fac", name: "Fay", department: null, role: "facilitator" };
const ANA = { id: "p-ana", name: "Ana", department: "product", role: "participant" };
const BOB = { id: "p-bob", name: "Bob", department: "sales", role: "participant" };
const STORE = { confirmed: null, epoch: null, seq: 0 };

// I1, I2: the hello.

test("I1: the hello sends the stored credential, and never a participant id", () => {
  const identity = /** @type {any} */ ({ name: "Ana", department: "product", participant: "p-ana" });
  const hello = helloFrame({ boardId: "b1", token: "tok", identity, store: STORE, credential: "cred-1" });
  assert.equal(hello.credential, "cred-1");
  assert.equal("participant" in hello, false);
  assert.equal(hello.name, "Ana");
  assert.equal(hello.batch, true);
});

test("I1: without a credential the hello asks for a new identity (no credential, no participant)", () => {
  const hello = helloFrame({ boardId: "b1", token: "tok", identity: { name: "Ana", department: "sales" }, store: STORE, credential: null });
  assert.equal("credential" in hello, false);
  assert.equal("participant" in hello, false);
  assert.equal(hello.department, "sales");
  const resumed = helloFrame({ boardId: "b1", token: "tok", identity: { name: "Ana", department: null }, store: { confirmed: {}, epoch: "e", seq: 9 } });
  assert.deepEqual(resumed.resume, { epoch: "e", seq: 9 });
  assert.equal("credential" in resumed, false);
});

// I1: what the browser keeps.

test("I1: credentials are kept per board and per role, in localStorage (every tab)", () => {
  saveCredential("b1", "participant", "cp");
  saveCredential("b1", "facilitator", "cf");
  saveCredential("b2", "participant", "cp2");
  assert.equal(loadCredential("b1", "participant"), "cp");
  assert.equal(loadCredential("b1", "facilitator"), "cf");
  assert.equal(loadCredential("b2", "participant"), "cp2");
  assert.equal(loadCredential("b1", "screen"), null);
  assert.equal(globalThis.localStorage.getItem("crossboard:credential:b1:participant"), "cp");
  assert.equal(globalThis.sessionStorage.getItem("crossboard:credential:b1:participant"), null);
  forgetCredential("b1", "participant");
  assert.equal(loadCredential("b1", "participant"), null);
  assert.equal(loadCredential("b1", "facilitator"), "cf", "forgetting one role keeps the other");
});

test("I1: the name on a board is kept per board and role in localStorage, shared by tabs", () => {
  saveIdentity("b1", "participant", { name: "Ana", department: "product" });
  saveIdentity("b1", "facilitator", { name: "Fay", department: null });
  assert.deepEqual(loadIdentity("b1", "participant"), { name: "Ana", department: "product" });
  assert.deepEqual(loadIdentity("b1", "facilitator"), { name: "Fay", department: null });
  assert.equal(loadIdentity("b2", "participant"), null);
  /** @type {any} */ (globalThis).sessionStorage = new MemoryStorage(); // another tab
  assert.deepEqual(loadIdentity("b1", "participant"), { name: "Ana", department: "product" });
});

test("I1, I3: a welcome's credential is kept and name and department come from welcome.you", () => {
  const identity = { name: "Ana", department: "sales" }; // what the join form said
  const welcome = { type: "welcome", credential: "c-new", you: { ...ANA, department: "product" } };
  takeIdentity("b1", "participant", identity, welcome);
  assert.deepEqual(identity, { name: "Ana", department: "product" }, "the hub decides the department");
  assert.equal(loadCredential("b1", "participant"), "c-new");
  assert.deepEqual(loadIdentity("b1", "participant"), { name: "Ana", department: "product" });
  takeIdentity("b1", "participant", identity, { type: "waiting", credential: "c-wait", you: { ...ANA, name: "Anna" } });
  assert.equal(loadCredential("b1", "participant"), "c-wait", "a waiting frame carries one too (I5)");
  assert.equal(identity.name, "Anna");
});

test("I2: a refused identity is forgotten, and the page reloads into the join form only once", () => {
  saveCredential("b1", "participant", "bad");
  saveIdentity("b1", "participant", { name: "Ana", department: "product" });
  assert.equal(identityRefused("b1", "participant"), true, "first refusal: reload");
  assert.equal(loadCredential("b1", "participant"), null);
  assert.equal(loadIdentity("b1", "participant"), null);
  assert.equal(loadRefused("b1", "participant"), true);
  assert.equal(identityRefused("b1", "participant"), false, "refused again before any welcome: no loop");
  takeIdentity("b1", "participant", { name: "Ana", department: null }, { type: "welcome", credential: "good", you: ANA });
  assert.equal(loadRefused("b1", "participant"), false, "a welcome clears the mark");
  assert.equal(identityRefused("b1", "participant"), true);
});

// Personal links ("continue on another device").

test("parseJoinLink reads the token, and a personal link's credential (c) and name (n)", () => {
  assert.deepEqual(parseJoinLink({ pathname: "/b/b1", hash: "#t=tok.en-1" }), { boardId: "b1", token: "tok.en-1", credential: null, name: null });
  const link = personalLink("http://hub:8000", "b1", "tok.en-1", "cr.ed_ential-2", "Анна Петрова");
  const url = new URL(link);
  assert.equal(url.pathname, "/b/b1");
  assert.deepEqual(parseJoinLink(url), { boardId: "b1", token: "tok.en-1", credential: "cr.ed_ential-2", name: "Анна Петрова" });
  assert.deepEqual(parseJoinLink({ pathname: "/b/b1", hash: "#t=x&c=" }).credential, null);
});

test("the address bar keeps the join link but not the person (c and n are taken out)", () => {
  assert.equal(withoutCredential({ pathname: "/b/b1", search: "", hash: "#t=tok&c=cred&n=Ana" }), "/b/b1#t=tok");
  assert.equal(withoutCredential({ pathname: "/b/b1", search: "?x=1", hash: "#c=cred&t=tok" }), "/b/b1?x=1#t=tok");
  assert.equal(withoutCredential({ pathname: "/b/b1", search: "", hash: "#t=tok" }), null, "nothing to take out");
});

// I6: department links.

test("I6: department links come beside the links; normalizeLinks still reads the links", () => {
  const body = {
    links: { participant: "http://h/b/x#t=p", screen: "http://h/b/x#t=s", facilitator: "http://h/b/x#t=f" },
    versions: { participant: 1, screen: 1 },
    departments: { sales: "http://h/b/x#t=ps", product: "http://h/b/x#t=pp", bad: 3 },
  };
  assert.deepEqual(normalizeLinks(body), body.links);
  assert.deepEqual(departmentLinks(body), { sales: "http://h/b/x#t=ps", product: "http://h/b/x#t=pp" });
  assert.deepEqual(departmentLinks({ links: body.links }), {}, "an older hub: none");
  assert.deepEqual(departmentLinks(null), {});
});

// I5, I7: the reducer.

test("I7: board.settings merges the given fields over the defaults; missing settings are the defaults", () => {
  const board = emptyBoard();
  delete board.settings; // a board from before the settings
  assert.deepEqual(boardSettings(board), { department_choice: "person", lobby: false, min_group: 3, editing: "own", language: "en" });
  assert.ok(apply(board, { kind: "board.settings", lobby: true }, FAC, 1).outcome.ok);
  assert.deepEqual(board.settings, { department_choice: "person", lobby: true, min_group: 3, editing: "own", language: "en" });
  assert.ok(apply(board, { kind: "board.settings", department_choice: "link", min_group: 5 }, FAC, 2).outcome.ok);
  assert.deepEqual(board.settings, { department_choice: "link", lobby: true, min_group: 5, editing: "own", language: "en" });
  assert.deepEqual(boardSettings(board), board.settings);
  assert.ok(apply(board, { kind: "board.settings" }, FAC, 3).outcome.ok, "nothing given: nothing changes");
  assert.deepEqual(board.settings, { department_choice: "link", lobby: true, min_group: 5, editing: "own", language: "en" });
  assert.equal(board.seq, 3);
});

test("I7: board.settings refuses what is not a setting (invalid_patch), changing only seq", () => {
  const bad = [
    { department_choice: "boss" }, { department_choice: null }, { lobby: "yes" }, { lobby: null },
    { min_group: 1 }, { min_group: 51 }, { min_group: 2.5 }, { min_group: "3" }, { colour: "red" },
  ];
  for (const fields of bad) {
    const board = emptyBoard();
    const before = structuredClone(board);
    const op = { kind: "board.settings", ...fields };
    assert.equal(check(board, op, FAC).code, "invalid_patch", JSON.stringify(fields));
    const { outcome } = apply(board, op, FAC, 1);
    assert.equal(outcome.code, "invalid_patch");
    assert.deepEqual(board, { ...before, seq: 1 });
  }
  for (const k of [2, 50]) assert.ok(check(emptyBoard(), { kind: "board.settings", min_group: k }, FAC).ok);
});

test("I5, I7: participant.admit lets a person in; both ops are the facilitator's alone", () => {
  const board = emptyBoard();
  assert.ok(apply(board, { kind: "participant.update", id: "p-bob", name: "Boris" }, FAC, 1).outcome.ok);
  assert.ok(apply(board, { kind: "participant.admit", id: "p-bob" }, FAC, 2).outcome.ok);
  assert.deepEqual(board.people["p-bob"], { name: "Boris", admitted: true });
  assert.ok(apply(board, { kind: "participant.admit", id: "p-new" }, FAC, 3).outcome.ok);
  assert.deepEqual(board.people["p-new"], { admitted: true });
  for (const op of [{ kind: "participant.admit", id: "p-ana" }, { kind: "board.settings", lobby: false }]) {
    for (const who of [ANA, { id: "scr", name: "Screen", department: null, role: "screen" }]) {
      assert.equal(check(board, op, who).code, "forbidden", `${who.role} ${op.kind}`);
      const before = structuredClone(board);
      assert.equal(apply(board, op, who, board.seq + 1).outcome.code, "forbidden");
      assert.deepEqual({ ...board, seq: 0 }, { ...before, seq: 0 }, "a refusal changes only seq");
    }
  }
});

// E7: anonymous ballots.

/** A store joined to a fresh board as `you`; `sent` collects what it sends. */
function joined(you = ANA) {
  const sent = [];
  let n = 0;
  const store = new Store({ send: (frame) => { sent.push(frame); return true; }, makeCid: () => `c${++n}` });
  store.welcome({ you, epoch: "e1", seq: 0, board: emptyBoard() });
  return { store, sent };
}

const VOTE = { id: "v1", block: "swot", budget: 5, max_per_item: 3, live: false, open: true, voters: null, dots_placed: 0, totals: null, by_department: null };

test("E7: an applied vote.cast or poll.answer by nobody (by: null) only advances seq", () => {
  const { store } = joined();
  const roster = structuredClone(store.confirmed.roster ?? {});
  assert.ok(store.applied({ type: "applied", seq: 1, op: { kind: "vote.cast", vote: "v1" }, by: null, cid: null, ts: 1 }));
  assert.ok(store.applied({ type: "applied", seq: 2, op: { kind: "poll.answer", poll: "q1" }, by: null, cid: null, ts: 2 }));
  assert.equal(store.seq, 2);
  assert.deepEqual(store.confirmed.roster ?? {}, roster, "nobody is enrolled");
  const board = emptyBoard();
  const { outcome } = apply(board, { kind: "vote.cast", vote: "v1" }, null, 1);
  assert.ok(outcome.ok);
  assert.equal(board.seq, 1);
});

test("E7, R12: a ballot puts its author on neither roster; ballot_roster stays as the welcome said", () => {
  const board = emptyBoard();
  board.roster = {};
  board.ballot_roster = { "p-cy": { name: "Cy", department: "sales", role: "participant" } };
  board.items = { i1: { id: "i1", block: "swot", kind: "swot", quadrant: "S", text: "", department: null, order: "V", author: "p-bob", author_department: "sales" } };
  board.votes = { v1: VOTE };
  board.polls = { q1: { id: "q1", block: "poll", question: "?", low: 1, high: 10, comment: true, revealed: false, rounds: [{ label: "Before", open: true, responses: 0, responses_by_department: null }], comparison: null } };
  assert.ok(apply(board, { kind: "vote.cast", vote: "v1", item: "i1", delta: 1 }, ANA, 1).outcome.ok);
  assert.ok(apply(board, { kind: "poll.answer", poll: "q1", score: 5, comment: "" }, BOB, 2).outcome.ok);
  assert.deepEqual(board.roster, {});
  assert.deepEqual(Object.keys(board.ballot_roster), ["p-cy"], "who cast ballots is the hub's to tell");
  apply(board, { kind: "done.set", done: true }, ANA, 3);
  assert.deepEqual(Object.keys(board.roster), ["p-ana"], "any other op enrols");
  assert.equal(apply(board, { kind: "vote.cast", vote: "v1", item: "i9", delta: 1 }, BOB, 4).outcome.code, "not_found", "judged at its turn (E2)");
});

test("E7: the exercise frame replaces vote and poll views; a view without mine keeps the client's", () => {
  const { store } = joined();
  const mine = { dots: { i1: 2 }, left: 3 };
  // Own cast: the author's tabs get the whole op and `mine`.
  store.applied({ type: "applied", seq: 1, op: { kind: "vote.start", id: "v1", block: "swot" }, by: FAC, cid: null, ts: 1, exercise: { votes: { v1: VOTE } } });
  store.applied({ type: "applied", seq: 2, op: { kind: "vote.cast", vote: "v1", item: "i1", delta: 1 }, by: ANA, cid: null, ts: 2, exercise: { votes: { v1: { ...VOTE, dots_placed: 2, mine } } } });
  const events = [];
  store.subscribe((e) => events.push(e.type));
  const poll = { id: "q1", block: "poll", question: "?", low: 1, high: 10, comment: true, revealed: false, rounds: [], comparison: null };
  store.exercise({ type: "exercise", votes: { v1: { ...VOTE, dots_placed: 9 } }, polls: { q1: poll } });
  assert.equal(store.view.votes.v1.dots_placed, 9);
  assert.deepEqual(store.view.votes.v1.mine, mine, "mine stays");
  assert.deepEqual(store.view.polls.q1, poll);
  assert.ok(events.includes("change"), "the page re-renders");
  store.exercise({ type: "exercise", votes: { v1: { ...VOTE, dots_placed: 10, mine: { dots: {}, left: 5 } } } });
  assert.deepEqual(store.view.votes.v1.mine, { dots: {}, left: 5 }, "a view with mine replaces it");
  assert.deepEqual(store.view.polls.q1, poll, "polls not in the frame stay");
  assert.equal(store.seq, 2, "an exercise frame is no op: seq stays");
});

test("E7: an exercise frame before any board is ignored", () => {
  const store = new Store();
  store.exercise({ type: "exercise", votes: { v1: VOTE } });
  assert.equal(store.confirmed, null);
});

// I3: a second welcome on an open connection.

test("I3: a second welcome resets the board and you, keeping own pending ops on top", () => {
  const { store, sent } = joined();
  const resets = [];
  store.subscribe((e) => { if (e.type === "reset") resets.push(e); });
  store.applied({ type: "applied", seq: 1, op: { kind: "item.add", id: "n-old", block: "expectations", item: { kind: "note", text: "seen before" } }, by: BOB, cid: null, ts: 1 });
  store.perform([{ kind: "item.add", id: "n-mine", block: "expectations", item: { kind: "note", text: "mine", department: "product" } }]);
  assert.equal(sent.length, 1);
  // The facilitator moved Ana to sales: the hub sends a fresh welcome with the board as she may see it now.
  const board = emptyBoard();
  board.items["n-new"] = { id: "n-new", block: "expectations", kind: "note", text: "now visible", department: "sales", x: 0, y: 0, on: null, author: "p-bob" };
  assert.ok(store.welcome({ you: { ...ANA, department: "sales" }, epoch: "e1", seq: 4, board }));
  assert.equal(resets.length, 1);
  assert.equal(store.you?.department, "sales");
  assert.equal(store.seq, 4);
  assert.equal(store.confirmed.items["n-old"], undefined, "the old replica is gone");
  assert.equal(store.view.items["n-new"].text, "now visible");
  assert.equal(store.view.items["n-mine"].text, "mine", "the unacknowledged note stays on top");
  store.resendPending();
  assert.equal(sent.length, 1, "an op already sent on this connection is not sent twice");
  store.applied({ type: "applied", seq: 5, op: sent[0].op, by: { ...ANA, department: "sales" }, cid: sent[0].cid, ts: 5 });
  assert.equal(store.unacked, 0);
  assert.equal(store.confirmed.items["n-mine"].author_department, "sales");
});

// The connection: 4014, 4015, the lobby, a second welcome.

class FakeSocket {
  /** @type {FakeSocket[]} */
  static all = [];
  constructor() {
    /** @type {any[]} */ this.sent = [];
    /** @type {any} */ this.onopen = null;
    /** @type {any} */ this.onmessage = null;
    /** @type {any} */ this.onclose = null;
    /** @type {any} */ this.onerror = null;
    FakeSocket.all.push(this);
  }
  send(/** @type {Uint8Array} */ bytes) { this.sent.push(decodeFrame(bytes)); }
  close() {}
  open() { this.onopen?.(); }
  deliver(/** @type {object} */ frame) { this.onmessage?.({ data: encodeFrame(frame).slice().buffer }); }
  drop(code = 1006) { this.onclose?.({ code, reason: "" }); }
}

function connect() {
  FakeSocket.all = [];
  let now = 0;
  /** @type {{at: number, fn: () => void, id: number}[]} */
  let timers = [];
  let ids = 0;
  const statuses = [];
  const conn = new Connection({
    url: "ws://hub/ws/b1", makeHello: () => ({ type: "hello" }), onFrame: () => {},
    onStatus: (s, d) => statuses.push([s, d]),
    WebSocket: FakeSocket, random: () => 0, isOnline: () => true,
    now: () => now,
    setTimeout: (fn, ms) => { const id = ++ids; timers.push({ at: now + ms, fn, id }); return id; },
    clearTimeout: (id) => { timers = timers.filter((x) => x.id !== id); },
  });
  const advance = (/** @type {number} */ ms) => {
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
  };
  return { conn, sockets: FakeSocket.all, statuses, advance, timers: () => timers };
}

const WELCOME = { type: "welcome", protocol: 1, you: ANA, epoch: "e", seq: 0, board: {}, online: [], server_time: 0, credential: "c" };

test("I2: 4014 (identity refused) stops the connection with its reason; it does not reconnect by itself", () => {
  const { conn, sockets, statuses, advance } = connect();
  conn.start();
  sockets[0].open();
  sockets[0].drop(4014);
  advance(60000);
  assert.equal(sockets.length, 1);
  assert.deepEqual(statuses.at(-1), ["stopped", { attempt: 0, retryIn: 0, reason: "identity_refused", code: 4014 }]);
});

test("I4: 4015 (too many new identities from this address) reconnects, but not before 5 s", () => {
  const { conn, sockets, advance } = connect();
  conn.start();
  sockets[0].open();
  sockets[0].drop(4015);
  advance(4900);
  assert.equal(sockets.length, 1);
  advance(200);
  assert.equal(sockets.length, 2);
  assert.equal(conn.backoff(0, 4015), 5000);
});

test("I5: while waiting in the lobby no op goes out; the welcome on the same socket makes it live", () => {
  const { conn, sockets } = connect();
  conn.start();
  sockets[0].open();
  sockets[0].deliver({ type: "waiting", credential: "c", you: ANA });
  assert.equal(conn.waiting, true);
  assert.equal(conn.joined, false);
  assert.equal(conn.send({ type: "op", cid: "c1", op: { kind: "done.set" } }), false);
  assert.notEqual(conn.status, "live");
  sockets[0].deliver(WELCOME);
  assert.equal(conn.status, "live");
  assert.equal(conn.waiting, false);
  assert.ok(conn.send({ type: "op", cid: "c1", op: { kind: "done.set" } }));
  assert.equal(sockets.length, 1, "no reconnect: the same socket");
});

test("I3: a second welcome on a live socket keeps a single heartbeat", () => {
  const { conn, sockets, advance, timers } = connect();
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  sockets[0].deliver(WELCOME);
  sockets[0].deliver(WELCOME);
  assert.equal(timers().length, 1, "one heartbeat, not one per welcome");
  advance(PING_AFTER_MS + HEARTBEAT_TICK_MS);
  const pings = sockets[0].sent.filter((f) => f.type === "ping");
  assert.equal(pings.length, 1, "one ping per beat, not one per welcome");
});
