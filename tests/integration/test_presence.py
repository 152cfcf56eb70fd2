"""Presence and the volatile lane: who is online, live cursors, editing markers."""

from __future__ import annotations

from ..support import Client, HubProcess, cursor_moves, note, pack


async def test_joins_and_leaves_are_announced_and_welcome_lists_who_is_online(
    hub: HubProcess, board: dict
) -> None:
    """P1: `welcome.online` lists everyone connected, you included; `presence` announces
    joins and leaves to the others (coalesced per tick: Ann may find her own arrival in the
    frame that announces Bob's, when both came within one tick)."""
    ann = await Client.join(hub, board, name="Ann", department="product")
    assert [p["name"] for p in ann.welcome["online"]] == ["Ann"]
    bob = await Client.join(hub, board, name="Bob", department="sales")
    assert sorted(p["name"] for p in bob.welcome["online"]) == ["Ann", "Bob"]
    joined = await ann.recv_until(
        lambda f: f["type"] == "presence" and any(p["name"] == "Bob" for p in f["joined"])
    )
    assert {p["name"] for p in joined["joined"]} <= {"Ann", "Bob"} and joined["left"] == []
    await bob.close()
    left = await ann.recv_until(lambda f: f["type"] == "presence")
    assert left == {"type": "presence", "joined": [], "left": [bob.welcome["you"]["id"]]}


async def test_cursors_are_batched_latest_value_wins_and_never_logged(
    hub: HubProcess, board: dict
) -> None:
    """P2: cursor and editing updates are merged latest-value-wins into `cursors` frames
    (moves packed in `at` under the mover's number, P1) and never logged."""
    ann = await Client.join(hub, board, name="Ann")
    bob = await Client.join(hub, board, name="Bob", department="sales")
    for x in range(10):
        await bob.ws.send(pack({"type": "cursor", "x": float(x), "y": 5.0}))
    await bob.ws.send(pack({"type": "editing", "item": "note-1"}))
    bob_id, bob_n = bob.welcome["you"]["id"], bob.welcome["you"]["n"]
    moves: dict[int, tuple[int, int]] = {}
    editing: dict[str, str | None] = {}
    # A batch may close mid-burst: later frames carry the later values.
    while moves.get(bob_n) != (9, 5) or editing.get(bob_id) != "note-1":
        frame = await ann.recv_until(lambda f: f["type"] == "cursors")
        moves.update(cursor_moves(frame))
        editing.update(frame.get("editing", {}))
    # An op after them on the same connection: had they been logged, they would be before it.
    cid = await bob.send_op(note("after-cursors"))
    applied = await bob.recv_until(lambda f: f.get("cid") == cid)
    assert applied["type"] == "applied" and applied["seq"] == 1, "cursor traffic is not logged"
    late = await Client.join(hub, board, name="Late", role="screen", department=None)
    assert late.welcome["seq"] == 1, "cursor traffic is not in the log"


async def test_a_cursor_flood_is_dropped_not_queued(hub: HubProcess, board: dict) -> None:
    """P2: over the per-connection cursor rate, updates are dropped; the connection lives on."""
    ann = await Client.join(hub, board, name="Ann")
    bob = await Client.join(hub, board, name="Bob", department="sales")
    for x in range(500):
        await bob.ws.send(pack({"type": "cursor", "x": float(x), "y": 0.0}))
    await bob.ws.send(pack({"type": "ping"}))
    assert (await bob.recv_until(lambda f: f["type"] == "pong"))["type"] == "pong"
    bob_n = bob.welcome["you"]["n"]
    first = await ann.recv_until(lambda f: f["type"] == "cursors")
    seen: list[int] = [cursor_moves(first)[bob_n][0]]
    try:
        while True:  # until a quiet 0.5 s (ten volatile ticks): the flood is over
            frame = await ann.recv_until(lambda f: f["type"] == "cursors", timeout=0.5)
            seen.append(cursor_moves(frame)[bob_n][0])
    except TimeoutError:
        pass
    assert 0 < len(seen) < 60, "cursor frames are batched, not one per move"
