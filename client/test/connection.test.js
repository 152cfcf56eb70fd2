// The connection, driven with a fake WebSocket and fake timers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Connection, HEARTBEAT_TICK_MS, PING_AFTER_MS, SILENT_AFTER_MS } from "../src/connection.js";
import { decodeFrame, encodeFrame } from "../src/codec.js";
import { fakeTime } from "./faketime.js";

class FakeSocket {
  /** @type {FakeSocket[]} */
  static all = [];
  /** @param {string} url */
  constructor(url) {
    this.url = url;
    /** @type {any[]} */
    this.sent = [];
    this.closed = false;
    /** @type {any} */ this.onopen = null;
    /** @type {any} */ this.onmessage = null;
    /** @type {any} */ this.onclose = null;
    /** @type {any} */ this.onerror = null;
    FakeSocket.all.push(this);
  }
  send(/** @type {Uint8Array} */ bytes) { this.sent.push(decodeFrame(bytes)); }
  close() { this.closed = true; }
  // Server side.
  open() { this.onopen?.(); }
  /** @param {object} frame */
  deliver(frame) { this.onmessage?.({ data: encodeFrame(frame).slice().buffer }); }
  /** @param {number} code */
  drop(code = 1006) { this.onclose?.({ code, reason: "" }); }
}

const WELCOME = { type: "welcome", protocol: 1, you: { id: "p1", name: "A", department: null, role: "participant" }, epoch: "e", seq: 0, board: {}, online: [], server_time: 0 };

function setup(overrides = {}) {
  FakeSocket.all = [];
  const time = fakeTime();
  const frames = [];
  const statuses = [];
  let hellos = 0;
  const conn = new Connection({
    url: "ws://hub/ws/b1",
    makeHello: () => ({ type: "hello", n: ++hellos }),
    onFrame: (f) => frames.push(f),
    onStatus: (s, d) => statuses.push([s, d]),
    WebSocket: FakeSocket,
    random: () => 1,
    isOnline: () => true,
    ...time,
    ...overrides,
  });
  return { conn, time, frames, statuses, sockets: FakeSocket.all };
}

test("hello on open, live on welcome, frames decoded and passed on", () => {
  const { conn, frames, statuses, sockets } = setup();
  conn.start();
  assert.equal(statuses.at(-1)[0], "connecting");
  assert.equal(conn.send({ type: "op" }), false, "nothing is sent before the welcome");
  sockets[0].open();
  assert.deepEqual(sockets[0].sent, [{ type: "hello", n: 1 }]);
  sockets[0].deliver(WELCOME);
  assert.equal(conn.status, "live");
  assert.equal(frames[0].type, "welcome");
  assert.ok(conn.send({ type: "op", cid: "c1" }));
  assert.deepEqual(sockets[0].sent.at(-1), { type: "op", cid: "c1" });
});

test("a dropped connection reconnects with a fresh hello (which carries the resume)", () => {
  const { conn, time, statuses, sockets } = setup();
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  sockets[0].drop(1006);
  assert.equal(conn.status, "reconnecting");
  assert.equal(conn.send({ type: "op" }), false);
  time.advance(500);
  assert.equal(sockets.length, 2);
  sockets[1].open();
  assert.deepEqual(sockets[1].sent, [{ type: "hello", n: 2 }]);
  sockets[1].deliver(WELCOME);
  assert.equal(conn.status, "live");
  assert.ok(statuses.some(([s]) => s === "reconnecting"));
});

test("backoff grows, is capped, and is jittered", () => {
  const { conn } = setup({ random: () => 0 });
  assert.equal(conn.backoff(0), 250);
  assert.equal(conn.backoff(1), 500);
  assert.equal(conn.backoff(3), 2000);
  assert.equal(conn.backoff(10), 5000, "half of the 10 s cap with the lowest jitter");
  const high = setup({ random: () => 0.999999 }).conn;
  assert.equal(high.backoff(10), 10000);
  assert.equal(high.backoff(50), 10000, "capped");
  assert.ok(conn.backoff(0, 4009) >= 5000, "a flood close waits longer");
});

