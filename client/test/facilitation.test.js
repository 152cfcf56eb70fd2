// Facilitation on the client (PROTOCOL.md, "Facilitation"): locks, private writing with the
// hub's placeholders, reveal, spotlight and follow, links, people. The reducer's rules are
// also held to the Python reducer by the shared op vectors (facilitation.json, in
// reducer.test.js); these tests cover what only a client replica meets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { apply, check, cloneBoard } from "../src/reducer.js";
import { Store } from "../src/store.js";
import {
  canEditBlock, FollowPolicy, isLocked, isRect, normalizeLinks, privateSummary, revealDelay, revealOrder,
  Throttle, viewportFrame, withOverrides,
} from "../src/facilitation.js";
import { emptyBoard } from "./vectors.js";

const FAY = { id: "p-fay", name: "Fay", department: null, role: "facilitator" };
const ANA = { id: "p-ana", name: "Ana", department: "product", role: "participant" };
const BEN = { id: "p-ben", name: "Ben", department: "sales", role: "participant" };
const SAM = { id: "p-sam", name: "Sam", department: "sales", role: "participant" };
const SCREEN = { id: "p-scr", name: "Projector", department: null, role: "screen" };

const note = (id, block = "perception", text = "secret") => ({
  kind: "item.add", id, block, item: { kind: "note", text, department: null, x: 10, y: 100, on: null },
});
const hiddenAdd = (id, block = "perception") => ({ kind: "item.add", id, block, item: { kind: "hidden" } });

/** A board after some ops, asserting each applied. */
function boardAfter(steps, board = emptyBoard()) {
  for (const [op, by] of steps) {
    const { outcome } = apply(board, op, by, board.seq + 1);
    assert.ok(outcome.ok, `${op.kind}: ${outcome.message}`);
  }
  return board;
}

/** A store joined as `you` to `board`; `sent` collects its frames. */
function joined(you, board = emptyBoard()) {
  const sent = [];
  let n = 0;
  const store = new Store({ send: (f) => { sent.push(f); return true; }, makeCid: () => `c${++n}` });
  store.welcome({ you, epoch: "e1", seq: board.seq, board });
  const events = [];
  store.subscribe((e) => events.push(e));
  return { store, sent, events };
}

let seq = 100;
const applied = (op, by, extra = {}) => ({ type: "applied", seq: 0, op, by, cid: `x-${++seq}`, ts: 1, ...extra });

test("A1: a lock refuses a participant's item ops in the block (a move checks both blocks), never the facilitator's", () => {
  const board = boardAfter([[note("n1", "expectations"), ANA], [{ kind: "block.lock", id: "results", locked: true }, FAY]]);
  const into = { kind: "item.move", id: "n1", block: "results", x: 1, y: 1 };
  assert.equal(check(board, into, ANA).code, "locked");
  assert.equal(check(board, { kind: "item.update", id: "n1", set: { text: "x" } }, ANA).code, undefined, "other blocks stay open");
  assert.equal(check(board, note("n2", "results"), ANA).code, "locked");
  assert.ok(check(board, into, FAY).ok, "the facilitator is not bound by locks");
  apply(board, { kind: "board.lock", locked: true }, FAY, board.seq + 1);
  assert.equal(check(board, { kind: "item.remove", id: "n1" }, ANA).code, "locked");
  assert.equal(check(board, { kind: "block.lock", id: "results", locked: false }, ANA).code, "forbidden", "only the facilitator unlocks");
  assert.equal(check(board, { kind: "board.lock", locked: false }, SCREEN).code, "forbidden");
  assert.equal(isLocked(board, "expectations"), true);
  assert.equal(canEditBlock(board, "expectations", ANA), false);
  assert.equal(canEditBlock(board, "expectations", FAY), true);
  assert.equal(canEditBlock(emptyBoard(), "expectations", SCREEN), false);
});

test("A3: a hidden add leaves a placeholder with the author's department; a hidden op only advances seq", () => {
  const board = boardAfter([[{ kind: "block.private", id: "perception", mode: "own" }, FAY]]);
  apply(board, hiddenAdd("p1"), BEN, 2);
  assert.deepEqual(board.items.p1, { id: "p1", block: "perception", kind: "hidden", author_department: "sales" });
  const before = structuredClone(board);
  const { outcome } = apply(board, { kind: "hidden" }, BEN, 3);
  assert.ok(outcome.ok);
  assert.deepEqual(board, { ...before, seq: 3 });
});

test("A2: a placeholder cannot be edited or moved here, but its author's real remove applies", () => {
  const board = boardAfter([[{ kind: "block.private", id: "perception", mode: "own" }, FAY], [hiddenAdd("p1"), BEN]]);
  assert.equal(check(board, { kind: "item.update", id: "p1", set: { text: "peek" } }, ANA).code, "forbidden");
  assert.equal(check(board, { kind: "item.move", id: "p1", x: 5 }, ANA).code, "forbidden");
  // Ben removes his own note: the hub sends the real remove to everyone (A3). A placeholder
  // has no author to judge by, so the replica trusts the hub's check and removes it too.
  const { outcome } = apply(board, { kind: "item.remove", id: "p1" }, BEN, board.seq + 1);
  assert.ok(outcome.ok);
  assert.equal(board.items.p1, undefined);
});

