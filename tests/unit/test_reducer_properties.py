"""Property tests of the reducer: random op logs, invariants after every step.

Ops are drawn against the board as it is, so that many of them apply: targets are mostly
items that exist (of the kind the op expects), goal parents and hang points mostly existing
goal nodes (so trees grow deep and cycles get attempted), blocks mostly ones that can hold
the item, departments mostly the board's, block ops mostly by the facilitator. The rest is
deliberately off: missing ids, wrong kinds, wrong blocks, unknown departments, the screen.
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from typing import Any, get_args

from hypothesis import event, given, settings
from hypothesis import strategies as st

from crossboard.board.reducer import ITEM_HOMES, apply, check
from crossboard.board.state import Actor, Board
from crossboard.board.template import strategy_day
from crossboard.protocol.codec import decode_op, pack, unpack
from crossboard.protocol.ops import BlockKind, Op, op_to_wire

KINDS = ("note", "goal", "swot", "action")
POOLS = {kind: [f"{kind[0]}{n}" for n in range(5)] for kind in KINDS}
"""Fresh ids for adds: small pools, so adds often reuse an id (duplicate_id)."""
ALL_IDS = [iid for pool in POOLS.values() for iid in pool]
EXTRA_BLOCKS = ["x1", "x2"]
BLOCK_KINDS: list[str] = list(get_args(BlockKind))
ORDERS = ["V", "k", "F", "a", "z", "1", "Vk"]
FACILITATOR = Actor("p-fay", "Fay", None, "facilitator")
PARTICIPANTS = [
    Actor("p-ana", "Ana", "product", "participant"),
    Actor("p-ben", "Ben", "sales", "participant"),
]
SCREEN = Actor("p-screen", "Projector", None, "screen")
QUADRANTS = ["S", "W", "O", "T"]

COORDS = [0.0, 0.5, 10.25, -3.5, 999.75]
TEXTS = ["", "a", "ß ☕", "long " * 3]
DUE = [None, "2025-01-31"]


class Choices:
    """Turns hypothesis bytes into choices (each byte one decision), so one cheap draw per step
    drives a whole op and shrinking moves every decision towards the first option."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def byte(self) -> int:
        value = self.data[self.at % len(self.data)]
        self.at += 1
        return value

    def pick(self, options: list[Any]) -> Any:
        return options[self.byte() % len(options)]

    def one_in(self, n: int) -> bool:
        return self.byte() % n == n - 1

    def often(self, likely: list[Any], fallback: list[Any]) -> Any:
        """Mostly one of `likely` (when there are any), one time in four one of `fallback`."""
        return self.pick(likely) if likely and not self.one_in(4) else self.pick(fallback)

    def maybe(self, value: Any) -> Any:
        return None if self.one_in(3) else value

    def fields(self, options: dict[str, Any]) -> dict[str, Any]:
        """Each field present with chance 1/2; values are thunks so unused ones cost nothing."""
        return {name: make() for name, make in options.items() if self.byte() % 2}


