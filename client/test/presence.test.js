import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeFrame } from "../src/codec.js";
import { Presence } from "../src/presence.js";
import { ROOT } from "./vectors.js";

const A = { id: "a", name: "Ann", department: "product", role: "participant" };
const B = { id: "b", name: "Bob", department: "sales", role: "participant" };
const F = { id: "f", name: "Fay", department: null, role: "facilitator" };

test("online list from the welcome, joins and leaves, grouped by department", () => {
  const p = new Presence(() => 0);
  p.welcome({ you: A, online: [A, F] });
  p.presence({ joined: [B], left: [] });
  const groups = p.groups([{ id: "product" }, { id: "sales" }, { id: "marketing" }]);
  assert.deepEqual(groups.map((g) => [g.department, g.people.map((x) => x.name)]), [
    ["product", ["Ann"]], ["sales", ["Bob"]], [null, ["Fay"]],
  ]);
  p.presence({ joined: [], left: ["b"] });
  assert.equal(p.online.has("b"), false);
});

test("cursors and editing markers of others, never your own; cleared on leave", () => {
  const p = new Presence(() => 5);
  p.welcome({ you: { ...A, n: 0 }, online: [{ ...A, n: 0 }, { ...B, n: 1 }] });
  p.cursorsFrame({ at: at([0, 1, 1], [1, 10, 20]), editing: { b: "n1", a: "n2" } });
  assert.deepEqual([...p.cursors.entries()], [["b", { x: 10, y: 20, at: 5 }]]);
  assert.deepEqual(p.editorsOf("n1").map((x) => x.name), ["Bob"]);
  assert.deepEqual(p.editorsOf("n2"), []);
  p.cursorsFrame({ editing: { b: null } });
  assert.deepEqual(p.editorsOf("n1"), []);
  p.cursorsFrame({ at: at([1, 3, 4]), editing: { b: "n1" } });
  p.presence({ left: ["b"] });
  assert.equal(p.cursors.size, 0);
  assert.deepEqual(p.editorsOf("n1"), []);
});

/**
 * `cursors.at` as the hub packs it (P2): 6 bytes per move, uint16 n, int16 x, int16 y,
 * big-endian; a view into a larger buffer, as the msgpack decoder hands out bin.
 * @param {...[number, number, number]} moves
 */
function at(...moves) {
  const buffer = new Uint8Array(3 + moves.length * 6 + 2);
  const view = new DataView(buffer.buffer, 3);
  moves.forEach(([n, x, y], i) => {
    view.setUint16(i * 6, n);
    view.setInt16(i * 6 + 2, x);
    view.setInt16(i * 6 + 4, y);
  });
  return buffer.subarray(3, 3 + moves.length * 6);
}

test("P2: packed moves decode by participant number, negative and extreme coordinates too", () => {
  const p = new Presence(() => 7);
  p.welcome({ you: { ...A, n: 4 }, online: [{ ...A, n: 4 }, { ...B, n: 300 }, { ...F, n: 65534 }] });
  p.cursorsFrame({ at: at([300, -1, -32768], [65534, 32767, -250], [4, 9, 9]) });
  assert.deepEqual(Object.fromEntries(p.cursors), {
    b: { x: -1, y: -32768, at: 7 },
    f: { x: 32767, y: -250, at: 7 },
  });
});

test("P2: a number nobody online has is ignored; a newcomer's number is learnt from presence", () => {
  const p = new Presence(() => 1);
  p.welcome({ you: { ...A, n: 0 }, online: [{ ...A, n: 0 }] });
  p.cursorsFrame({ at: at([1, 5, 5], [9, 6, 6]) });
  assert.equal(p.cursors.size, 0);
  p.presence({ joined: [{ ...B, n: 1 }], left: [] });
  p.cursorsFrame({ at: at([1, 5, 5], [9, 6, 6]) });
  assert.deepEqual([...p.cursors.keys()], ["b"]);
  p.presence({ joined: [], left: ["b"] });
  p.cursorsFrame({ at: at([1, 8, 8]) });
  assert.equal(p.cursors.size, 0, "a leaver's number names nobody");
});

test("P1: a leaver's number given to a newcomer in the same presence frame stays the newcomer's", () => {
  const p = new Presence(() => 1);
  p.welcome({ you: { ...A, n: 0 }, online: [{ ...A, n: 0 }, { ...B, n: 1 }] });
  p.presence({ joined: [{ ...F, n: 1 }], left: ["b"] });
  p.cursorsFrame({ at: at([1, 2, 3]) });
  assert.deepEqual([...p.cursors.keys()], ["f"]);
});

test("P2 vector: the golden cursors frame decodes to its moves (shared/vectors/cursors.json)", () => {
  const vector = JSON.parse(readFileSync(join(ROOT, "shared", "vectors", "cursors.json"), "utf8"));
  const frame = /** @type {any} */ (decodeFrame(Buffer.from(vector.frame_hex, "hex")));
  assert.ok(frame.at instanceof Uint8Array);
  assert.equal(Buffer.from(frame.at).toString("hex"), vector.at_hex);
  const p = new Presence(() => 2);
  const online = vector.online;
  p.welcome({ you: online[1], online });
  p.cursorsFrame(frame);
  const byId = new Map(online.map((/** @type {any} */ o) => [o.n, o.id]));
  const expected = vector.moves
    .filter((/** @type {number[]} */ [n]) => byId.has(n) && byId.get(n) !== online[1].id)
    .map((/** @type {number[]} */ [n, x, y]) => [byId.get(n), { x, y, at: 2 }]);
  assert.ok(expected.length >= 2 && expected.length < vector.moves.length - 1, "own and unknown are skipped");
  assert.deepEqual([...p.cursors.entries()], expected);
  assert.deepEqual(p.editorsOf("n-1"), [], "your own marker is not shown");
});