test("A2: own items in a private block stay editable; nothing moves into or out of it", () => {
  const board = boardAfter([[{ kind: "block.private", id: "perception", mode: "department" }, FAY], [note("p1"), BEN]]);
  assert.ok(check(board, { kind: "item.update", id: "p1", set: { text: "more" } }, SAM).ok, "same department");
  assert.equal(check(board, { kind: "item.update", id: "p1", set: { text: "peek" } }, ANA).code, "forbidden");
  assert.equal(check(board, { kind: "item.move", id: "p1", block: "expectations" }, BEN).code, "private_block");
  assert.equal(check(board, { kind: "item.move", id: "p1", block: "expectations" }, FAY).code, "private_block");
});

test("facilitation ops replace, never edit, the board's shared objects (copy-on-write)", () => {
  const board = emptyBoard();
  const view = cloneBoard(board);
  for (const [op, by] of [
    [{ kind: "link.rotate", role: "participant" }, FAY],
    [{ kind: "participant.update", id: "p-ben", name: "Benjamin" }, FAY],
    [{ kind: "participant.remove", id: "p-ana" }, FAY],
    [{ kind: "block.lock", id: "swot", locked: true }, FAY],
    [{ kind: "board.spotlight", block: "swot" }, FAY],
  ]) assert.ok(apply(view, op, by, view.seq + 1).outcome.ok, op.kind);
  assert.deepEqual(board, emptyBoard(), "the original is untouched");
  assert.deepEqual(view.links, { participant: 2, screen: 1 });
  assert.deepEqual(view.people, { "p-ben": { name: "Benjamin" }, "p-ana": { removed: true } });
  assert.equal(view.spotlight, "swot");
  apply(view, { kind: "block.remove", id: "swot" }, FAY, view.seq + 1);
  assert.equal(view.spotlight, null, "removing the spotlighted block ends the spotlight");
  assert.equal(check(view, note("n9", "expectations"), ANA).code, "forbidden", "a removed participant's ops are refused");
});

test("A3: a block.private applied frame's items replace the block's items (hide, then reveal)", () => {
  const board = boardAfter([[note("p1"), ANA], [note("p2"), BEN], [note("e1", "expectations", "public"), BEN]]);
  const { store } = joined(ANA, board);
  const secret = { ...board.items.p2 };
  const placeholder = { id: "p2", block: "perception", kind: "hidden", author_department: "sales" };
  store.applied({ ...applied({ kind: "block.private", id: "perception", mode: "own" }, FAY), seq: 4, items: [board.items.p1, placeholder] });
  assert.equal(store.view.blocks.perception.private, "own");
  assert.deepEqual(store.view.items.p2, placeholder, "the hidden note is a placeholder now");
  assert.equal(store.view.items.p1.text, "secret", "own notes stay");
  assert.equal(store.view.items.e1.text, "public", "other blocks untouched");
  assert.deepEqual(privateSummary(store.view, "perception", ANA), { mode: "own", visible: 1, hidden: 1, byDepartment: [{ department: "sales", n: 1 }] });
  store.applied({ ...applied({ kind: "block.private", id: "perception", mode: null }, FAY), seq: 5, items: [store.view.items.p1, secret] });
  assert.equal(store.view.blocks.perception.private, null);
  assert.deepEqual(store.view.items.p2, secret, "revealed");
  assert.equal(privateSummary(store.view, "perception", ANA).mode, null);
});

test("A1: an edit in a locked block is refused on the spot (never sent), and a late lock rolls back", () => {
  const board = boardAfter([[{ kind: "block.lock", id: "swot", locked: true }, FAY]]);
  const { store, sent, events } = joined(ANA, board);
  const swot = { kind: "item.add", id: "s1", block: "swot", item: { kind: "swot", quadrant: "S", text: "x", department: null, order: "V" } };
  assert.equal(store.perform([swot]).ok, false);
  assert.equal(sent.length, 0);
  assert.deepEqual(events.filter((e) => e.type === "refused").map((e) => e.code), ["locked"]);
  // Sent before the lock reached us: the hub refuses it, the view rolls back.
  assert.ok(store.perform([note("n1", "expectations")]).ok);
  store.rejected({ cid: sent[0].cid, code: "locked", message: "the facilitator locked Icebreaker" });
  assert.equal(store.view.items.n1, undefined);
  assert.equal(events.at(-3).code, "locked");
});

test("A6: after being moved to another department, own ops are checked as the hub will", () => {
  const board = boardAfter([[{ kind: "block.private", id: "perception", mode: "department" }, FAY], [note("p1"), BEN]]);
  const { store } = joined(ANA, board);
  assert.equal(store.perform([{ kind: "item.update", id: "p1", set: { text: "x" } }]).ok, false);
  store.updateYou({ department: "sales" });
  assert.equal(store.you.department, "sales");
  assert.ok(store.perform([{ kind: "item.update", id: "p1", set: { text: "x" } }]).ok);
});

