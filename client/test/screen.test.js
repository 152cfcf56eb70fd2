// A7: what the room's screen shows is the board's (`board.screen`), set by the facilitator's
// `screen.show` — the same rules as server/crossboard/board/reducer.py `ScreenShow` (and
// tests/unit/test_screen.py) — and how the projector and the Present panel read it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { apply, check, DEFAULT_SCREEN, FACILITATION_OPS, may } from "../src/reducer.js";
import { FollowPolicy, screenOf, screenShowOp } from "../src/facilitation.js";
import { Store } from "../src/store.js";
import { emptyBoard } from "./vectors.js";

const FAY = { id: "p-fay", name: "Fay", department: null, role: "facilitator" };
const ANA = { id: "p-ana", name: "Ana", department: "product", role: "participant" };
const SCREEN = { id: "p-scr", name: "Projector", department: null, role: "screen" };

const show = (mode, extra = {}) => ({ kind: "screen.show", mode, ...extra });

/** A board saved before screen.show existed: no `screen` at all. */
function oldBoard() {
  const board = emptyBoard();
  delete board.screen;
  return board;
}

/** Apply `op` as `by` at the next seq; the outcome's code or "ok". */
function step(board, op, by) {
  const { outcome } = apply(board, op, by, board.seq + 1);
  return outcome.ok ? "ok" : outcome.code;
}

test("A7: the facilitator sets what the screen shows; the op replaces all of it", () => {
  assert.deepEqual(emptyBoard().screen, DEFAULT_SCREEN, "the hub's boards start with the default");
  const board = oldBoard();
  assert.deepEqual(screenOf(board), DEFAULT_SCREEN, "a board without one shows the facilitator's view, no cursors");
  assert.equal(step(board, show("block", { block: "swot", cursors: true }), FAY), "ok");
  assert.deepEqual(board.screen, { mode: "block", block: "swot", cursors: true });
  assert.equal(step(board, show("join"), FAY), "ok");
  assert.deepEqual(board.screen, { mode: "join", block: null, cursors: false }, "cursors default to off");
  assert.equal(step(board, show("results", { block: "poll", cursors: false }), FAY), "ok");
  assert.deepEqual(board.screen, { mode: "results", block: "poll", cursors: false });
  assert.equal(step(board, show("follow", { cursors: true }), FAY), "ok");
  assert.deepEqual(board.screen, { mode: "follow", block: null, cursors: true });
});

test("A7: refusals — not the facilitator's, no block, an unknown block, an unknown mode — change only seq", () => {
  const board = emptyBoard();
  apply(board, show("block", { block: "swot" }), FAY, 1);
  const cases = [
    [ANA, show("join"), "forbidden"],
    [SCREEN, show("follow"), "forbidden"],
    [FAY, show("block"), "invalid_patch"],
    [FAY, show("results", { block: null }), "invalid_patch"],
    [FAY, show("block", { block: "nope" }), "not_found"],
    [FAY, show("results", { block: "nope" }), "not_found"],
    [FAY, show("slideshow"), "invalid_op"],
    [FAY, show("follow", { cursors: "yes" }), "invalid_op"],
  ];
  for (const [by, op, code] of cases) {
    const before = structuredClone(board);
    assert.equal(check(board, op, by).code, code, `${by.role} ${JSON.stringify(op)} (check)`);
    assert.deepEqual(board, before, "check never mutates");
    assert.equal(step(board, op, by), code, `${by.role} ${JSON.stringify(op)}`);
    assert.deepEqual(board, { ...before, seq: board.seq }, "a refusal changes only seq");
  }
  assert.deepEqual(board.screen, { mode: "block", block: "swot", cursors: false });
  assert.ok(!may("participant", "screen.show") && !may("screen", "screen.show") && may("facilitator", "screen.show"));
  assert.ok(FACILITATION_OPS.has("screen.show"), "never undone, like the other facilitation ops");
});

test("A7: removing the shown block sends the screen back to follow, cursors kept; other removals leave it", () => {
  const board = emptyBoard();
  apply(board, show("results", { block: "swot", cursors: true }), FAY, 1);
  assert.equal(step(board, { kind: "block.remove", id: "poll" }, FAY), "ok");
  assert.deepEqual(board.screen, { mode: "results", block: "swot", cursors: true });
  assert.equal(step(board, { kind: "block.remove", id: "swot" }, FAY), "ok");
  assert.deepEqual(board.screen, { mode: "follow", block: null, cursors: true });

  const old = oldBoard(); // from before screen.show: nothing to reset, no field appears
  assert.equal(step(old, { kind: "block.remove", id: "swot" }, FAY), "ok");
  assert.equal(old.screen, undefined);
});

