"""Ownership (A8) at the hub, over real websockets: under `editing: "own"` a participant
updates and removes only their own items, while moving stays open to all; `"everyone"` opens
editing; the facilitator may do anything, and restores someone's removed item as theirs."""

from __future__ import annotations

from typing import Any

from ..support import Client, HubProcess, note


async def settle(client: Client, op: dict[str, Any]) -> dict[str, Any]:
    """Send `op`; the hub's answer to it (its `applied` or `rejected`)."""
    cid = await client.send_op(op)
    return await client.recv_until(
        lambda f: f.get("cid") == cid and f["type"] in ("applied", "rejected")
    )


async def applied(client: Client, op: dict[str, Any]) -> None:
    frame = await settle(client, op)
    assert frame["type"] == "applied", (op, frame)


async def refused(client: Client, op: dict[str, Any], code: str) -> dict[str, Any]:
    frame = await settle(client, op)
    assert frame["type"] == "rejected", (op, frame)
    assert frame["code"] == code, (op, frame)
    return frame


async def room(hub: HubProcess) -> tuple[dict[str, Any], Client, Client, Client]:
    """A fresh board with the facilitator Fay and the participants Ana and Ben."""
    board = hub.new_board(title="Strategy day")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    ana = await Client.join(hub, board, name="Ana", department="product")
    ben = await Client.join(hub, board, name="Ben", department="sales")
    return board, fay, ana, ben


async def items_seen(hub: HubProcess, board: dict[str, Any]) -> dict[str, Any]:
    """The board's items as someone joining now gets them."""
    viewer = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    items: dict[str, Any] = viewer.welcome["board"]["items"]
    return items


async def test_a_participant_changes_only_their_own_items_and_moves_any(hub: HubProcess) -> None:
    board, fay, ana, ben = await room(hub)
    await applied(ben, note("ben-1", "Ben's idea", x=24, y=84))

    frame = await refused(
        ana, {"kind": "item.update", "id": "ben-1", "set": {"text": "mine"}}, "forbidden"
    )
    assert "author" in frame["message"], frame
    await refused(ana, {"kind": "item.remove", "id": "ben-1"}, "forbidden")
    # Arranging is shared work: anyone moves anyone's note.
    await applied(ana, {"kind": "item.move", "id": "ben-1", "x": 472, "y": 84})
    # The author, and the facilitator, change it.
    await applied(ben, {"kind": "item.update", "id": "ben-1", "set": {"text": "Ben's idea, 2"}})
    await applied(fay, {"kind": "item.update", "id": "ben-1", "set": {"department": "product"}})

    items = await items_seen(hub, board)
    assert items["ben-1"]["text"] == "Ben's idea, 2"
    assert (items["ben-1"]["x"], items["ben-1"]["y"]) == (472, 84)
    assert items["ben-1"]["author"] == ben.welcome["you"]["id"]

    await applied(fay, {"kind": "item.remove", "id": "ben-1"})
    assert "ben-1" not in await items_seen(hub, board)


async def test_editing_open_to_everyone_lets_any_participant_change_any_item(
    hub: HubProcess,
) -> None:
    _, fay, ana, ben = await room(hub)
    await applied(ben, note("ben-1", "Ben's idea", x=24, y=84))
    await refused(ana, {"kind": "board.settings", "editing": "everyone"}, "forbidden")
    await applied(fay, {"kind": "board.settings", "editing": "everyone"})
    await applied(ana, {"kind": "item.update", "id": "ben-1", "set": {"text": "ours"}})
    await applied(ana, {"kind": "item.remove", "id": "ben-1"})
    # And closed again: back to one's own.
    await applied(ben, note("ben-2", "again", x=24, y=84))
    await applied(fay, {"kind": "board.settings", "editing": "own"})
    await refused(ana, {"kind": "item.remove", "id": "ben-2"}, "forbidden")


async def test_a_goal_node_with_someone_elses_node_under_it_is_not_removed(
    hub: HubProcess,
) -> None:
    _, _, ana, ben = await room(hub)
    goal = {"kind": "goal", "title": "Grow", "parent": None, "order": "V"}
    await applied(ana, {"kind": "item.add", "id": "g-ana", "block": "goals", "item": goal})
    child = {**goal, "title": "Sell more", "parent": "g-ana"}
    await applied(ben, {"kind": "item.add", "id": "g-ben", "block": "goals", "item": child})
    await applied(ana, {"kind": "item.update", "id": "g-ana", "set": {"title": "Grow 20%"}})
    await refused(ana, {"kind": "item.remove", "id": "g-ana"}, "forbidden")
    await refused(ana, {"kind": "item.remove", "id": "g-ben"}, "forbidden")
    await applied(ben, {"kind": "item.remove", "id": "g-ben"})
    await applied(ana, {"kind": "item.remove", "id": "g-ana"})


async def test_the_facilitator_restores_a_removed_note_as_its_authors(hub: HubProcess) -> None:
    board, fay, ana, ben = await room(hub)
    await applied(ben, note("ben-1", "Ben's idea", department="sales", x=24, y=84))
    await applied(fay, {"kind": "item.remove", "id": "ben-1"})
    ben_id = ben.welcome["you"]["id"]
    body = {"kind": "note", "text": "Ben's idea", "department": "sales", "x": 24, "y": 84}
    restore = {"kind": "item.add", "id": "ben-1", "block": "expectations", "item": body}

    # Only the facilitator names an author, and only someone on the roster.
    await refused(ana, {**restore, "author": ben_id}, "forbidden")
    await refused(fay, {**restore, "author": "p-nobody"}, "not_found")
    await applied(fay, {**restore, "author": ben_id})
    items = await items_seen(hub, board)
    assert items["ben-1"]["author"] == ben_id
    assert items["ben-1"]["author_name"] == "Ben"
    assert items["ben-1"]["author_department"] == "sales"
    # Still Ben's: he edits it, Ana may not.
    await applied(ben, {"kind": "item.update", "id": "ben-1", "set": {"text": "Ben's, back"}})
    await refused(ana, {"kind": "item.remove", "id": "ben-1"}, "forbidden")


async def test_an_author_removes_and_restores_their_own_note(hub: HubProcess) -> None:
    """The undo of one's own removal: the same id again, no author named."""
    board, _, ana, _ = await room(hub)
    await applied(ana, note("ana-1", "Mine", x=24, y=84))
    await applied(ana, {"kind": "item.remove", "id": "ana-1"})
    body = {"kind": "note", "text": "Mine", "department": "product", "x": 24, "y": 84}
    await applied(ana, {"kind": "item.add", "id": "ana-1", "block": "expectations", "item": body})
    items = await items_seen(hub, board)
    assert items["ana-1"]["author"] == ana.welcome["you"]["id"]
