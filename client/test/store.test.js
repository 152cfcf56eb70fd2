// The store: optimistic apply, rollback on rejected, resume, re-send, undo/redo.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Store } from "../src/store.js";
import { emptyBoard } from "./vectors.js";

const ANA = { id: "p-ana", name: "Ana", department: "product", role: "participant" };
const BOB = { id: "p-bob", name: "Bob", department: "sales", role: "participant" };

/** A store joined to a fresh board; `sent` collects what it sends. */
function joined({ online = true } = {}) {
  const sent = [];
  let n = 0;
  const store = new Store({
    send: (frame) => { if (online) sent.push(frame); return online; },
    makeCid: () => `c${++n}`,
  });
  store.welcome({ you: ANA, epoch: "e1", seq: 0, board: emptyBoard() });
  return { store, sent };
}

const note = (id, text = "hi", extra = {}) => ({
  kind: "item.add", id, block: "expectations",
  item: { kind: "note", text, department: "product", x: 10, y: 20, on: null, ...extra },
});

/** The applied frame the server sends for a sent op frame. */
const ack = (frame, seq, by = ANA) => ({ type: "applied", seq, op: frame.op, by, cid: frame.cid, ts: 1 });

test("an op shows at once (optimistic) and settles on its applied", () => {
  const { store, sent } = joined();
  assert.ok(store.perform([note("n1")]).ok);
  assert.equal(store.view.items.n1.text, "hi");
  assert.equal(store.confirmed.items.n1, undefined, "not confirmed before the server says so");
  assert.equal(store.unacked, 1);
  assert.deepEqual(sent.map((f) => f.cid), ["c1"]);
  store.applied(ack(sent[0], 1));
  assert.equal(store.unacked, 0);
  assert.equal(store.confirmed.items.n1.author_name, "Ana");
  assert.equal(store.view, store.confirmed, "no pending ops: the view is the confirmed board");
});

test("a rejected op rolls back and is reported once, with its code and message", () => {
  const { store, sent } = joined();
  const events = [];
  store.subscribe((e) => events.push(e));
  store.perform([note("n1")]);
  store.perform([{ kind: "item.update", id: "n1", set: { text: "edited" } }]);
  store.rejected({ cid: sent[0].cid, code: "board_full", message: "full" });
  assert.equal(store.view.items.n1, undefined, "the add is rolled back");
  assert.equal(store.unacked, 1, "the update waits; it will be refused by the server too");
  store.rejected({ cid: sent[0].cid, code: "board_full", message: "full" });
  const rejected = events.filter((e) => e.type === "rejected");
  assert.equal(rejected.length, 1);
  assert.equal(rejected[0].code, "board_full");
  assert.equal(rejected[0].op.kind, "item.add");
});

test("a sequenced no-op (applied, then rejected with seq) leaves the board as the log says", () => {
  const { store, sent } = joined();
  store.applied({ type: "applied", seq: 1, op: note("n1"), by: BOB, cid: "other-1", ts: 1 });
  store.perform([{ kind: "item.update", id: "n1", set: { text: "mine" } }]);
  // Bob removed the note first; our update is a no-op at its turn.
  store.applied({ type: "applied", seq: 2, op: { kind: "item.remove", id: "n1" }, by: BOB, cid: "other-2", ts: 1 });
  store.applied(ack(sent[0], 3));
  store.rejected({ cid: sent[0].cid, code: "not_found", message: "no item n1", seq: 3 });
  assert.equal(store.seq, 3);
  assert.deepEqual(store.view.items, {});
});

test("remote ops interleave under own pending ops without losing them", () => {
  const { store, sent } = joined();
  store.perform([note("n1", "mine")]);
  store.applied({ type: "applied", seq: 1, op: note("n2", "bob's"), by: BOB, cid: "b-1", ts: 1 });
  assert.deepEqual(Object.keys(store.view.items).sort(), ["n1", "n2"]);
  assert.equal(store.view.items.n2.author_name, "Bob");
  store.applied(ack(sent[0], 2));
  assert.equal(store.confirmed.items.n1.text, "mine");
});

test("a local refusal (cycle) sends nothing and says why", () => {
  const { store, sent } = joined();
  const goal = (id, parent) => ({ kind: "item.add", id, block: "goals", item: { kind: "goal", title: id, parent, order: "V" } });
  store.perform([goal("g1", null), goal("g2", "g1")]);
  const events = [];
  store.subscribe((e) => events.push(e));
  const out = store.perform([{ kind: "item.move", id: "g1", parent: "g2" }]);
  assert.equal(out.ok, false);
  assert.equal(out.code, "cycle");
  assert.equal(sent.length, 1, "the child waits for its parent's ack");
  assert.equal(events.filter((e) => e.type === "refused").length, 1);
  assert.equal(store.view.items.g1.parent, null);
});