test("A7: the facilitator's Present panel shows it at once (optimistic) and the hub's word settles it", () => {
  const board = emptyBoard();
  const sent = [];
  let n = 0;
  const store = new Store({ send: (f) => { sent.push(f); return true; }, makeCid: () => `c${++n}` });
  store.welcome({ you: FAY, epoch: "e1", seq: board.seq, board });
  const op = screenShowOp(store.view, { mode: "join" });
  assert.ok(store.perform([op], { undoable: false }).ok);
  assert.deepEqual(screenOf(store.view), { mode: "join", block: null, cursors: false });
  assert.deepEqual(sent.at(-1), { type: "op", cid: "c1", op: { kind: "screen.show", mode: "join", cursors: false } });
  assert.equal(store.canUndo, false, "choosing what the screen shows is not an edit to undo");
  store.applied({ type: "applied", seq: board.seq + 1, op, by: FAY, cid: "c1", ts: 1 });
  assert.deepEqual(store.confirmed.screen, { mode: "join", block: null, cursors: false });

  const ana = new Store({ send: () => true, makeCid: () => "a1" });
  ana.welcome({ you: ANA, epoch: "e1", seq: board.seq, board: emptyBoard() });
  assert.equal(ana.perform([screenShowOp(ana.view, { mode: "join" })]).ok, false, "a participant's page never sends it");
});

test("A7: screenOf reads old, partial and stale boards as the hub would show them", () => {
  const board = emptyBoard();
  assert.deepEqual(screenOf(null), DEFAULT_SCREEN);
  assert.deepEqual(screenOf({ ...board, screen: { mode: "join" } }), { mode: "join", block: null, cursors: false });
  assert.deepEqual(screenOf({ ...board, screen: { mode: "block", block: "gone", cursors: true } }),
    { mode: "follow", block: null, cursors: true }, "a block that is gone shows the facilitator's view");
  assert.deepEqual(screenOf({ ...board, screen: { mode: "follow", block: "swot", cursors: false } }),
    { mode: "follow", block: null, cursors: false }, "follow names no block");
  assert.deepEqual(screenOf({ ...board, screen: { mode: "hologram", block: null, cursors: false } }).mode, "follow");
});

test("A7: the panel's op keeps what does not change (the op replaces the whole screen)", () => {
  const board = { ...emptyBoard(), screen: { mode: "results", block: "poll", cursors: true } };
  assert.deepEqual(screenShowOp(board, { cursors: false }), { kind: "screen.show", mode: "results", block: "poll", cursors: false });
  assert.deepEqual(screenShowOp(board, { mode: "block", block: "swot" }), { kind: "screen.show", mode: "block", block: "swot", cursors: true });
  assert.deepEqual(screenShowOp(board, { mode: "follow" }), { kind: "screen.show", mode: "follow", cursors: true });
  assert.deepEqual(screenShowOp(emptyBoard(), { cursors: true }), { kind: "screen.show", mode: "follow", cursors: true });
  for (const op of [screenShowOp(board, { cursors: false }), screenShowOp(board, { mode: "join" })]) {
    assert.ok(check(board, op, FAY).ok, JSON.stringify(op));
  }
});

test("A7 + A4: the projector moves only while it shows the facilitator's view; participants keep the spotlight", () => {
  const base = emptyBoard();
  const at = (screen, spotlight = null) => ({ ...base, screen, spotlight });
  const projector = new FollowPolicy("screen");
  const follow = { mode: "follow", block: null, cursors: false };
  const slide = { mode: "block", block: "swot", cursors: false };
  assert.ok(projector.spotlight(at(follow)) && projector.view(at(follow)));
  assert.ok(!projector.view(at(follow, "swot")), "a spotlight holds the projector's canvas");
  for (const screen of [slide, { mode: "join", block: null, cursors: false }, { mode: "results", block: "poll", cursors: false }]) {
    assert.ok(!projector.spotlight(at(screen, "goals")), `${screen.mode}: a spotlight leaves the screen's choice`);
    assert.ok(!projector.view(at(screen)), `${screen.mode}: the facilitator's viewport does not move it`);
  }
  const ana = new FollowPolicy("participant");
  assert.ok(ana.spotlight(at(slide, "goals")) && ana.view(at(slide, "goals")), "participants follow the spotlight whatever the screen shows");
  const fay = new FollowPolicy("facilitator");
  assert.ok(!fay.spotlight(at(slide, "goals")) && !fay.view(at(follow, "goals")), "the facilitator's own view never moves");
});
