// The server clock estimate and the agenda timer arithmetic (PROTOCOL.md E5).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  actualMs, bestOffset, clockSample, currentEntry, formatClock, remainingMs, ServerClock, shares, targetOf,
} from "../src/clock.js";
import { Connection } from "../src/connection.js";
import { decodeFrame, encodeFrame } from "../src/codec.js";

/** @returns {import("../src/types.js").Agenda} */
function agenda(overrides = {}) {
  return {
    items: [
      { id: "sync", title: "Synchronization", minutes: 10, block: "results", actual_ms: 0 },
      { id: "swot", title: "SWOT", minutes: 5, block: null, actual_ms: 0 },
    ],
    current: null, running: false, started_at: null, ...overrides,
  };
}

test("a sample puts the server's reading at the middle of its round trip", () => {
  assert.deepEqual(clockSample(1000, 1200, 51_100), { offset: 50_000, rtt: 200 });
  assert.equal(clockSample(1200, 1000, 5), null, "a local clock that went backwards says nothing");
  assert.equal(clockSample(0, 10, Number.NaN), null);
});

test("the shortest round trip wins: its error is at most half of it", () => {
  assert.equal(bestOffset([]), 0);
  assert.equal(bestOffset([{ offset: 900, rtt: 800 }, { offset: 1010, rtt: 20 }, { offset: 1200, rtt: 300 }]), 1010);
});

test("ServerClock: now is the local clock plus the best recent offset; old samples age out", () => {
  let local = 10_000;
  const clock = new ServerClock({ now: () => local, keep: 3 });
  assert.equal(clock.now(), 10_000, "no sample yet: the local clock");
  clock.sample(9_000, 9_400, 99_200); // offset 90_000, rtt 400 (a slow welcome)
  clock.sample(9_500, 9_520, 99_530); // offset 90_020, rtt 20 (a quick ping)
  assert.equal(clock.now(), 100_020);
  // The local clock is set back by a minute: new samples, and the old ones age out.
  local = 50_000;
  for (let i = 0; i < 3; i++) clock.sample(49_000 + i, 49_100 + i, 49_050 + i + 150_000);
  assert.equal(clock.now(), 200_000);
});

test("E5: remaining = minutes·60000 − actual_ms − the running stretch, negative on overrun", () => {
  assert.equal(remainingMs(agenda(), 5000), null, "nothing current");
  assert.equal(remainingMs(null, 5000), null);
  const running = agenda({ current: "sync", running: true, started_at: 1_000_000 });
  running.items[0].actual_ms = 120_000;
  assert.equal(remainingMs(running, 1_030_000), 600_000 - 120_000 - 30_000);
  assert.equal(remainingMs(running, 1_000_000 + 500_000), -20_000, "overrun");
  // A client clock estimate a little behind the start does not count backwards.
  assert.equal(remainingMs(running, 999_800), 480_000);
  const paused = { ...running, running: false, started_at: null };
  assert.equal(remainingMs(paused, 9_999_999), 480_000, "paused: frozen whatever the clock");
  assert.equal(currentEntry(paused)?.id, "sync");
});

test("E8: remaining time includes the time the facilitator added (extra_ms), on the board and the phone", async () => {
  const { allowedMs } = await import("../src/clock.js");
  const { timeLeft } = await import("../src/phone/now.js");
  const a = agenda({ current: "sync", running: true, started_at: 1_000_000 });
  a.items[0].actual_ms = 120_000;
  a.items[0].extra_ms = 90_000;
  assert.equal(allowedMs(a.items[0]), 690_000);
  assert.equal(remainingMs(a, 1_030_000), 600_000 + 90_000 - 120_000 - 30_000);
  assert.equal(timeLeft(a.items[0], a, 1_030_000), remainingMs(a, 1_030_000));
  assert.equal(remainingMs(a, 1_000_000 + 570_000), 0, "the added time is spent too");
  assert.equal(allowedMs({ ...a.items[1], minutes: 0.5 }), 30_000, "no extension: the planned time");
});

test("actual time counts the running stretch only on the current entry; shares split the day", () => {
  const a = agenda({ current: "swot", running: true, started_at: 10_000 });
  a.items[0].actual_ms = 30_000;
  a.items[1].actual_ms = 5_000;
  assert.equal(actualMs(a, a.items[0], 15_000), 30_000);
  assert.equal(actualMs(a, a.items[1], 15_000), 10_000);
  const split = shares(a, 15_000);
  assert.equal(split.get("sync"), 0.75);
  assert.equal(split.get("swot"), 0.25);
  assert.deepEqual([...shares(agenda(), 0).values()], [0, 0], "no time spent: no share");
});

test("targetOf: the entry start and next will run, as the hub decides", () => {
  assert.equal(targetOf(agenda(), "start"), "sync", "nothing current: the first");
  assert.equal(targetOf(agenda({ current: "swot" }), "start"), "swot", "the current");
  assert.equal(targetOf(agenda(), "start", "swot"), "swot");
  assert.equal(targetOf(agenda(), "start", "gone"), null);
  assert.equal(targetOf(agenda(), "next"), "sync");
  assert.equal(targetOf(agenda({ current: "sync" }), "next"), "swot");
  assert.equal(targetOf(agenda({ current: "swot" }), "next"), null, "after the last: the day is over");
  assert.equal(targetOf({ items: [], current: null, running: false, started_at: null }, "start"), null);
});

test("formatClock: a countdown shows partial seconds as whole ones, elapsed time rounds down", () => {
  assert.equal(formatClock(600_000), "10:00");
  assert.equal(formatClock(599_001), "10:00");
  assert.equal(formatClock(599_000), "9:59");
  assert.equal(formatClock(65_500, { up: true }), "1:05");
  assert.equal(formatClock(3_723_000, { up: true }), "1:02:03");
  assert.equal(formatClock(0), "0:00");
  assert.equal(formatClock(-5), "0:00");
});

test("the connection gives a clock sample for the welcome (answer to the hello) and each pong", () => {
  /** @type {any[]} */
  const sockets = [];
  class Socket {
    constructor() { /** @type {any[]} */ this.sent = []; sockets.push(this); }
    /** @param {Uint8Array} bytes */
    send(bytes) { this.sent.push(decodeFrame(bytes)); }
    close() {}
  }
  let now = 1000;
  /** @type {number[][]} */
  const samples = [];
  const conn = new Connection({
    url: "ws://hub/ws/b", makeHello: () => ({ type: "hello" }), onFrame: () => {}, WebSocket: Socket,
    now: () => now, setTimeout: () => 0, clearTimeout: () => {},
    onServerTime: (sent, received, server) => samples.push([sent, received, server]),
  });
  const deliver = (/** @type {object} */ frame) => sockets[0].onmessage({ data: encodeFrame(frame).slice().buffer });
  conn.start();
  sockets[0].onopen();
  now = 1300;
  deliver({ type: "welcome", you: {}, epoch: "e", seq: 0, board: {}, server_time: 90_000 });
  conn.ping();
  now = 1340;
  conn.ping();
  now = 1350;
  deliver({ type: "pong", server_time: 90_060 });
  now = 1360;
  deliver({ type: "pong", server_time: 90_070 });
  deliver({ type: "pong", server_time: 90_080 }); // unasked: no sample
  assert.deepEqual(samples, [[1000, 1300, 90_000], [1300, 1350, 90_060], [1340, 1360, 90_070]]);
  assert.deepEqual(sockets[0].sent.map((/** @type {any} */ f) => f.type), ["hello", "ping", "ping"]);
});
