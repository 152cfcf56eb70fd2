// Where the facilitator's new block goes, and what it is called (views/blockmenu.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { BLOCK_GAP, freeBlockSpot, newBlockTitle } from "../src/views/blockmenu.js";

const W = 1200;
const H = 800;
const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

test("the first block of an empty board goes to the origin", () => {
  assert.deepEqual(freeBlockSpot([], W, H), { x: 0, y: 0 });
});

test("beside a single block: to its right", () => {
  assert.deepEqual(freeBlockSpot([{ x: 0, y: 0, w: W, h: H }], W, H), { x: W + BLOCK_GAP, y: 0 });
});

test("below the strategy day's two rows of four, from the left", () => {
  const blocks = [];
  for (let i = 0; i < 8; i += 1) blocks.push({ x: (i % 4) * (W + BLOCK_GAP), y: Math.floor(i / 4) * (H + BLOCK_GAP), w: W, h: H });
  const first = freeBlockSpot(blocks, W, H);
  assert.deepEqual(first, { x: 0, y: 2 * (H + BLOCK_GAP) });
  blocks.push({ ...first, w: W, h: H });
  assert.deepEqual(freeBlockSpot(blocks, W, H), { x: W + BLOCK_GAP, y: 2 * (H + BLOCK_GAP) });
});

test("twelve blocks added one by one never overlap and keep the board near a screen's shape", () => {
  const blocks = [{ x: 0, y: 0, w: W, h: H }];
  for (let i = 0; i < 12; i += 1) {
    const spot = freeBlockSpot(blocks, W, H);
    const next = { ...spot, w: W, h: H };
    for (const b of blocks) assert.ok(!overlaps(next, b), `${JSON.stringify(next)} overlaps ${JSON.stringify(b)}`);
    blocks.push(next);
  }
  const width = Math.max(...blocks.map((b) => b.x + b.w));
  const height = Math.max(...blocks.map((b) => b.y + b.h));
  assert.ok(width / height > 1 && width / height < 3, `${width} x ${height}`);
});

test("a block of another size does not land on a bigger neighbour", () => {
  const blocks = [{ x: 0, y: 0, w: W, h: 2000 }, { x: W + BLOCK_GAP, y: 0, w: W, h: H }];
  const spot = freeBlockSpot(blocks, W, H);
  for (const b of blocks) assert.ok(!overlaps({ ...spot, w: W, h: H }, b));
});

test("a new block's title is in the board's language, numbered when taken", () => {
  assert.equal(newBlockTitle("notes", "ru", []), "Заметки");
  assert.equal(newBlockTitle("goal_tree", "en", []), "Goal tree");
  assert.equal(newBlockTitle("notes", "en", ["Notes", "Notes 2"]), "Notes 3");
  assert.equal(newBlockTitle("swot", "ru", ["SWOT"]), "SWOT 2");
});
