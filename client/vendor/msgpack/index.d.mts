// Written by client/tools/vendor-msgpack.mjs: the part of @msgpack/msgpack's API the client uses.
export class Encoder {
  constructor(options?: { ignoreUndefined?: boolean; forceFloat32?: boolean; sortKeys?: boolean });
  encode(value: unknown): Uint8Array;
}
export class Decoder {
  constructor(options?: { maxDepth?: number });
  decode(data: ArrayLike<number> | ArrayBuffer | Uint8Array): unknown;
  decodeMulti(data: ArrayLike<number> | ArrayBuffer | Uint8Array): Generator<unknown, void, unknown>;
}
export function encode(value: unknown, options?: object): Uint8Array;
export function decode(data: ArrayLike<number> | ArrayBuffer | Uint8Array, options?: object): unknown;
