import { test } from "node:test";
import assert from "node:assert/strict";
import { DIGITS, keyBetween, keysAfter, bySiblingOrder } from "../src/ordering.js";

const valid = (/** @type {string} */ k) => k.length > 0 && /^[0-9A-Za-z]+$/.test(k) && !k.endsWith("0");

test("R11: the alphabet sorts in digit order and the first key is the middle digit", () => {
  assert.deepEqual([...DIGITS], [...DIGITS].sort());
  assert.equal(keyBetween(null, null), "V");
});

test("R11: the same keys as the Python port for known pairs", () => {
  // Worked by hand from board/ordering.py.
  assert.equal(keyBetween("V", null), "k");
  assert.equal(keyBetween(null, "V"), "F");
  assert.equal(keyBetween("1", "2"), "1V");
  assert.equal(keyBetween("V", "W"), "VV");
  assert.equal(keyBetween("z", null), "zV");
  assert.equal(keyBetween(null, "1"), "0V");
  assert.equal(keyBetween("1", "11"), "10V");
  assert.deepEqual(keysAfter(null, 3), ["V", "k", "s"]);
});

test("R11: a key strictly between any two random keys, always valid", () => {
  let seed = 7;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  const randomKey = () => {
    let k = "";
    const n = Math.floor(rand() * 6);
    for (let i = 0; i < n; i += 1) k += DIGITS[Math.floor(rand() * 62)];
    return k + DIGITS[1 + Math.floor(rand() * 61)];
  };
  for (let i = 0; i < 2000; i += 1) {
    const a = randomKey();
    const b = randomKey();
    if (a === b) continue;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const k = keyBetween(lo, hi);
    assert.ok(lo < k && k < hi, `${lo} < ${k} < ${hi}`);
    assert.ok(valid(k), k);
    assert.ok(keyBetween(null, lo) < lo && keyBetween(hi, null) > hi);
  }
});

test("R11: refuses reversed or invalid bounds", () => {
  assert.throws(() => keyBetween("b", "a"), RangeError);
  assert.throws(() => keyBetween("a", "a"), RangeError);
  assert.throws(() => keyBetween("10", null), RangeError);
  assert.throws(() => keyBetween("a-", null), RangeError);
  assert.throws(() => keyBetween("", null), RangeError);
});

test("siblings sort by order key, then by id", () => {
  const items = [{ id: "b", order: "V" }, { id: "a", order: "V" }, { id: "c", order: "F" }];
  assert.deepEqual(items.sort(bySiblingOrder).map((i) => i.id), ["c", "a", "b"]);
});

import { orderAt } from "../src/ordering.js";

test("orderAt: between neighbours, at the ends, and re-keying ties", () => {
  const sibs = [{ id: "a", order: "F" }, { id: "b", order: "V" }];
  assert.deepEqual(orderAt(sibs, 0), { order: keyBetween(null, "F"), rekey: [] });
  assert.deepEqual(orderAt(sibs, 1), { order: keyBetween("F", "V"), rekey: [] });
  assert.deepEqual(orderAt(sibs, 2), { order: keyBetween("V", null), rekey: [] });
  assert.deepEqual(orderAt([], 0), { order: "V", rekey: [] });
  const ties = [{ id: "a", order: "V" }, { id: "b", order: "V" }, { id: "c", order: "V" }];
  const { order, rekey } = orderAt(ties, 1);
  const after = [{ id: "a", order: "V" }, { id: "new", order }, ...rekey.map((r) => ({ id: r.id, order: r.order }))];
  const sorted = [...after].sort(bySiblingOrder).map((s) => s.id);
  assert.deepEqual(sorted, ["a", "new", "b", "c"]);
});
