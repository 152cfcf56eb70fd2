// Frames on the wire: one msgpack map per binary websocket message (PROTOCOL.md F1), or,
// from the hub to a client that said `batch` in its hello, several maps back to back (F5).
// JS numbers that are integral encode as msgpack ints, others as float64; the server accepts
// ints wherever it expects a float (coordinates), and ids, texts and seqs keep their types.

import { Decoder, Encoder } from "../vendor/msgpack/index.mjs";

export { MAX_FRAME_BYTES } from "./protocol.gen.js";

const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();

/** @param {object} frame @returns {Uint8Array} */
export function encodeFrame(frame) {
  return encoder.encode(frame);
}

/** @param {ArrayBuffer | Uint8Array} data @returns {unknown} */
export function decodeFrame(data) {
  return decoder.decode(data instanceof Uint8Array ? data : new Uint8Array(data));
}

/**
 * Every frame of one message from the hub, in order (F5: one or more maps back to back).
 * @param {ArrayBuffer | Uint8Array} data @returns {any[]}
 */
export function decodeFrames(data) {
  return [...decoder.decodeMulti(data instanceof Uint8Array ? data : new Uint8Array(data))];
}
