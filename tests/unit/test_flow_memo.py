"""The reducer's flow memo (board/layout.py `Flow`) is only a cache: a board that kept it
through any sequence of ops ends exactly like boards that rebuilt it before every op."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from crossboard.board.reducer import apply
from crossboard.board.state import Actor, Board
from crossboard.board.template import strategy_day
from crossboard.protocol.codec import decode_op

FAY = Actor("p-fay", "Fay", None, "facilitator")
ANA = Actor("p-ana", "Ana", "product", "participant")


def random_op(rng: random.Random, board: Board, n: int) -> dict[str, Any]:
    notes = sorted(i for i, it in board.items.items() if it["kind"] == "note")
    groups = sorted(i for i, it in board.items.items() if it["kind"] == "group")
    block = rng.choice(["expectations", "expectations", "results"])
    roll = rng.random()
    if roll < 0.45 or not notes:
        body: dict[str, Any] = {"kind": "note", "text": f"n{n}"}
        if rng.random() < 0.2:
            body |= {"x": float(rng.randrange(0, 1100)), "y": float(rng.randrange(0, 900))}
        if groups and rng.random() < 0.1:
            body["group"] = rng.choice(groups)
        return {"kind": "item.add", "id": f"n{n}", "block": block, "item": body}
    if roll < 0.55:
        return {"kind": "item.add", "id": f"g{n}", "block": block, "item": {"kind": "group"}}
    target = rng.choice(notes)
    if roll < 0.65 and groups:
        return {"kind": "item.move", "id": target, "group": rng.choice([*groups, None])}
    if roll < 0.72:
        return {"kind": "item.move", "id": target, "x": float(rng.randrange(0, 1100)), "y": 90.0}
    if roll < 0.78:
        return {"kind": "item.remove", "id": rng.choice(notes + groups)}
    if roll < 0.84 and groups:
        return {"kind": "item.update", "id": rng.choice(groups), "set": {"collapsed": True}}
    if roll < 0.88:
        return {"kind": "block.tidy", "id": block, "order": notes[::3]}
    if roll < 0.92:
        return {"kind": "block.update", "id": block, "set": {"w": float(rng.randrange(300, 1800))}}
    return {"kind": "item.update", "id": target, "set": {"text": "edited"}}


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_the_flow_memo_never_changes_the_outcome(seed: int) -> None:
    rng = random.Random(seed)
    kept = strategy_day("b", "Memo")
    for n in range(1, 120):
        raw = random_op(rng, kept, n)
        fresh = kept.copy()  # a copy has no memo: it computes every flow from the items
        op = decode_op(raw)
        by = FAY if raw["kind"].startswith("block") else ANA
        _, want = apply(fresh, op, by, n)
        _, got = apply(kept, op, by, n)
        assert got == want, raw
        assert kept.to_wire() == fresh.to_wire(), raw
