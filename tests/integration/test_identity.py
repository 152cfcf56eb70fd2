"""The trust model over real websockets against a real hub (shared/PROTOCOL.md I1-I8, A3,
E4, E7), each test as a hostile participant would try it."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import websockets

from ..support import TIMEOUT, Client, HubProcess, Recorder, note, pack, unpack


async def applied(client: Client, op: dict[str, Any]) -> dict[str, Any]:
    cid = await client.send_op(op)
    frame = await client.recv_until(lambda f: f.get("cid") == cid)
    assert frame["type"] == "applied", frame
    return frame


async def refused_hello(hub: HubProcess, board: dict[str, Any], **fields: Any) -> int:
    """Send a hello with `fields` and return the close code; fail if a welcome comes."""
    ws = await websockets.connect(hub.ws_url(board["id"]), max_size=None, compression=None)
    hello = {
        "type": "hello", "protocol": 1, "board": board["id"],
        "token": board["tokens"]["participant"], "name": "Mallory", "department": "sales",
        "resume": None,
    } | fields  # fmt: skip
    await ws.send(pack(hello))
    try:
        async with asyncio.timeout(TIMEOUT):
            async for data in ws:
                frame = unpack(data)
                assert frame["type"] not in ("welcome", "waiting"), frame
    except websockets.ConnectionClosed:
        pass
    assert ws.close_code is not None
    return ws.close_code


async def test_a_claimed_participant_id_is_refused(hub: HubProcess) -> None:
    """I1, I2 (item 1): Ana's id is public (presence, `applied.by`); a hello naming it
    without her credential, or with someone else's credential, or a forged one, is closed
    with 4014 and sees none of her data. Her own credential brings her back as herself."""
    board = hub.new_board(title="Claims")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await applied(fay, {"kind": "block.private", "id": "perception", "mode": "own"})
    ana = await Client.join(hub, board, name="Ana", department="product")
    await applied(ana, note("n-ana", "ana-private-words", block="perception"))
    ana_id = ana.welcome["you"]["id"]
    ben = await Client.join(hub, board, name="Ben", department="sales")
    assert await refused_hello(hub, board, participant=ana_id) == 4014
    theirs = ben.welcome["credential"]
    assert await refused_hello(hub, board, participant=ana_id, credential=theirs) == 4014
    forged = ana.welcome["credential"][:-4] + "AAAA"
    assert await refused_hello(hub, board, credential=forged) == 4014
    back = await Client.join(hub, board, name="Ana", credential=ana.welcome["credential"])
    assert back.welcome["you"]["id"] == ana_id
    assert back.welcome["board"]["items"]["n-ana"]["text"] == "ana-private-words"


async def test_sock_puppets_cannot_stuff_a_vote(tmp_path: Path) -> None:
    """I2, I4, I8 (item 2): made-up participant ids are refused outright; fresh
    identities from one address are limited per minute (4015), while people who already
    hold a credential still come back."""
    env = {"CROSSBOARD_IDENTITIES_PER_MINUTE": "6"}
    hub = HubProcess(tmp_path / "data", env=env).start()
    try:
        board = hub.new_board(title="Puppets")
        fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
        await applied(fay, {"kind": "item.add", "id": "s1", "block": "swot",
                            "item": {"kind": "swot", "quadrant": "S", "text": "s1"}})  # fmt: skip
        await applied(fay, {"kind": "vote.start", "id": "v", "block": "swot", "budget": 3})
        codes = [await refused_hello(hub, board, participant=f"puppet{i}") for i in range(5)]
        assert codes == [4014] * 5
        mallory = await Client.join(hub, board, name="Mallory", department="sales")
        for _ in range(3):
            await applied(mallory, {"kind": "vote.cast", "vote": "v", "item": "s1"})
        minted = [mallory]
        for i in range(3):  # fay + mallory + these three = 5 of 6
            minted.append(await Client.join(hub, board, name=f"m{i}", department="sales"))
        minted.append(await Client.join(hub, board, name="m3", department="sales"))  # the 6th
        assert await refused_hello(hub, board) == 4015  # the 7th new identity this minute
        again = await Client.join(hub, board, name="M", credential=mallory.welcome["credential"])
        assert again.welcome["you"]["id"] == mallory.welcome["you"]["id"]
        dots = again.welcome["board"]["votes"]["v"]["mine"]
        assert dots == {"dots": {"s1": 3}, "left": 0}
        cid = await again.send_op({"kind": "vote.cast", "vote": "v", "item": "s1"}, "tab-2-1")
        refusal = await again.recv_until(lambda f: f.get("cid") == cid and f["type"] == "rejected")
        assert refusal["code"] == "budget_exceeded"
    finally:
        hub.stop()


async def test_a_department_is_not_a_claim(hub: HubProcess) -> None:
    """I3 (item 3): a sales person who comes back saying `department: product` is still
    sales, and reads none of product's notes in a department-private block."""
    board = hub.new_board(title="Departments")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await applied(fay, {"kind": "block.private", "id": "perception", "mode": "department"})
    pia = await Client.join(hub, board, name="Pia", department="product")
    await applied(pia, note("n-p", "product-only-words", block="perception"))
    sam = await Client.join(hub, board, name="Sam", department="sales")
    liar = await Client.join(
        hub, board, name="Sam", department="product", credential=sam.welcome["credential"]
    )
    assert liar.welcome["you"]["department"] == "sales"
    assert liar.welcome["board"]["items"]["n-p"]["kind"] == "hidden"
    assert b"product-only-words" not in pack(liar.welcome)
    made = await applied(liar, note("n-s", "from sam", block="perception"))
    assert made["by"]["department"] == "sales"


