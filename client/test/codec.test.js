// The golden msgpack frames (shared/vectors/frames.json, V1) decode to their JSON form, and
// what the client encodes decodes back the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeFrame, encodeFrame } from "../src/codec.js";
import { ROOT } from "./vectors.js";

const FRAMES = JSON.parse(readFileSync(join(ROOT, "shared", "vectors", "frames.json"), "utf8"));

for (const vector of FRAMES) {
  test(`V1 ${vector.name}: the golden bytes decode to the frame, and round-trip`, () => {
    const bytes = Buffer.from(vector.msgpack_hex, "hex");
    const frame = decodeFrame(new Uint8Array(bytes));
    assert.deepEqual(frame, vector.frame);
    assert.deepEqual(decodeFrame(encodeFrame(frame)), vector.frame);
  });
}

test("V1: client frames without floats encode to exactly the golden bytes", () => {
  const integral = (/** @type {any} */ v) => JSON.stringify(v).match(/\d\.\d/) === null;
  const clientFrames = FRAMES.filter((/** @type {any} */ v) => v.name.startsWith("client.") && integral(v.frame));
  assert.ok(clientFrames.length > 5);
  for (const vector of clientFrames) {
    assert.equal(Buffer.from(encodeFrame(vector.frame)).toString("hex"), vector.msgpack_hex, vector.name);
  }
});