def next_op(board: Board, c: Choices) -> tuple[Actor, Op]:
    """One op (and its sender) chosen against the board as it is now."""
    existing = {k: [i for i, it in board.items.items() if it["kind"] == k] for k in KINDS}
    blocks = sorted(board.blocks)
    departments = sorted(board.department_ids())

    def block_id() -> str:
        return str(c.often(blocks, [*blocks, *EXTRA_BLOCKS]))

    def department() -> str | None:
        value: str | None = c.maybe(c.often(departments, ["legal"]))  # legal is on no board
        return value

    def owners() -> list[str]:  # distinct: the op model refuses repeated owners
        picked = [c.often(departments, ["legal"]) for _ in range(1 + c.byte() % 3)]
        return list(dict.fromkeys(picked))

    def goal_id() -> str | None:
        if not existing["goal"]:
            return str(c.pick(ALL_IDS)) if c.one_in(4) else None
        if c.one_in(2):  # the deepest nodes, so that trees grow deep
            return str(c.pick(sorted(existing["goal"], key=lambda g: -level(board, g))[:2]))
        value: str | None = c.maybe(c.often(existing["goal"], ALL_IDS))
        return value

    def any_id() -> str | None:
        value: str | None = c.maybe(c.often(list(board.items), ALL_IDS))
        return value

    def home(kind: str) -> str:
        homes = [b for b in blocks if board.blocks[b]["kind"] in ITEM_HOMES[kind]]
        return str(c.often(homes, [*blocks, "x9"]))

    def text() -> str:
        return str(c.pick(TEXTS))

    def coord() -> float:
        return float(c.pick(COORDS))

    def order() -> str:
        return str(c.pick(ORDERS))

    if c.one_in(16):
        raw: dict[str, Any] = c.pick(
            [
                {
                    "kind": "block.add",
                    "id": c.pick([*EXTRA_BLOCKS, *blocks[:2]]),
                    "block_kind": c.pick(BLOCK_KINDS),
                },
                {
                    "kind": "block.update",
                    "id": block_id(),
                    "set": c.fields({"title": text, "x": coord, "h": lambda: 100.5}),
                },
                {"kind": "block.remove", "id": block_id()},
            ]
        )
        by = c.pick([FACILITATOR] * 4 + [*PARTICIPANTS, SCREEN])
        return by, decode_op(raw)

    op_kind = c.pick(["item.add"] * 3 + ["item.move"] * 3 + ["item.update"] * 2 + ["item.remove"])
    kinds = ["note", "note", "goal", "goal", "goal", "swot", "action"]
    if op_kind != "item.add" and not c.one_in(8):
        # Mostly edit an item that exists: a kind the board has (else add one).
        kinds = [k for k in kinds if existing[k]] or kinds
        op_kind = op_kind if any(existing.values()) else "item.add"
    kind = c.pick(kinds)
    by = c.pick([FACILITATOR, *PARTICIPANTS, *PARTICIPANTS, SCREEN])
    if op_kind == "item.add":
        bodies: dict[str, dict[str, Any]] = {
            "note": {"x": coord, "y": coord, "on": goal_id, "department": department, "text": text},
            "goal": {"title": text, "order": order},
            "swot": {"text": text, "department": department, "order": order},
            "action": {
                "title": text,
                "source": any_id,
                "order": order,
                "status": lambda: c.pick(["todo", "doing", "done", "dropped"]),
            },
        }
        optional = bodies[kind]
        required: dict[str, dict[str, Any]] = {
            "goal": {"parent": goal_id},
            "swot": {"quadrant": lambda: c.pick(QUADRANTS)},
            "action": {"owners": owners},
        }
        body = {"kind": kind, **{name: make() for name, make in required.get(kind, {}).items()}}
        body |= c.fields(optional)
        iid = c.often(POOLS[kind], ALL_IDS)
        return by, decode_op({"kind": op_kind, "id": iid, "block": home(kind), "item": body})

    iid = c.often(existing[kind], ALL_IDS)
    if op_kind == "item.remove":
        return by, decode_op({"kind": op_kind, "id": iid})
    if op_kind == "item.move":
        moves: dict[str, dict[str, Any]] = {
            "note": {"block": lambda: home("note"), "x": coord, "y": coord, "on": goal_id},
            "goal": {"parent": goal_id, "order": order},
            "swot": {"quadrant": lambda: c.pick(QUADRANTS), "order": order},
            "action": {"order": order},
        }
        fields = moves[kind]
        # Now and then fields of another kind, or null where none is allowed.
        stray = {"block": block_id, "x": lambda: c.maybe(coord()), "parent": any_id}
    else:
        updates: dict[str, dict[str, Any]] = {
            "note": {"text": text, "department": department},
            "goal": {"title": text},
            "swot": {"text": text, "department": department},
            "action": {
                "title": text,
                "owners": owners,
                "source": any_id,
                "status": lambda: c.pick(["todo", "done"]),
                "due": lambda: c.pick(DUE),
            },
        }
        fields = updates[kind]
        stray = {
            "title": text,
            "text": lambda: c.maybe(text()),
            "owners": lambda: c.maybe(owners()),
        }
    patch = c.fields(fields | stray if c.one_in(10) else fields)
    if op_kind == "item.move":
        return by, decode_op({"kind": op_kind, "id": iid, **patch})
    return by, decode_op({"kind": op_kind, "id": iid, "set": patch})


def _seeded(seed: int, count: int) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(24) for _ in range(count)]


steps = st.one_of(
    # Hypothesis' own bytes: shrink well, but lean towards repeated values.
    st.lists(st.binary(min_size=24, max_size=24), min_size=10, max_size=80),
    # Uniform bytes from a seed: reach deeper trees; shrinking `count` keeps a prefix.
    st.builds(_seeded, st.integers(0, 2**32 - 1), st.integers(20, 80)),
)


