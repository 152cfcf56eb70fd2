"""Size limits shared by the protocol models, the hub and the documentation."""

from __future__ import annotations

PROTOCOL_VERSION = 1
"""Bumped on any incompatible change to the frames in `shared/PROTOCOL.md`."""

MAX_FRAME_BYTES = 64 * 1024
"""Largest client frame the hub reads; bigger ones are closed with 1009."""

MAX_TEXT = 2000
"""Longest note, SWOT item or action text, in characters."""

MAX_TITLE = 200
"""Longest block title, goal node title, action title, board title or name."""

MAX_ID = 64
"""Longest client-made id (items, blocks, cids, participants)."""

MAX_COORD = 1_000_000.0
"""Largest absolute canvas coordinate or size."""

MAX_ITEMS_PER_BOARD = 20_000
"""Item limit of one board; an `item.add` beyond it is rejected with `board_full`."""

MAX_DEPARTMENTS = 12

MAX_DOTS = 50
"""Largest dot budget of a vote (and largest per-item maximum)."""

MAX_AGENDA = 50
"""Most entries an agenda holds."""

MAX_EXERCISES = 200
"""Most votes plus polls one board keeps; beyond it `vote.start`/`poll.create` → `board_full`."""
MAX_ROUNDS = 10
"""Rounds one poll may have (before, after, and a few more); beyond it `board_full`."""