test("offline: ops queue, count as unsent, and go out with their cids after the welcome", () => {
  let online = false;
  const sent = [];
  let n = 0;
  const store = new Store({ send: (f) => { if (online) sent.push(f); return online; }, makeCid: () => `c${++n}` });
  store.welcome({ you: ANA, epoch: "e1", seq: 0, board: emptyBoard() });
  store.perform([note("n1")]);
  store.perform([{ kind: "item.update", id: "n1", set: { text: "typed offline" } }]);
  assert.equal(store.unacked, 2);
  assert.equal(sent.length, 0);
  online = true;
  // Reconnected: resume from seq 0 with one op by Bob in between.
  const other = { type: "applied", seq: 1, op: note("n9", "bob"), by: BOB, cid: "b-1", ts: 1 };
  assert.ok(store.welcome({ you: ANA, epoch: "e1", seq: 1, ops: [other] }));
  store.resendPending();
  assert.deepEqual(sent.map((f) => f.cid), ["c1"], "the update of a new note waits for the add's ack");
  store.applied(ack(sent[0], 2));
  assert.deepEqual(sent.map((f) => f.cid), ["c1", "c2"]);
  assert.equal(store.view.items.n1.text, "typed offline");
  assert.equal(store.view.items.n9.text, "bob");
});

test("resume: ops acknowledged while disconnected settle from the welcome, the rest re-send", () => {
  const { store, sent } = joined();
  store.perform([note("n1")]);
  store.perform([note("n2")]);
  store.disconnected();
  // The server had sequenced c1 before the drop; c2 never arrived.
  assert.ok(store.welcome({ you: ANA, epoch: "e1", seq: 1, ops: [ack(sent[0], 1)] }));
  const before = sent.length;
  store.resendPending();
  assert.deepEqual(sent.slice(before).map((f) => f.cid), ["c2"]);
  assert.equal(store.unacked, 1);
  // A duplicate answer (O4) for an op already applied only settles its cid.
  store.applied(ack(sent[before], 2));
  store.applied(ack(sent[before], 2));
  assert.equal(store.seq, 2);
  assert.equal(store.unacked, 0);
});

test("resume across an epoch change or a gap drops the replica (full board next time)", () => {
  const { store } = joined();
  assert.equal(store.welcome({ you: ANA, epoch: "e2", seq: 5, ops: [] }), false);
  assert.equal(store.confirmed, null);
  const again = joined().store;
  const gap = { type: "applied", seq: 3, op: note("n1"), by: BOB, cid: null, ts: 1 };
  assert.equal(again.welcome({ you: ANA, epoch: "e1", seq: 3, ops: [gap] }), false);
  assert.equal(again.confirmed, null);
});

test("a live gap in the log is reported, not applied", () => {
  const { store } = joined();
  assert.equal(store.applied({ type: "applied", seq: 2, op: note("n1"), by: BOB, cid: null, ts: 1 }), false);
  assert.equal(store.seq, 0);
});

test("a full-board welcome keeps pending ops on top; re-sent duplicates settle", () => {
  const { store, sent } = joined();
  store.perform([note("n1", "draft")]);
  store.disconnected();
  const board = emptyBoard();
  board.items.n1 = { id: "n1", block: "expectations", kind: "note", text: "draft", department: "product", x: 10, y: 20, on: null, author: "p-ana", author_name: "Ana" };
  store.welcome({ you: ANA, epoch: "e1", seq: 7, board });
  assert.equal(store.view.items.n1.text, "draft");
  store.resendPending();
  store.applied(ack(sent[sent.length - 1], 7));
  assert.equal(store.unacked, 0);
  assert.equal(store.seq, 7);
});

test("undo and redo of own edits: update, move, add, remove", () => {
  const { store } = joined();
  store.perform([note("n1", "first")]);
  store.perform([{ kind: "item.update", id: "n1", set: { text: "second" } }]);
  store.perform([{ kind: "item.move", id: "n1", x: 300, y: 400 }]);
  store.undo();
  assert.deepEqual([store.view.items.n1.x, store.view.items.n1.y], [10, 20]);
  store.undo();
  assert.equal(store.view.items.n1.text, "first");
  store.redo();
  assert.equal(store.view.items.n1.text, "second");
  store.undo();
  store.undo();
  assert.equal(store.view.items.n1, undefined);
  store.redo();
  assert.equal(store.view.items.n1.text, "first");
  assert.equal(store.undo().ok, true);
  assert.equal(store.undo(), null, "nothing left to undo");
});

test("typing into one field is one undo step (merge key)", () => {
  const { store } = joined();
  store.perform([note("n1", "")]);
  for (const text of ["H", "He", "Hel", "Hello"]) {
    store.perform([{ kind: "item.update", id: "n1", set: { text } }], { mergeKey: "edit:n1:1" });
  }
  store.undo();
  assert.equal(store.view.items.n1.text, "");
  store.redo();
  assert.equal(store.view.items.n1.text, "Hello");
});

test("undoing a goal removal restores the subtree and re-hangs its notes", () => {
  const { store } = joined();
  const goal = (id, parent, order = "V") => ({ kind: "item.add", id, block: "goals", item: { kind: "goal", title: id, parent, order } });
  store.perform([goal("g1", null), goal("g2", "g1"), goal("g3", "g2"), goal("g4", "g1", "k")]);
  store.perform([{ kind: "item.add", id: "n1", block: "goals", item: { kind: "note", text: "hung", department: null, x: 0, y: 0, on: "g3" } }]);
  const before = structuredClone(store.view.items);
  store.perform([{ kind: "item.remove", id: "g1" }]);
  assert.deepEqual(Object.keys(store.view.items), ["n1"]);
  assert.equal(store.view.items.n1.on, null);
  store.undo();
  assert.deepEqual(store.view.items, before);
});

