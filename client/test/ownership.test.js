// Ownership (A8) on the client: who sees edit and delete controls, why a refusal was refused,
// the facilitator's undo of someone else's removal (the re-add names the author), and where a
// free note goes in a goal tree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inverseOf } from "../src/inverse.js";
import { isOwnershipRefusal, mayEdit, mayRemove } from "../src/ownership.js";
import { treeFreeSpot } from "../src/views/goaltree.js";
import { NOTE_H, NOTE_W } from "../src/layout.js";

const ANA = { id: "p-ana", role: "participant" };
const BOB = { id: "p-bob", role: "participant" };
const FAY = { id: "p-fay", role: "facilitator" };
const SCREEN = { id: "p-screen", role: "screen" };

/** A board with Ana's note, Bob's note, and a goal tree: Ana's root with Bob's child. */
function board(editing) {
  return {
    id: "b", title: "t", seq: 0, departments: [{ id: "product", name: "Product", color: "#3b82f6" }],
    settings: editing ? { editing } : {},
    blocks: {
      notes: { id: "notes", kind: "notes", title: "", x: 0, y: 0, w: 1200, h: 800 },
      tree: { id: "tree", kind: "goal_tree", title: "", x: 0, y: 900, w: 1200, h: 800 },
    },
    items: {
      a1: { id: "a1", block: "notes", kind: "note", text: "Ana's", x: 24, y: 84, on: null, author: "p-ana" },
      b1: { id: "b1", block: "notes", kind: "note", text: "Bob's", x: 248, y: 84, on: null, author: "p-bob" },
      g1: { id: "g1", block: "tree", kind: "goal", title: "Grow", parent: null, order: "V", author: "p-ana" },
      g2: { id: "g2", block: "tree", kind: "goal", title: "Sell", parent: "g1", order: "V", author: "p-bob" },
    },
  };
}

test("under 'own' a participant changes only their own items; the facilitator any", () => {
  const b = board();
  assert.equal(mayEdit(b, b.items.a1, ANA), true);
  assert.equal(mayEdit(b, b.items.b1, ANA), false);
  assert.equal(mayRemove(b, b.items.b1, ANA), false);
  assert.equal(mayEdit(b, b.items.b1, FAY), true);
  assert.equal(mayRemove(b, b.items.b1, FAY), true);
  assert.equal(mayEdit(b, b.items.a1, SCREEN), false, "the projector only watches");
});

test("a goal node goes with its subtree: removing it needs every node under it to be yours", () => {
  const b = board();
  assert.equal(mayEdit(b, b.items.g1, ANA), true, "Ana renames her own node");
  assert.equal(mayRemove(b, b.items.g1, ANA), false, "but Bob's child would go with it");
  assert.equal(mayRemove(b, b.items.g2, BOB), true);
  assert.equal(mayRemove(b, b.items.g1, FAY), true);
});

test("'everyone' opens editing and removing to every participant", () => {
  const b = board("everyone");
  assert.equal(mayEdit(b, b.items.b1, ANA), true);
  assert.equal(mayRemove(b, b.items.b1, ANA), true);
  assert.equal(mayRemove(b, b.items.g1, ANA), true);
});

test("a 'forbidden' on someone else's item is an ownership refusal; other refusals are not", () => {
  const b = board();
  const remove = { kind: "item.remove", id: "b1" };
  assert.equal(isOwnershipRefusal(b, "forbidden", remove, ANA), true);
  assert.equal(isOwnershipRefusal(b, "forbidden", { kind: "item.update", id: "b1", set: { text: "x" } }, ANA), true);
  assert.equal(isOwnershipRefusal(b, "locked", remove, ANA), false);
  assert.equal(isOwnershipRefusal(b, "forbidden", { kind: "item.remove", id: "a1" }, ANA), false, "her own: another reason");
  assert.equal(isOwnershipRefusal(b, "forbidden", { kind: "item.move", id: "b1", x: 1, y: 1 }, ANA), false);
  assert.equal(isOwnershipRefusal(b, "forbidden", null, ANA), false);
});

test("the facilitator's undo of removing Bob's note re-adds it as Bob's; an author's own needs no name", () => {
  const b = board();
  const [byFay] = inverseOf(b, { kind: "item.remove", id: "b1" }, FAY);
  assert.equal(byFay.kind, "item.add");
  assert.equal(byFay.id, "b1");
  assert.equal(byFay.author, "p-bob");
  assert.equal(byFay.item.text, "Bob's");
  assert.equal(byFay.item.author, undefined, "authorship rides on the op, not in the body");
  const [byBob] = inverseOf(b, { kind: "item.remove", id: "b1" }, BOB);
  assert.equal(byBob.author, undefined, "only the facilitator may name an author");
  const [ownByFay] = inverseOf({ ...b, items: { ...b.items, f1: { ...b.items.a1, id: "f1", author: "p-fay" } } }, { kind: "item.remove", id: "f1" }, FAY);
  assert.equal(ownByFay.author, undefined, "the facilitator's own note: no name needed");
  const tree = inverseOf(b, { kind: "item.remove", id: "g1" }, FAY);
  assert.deepEqual(tree.map((op) => [op.id, op.author]), [["g1", "p-ana"], ["g2", "p-bob"]], "each node keeps its author");
});

/** @param {{x: number, y: number}} a @param {{x: number, y: number}} b */
const overlap = (a, b) => a.x < b.x + NOTE_W && b.x < a.x + NOTE_W && a.y < b.y + NOTE_H && b.y < a.y + NOTE_H;

test("a free note in a goal tree goes where no node and no other free note is", () => {
  const b = board();
  const tree = b.blocks.tree;
  const first = treeFreeSpot(b, tree, new Set());
  // The tree sits at the left (two nodes, 248 wide, from x = 28); the note goes right of it.
  assert.ok(first.x >= 28 + 248 + 64 + 248, `right of both columns of nodes: ${JSON.stringify(first)}`);
  assert.ok(first.x + NOTE_W <= tree.w && first.y + NOTE_H <= tree.h);
  const spots = [first];
  for (let i = 0; i < 6; i += 1) {
    const spot = treeFreeSpot(b, tree, new Set());
    b.items[`f${i}`] = { id: `f${i}`, block: "tree", kind: "note", text: "", on: null, author: "p-ana", ...spot };
    assert.ok(spots.slice(1).every((s) => !overlap(s, spot)), `no two free notes overlap: ${JSON.stringify(spots)}`);
    spots.push(spot);
  }
  const hung = { id: "h", block: "tree", kind: "note", text: "", x: 24, y: 84, on: "g1", author: "p-ana" };
  b.items.h = hung; // a note hung on a node is drawn on it, not free: it takes no spot
  const next = treeFreeSpot(b, tree, new Set());
  assert.ok(spots.slice(1).every((s) => !overlap(s, next)));
});