async def test_hidden_text_cannot_outrun_its_redaction(hub: HubProcess) -> None:
    """A3 (item 4): the author's update of a private note, sequenced after the note's
    removal, never reaches the others or the screen (live, nor on resume)."""
    board = hub.new_board(title="Race")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await applied(fay, {"kind": "block.private", "id": "perception", "mode": "own"})
    ana = await Client.join(hub, board, name="Ana", department="product")
    ben = await Client.join(hub, board, name="Ben", department="product")
    screen = await Client.join(hub, board, role="screen", name="Screen", department=None)
    await applied(ana, note("n-1", "draft", block="perception"))
    resume = {"epoch": ben.welcome["epoch"], "seq": ben.seq}
    tapes = [Recorder(ben), Recorder(screen)]
    await ana.send_op({"kind": "item.remove", "id": "n-1"})
    upd = await ana.send_op({"kind": "item.update", "id": "n-1", "set": {"text": "SECRET-1"}})
    await ana.recv_until(lambda f: f.get("cid") == upd)
    fay_cid = await fay.send_op(note("n-2", "second", block="perception"))
    await fay.recv_until(lambda f: f.get("cid") == fay_cid)
    await fay.send_op({"kind": "item.remove", "id": "n-2"})
    upd2 = await ana.send_op({"kind": "item.update", "id": "n-2", "set": {"text": "SECRET-2"}})
    await ana.recv_until(lambda f: f.get("cid") == upd2)  # sequenced or refused: either way
    last = await applied(fay, note("n-3", "marker"))
    for tape in tapes:
        await tape.until(lambda f: f.get("seq") == last["seq"])
        blob = await tape.stop()
        assert b"SECRET-1" not in blob and b"SECRET-2" not in blob
    back = await Client.join(hub, board, name="Ben", credential=ben.welcome["credential"],
                             resume=resume)  # fmt: skip
    assert b"SECRET" not in pack(back.welcome)


