"""Private writing and reveal, rotated links, renamed and removed people — over real
websockets, checking the bytes that arrive (A2, A3, A5, A6)."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from typing import Any

import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from ..support import TIMEOUT, Client, HubProcess, note, pack, unpack


class Recorder:
    """A client that keeps every raw frame it received, to search them for leaks."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.raw: list[bytes] = []
        self.seq: int = client.welcome["seq"]

    async def _read(self) -> dict[str, Any]:
        data = await asyncio.wait_for(self.client.ws.recv(), TIMEOUT)
        self.raw.append(data)
        frame: dict[str, Any] = unpack(data)
        if frame["type"] == "applied":
            self.seq = max(self.seq, frame["seq"])
        return frame

    async def drain(self, head: int) -> None:
        """Read (recording everything) until the op of seq `head` arrived: every op up to it
        reached this client, in whatever form it may see it."""
        while self.seq < head:
            await self._read()

    async def op(self, body: dict[str, Any]) -> dict[str, Any]:
        """Send an op and read (recording everything) up to its answer."""
        cid = await self.client.send_op(body)
        while True:
            frame = await self._read()
            if frame.get("cid") == cid and frame["type"] != "presence":
                return frame

    def saw(self, text: str) -> bool:
        needle = text.encode()
        return any(needle in frame for frame in self.raw) or needle in pack(self.client.welcome)


async def op(client: Client, body: dict[str, Any]) -> dict[str, Any]:
    cid = await client.send_op(body)
    return await client.recv_until(lambda f: f.get("cid") == cid and f["type"] != "presence")


@pytest.mark.parametrize("mode", ["own", "department"])
async def test_private_writing_never_sends_hidden_text_then_reveal_shows_all(
    hub: HubProcess, board: dict, mode: str
) -> None:
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    assert (await op(fay, {"kind": "block.private", "id": "perception", "mode": mode}))[
        "type"
    ] == "applied"
    people = {
        "product": Recorder(await Client.join(hub, board, name="Pia", department="product")),
        "sales": Recorder(await Client.join(hub, board, name="Sam", department="sales")),
        "marketing": Recorder(await Client.join(hub, board, name="Max", department="marketing")),
    }
    mate = Recorder(await Client.join(hub, board, name="Pat", department="product"))
    screen = Recorder(await Client.join(hub, board, role="screen", name="Screen", department=None))
    texts = {dep: f"secret guess of {dep} #{i}" for i, dep in enumerate(people)}
    head = 0
    for dep, rec in people.items():
        head = (await rec.op(note(f"g-{dep}", texts[dep], block="perception")))["seq"]
    for rec in [*people.values(), mate, screen]:
        await rec.drain(head)

    for dep, rec in people.items():
        for other, text in texts.items():
            assert rec.saw(text) == (other == dep), f"{dep} sees {other}'s text: {rec.saw(text)}"
    # The other product participant: own mode hides Pia's note, department mode shows it.
    assert mate.saw(texts["product"]) == (mode == "department")
    assert not any(screen.saw(t) for t in texts.values()), "the projector shows counts only"

    # A late joiner's welcome is redacted too, and shows placeholders to count.
    late = await Client.join(hub, board, name="Lee", department="sales")
    items = late.welcome["board"]["items"]
    assert not any(t.encode() in pack(late.welcome) for t in texts.values() if "sales" not in t)
    hidden = [it for it in items.values() if it["kind"] == "hidden"]
    assert len(hidden) == (2 if mode == "department" else 3)
    assert {it["author_department"] for it in hidden} <= {"product", "sales", "marketing"}

    reveal = await op(fay, {"kind": "block.private", "id": "perception", "mode": None})
    assert reveal["type"] == "applied"
    for rec in [*people.values(), mate, screen]:
        await rec.drain(reveal["seq"])
        assert all(rec.saw(t) for t in texts.values()), "after reveal everyone sees everything"
        applied = [
            unpack(f) for f in rec.raw if b"block.private" in f and unpack(f)["type"] == "applied"
        ]
        revealed = {it["id"]: it for it in applied[-1]["items"]}
        assert {revealed[f"g-{d}"]["text"] for d in texts} == set(texts.values())


async def test_edits_in_a_private_block_reach_only_who_may_see(
    hub: HubProcess, board: dict
) -> None:
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await op(fay, {"kind": "block.private", "id": "perception", "mode": "own"})
    pia = Recorder(await Client.join(hub, board, name="Pia", department="product"))
    sam = Recorder(await Client.join(hub, board, name="Sam", department="sales"))
    await pia.op(note("p1", "first draft", block="perception"))
    await pia.op({"kind": "item.update", "id": "p1", "set": {"text": "second draft"}})
    refused = await sam.op({"kind": "item.update", "id": "p1", "set": {"text": "peek"}})
    assert refused["type"] == "rejected" and refused["code"] == "forbidden"
    # An op after the refusal: once it reached both, so had anything sent before it.
    later = await op(fay, note("after", "a later note"))
    await sam.drain(later["seq"])
    await pia.drain(later["seq"])
    assert not sam.saw("draft"), "Sam never receives Pia's private text"
    assert not pia.saw("peek"), "a refused op's text goes to nobody but its author"
    ops = [unpack(f)["op"] for f in sam.raw if unpack(f)["type"] == "applied"]
    assert {"kind": "hidden"} in ops
    # A3: the placeholder add names only the item's department (Pia's), no text.
    hidden = {"kind": "hidden", "author_department": "product"}
    assert any(o.get("item") == hidden for o in ops)