test("failed attempts back off further and end up offline; a nudge retries at once", () => {
  const { conn, time, sockets } = setup();
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  sockets[0].drop(1006);
  const waits = [];
  for (let i = 0; i < 5; i += 1) {
    const before = sockets.length;
    let waited = 0;
    while (sockets.length === before) { time.advance(50); waited += 50; }
    waits.push(waited);
    sockets.at(-1).drop(1006); // the server is still down
  }
  assert.deepEqual(waits, [500, 1000, 2000, 4000, 8000]);
  assert.equal(conn.status, "offline");
  conn.nudge();
  assert.equal(sockets.length, 7, "nudge opens a socket without waiting");
});

for (const [code, reason] of [[4001, "unauthorized"], [4002, "protocol"], [4003, "bad_hello"], [4004, "not_found"], [4011, "link_rotated"], [4012, "removed"]]) {
  test(`close ${code} stops for good (${reason})`, () => {
    const { conn, time, statuses, sockets } = setup();
    conn.start();
    sockets[0].open();
    sockets[0].drop(code);
    time.advance(60000);
    assert.equal(sockets.length, 1, "no reconnect");
    assert.equal(conn.status, "stopped");
    assert.equal(statuses.at(-1)[1].reason, reason);
  });
}

for (const code of [1001, 1006, 1011, 4005, 4008, 4009, 4010, 4013]) {
  test(`close ${code} reconnects`, () => {
    const { conn, time, sockets } = setup();
    conn.start();
    sockets[0].open();
    sockets[0].deliver(WELCOME);
    sockets[0].drop(code);
    time.advance(10000);
    assert.equal(sockets.length, 2);
    assert.notEqual(conn.status, "stopped");
  });
}

test("heartbeat pings, and a silent connection is dropped and reopened", () => {
  const { conn, time, sockets } = setup();
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  time.advance(15000);
  assert.deepEqual(sockets[0].sent.at(-1), { type: "ping" });
  time.advance(30000); // no pong for 45 s
  assert.ok(sockets[0].closed);
  time.advance(1000);
  assert.equal(sockets.length, 2);
});

test("a hub gone quiet: pings after 1.5 s, 'reconnecting' within 4.5 s, live again on any frame", () => {
  const { conn, time, statuses, sockets } = setup();
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  const pings = () => sockets[0].sent.filter((f) => f.type === "ping").length;
  time.advance(PING_AFTER_MS - 1);
  assert.equal(pings(), 0, "no ping while the hub was heard recently");
  time.advance(HEARTBEAT_TICK_MS);
  assert.equal(pings(), 1);
  // The network dies right after the welcome: nothing is heard any more.
  time.advance(SILENT_AFTER_MS + HEARTBEAT_TICK_MS - PING_AFTER_MS - HEARTBEAT_TICK_MS + 1);
  assert.equal(conn.status, "reconnecting", "the badge leaves Live within 4.5 s of the last frame");
  assert.equal(sockets.length, 1, "the socket is kept a while: the hub may only be slow");
  assert.ok(conn.send({ type: "op", cid: "c1" }), "ops still go into the open socket");
  sockets[0].deliver({ type: "pong", server_time: 1 });
  assert.equal(conn.status, "live");
  assert.deepEqual(statuses.map((s) => s[0]).slice(-3), ["live", "reconnecting", "live"]);
});

test("'Retry now' on a silent connection opens a fresh one; on a live one it does nothing", () => {
  const { conn, time, sockets } = setup();
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  conn.nudge();
  assert.equal(sockets[0].closed, false, "a working socket is left alone");
  time.advance(SILENT_AFTER_MS + HEARTBEAT_TICK_MS + 1);
  assert.equal(conn.status, "reconnecting");
  conn.nudge();
  assert.equal(sockets[0].closed, true);
  time.advance(1000);
  assert.equal(sockets.length, 2);
});

