"""A hub's own copy of the boards it served, for when Redis comes back empty (D5).

With the Redis engine, Redis holds the only log. Each hub with a data directory keeps, per
board it had open, the newest state it saw: written when it takes the board's snapshot
(it holds the snapshot lease) and when the board unloads. A board that Redis no longer
knows is re-seeded from here under a new epoch on its next join. Files are written whole
and renamed into place, so a crash leaves the previous copy, never half a file.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import Any

import msgpack

SAFE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class Archive:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, board_id: str) -> Path | None:
        if not SAFE_ID.match(board_id) or board_id in (".", ".."):
            return None
        return self.directory / f"{board_id}.board"

    async def save(self, board_id: str, seq: int, state: dict[str, Any]) -> None:
        """Keep `state` (a `Board.to_wire()` as of `seq`) unless a newer one is kept."""
        path = self._path(board_id)
        if path is None:
            return
        blob = msgpack.packb({"seq": seq, "state": state}, use_bin_type=True)
        await asyncio.to_thread(self._write, path, seq, blob)

    def _write(self, path: Path, seq: int, blob: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        kept = self._read(path)
        if kept is not None and kept[0] > seq:
            return
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)

    async def load(self, board_id: str) -> tuple[int, dict[str, Any]] | None:
        """The newest kept state of the board and its seq, if any."""
        path = self._path(board_id)
        if path is None:
            return None
        return await asyncio.to_thread(self._read, path)

    @staticmethod
    def _read(path: Path) -> tuple[int, dict[str, Any]] | None:
        try:
            raw = msgpack.unpackb(path.read_bytes(), raw=False)
            return int(raw["seq"]), dict(raw["state"])
        except (OSError, ValueError, KeyError, TypeError, msgpack.ExtraData):
            return None