test("undo of a change someone else made obsolete is refused, not half-applied", () => {
  const { store, sent } = joined();
  store.perform([note("n1")]);
  store.applied(ack(sent[0], 1));
  store.perform([{ kind: "item.update", id: "n1", set: { text: "mine" } }]);
  store.applied(ack(sent[1], 2));
  store.applied({ type: "applied", seq: 3, op: { kind: "item.remove", id: "n1" }, by: BOB, cid: "b-1", ts: 1 });
  const out = store.undo();
  assert.equal(out.ok, false);
  assert.equal(out.code, "not_found");
});

test("a rejected op's undo step is forgotten", () => {
  const { store, sent } = joined();
  store.perform([note("n1")]);
  store.rejected({ cid: sent[0].cid, code: "board_full", message: "full" });
  assert.equal(store.canUndo, false);
});

test("snapshot and restore carry the replica and unsent ops across a reload", () => {
  const { store } = joined({ online: false });
  store.perform([note("n1", "unsent")]);
  const saved = JSON.parse(JSON.stringify(store.snapshot()));
  const sent = [];
  const next = new Store({ send: (f) => { sent.push(f); return true; } });
  next.restore(saved);
  assert.equal(next.seq, 0);
  assert.ok(next.welcome({ you: ANA, epoch: "e1", seq: 0, ops: [] }));
  next.resendPending();
  assert.deepEqual(sent.map((f) => f.cid), [saved.pending[0].cid]);
  assert.equal(next.view.items.n1.text, "unsent");
});

test("the reducer is copy-on-write: unchanged items keep their identity", () => {
  const { store, sent } = joined();
  store.perform([note("n1"), note("n2")]);
  const n2 = store.view.items.n2;
  store.perform([{ kind: "item.update", id: "n1", set: { text: "changed" } }]);
  assert.equal(store.view.items.n2, n2);
  assert.notEqual(sent.length, 0);
});

test("ops that need an unacknowledged item wait for its ack; independent ones go at once", () => {
  const { store, sent } = joined();
  const goal = (id, parent) => ({ kind: "item.add", id, block: "goals", item: { kind: "goal", title: id, parent, order: "V" } });
  store.perform([goal("g1", null)]);
  store.perform([goal("g2", "g1")]);
  store.perform([note("n1")]); // behind g2 in the queue: order is kept
  assert.deepEqual(sent.map((f) => f.op.id), ["g1"]);
  store.applied(ack(sent[0], 1));
  assert.deepEqual(sent.map((f) => f.op.id), ["g1", "g2", "n1"]);
  // Undo of a removal re-adds parent then child: the child waits for the parent.
  store.applied(ack(sent[1], 2));
  store.applied(ack(sent[2], 3));
  store.perform([{ kind: "item.remove", id: "g1" }]);
  store.applied(ack(sent[3], 4));
  store.undo();
  assert.deepEqual(sent.slice(4).map((f) => f.op.id), ["g1"]);
  store.applied(ack(sent[4], 5));
  assert.deepEqual(sent.slice(4).map((f) => f.op.id), ["g1", "g2"]);
});

test("rate_limited and storage_unavailable are retried with the same cid, not rolled back", () => {
  const timers = [];
  const sent = [];
  let n = 0;
  const store = new Store({ send: (f) => { sent.push(f); return true; }, makeCid: () => `c${++n}`, later: (fn) => timers.push(fn), now: () => 0 });
  store.welcome({ you: ANA, epoch: "e1", seq: 0, board: emptyBoard() });
  store.perform([note("n1")]);
  store.rejected({ cid: "c1", code: "storage_unavailable", message: "disk" });
  assert.equal(store.view.items.n1.text, "hi", "not rolled back");
  assert.equal(timers.length, 1);
  timers.shift()();
  assert.deepEqual(sent.map((f) => f.cid), ["c1", "c1"]);
});

test("a long offline queue drains under the hub's rate limit", () => {
  let now = 0;
  const timers = [];
  const sent = [];
  let online = false;
  let n = 0;
  const store = new Store({
    send: (f) => { if (online) sent.push(f); return online; }, makeCid: () => `c${++n}`,
    now: () => now, later: (fn, ms) => timers.push({ fn, at: now + ms }),
  });
  store.welcome({ you: ANA, epoch: "e1", seq: 0, board: emptyBoard() });
  for (let i = 0; i < 200; i += 1) store.perform([note(`n${i}`)]);
  online = true;
  store.resendPending();
  assert.equal(sent.length, 60, "a burst");
  while (timers.length) {
    const t = timers.shift();
    now = t.at;
    t.fn();
  }
  assert.equal(sent.length, 200);
  assert.ok(now >= 6500 && now <= 7100, `paced at 20/s after the burst (took ${now} ms)`);
});