async def test_ballots_cannot_be_read_by_diffing_frames(hub: HubProcess) -> None:
    """E7 (item 5): others get each dot and answer without `by` or `cid`, and the
    figures only in `exercise` frames, at most one per tick, however many ballots came;
    a revealed round with fewer than k answers shows its count only (E4)."""
    board = hub.new_board(title="Diffing")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await applied(fay, {"kind": "poll.create", "id": "q", "block": "poll", "question": "Q?"})
    await applied(fay, {"kind": "poll.open", "poll": "q", "label": "Before"})
    await applied(fay, {"kind": "poll.reveal", "poll": "q"})
    people = [
        await Client.join(hub, board, name=f"P{i}", department=("product", "sales")[i % 2])
        for i in range(4)
    ]
    watcher = Recorder(people[0])
    first = await applied(people[1], {"kind": "poll.answer", "poll": "q", "score": 9})
    tick = await watcher.until(lambda f: f["type"] == "exercise")
    round_ = tick["polls"]["q"]["rounds"][0]
    assert round_["responses"] == 1
    assert round_["average"] is None and round_["histogram"] is None  # one answer: count only
    sent = [await p.send_op({"kind": "poll.answer", "poll": "q", "score": 2 + i})
            for i, p in enumerate(people[2:])]  # fmt: skip
    for p, cid in zip(people[2:], sent, strict=True):
        await p.recv_until(lambda f, c=cid: f.get("cid") == c)
    await watcher.until(
        lambda f: f["type"] == "exercise" and f["polls"]["q"]["rounds"][0]["responses"] == 3
    )
    await asyncio.sleep(1.2)  # one more tick: nothing else may come
    frames = watcher.frames()
    await watcher.stop()
    ballots = [f for f in frames if f["type"] == "applied" and f["seq"] >= first["seq"]]
    assert all(f["by"] is None and f["cid"] is None and "exercise" not in f for f in ballots)
    ticks = [f for f in frames if f["type"] == "exercise"]
    assert len(ticks) == 2, ticks  # 1 then 3: the two answers sent together came as one
    shown = ticks[-1]["polls"]["q"]["rounds"][0]
    assert shown["average"] == round((9 + 2 + 3) / 3, 2) and shown["histogram"] is not None


async def test_small_departments_never_show_alone(hub: HubProcess) -> None:
    """E4 (item 6): one product person, one sales person and three from marketing answer:
    neither singleton is shown, and "other" is never smaller than k (3), so nobody can
    subtract their way to a colleague's score."""
    board = hub.new_board(title="Small groups")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await applied(fay, {"kind": "poll.create", "id": "q", "block": "poll", "question": "Q?"})
    await applied(fay, {"kind": "poll.open", "poll": "q", "label": "Before"})
    for i, dept in enumerate(["product", "sales", "marketing", "marketing", "marketing"]):
        person = await Client.join(hub, board, name=f"P{i}", department=dept)
        await applied(person, {"kind": "poll.answer", "poll": "q", "score": 1 + i})
    await applied(fay, {"kind": "poll.reveal", "poll": "q"})
    later = await Client.join(hub, board, name="Late", department="sales")
    round_ = later.welcome["board"]["polls"]["q"]["rounds"][0]
    groups = round_["by_department"]
    assert groups is not None and "product" not in groups and "sales" not in groups
    assert all(g["responses"] >= 3 for g in groups.values())
    assert sum(g["responses"] for g in groups.values()) == 5
    assert all(n >= 3 for n in round_["responses_by_department"].values())


async def test_a_moved_participant_sees_their_new_department_at_once(hub: HubProcess) -> None:
    """I3 (item 7): the facilitator moves Sam from sales to product; his open connection
    gets a fresh welcome with product's private notes and a re-issued credential, no
    reconnect; sales' notes (his own too: A2 goes by department) are placeholders now."""
    board = hub.new_board(title="Move")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await applied(fay, {"kind": "block.private", "id": "perception", "mode": "department"})
    pia = await Client.join(hub, board, name="Pia", department="product")
    await applied(pia, note("n-p", "product-words", block="perception"))
    sam = await Client.join(hub, board, name="Sam", department="sales")
    await applied(sam, note("n-s", "sales-words", block="perception"))
    sam_id = sam.welcome["you"]["id"]
    await applied(fay, {"kind": "participant.update", "id": sam_id, "department": "product"})
    fresh = await sam.recv_until(lambda f: f["type"] == "welcome")
    assert fresh["you"]["department"] == "product"
    assert fresh["board"]["items"]["n-p"]["text"] == "product-words"
    assert fresh["board"]["items"]["n-s"]["kind"] == "hidden"  # A2: by department now
    again = await Client.join(hub, board, name="Sam", credential=fresh["credential"])
    assert again.welcome["you"]["department"] == "product"


async def test_a_second_tab_is_the_same_person(hub: HubProcess) -> None:
    """I1: presenting the credential makes a second tab the same participant: one
    presence, one dot budget; without it, a new person."""
    board = hub.new_board(title="Tabs")
    ana = await Client.join(hub, board, name="Ana", department="product")
    tab = await Client.join(hub, board, name="Ana", credential=ana.welcome["credential"])
    assert tab.welcome["you"] == ana.welcome["you"]
    stranger = await Client.join(hub, board, name="Ana", department="product")
    assert stranger.welcome["you"]["id"] != ana.welcome["you"]["id"]