test("a quiet but healthy hub (a pong within 2 s) never leaves Live", () => {
  const { conn, time, statuses, sockets } = setup();
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  for (let i = 0; i < 40; i += 1) {
    const before = sockets[0].sent.length;
    time.advance(HEARTBEAT_TICK_MS);
    if (sockets[0].sent.length > before) {
      time.advance(2000); // a slow pong
      sockets[0].deliver({ type: "pong", server_time: 1 });
    }
  }
  assert.deepEqual(statuses.map((s) => s[0]).filter((s) => s !== "connecting"), ["live"]);
});

test("timers slowed to one a minute (a background tab) ping again instead of dropping a live hub", () => {
  const time = fakeTime();
  let slowed = false;
  const { conn, sockets } = setup({ ...time, setTimeout: (/** @type {() => void} */ fn, /** @type {number} */ ms) => time.setTimeout(fn, slowed ? 60000 : ms) });
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  time.advance(PING_AFTER_MS + HEARTBEAT_TICK_MS); // a ping, answered at once
  sockets[0].deliver({ type: "pong", server_time: 1 });
  slowed = true;
  time.advance(HEARTBEAT_TICK_MS); // the next tick is set a minute out
  time.advance(60000);
  assert.equal(conn.status, "live");
  assert.equal(sockets[0].closed, false);
  assert.equal(sockets[0].sent.at(-1).type, "ping", "a minute of quiet with every ping answered: ping again");
  time.advance(60000); // that ping never answered: the connection is dead
  assert.equal(sockets[0].closed, true);
});

test("a frame over 64 KiB is not sent (the server would close with 1009)", () => {
  const { conn, sockets } = setup();
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  assert.equal(conn.send({ type: "op", text: "x".repeat(70000) }), false);
  assert.equal(sockets[0].sent.length, 1);
});

test("stop closes the socket and never reconnects", () => {
  const { conn, time, sockets } = setup();
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  conn.stop();
  time.advance(60000);
  assert.equal(sockets.length, 1);
  assert.ok(sockets[0].closed);
});

test("msgpack: integral numbers go out as ints, others as floats, undefined is left out", () => {
  const bytes = encodeFrame({ x: 3, y: 2.5, z: undefined });
  assert.equal(Buffer.from(bytes).toString("hex"), "82a17803a179cb4004000000000000");
});

test("A5/A6: a live connection closed with 4011 or 4012 stops for good, with the reason, and never reconnects", () => {
  for (const [code, reason] of [[4011, "link_rotated"], [4012, "removed"]]) {
    const { conn, time, statuses, sockets } = setup();
    const closes = [];
    conn.onClose = (c) => closes.push(c);
    conn.start();
    sockets[0].open();
    sockets[0].deliver(WELCOME);
    assert.equal(conn.status, "live");
    sockets[0].drop(code);
    time.advance(120000);
    assert.equal(sockets.length, 1, `${code}: no reconnect`);
    assert.equal(conn.status, "stopped");
    assert.deepEqual(statuses.at(-1), ["stopped", { attempt: 0, retryIn: 0, reason, code }]);
    assert.deepEqual(closes, [code]);
    conn.nudge();
    assert.equal(sockets.length, 1, `${code}: coming back online does not reconnect either`);
  }
});

test("4013 (too many connections) reconnects, but not before 5 s", () => {
  const { conn, time, sockets } = setup({ random: () => 0 });
  conn.start();
  sockets[0].open();
  sockets[0].deliver(WELCOME);
  sockets[0].drop(4013);
  time.advance(4900);
  assert.equal(sockets.length, 1, "still waiting");
  time.advance(200);
  assert.equal(sockets.length, 2);
  assert.equal(conn.backoff(0, 4013), 5000);
});

test("F5: one message may hold several frames; each is passed on in order", () => {
  const { conn, frames, sockets } = setup();
  conn.start();
  sockets[0].open();
  const applied = (/** @type {number} */ seq) => encodeFrame({ type: "applied", seq, op: { kind: "hidden" }, by: {}, cid: null, ts: 0 });
  const parts = [encodeFrame(WELCOME), applied(1), applied(2)];
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { joined.set(p, at); at += p.length; }
  sockets[0].onmessage?.({ data: joined.buffer });
  assert.deepEqual(frames.map((f) => f.seq), [0, 1, 2]);
  assert.equal(conn.status, "live");
});
