"""Websocket framing, done once per room instead of once per connection.

A frame the hub sends goes to a whole audience, and a server's websocket frames are not
masked (RFC 6455 5.1), so the bytes on the wire are the same for every socket of that
audience: the header and payload are built once per distinct batch within one flush and
the same `bytes` object is written to each socket. Used only where the connection has no
extension (no permessage-deflate: the CLI turns it off), since a compressed connection's
bytes are its own.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

_FIN_BINARY = 0x82
_SHORT = struct.Struct("!BB")
_MEDIUM = struct.Struct("!BBH")
_LONG = struct.Struct("!BBQ")


def binary_message(payload: bytes) -> bytes:
    """One unmasked, final, binary websocket frame carrying `payload`."""
    size = len(payload)
    if size < 126:
        head = _SHORT.pack(_FIN_BINARY, size)
    elif size < 1 << 16:
        head = _MEDIUM.pack(_FIN_BINARY, 126, size)
    else:
        head = _LONG.pack(_FIN_BINARY, 127, size)
    return head + payload


def wire_bytes(batch: Sequence[bytes], batched: bool) -> bytes:
    """What one socket write carries for `batch`: one websocket message holding every
    frame back to back when the client takes them so (`batched`, F5), else one message
    per frame."""
    if len(batch) == 1:
        return binary_message(batch[0])
    if batched:
        return binary_message(b"".join(batch))
    return b"".join(binary_message(data) for data in batch)


class WireCache:
    """The wire bytes of the batches written in one flush, shared by every socket that
    writes the same batch (an audience receives the same frames in the same order, so
    under load whole rooms write identical batches). Cleared after each flush: it holds
    nothing between flushes."""

    __slots__ = ("_many", "_single")

    def __init__(self) -> None:
        self._single: dict[bytes, bytes] = {}
        self._many: dict[tuple[bool, tuple[bytes, ...]], bytes] = {}

    def get(self, batch: list[bytes], batched: bool) -> bytes:
        if len(batch) == 1:
            # A bytes key is hashed once (CPython caches it) and compared by identity first.
            data = batch[0]
            wire = self._single.get(data)
            if wire is None:
                wire = self._single[data] = binary_message(data)
            return wire
        key = (batched, tuple(batch))
        wire = self._many.get(key)
        if wire is None:
            wire = self._many[key] = wire_bytes(batch, batched)
        return wire

    def clear(self) -> None:
        self._single.clear()
        self._many.clear()
