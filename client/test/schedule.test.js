// The render scheduler both views draw through: many asks, one draw per frame; the page is
// marked ready once, a frame after the first draw that had a board to draw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Renderer } from "../src/schedule.js";

/** Frames that run when the test says so. */
function frames() {
  /** @type {(() => void)[]} */
  let queued = [];
  return {
    frame: (/** @type {() => void} */ fn) => { queued.push(fn); },
    next() { const run = queued; queued = []; run.forEach((fn) => fn()); },
    get count() { return queued.length; },
  };
}

test("any number of asks before a frame make one draw", () => {
  const f = frames();
  let draws = 0;
  const renderer = new Renderer(() => { draws += 1; return true; }, { frame: f.frame, ready: () => {} });
  renderer.soon();
  renderer.soon();
  renderer.soon();
  assert.equal(f.count, 1, "one frame asked for");
  f.next();
  assert.equal(draws, 1);
  renderer.soon();
  f.next();
  assert.equal(draws, 2, "a later ask draws again");
});

test("first is true until a draw drew; ready comes once, a frame after that draw", () => {
  const f = frames();
  /** @type {boolean[]} */
  const firsts = [];
  let board = false;
  let ready = 0;
  const renderer = new Renderer((first) => { firsts.push(first); return board; }, { frame: f.frame, ready: () => { ready += 1; } });
  renderer.soon();
  f.next();
  f.next();
  assert.equal(ready, 0, "nothing drawn yet (no board): not ready");
  board = true;
  renderer.soon();
  f.next();
  assert.equal(ready, 0, "ready only once the drawn frame is painted");
  f.next();
  assert.equal(ready, 1);
  renderer.soon();
  f.next();
  f.next();
  assert.equal(ready, 1, "once");
  assert.deepEqual(firsts, [true, true, false]);
  assert.equal(renderer.drawn, true);
});