def links_of(hub: HubProcess, board: dict) -> dict[str, Any]:
    req = urllib.request.Request(
        f"{hub.url}/api/boards/{board['id']}/links",
        headers={"authorization": f"Bearer {board['tokens']['facilitator']}"},
    )
    with urllib.request.urlopen(req) as r:
        return dict(json.loads(r.read()))


async def close_code(ws: Any) -> int:
    with pytest.raises(ConnectionClosed) as info:
        for _ in range(100):
            await asyncio.wait_for(ws.recv(), TIMEOUT)
    assert info.value.rcvd is not None
    return int(info.value.rcvd.code)


async def test_a_rotated_link_closes_its_connections_and_stops_new_joins(
    hub: HubProcess, board: dict
) -> None:
    """A5."""
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    pia = await Client.join(hub, board, name="Pia", department="product")
    screen = await Client.join(hub, board, role="screen", name="Screen", department=None)
    assert (await op(fay, {"kind": "link.rotate", "role": "participant"}))["type"] == "applied"
    assert await close_code(pia.ws) == 4011
    with pytest.raises(ConnectionClosed) as info:
        await Client.join(hub, board, name="Old link", department="sales")
    assert info.value.rcvd is not None and info.value.rcvd.code == 4011
    summary = urllib.request.Request(
        f"{hub.url}/api/boards/{board['id']}",
        headers={"authorization": f"Bearer {board['tokens']['participant']}"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        await asyncio.to_thread(urllib.request.urlopen, summary)
    assert refused.value.code == 401, "the join page learns at once that the link is dead"
    refused.value.close()
    current = links_of(hub, board)
    assert current["versions"]["participant"] == 2
    fresh = {**board, "tokens": {r: v.split("#t=")[1] for r, v in current["links"].items()}}
    again = await Client.join(hub, fresh, name="New link", department="sales")
    assert again.welcome["type"] == "welcome"
    await screen.ws.send(pack({"type": "ping"}))
    pong = await screen.recv_until(lambda f: f["type"] == "pong")
    assert pong["type"] == "pong", "the screen link still works"


async def test_rename_move_and_remove_a_participant(hub: HubProcess, board: dict) -> None:
    """A6."""
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    pia = await Client.join(hub, board, name="Pia", department="product")
    pid = pia.welcome["you"]["id"]
    await op(
        fay, {"kind": "participant.update", "id": pid, "name": "Pia K.", "department": "sales"}
    )
    # Presence is coalesced per tick (P1): Pia's arrival may come after the op; wait for
    # the frame that names her anew.
    update = await fay.recv_until(
        lambda f: f["type"] == "presence" and any(p["name"] == "Pia K." for p in f["joined"])
    )
    assert next(p for p in update["joined"] if p["id"] == pid) == {
        "id": pid,
        "name": "Pia K.",
        "department": "sales",
        "role": "participant",
        "n": pia.welcome["you"]["n"],  # her number in the room stays hers (P1)
    }
    made = await op(pia, note("n1", "after the move"))
    assert made["by"]["name"] == "Pia K." and made["by"]["department"] == "sales"
    await op(fay, {"kind": "participant.remove", "id": pid})
    assert await close_code(pia.ws) == 4012
    ws = await websockets.connect(hub.ws_url(board["id"]))
    await ws.send(pack({"type": "hello", "protocol": 1, "board": board["id"],
                        "token": board["tokens"]["participant"], "name": "Pia",
                        "credential": pia.welcome["credential"]}))  # fmt: skip
    assert await close_code(ws) == 4012


async def test_the_facilitator_viewport_is_followed(hub: HubProcess, board: dict) -> None:
    """A4: the facilitator's viewport reaches everyone as `follow`; others' are ignored."""
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    screen = await Client.join(hub, board, role="screen", name="Screen", department=None)
    pia = await Client.join(hub, board, name="Pia", department="product")
    await pia.ws.send(pack({"type": "viewport", "x": 1.5, "y": 1.5, "w": 9.5, "h": 9.5}))
    await fay.ws.send(pack({"type": "viewport", "x": 100.5, "y": 50.5, "w": 1920.5, "h": 1080.5}))
    follow = await screen.recv_until(lambda f: f["type"] == "follow")
    assert (follow["x"], follow["w"]) == (100.5, 1920.5)