def links_of(hub: HubProcess, board: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(
        f"{hub.url}/api/boards/{board['id']}/links",
        headers={"Authorization": f"Bearer {board['tokens']['facilitator']}"},
    )
    with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
        out: dict[str, Any] = json.loads(r.read())
    return out


async def test_department_links_fix_the_department(hub: HubProcess) -> None:
    """I6, I7: a department link fixes whoever joins by it, whatever their hello says;
    with `department_choice: link`, the plain link gives no department."""
    board = hub.new_board(title="Links")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    links = links_of(hub, board)
    assert set(links["departments"]) == {"product", "sales", "marketing"}
    sales = {**board, "tokens": {"participant": links["departments"]["sales"].split("#t=")[1]}}
    sid = await Client.join(hub, sales, name="Sid", department="product")
    assert sid.welcome["you"]["department"] == "sales"
    await applied(fay, {"kind": "board.settings", "department_choice": "link"})
    plain = await Client.join(hub, board, name="Pat", department="product")
    assert plain.welcome["you"]["department"] is None
    lobby = await fay.recv_until(lambda f: f["type"] == "lobby" and "participant" in f["joined"])
    assert lobby["joined"]["participant:sales"] == 1


async def test_the_lobby_holds_newcomers_until_let_in(hub: HubProcess) -> None:
    """I5: with the lobby on, a newcomer gets `waiting` (no board, nobody's data, ops
    refused) and the facilitator sees them; let in, they get the welcome and later come
    back without waiting; turned away, they are closed with 4012."""
    board = hub.new_board(title="Lobby")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    early = await Client.join(hub, board, name="Early", department="sales")
    await applied(early, note("n-1", "early-words"))
    await applied(fay, {"kind": "board.settings", "lobby": True})
    ws = await websockets.connect(hub.ws_url(board["id"]), max_size=None, compression=None)
    await ws.send(pack({"type": "hello", "protocol": 1, "board": board["id"],
                        "token": board["tokens"]["participant"], "name": "Nia",
                        "department": "product", "resume": None}))  # fmt: skip
    waiting = unpack(await asyncio.wait_for(ws.recv(), TIMEOUT))
    assert waiting["type"] == "waiting" and "board" not in waiting
    await ws.send(pack({"type": "op", "cid": "x-1", "op": note("n-x", "sneaky")}))
    refusal = unpack(await asyncio.wait_for(ws.recv(), TIMEOUT))
    assert (refusal["type"], refusal["code"]) == ("rejected", "forbidden")
    nia = waiting["you"]["id"]
    lobby = await fay.recv_until(lambda f: f["type"] == "lobby" and f["waiting"])
    assert [p["id"] for p in lobby["waiting"]] == [nia]
    back = await Client.join(hub, board, name="Early", credential=early.welcome["credential"])
    assert "board" in back.welcome  # known before the lobby: no waiting
    await applied(fay, {"kind": "participant.admit", "id": nia})
    welcome = unpack(await asyncio.wait_for(ws.recv(), TIMEOUT))
    while welcome["type"] != "welcome":
        welcome = unpack(await asyncio.wait_for(ws.recv(), TIMEOUT))
    assert welcome["board"]["items"]["n-1"]["text"] == "early-words"
    await ws.close()
    again = await Client.join(hub, board, name="Nia", credential=welcome["credential"])
    assert again.welcome["you"]["id"] == nia
    # Turned away.
    ws2 = await websockets.connect(hub.ws_url(board["id"]), max_size=None, compression=None)
    await ws2.send(pack({"type": "hello", "protocol": 1, "board": board["id"],
                         "token": board["tokens"]["participant"], "name": "Tom",
                         "department": "sales", "resume": None}))  # fmt: skip
    tom = unpack(await asyncio.wait_for(ws2.recv(), TIMEOUT))["you"]["id"]
    await applied(fay, {"kind": "participant.remove", "id": tom})
    with pytest.raises(websockets.ConnectionClosed):
        while True:
            await asyncio.wait_for(ws2.recv(), TIMEOUT)
    assert ws2.close_code == 4012