def assert_invariants(board: Board) -> None:
    departments = board.department_ids()
    for iid, item in board.items.items():
        assert item["id"] == iid
        assert item["block"] in board.blocks, f"{iid} is in a missing block"
        block_kind = board.blocks[item["block"]]["kind"]
        assert block_kind in ITEM_HOMES[item["kind"]], f"{iid} ({item['kind']}) in {block_kind}"
        if item["kind"] == "goal" and item["parent"] is not None:
            parent = board.items.get(item["parent"])
            assert parent is not None, f"{iid}'s parent is gone"
            assert parent["kind"] == "goal", f"{iid}'s parent is a {parent['kind']}"
            assert parent["block"] == item["block"], f"{iid}'s parent is in another block"
        if item["kind"] == "note" and item["on"] is not None:
            node = board.items.get(item["on"])
            assert node is not None and node["kind"] == "goal", f"{iid} hangs on a non-node"
            assert node["block"] == item["block"], f"{iid} hangs on a node of another block"
        if item["kind"] in ("note", "swot") and item["department"] is not None:
            assert item["department"] in departments
        if item["kind"] == "action":
            assert set(item["owners"]) <= departments
    # Acyclic: walking up from any node reaches a root within len(items) steps.
    for iid, item in board.items.items():
        if item["kind"] != "goal":
            continue
        current: str | None = iid
        for _ in range(len(board.items) + 1):
            if current is None:
                break
            current = board.items[current]["parent"]
        assert current is None, f"goal {iid} is on a cycle"


def replay(initial: dict[str, Any], log: list[tuple[Op, Actor, int]]) -> Board:
    """Re-run a log the way a replica gets it: ops in their stored (msgpack) form."""
    board = Board.from_wire(initial)
    for op, by, seq in log:
        stored = unpack(pack({"op": op_to_wire(op), "by": by.to_wire()}))
        apply(board, decode_op(stored["op"]), Actor.from_wire(stored["by"]), seq)
    return board


def level(board: Board, goal_id: str) -> int:
    """How many ancestors a goal node has (the invariants make sure this ends)."""
    count, current = 0, board.items[goal_id]["parent"]
    while current is not None:
        count, current = count + 1, board.items[current]["parent"]
    return count


def depth(board: Board) -> int:
    return max(
        (level(board, i) for i, it in board.items.items() if it["kind"] == "goal"), default=0
    )


@settings(max_examples=200, deadline=None)
@given(steps)
def test_random_logs_keep_board_invariants(recipes: list[bytes]) -> None:
    """R3 R4 R5 R6 R7 R9 R10: whatever the log, after every step the goal forest is acyclic
    and each tree within one block, every item is in an existing block of an allowed kind,
    notes hang only on goal nodes of their block, departments exist; check() agrees with
    apply() and mutates nothing; a refusal changes nothing but seq; replaying the stored log
    from the initial board gives the same board."""
    board = strategy_day("b-prop", "Property board")
    initial = copy.deepcopy(board.to_wire())  # to_wire() shares the live dicts
    log: list[tuple[Op, Actor, int]] = []
    outcomes: Counter[str] = Counter()
    deepest = 0
    for seq, recipe in enumerate(recipes, start=1):
        by, op = next_op(board, Choices(recipe))
        before = copy.deepcopy(board.to_wire())
        predicted = check(board, op, by)
        assert board.to_wire() == before, "check() mutated the board"
        after, outcome = apply(board.copy(), op, by, seq)
        assert (predicted.ok, predicted.code) == (outcome.ok, outcome.code)
        outcomes[str(outcome.code) if outcome.code else "ok"] += 1
        if not outcome.ok:
            assert after.to_wire() == before | {"seq": seq}, f"refused {op.kind} changed the board"
        assert after.seq == seq
        assert_invariants(after)
        log.append((op, by, seq))
        board = after
        deepest = max(deepest, depth(board))
    share = outcomes["ok"] / sum(outcomes.values())
    event(f"ok share {min(int(share * 4), 3) * 25}%+")
    event(f"goal tree depth reached {min(deepest, 3)}{'+' if deepest >= 3 else ''}")
    for code in outcomes:
        event(f"saw {code}")
    assert replay(initial, log).to_wire() == board.to_wire()


@settings(max_examples=100, deadline=None)
@given(steps, st.integers(min_value=0))
def test_replay_from_a_midway_snapshot_equals_the_whole_log(recipes: list[bytes], at: int) -> None:
    """V2, R1: applying a log's tail to a snapshot (wire form) taken midway gives the same
    board as applying the whole log, as a reconnecting client or a restarted hub does."""
    board = strategy_day("b-prop", "Property board")
    initial = copy.deepcopy(board.to_wire())  # to_wire() shares the live dicts
    log: list[tuple[Op, Actor, int]] = []
    for seq, recipe in enumerate(recipes, start=1):
        by, op = next_op(board, Choices(recipe))
        apply(board, op, by, seq)
        log.append((op, by, seq))
    cut = at % (len(log) + 1)
    snapshot = replay(initial, log[:cut]).to_wire()
    assert replay(snapshot, log[cut:]).to_wire() == board.to_wire()