test("private counts: placeholders by department in board order, everything for the facilitator", () => {
  const board = boardAfter([
    [{ kind: "block.private", id: "perception", mode: "own" }, FAY],
    [hiddenAdd("h1"), BEN], [hiddenAdd("h2"), SAM], [hiddenAdd("h3"), FAY], [hiddenAdd("h4"), ANA],
    [note("mine"), ANA],
  ]);
  assert.deepEqual(privateSummary(board, "perception", ANA), {
    mode: "own", visible: 1, hidden: 4,
    byDepartment: [{ department: "product", n: 1 }, { department: "sales", n: 2 }, { department: null, n: 1 }],
  });
  const full = boardAfter([[{ kind: "block.private", id: "perception", mode: "own" }, FAY], [note("a"), ANA], [note("b"), BEN]]);
  assert.deepEqual(privateSummary(full, "perception", FAY).byDepartment, [{ department: "product", n: 1 }, { department: "sales", n: 1 }]);
  assert.deepEqual(privateSummary(full, "expectations", FAY), { mode: null, visible: 0, hidden: 0, byDepartment: [] });
});

test("reveal order: department by department, top to bottom; the stagger is capped", () => {
  const items = [
    { id: "s2", block: "b", kind: "note", author_department: "sales", x: 0, y: 300 },
    { id: "p1", block: "b", kind: "note", author_department: "product", x: 500, y: 100 },
    { id: "s1", block: "b", kind: "note", author_department: "sales", x: 0, y: 100 },
    { id: "f1", block: "b", kind: "note", author_department: null, x: 0, y: 0 },
  ];
  assert.deepEqual(revealOrder(items, emptyBoard().departments), ["p1", "s1", "s2", "f1"]);
  assert.equal(revealDelay(0, 4), 0);
  assert.equal(revealDelay(3, 4), 420);
  assert.ok(revealDelay(199, 200) <= 2400, "200 notes still turn over within ~2.4 s");
});

test("A4: who follows: screens always (the facilitator's view only while nothing is spotlighted), participants by choice (spotlight; the view while one is on), never the facilitator", () => {
  const spot = { ...emptyBoard(), spotlight: "swot" };
  const none = emptyBoard();
  const screen = new FollowPolicy("screen", false);
  assert.ok(screen.spotlight() && screen.view(none));
  assert.ok(!screen.view(spot), "the projector keeps the spotlighted block while the facilitator looks around");
  const p = new FollowPolicy("participant");
  assert.ok(p.spotlight(), "on by default");
  assert.ok(p.view(spot));
  assert.ok(!p.view(none), "no spotlight: a participant's view is their own");
  p.following = false;
  assert.ok(!p.spotlight() && !p.view(spot));
  const f = new FollowPolicy("facilitator");
  assert.ok(!f.spotlight() && !f.view(spot));
});

test("A4: the facilitator's viewport goes out at most every 100 ms, the latest value last", () => {
  let now = 0;
  const timers = [];
  const sent = [];
  const throttle = new Throttle((v) => sent.push(v), 100, {
    now: () => now,
    setTimeout: (fn, ms) => { timers.push({ at: now + ms, fn }); return timers.length; },
    clearTimeout: () => {},
  });
  throttle.push(1);
  assert.deepEqual(sent, [1], "the first at once");
  now = 20; throttle.push(2);
  now = 50; throttle.push(3);
  assert.deepEqual(sent, [1]);
  now = 100; timers.shift().fn();
  assert.deepEqual(sent, [1, 3], "trailing: the latest");
  now = 500; throttle.push(4);
  assert.deepEqual(sent, [1, 3, 4]);
  assert.deepEqual(viewportFrame({ x: -10.4, y: 20.6, w: 1280.2, h: 0.2 }), { type: "viewport", x: -10, y: 21, w: 1280, h: 1 });
  assert.ok(isRect({ type: "follow", x: 0, y: 0, w: 10, h: 5 }));
  assert.ok(!isRect({ x: 0, y: 0, w: 0, h: 5 }) && !isRect({ x: NaN, y: 0, w: 1, h: 1 }) && !isRect(null));
});

test("links from GET /api/boards/{id}/links, wrapped or not; people overrides", () => {
  const links = { participant: "http://h/b/x#t=p2", screen: "http://h/b/x#t=s1", facilitator: "http://h/b/x#t=f" };
  assert.deepEqual(normalizeLinks({ links, versions: { participant: 2, screen: 1 } }), links);
  assert.deepEqual(normalizeLinks(links), links);
  assert.deepEqual(normalizeLinks({ links: { participant: 3 } }), {});
  assert.deepEqual(normalizeLinks(null), {});
  const board = { ...emptyBoard(), people: { "p-ben": { name: "Benjamin", department: "marketing" } } };
  assert.deepEqual(withOverrides(board, BEN), { ...BEN, name: "Benjamin", department: "marketing" });
  assert.equal(withOverrides(board, ANA), ANA);
});
