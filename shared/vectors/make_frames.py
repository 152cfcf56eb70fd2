"""Writes `frames.json`: golden msgpack encodings of every client and server frame type.

    .venv/bin/python shared/vectors/make_frames.py

Each vector is {"name", "frame", "msgpack_hex"}; `msgpack_hex` is
`crossboard.protocol.codec.pack(frame)`. Both the Python tests and the JS client check that
they encode `frame` to exactly these bytes and decode the bytes back to `frame`.

Rules the frames here keep so that every language reads the JSON the same way:
- Map keys are kept in the order written here (msgpack maps keep insertion order), and no
  key looks like an integer (JS objects would reorder those).
- Every float has a fraction (10.5, never 10.0): JSON cannot tell 10.0 from 10, msgpack can.
- Integers stay within +-2**53 so JS numbers hold them exactly.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from crossboard.protocol.codec import decode_client_frame, pack, unpack
from crossboard.protocol.frames import ServerFrame
from crossboard.protocol.limits import PROTOCOL_VERSION

OUT = Path(__file__).resolve().parent / "frames.json"

FAC = {"id": "p-fay", "name": "Fay", "department": None, "role": "facilitator"}
ANA = {"id": "p-ana", "name": "Ana Łukasik", "department": "product", "role": "participant"}

CLIENT: list[tuple[str, dict[str, Any]]] = [
    (
        "client.hello",
        {
            "type": "hello",
            "protocol": PROTOCOL_VERSION,
            "board": "offsite-2025",
            "token": "v1.b2ZmsXRl.sig",
            "name": "Ana Łukasik",
            "department": "product",
        },
    ),
    (
        "client.hello.resume",
        {
            "type": "hello",
            "protocol": PROTOCOL_VERSION,
            "board": "offsite-2025",
            "token": "v1.b2ZmsXRl.sig",
            "name": "Ana Łukasik",
            "department": "product",
            "resume": {"epoch": "ep-7f3a", "seq": 1234},
            "participant": "p-ana",
        },
    ),
    (
        "client.op.block.add",
        {
            "type": "op",
            "cid": "c-1",
            "op": {
                "kind": "block.add",
                "id": "b-retro",
                "block_kind": "notes",
                "title": "Retro",
                "x": 2600.5,
                "y": -120.25,
                "w": 1200.5,
                "h": 800.75,
            },
        },
    ),
    (
        "client.op.block.update",
        {
            "type": "op",
            "cid": "c-2",
            "op": {
                "kind": "block.update",
                "id": "b-retro",
                "set": {"title": "Retro ✓", "w": 900.5},
            },
        },
    ),
    (
        "client.op.block.remove",
        {"type": "op", "cid": "c-3", "op": {"kind": "block.remove", "id": "b-retro"}},
    ),
    (
        "client.op.item.add.note",
        {
            "type": "op",
            "cid": "c-4",
            "op": {
                "kind": "item.add",
                "id": "n-1",
                "block": "expectations",
                "item": {
                    "kind": "note",
                    "text": "Leave with 3 goals — café ☕ after",
                    "department": "product",
                    "x": 10.5,
                    "y": 20.5,
                    "on": None,
                },
            },
        },
    ),
    (
        "client.op.item.add.goal",
        {
            "type": "op",
            "cid": "c-5",
            "op": {
                "kind": "item.add",
                "id": "g-2",
                "block": "goals",
                "item": {"kind": "goal", "title": "Grow ARR", "parent": "g-1", "order": "V"},
            },
        },
    ),
    (
        "client.op.item.add.swot",
        {
            "type": "op",
            "cid": "c-6",
            "op": {
                "kind": "item.add",
                "id": "s-1",
                "block": "swot",
                "item": {"kind": "swot", "quadrant": "W", "text": "Slow onboarding"},
            },
        },
    ),
    (
        "client.op.item.add.action",
        {
            "type": "op",
            "cid": "c-7",
            "op": {
                "kind": "item.add",
                "id": "a-1",
                "block": "actions",
                "item": {
                    "kind": "action",
                    "title": "Onboarding checklist",
                    "action_kind": "task",
                    "owners": ["product", "sales"],
                    "assignee": "Ana",
                    "cadence": None,
                    "due": "2025-03-31",
                    "status": "todo",
                    "source": "s-1",
                    "order": "V",
                },
            },
        },
    ),
    (
        "client.op.item.update",
        {
            "type": "op",
            "cid": "c-8",
            "op": {
                "kind": "item.update",
                "id": "a-1",
                "set": {"status": "doing", "due": None, "owners": ["sales"]},
            },
        },
    ),
    (
        "client.op.item.move",
        {
            "type": "op",
            "cid": "c-9",
            "op": {"kind": "item.move", "id": "g-2", "parent": None, "order": "k"},
        },
    ),
    (
        "client.op.item.move.note",
        {
            "type": "op",
            "cid": "c-10",
            "op": {"kind": "item.move", "id": "n-1", "block": "goals", "x": 300.5, "on": "g-2"},
        },
    ),
    (
        "client.op.item.remove",
        {"type": "op", "cid": "c-11", "op": {"kind": "item.remove", "id": "g-2"}},
    ),
    (
        "client.op.block.lock",
        {"type": "op", "cid": "c-20", "op": {"kind": "block.lock", "id": "swot", "locked": True}},
    ),
    (
        "client.op.board.lock",
        {"type": "op", "cid": "c-21", "op": {"kind": "board.lock", "locked": False}},
    ),
    (
        "client.op.block.private",
        {
            "type": "op",
            "cid": "c-22",
            "op": {"kind": "block.private", "id": "perception", "mode": "department"},
        },
    ),
    (
        "client.op.block.private.reveal",
        {
            "type": "op",
            "cid": "c-23",
            "op": {"kind": "block.private", "id": "perception", "mode": None},
        },
    ),
    (
        "client.op.board.spotlight",
        {"type": "op", "cid": "c-24", "op": {"kind": "board.spotlight", "block": "swot"}},
    ),
    (
        "client.op.link.rotate",
        {"type": "op", "cid": "c-25", "op": {"kind": "link.rotate", "role": "participant"}},
    ),
    (
        "client.op.participant.update",
        {
            "type": "op",
            "cid": "c-26",
            "op": {
                "kind": "participant.update",
                "id": "p-ben",
                "name": "Benjamin",
                "department": "marketing",
            },
        },
    ),
    (
        "client.op.participant.admit",
        {"type": "op", "cid": "c-40", "op": {"kind": "participant.admit", "id": "p-ben"}},
    ),
    (
        "client.op.screen.show",
        {"type": "op", "cid": "c-42", "op": {"kind": "screen.show", "mode": "join"}},
    ),
    (
        "client.op.block.tidy",
        {
            "type": "op",
            "cid": "c-43",
            "op": {"kind": "block.tidy", "id": "b-notes", "order": ["n-2", "g-1", "n-1"]},
        },
    ),
    (
        "client.op.department.update",
        {
            "type": "op",
            "cid": "c-44",
            "op": {
                "kind": "department.update",
                "id": "sales",
                "name": "Продажи",
                "color": "#10b981",
            },
        },
    ),
    (
        "client.op.item.add.group",
        {
            "type": "op",
            "cid": "c-45",
            "op": {
                "kind": "item.add",
                "id": "g-1",
                "block": "b-notes",
                "item": {"kind": "group", "title": "Pricing"},
            },
        },
    ),
    (
        "client.op.board.settings",
        {
            "type": "op",
            "cid": "c-41",
            "op": {
                "kind": "board.settings",
                "department_choice": "link",
                "lobby": True,
                "min_group": 4,
            },
        },
    ),
    (
        "client.hello.credential",
        {
            "type": "hello",
            "protocol": PROTOCOL_VERSION,
            "board": "b-1",
            "token": "eyJiIjoiYi0xIn0.token",
            "name": "Ana",
            "department": None,
            "resume": None,
            "credential": "eyJiIjoiYi0xIn0.credential-signature",
        },
    ),
    (
        "client.op.participant.remove",
        {"type": "op", "cid": "c-27", "op": {"kind": "participant.remove", "id": "p-ana"}},
    ),
    *[
        (f"client.op.{op['kind']}", {"type": "op", "cid": f"c-{40 + n}", "op": op})
        for n, op in enumerate(
            [
                {
                    "kind": "vote.start",
                    "id": "v-1",
                    "block": "swot",
                    "budget": 5,
                    "max_per_item": 3,
                    "live": False,
                },
                {"kind": "vote.cast", "vote": "v-1", "item": "s-1", "delta": -1},
                {"kind": "vote.close", "id": "v-1"},
                {
                    "kind": "poll.create",
                    "id": "q-1",
                    "block": "poll",
                    "low": 1,
                    "high": 10,
                    "question": "How achievable does the strategic goal seem?",
                    "comment": True,
                },
                {"kind": "poll.open", "poll": "q-1", "label": "Before"},
                {"kind": "poll.close", "poll": "q-1"},
                {"kind": "poll.reveal", "poll": "q-1", "revealed": True},
                {"kind": "poll.answer", "poll": "q-1", "score": 8, "comment": "Good plan"},
                {
                    "kind": "agenda.set",
                    "items": [
                        {"id": "a-1", "title": "Goal tree", "minutes": 45.5, "block": "goals"},
                        {
                            "id": "a-2",
                            "title": "SWOT by department",
                            "minutes": 60.5,
                            "block": "swot",
                            "step": {
                                "blocks": ["swot"],
                                "writers": "department",
                                "department": "sales",
                                "visibility": "department",
                                "circles": "across",
                                "vote": {
                                    "id": "v-2",
                                    "budget": 3,
                                    "max_per_item": 2,
                                    "live": False,
                                    "own_items": False,
                                    "shuffle": True,
                                },
                                "poll": {"poll": "q-1", "label": "After"},
                                "lock_others": True,
                                "screen": "results",
                                "done_reset": True,
                                "pause_at_zero": True,
                                "chime": True,
                                "end": ["reveal", "close_vote", "close_round"],
                            },
                        },
                    ],
                },
                {"kind": "agenda.start", "item": "a-1"},
                {"kind": "agenda.pause"},
                {"kind": "agenda.next"},
                {"kind": "agenda.extend", "minutes": 1.5, "halve": False},
                {"kind": "done.set", "done": True},
                {"kind": "done.reset"},
            ]
        )
    ],
    ("client.ping", {"type": "ping"}),
    ("client.cursor", {"type": "cursor", "x": 1024.5, "y": -36.25}),
    ("client.editing", {"type": "editing", "item": "n-1"}),
    ("client.editing.stop", {"type": "editing", "item": None}),
    ("client.viewport", {"type": "viewport", "x": -120.5, "y": 40.25, "w": 1920.5, "h": 1080.5}),
]

BOARD = {
    "id": "offsite-2025",
    "title": "Offsite 2025",
    "departments": [
        {"id": "product", "name": "Product", "color": "#3b82f6"},
        {"id": "sales", "name": "Sales", "color": "#f59e0b"},
    ],
    "blocks": {
        "goals": {
            "id": "goals",
            "kind": "goal_tree",
            "title": "Goal tree",
            "x": 0.5,
            "y": 0.5,
            "w": 1200.5,
            "h": 800.5,
            "locked": True,
            "private": None,
        },
    },
    "items": {
        "g-1": {
            "id": "g-1",
            "block": "goals",
            "kind": "goal",
            "title": "Be the default tool",
            "parent": None,
            "order": "V",
            "author": "p-fay",
            "author_department": None,
        },
        "n-1": {
            "id": "n-1",
            "block": "goals",
            "kind": "note",
            "text": "Ask customers ✨",
            "department": "sales",
            "x": 40.5,
            "y": 60.5,
            "on": "g-1",
            "author": "p-ana",
            "author_name": "Ana Łukasik",
            "author_department": "product",
        },
    },
    "seq": 17,
    "locked": False,
    "spotlight": "goals",
    "links": {"participant": 2, "screen": 1},
    "people": {"p-ben": {"name": "Benjamin"}},
    "votes": {},
    "polls": {},
    "agenda": {"items": [], "current": None, "running": False, "started_at": None},
    "done": {},
    "roster": {"p-ana": {"name": "Ana", "department": "product", "role": "participant"}},
    "ballot_roster": {},
    "settings": {
        "department_choice": "person",
        "lobby": True,
        "min_group": 3,
        "editing": "own",
        "language": "en",
    },
    "screen": {"mode": "block", "block": "goals", "cursors": False},
}

BEN = {"id": "p-ben", "name": "Ben", "department": "sales", "role": "participant"}

# As `welcome.you`, `welcome.online` and `presence.joined` list people: with their number in
# the room (P1), which `cursors.at` names them by (P2).
FAC_ON, ANA_ON, BEN_ON = {**FAC, "n": 0}, {**ANA, "n": 1}, {**BEN, "n": 2}

APPLIED_18 = {
    "type": "applied",
    "seq": 18,
    "op": {"kind": "item.move", "id": "n-1", "x": 50.5, "y": 70.5},
    "by": ANA,
    "cid": "c-12",
    "ts": 1735725600123,
}

APPLIED_19 = {
    "type": "applied",
    "seq": 19,
    "op": {"kind": "block.update", "id": "goals", "set": {"title": "Goals 2025"}},
    "by": FAC,
    "cid": None,
    "ts": 1735725600456,
}

SERVER: list[tuple[str, dict[str, Any]]] = [
    (
        "server.welcome.board",
        {
            "type": "welcome",
            "protocol": PROTOCOL_VERSION,
            "you": ANA_ON,
            "epoch": "ep-7f3a",
            "seq": 17,
            "board": BOARD,
            "online": [FAC_ON, ANA_ON],
            "server_time": 1735725600000,
            "credential": "eyJiIjoiYi0xIn0.credential-signature",
        },
    ),
    (
        "server.welcome.lobby",
        {
            "type": "welcome",
            "protocol": PROTOCOL_VERSION,
            "you": FAC_ON,
            "epoch": "ep-7f3a",
            "seq": 17,
            "board": BOARD,
            "online": [FAC_ON],
            "server_time": 1735725600000,
            "credential": "eyJiIjoiYi0xIn0.facilitator-credential",
            "lobby": {"type": "lobby", "waiting": [BEN], "joined": {"participant": 2}},
        },
    ),
    (
        "server.waiting",
        {"type": "waiting", "you": BEN, "credential": "eyJiIjoiYi0xIn0.waiting-credential"},
    ),
    (
        "server.lobby",
        {
            "type": "lobby",
            "waiting": [BEN],
            "joined": {"participant": 12, "participant:sales": 3},
        },
    ),
    (
        "server.exercise",
        {
            "type": "exercise",
            "votes": {
                "v-1": {
                    "id": "v-1",
                    "block": "swot",
                    "budget": 5,
                    "max_per_item": 3,
                    "live": True,
                    "open": True,
                    "voters": None,
                    "dots_placed": 13,
                    "totals": {"s-1": 9, "s-2": 4},
                    "by_department": None,
                }
            },
        },
    ),
    (
        "server.applied.ballot",
        {
            "type": "applied",
            "seq": 22,
            "op": {"kind": "poll.answer", "poll": "p-1"},
            "by": None,
            "cid": None,
            "ts": 1735725600950,
        },
    ),
    (
        "server.welcome.ops",
        {
            "type": "welcome",
            "protocol": PROTOCOL_VERSION,
            "you": ANA_ON,
            "epoch": "ep-7f3a",
            "seq": 19,
            "ops": [APPLIED_18, APPLIED_19],
            "online": [ANA_ON],
            "server_time": 1735725600500,
            "credential": "eyJiIjoiYi0xIn0.credential-signature",
        },
    ),
    ("server.applied", APPLIED_18),
    (
        "server.applied.private",
        {
            "type": "applied",
            "seq": 20,
            "op": {"kind": "block.private", "id": "goals", "mode": "own"},
            "by": FAC,
            "cid": None,
            "ts": 1735725600789,
            "items": [{"id": "g-1", "block": "goals", "kind": "hidden", "author_department": None}],
        },
    ),
    (
        "server.applied.exercise",
        {
            "type": "applied",
            "seq": 21,
            "op": {"kind": "vote.cast", "vote": "v-1"},
            "by": ANA,
            "cid": None,
            "ts": 1735725600901,
            "exercise": {
                "votes": {
                    "v-1": {
                        "id": "v-1",
                        "block": "swot",
                        "budget": 5,
                        "max_per_item": 3,
                        "live": False,
                        "open": True,
                        "voters": 4,
                        "dots_placed": 13,
                        "totals": None,
                        "by_department": None,
                    }
                }
            },
        },
    ),
    ("server.follow", {"type": "follow", "x": -120.5, "y": 40.25, "w": 1920.5, "h": 1080.5}),
    ("server.applied.no_cid", APPLIED_19),
    (
        "server.rejected",
        {
            "type": "rejected",
            "cid": "c-13",
            "code": "forbidden",
            "message": "a participant may not block.add",
        },
    ),
    (
        "server.rejected.sequenced",
        {
            "type": "rejected",
            "cid": "c-14",
            "code": "not_found",
            "message": "no item n-9",
            "seq": 20,
        },
    ),
    (
        "server.error",
        {"type": "error", "code": "unknown_type", "message": "unknown frame type 'pong'"},
    ),
    ("server.pong", {"type": "pong", "server_time": 1735725601000}),
    ("server.presence.joined", {"type": "presence", "joined": [BEN_ON], "left": []}),
    ("server.presence.left", {"type": "presence", "joined": [], "left": ["p-ben"]}),
    (
        # Editing markers only: `at` is msgpack bin, which JSON cannot hold (CURSORS below).
        "server.cursors",
        {"type": "cursors", "editing": {"p-ana": "n-1", "p-fay": None}},
    ),
]

CURSORS_OUT = OUT.parent / "cursors.json"

CURSORS: dict[str, Any] = {
    "description": (
        "A `cursors` frame with moves (P2): `at` is msgpack bin, 6 bytes per moved cursor, "
        "big-endian uint16 n, int16 x, int16 y. `online` numbers the people (P1); `moves` "
        "are [n, x, y] in the order packed; `frame_hex` is the whole frame, `at_hex` its `at`."
    ),
    "online": [FAC_ON, ANA_ON, BEN_ON],
    "moves": [[1, 1024, -36], [0, -32768, 32767], [2, 0, -1], [65535, 7, 7]],
    "editing": {"p-ana": "n-1"},
}


def build_cursors() -> dict[str, Any]:
    """The `cursors` vector: `at` packed from `moves` by the byte layout itself (not by
    the hub's code, which the tests check against it)."""
    at = b"".join(struct.pack(">Hhh", n, x, y) for n, x, y in CURSORS["moves"])
    frame = {"type": "cursors", "at": at, "editing": CURSORS["editing"]}
    TypeAdapter(ServerFrame).validate_python(frame)
    data = pack(frame)
    assert unpack(data) == frame
    return {**CURSORS, "at_hex": at.hex(), "frame_hex": data.hex()}


def _check_portable(value: Any, where: str) -> None:
    """Refuse values that JSON or JS would not carry unchanged."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, float):
        assert math.isfinite(value) and not value.is_integer(), f"{where}: float {value}"
    elif isinstance(value, int):
        assert abs(value) <= 2**53, f"{where}: int {value} too big for JS"
    elif isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str) and not key.isdigit(), f"{where}: key {key!r}"
            _check_portable(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_portable(item, f"{where}[{index}]")
    else:
        raise AssertionError(f"{where}: {type(value).__name__} has no JSON form")


def build() -> list[dict[str, Any]]:
    server_frames: TypeAdapter[Any] = TypeAdapter(ServerFrame)
    vectors = []
    for name, frame in CLIENT + SERVER:
        _check_portable(frame, name)
        if name.startswith("client."):
            decode_client_frame(pack(frame))  # raises if the frame is not valid
        else:
            # As JSON: msgpack arrays arrive as lists, which JSON-mode validation takes for
            # the tuple fields (strict Python-mode validation wants tuples).
            server_frames.validate_json(json.dumps(frame))
        data = pack(frame)
        assert unpack(data) == frame
        vectors.append({"name": name, "frame": frame, "msgpack_hex": data.hex()})
    names = [v["name"] for v in vectors]
    assert len(set(names)) == len(names), "vector names must be unique"
    return vectors


def main() -> None:
    vectors = build()
    OUT.write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(vectors)} vectors to {OUT}")
    cursors = json.dumps(build_cursors(), indent=2, ensure_ascii=False)
    CURSORS_OUT.write_text(cursors + "\n", encoding="utf-8")
    print(f"wrote the cursors vector to {CURSORS_OUT}")


if __name__ == "__main__":
    main()
