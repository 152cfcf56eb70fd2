"""Exercises over real websockets (shared/PROTOCOL.md E1-E6): vote budgets under concurrent
casts from several tabs of one person (one hub, and two hubs on one Redis), what each
receiver's bytes hold of other people's dots and answers, resume, and the timer's clock."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from ..support import TIMEOUT, Client, HubProcess, Recorder, RedisServer, note, pack

SECRET = "votes-test-secret"


async def settle(client: Client, op: dict[str, Any]) -> dict[str, Any]:
    cid = await client.send_op(op)
    return await client.recv_until(lambda f: f.get("cid") == cid and f["type"] != "presence")


async def applied(client: Client, op: dict[str, Any]) -> dict[str, Any]:
    frame = await settle(client, op)
    assert frame["type"] == "applied", frame
    return frame


async def swot(fay: Client, *ids: str) -> None:
    for iid in ids:
        body = {"kind": "swot", "quadrant": "S", "text": iid}
        await applied(fay, {"kind": "item.add", "id": iid, "block": "swot", "item": body})


async def answers(tab: Client, cids: list[str]) -> dict[str, str]:
    """Read until every cid is answered: cid -> "ok" or the code. A cast that passed the
    pre-check but was over budget at its turn gets its `applied` (a no-op) and then, in the
    same step of the hub, a `rejected`: the code wins. A ping sent once every cid has an
    answer fences that off: its pong comes after any such `rejected`."""
    out: dict[str, str] = {}
    fenced = False
    while True:
        frame = await tab.recv(timeout=2 * TIMEOUT)
        cid = frame.get("cid")
        if frame["type"] == "pong" and fenced:
            return out
        if cid in cids and frame["type"] == "rejected":
            out[cid] = frame["code"]
        elif cid in cids and frame["type"] == "applied":
            out.setdefault(cid, "ok")
        if not fenced and set(cids) <= out.keys():
            await tab.ws.send(pack({"type": "ping"}))
            fenced = True


async def budget_race(hubs: list[HubProcess]) -> None:
    board = hubs[0].new_board(title="Vote race")
    fay = await Client.join(hubs[0], board, role="facilitator", name="Fay", department=None)
    await swot(fay, "s1", "s2", "s3")
    await applied(fay, {"kind": "vote.start", "id": "v", "block": "swot", "budget": 5})
    await fay.close()  # it would not read the race's frames
    first = await Client.join(hubs[0], board, name="Ana", department="product")
    ana = first.welcome["you"]["id"]
    ana_credential = first.welcome["credential"]
    tabs = [first] + [
        await Client.join(hubs[i % len(hubs)], board, name="Ana", credential=ana_credential)
        for i in range(1, 4)
    ]

    # 4 tabs x 10 casts, all sent before any answer: 40 casts race for 5 dots (max 3/item).
    async def fire(t: int, tab: Client) -> list[str]:
        return [
            await tab.send_op(
                {"kind": "vote.cast", "vote": "v", "item": f"s{1 + k % 3}"}, f"{ana}-t{t}-{k}"
            )
            for k in range(10)
        ]

    sent = await asyncio.gather(*(fire(t, tab) for t, tab in enumerate(tabs)))
    outcomes: dict[str, str] = {}
    for tab, cids in zip(tabs, sent, strict=True):
        outcomes |= await answers(tab, cids)
    assert len(outcomes) == 40
    assert list(outcomes.values()).count("ok") == 5, outcomes
    assert set(outcomes.values()) == {"ok", "budget_exceeded"}
    # The late joins read each hub's board: first every hub reaches the last cast's seq.
    head = max(tab.seq for tab in tabs)
    for tab in tabs:
        while tab.seq < head:
            await tab.recv()
    later = await Client.join(hubs[-1], board, name="Ana", credential=ana_credential)
    dots = later.welcome["board"]["votes"]["v"]["mine"]["dots"]
    assert sum(dots.values()) == 5, dots  # the budget, never more, however the race went
    assert max(dots.values()) <= 3
    fresh = await Client.join(hubs[0], board, name="Fay", role="facilitator", department=None)
    placed = fresh.welcome["board"]["votes"]["v"]["dots_placed"]
    if placed != 5:  # the figures are published once a tick (E7): the next one has them all
        tick = await fresh.recv_until(lambda f: "v" in f.get("votes", {}), timeout=2 * TIMEOUT)
        placed = tick["votes"]["v"]["dots_placed"]
    assert placed == 5


async def test_concurrent_casts_from_four_tabs_never_exceed_the_budget(hub: HubProcess) -> None:
    """E2: 40 casts from 4 tabs of one participant, sent at once: exactly the budget lands."""
    await budget_race([hub])


async def test_the_budget_holds_across_two_hubs_on_redis(tmp_path: Path) -> None:
    """E2 with the Redis engine: tabs of one person on two hub processes."""
    redis = RedisServer(tmp_path / "redis").start()
    extra = ["--redis-url", redis.url, "--secret", SECRET]
    hubs = [HubProcess(tmp_path / f"hub{i}", extra=extra).start() for i in range(2)]
    try:
        await budget_race(hubs)
    finally:
        for h in hubs:
            h.stop()
        redis.stop()


async def test_nobody_receives_anyone_elses_dots_or_scores(hub: HubProcess) -> None:
    """E1, E7: Ben's and the facilitator's bytes never hold Ana's dot placement, her score,
    nor who cast them; the figures reach them later in a coalesced `exercise` frame, with
    `voters` for the facilitator only. Ana's own tabs get her whole op and her `mine`."""
    board = hub.new_board(title="Secret ballot")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await swot(fay, "secret-item-a", "secret-item-b")
    await applied(fay, {"kind": "vote.start", "id": "v", "block": "swot"})
    await applied(fay, {"kind": "poll.create", "id": "q", "block": "poll", "question": "Q?"})
    await applied(fay, {"kind": "poll.open", "poll": "q", "label": "Before"})
    ana = await Client.join(hub, board, name="Ana", department="product")
    ben = await Client.join(hub, board, name="Ben", department="sales")
    watchers = {"fay": Recorder(fay), "ben": Recorder(ben)}
    cast = await applied(ana, {"kind": "vote.cast", "vote": "v", "item": "secret-item-b"})
    assert cast["op"]["item"] == "secret-item-b"
    assert cast["exercise"]["votes"]["v"]["mine"] == {"dots": {"secret-item-b": 1}, "left": 4}
    said = {"kind": "poll.answer", "poll": "q", "score": 3, "comment": "unique-why-phrase"}
    answered = await applied(ana, said)
    assert answered["exercise"]["polls"]["q"]["mine"]["answers"] == [
        {"score": 3, "comment": "unique-why-phrase"}
    ]
    ana_id = ana.welcome["you"]["id"].encode()
    for name, rec in watchers.items():
        await rec.until_seq(answered["seq"])
        await rec.until(lambda f: f["type"] == "exercise" and "q" in (f.get("polls") or {}))
        await rec.stop()
        blob = b"".join(rec.raw)
        assert b"secret-item-b" not in blob, name
        assert b"unique-why-phrase" not in blob, name
        frames = rec.frames()
        vote_frame = next(f for f in frames if f.get("seq") == cast["seq"])
        assert vote_frame["op"] == {"kind": "vote.cast", "vote": "v"}
        assert vote_frame["by"] is None and vote_frame["cid"] is None
        assert "exercise" not in vote_frame
        poll_frame = next(f for f in frames if f.get("seq") == answered["seq"])
        assert poll_frame["op"] == {"kind": "poll.answer", "poll": "q"}
        assert poll_frame["by"] is None and "exercise" not in poll_frame
        assert not any(ana_id in raw for raw in rec.raw if b"vote.cast" in raw), name
        assert not any(ana_id in raw for raw in rec.raw if b"poll.answer" in raw), name
        ticks = [f for f in frames if f["type"] == "exercise"]
        view = next(f["votes"]["v"] for f in ticks if "v" in (f.get("votes") or {}))
        assert view["totals"] is None and "mine" not in view
        assert view["voters"] == (1 if name == "fay" else None) and view["dots_placed"] == 1
        round_ = next(f["polls"]["q"] for f in ticks if "q" in (f.get("polls") or {}))
        assert round_["rounds"][0]["responses"] == 1
        assert round_["rounds"][0].get("average") is None


async def test_a_resume_through_a_vote_gets_the_board_not_the_ops(hub: HubProcess) -> None:
    """E1: missed exercise ops would be others' raw casts: the board comes whole, with the
    resumer's own dots."""
    board = hub.new_board(title="Resume")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await swot(fay, "s1")
    ben = await Client.join(hub, board, name="Ben", department="sales")
    await applied(ben, note("n-1", "before the vote"))
    resume = {"epoch": ben.welcome["epoch"], "seq": ben.seq}
    ben_credential = ben.welcome["credential"]
    await ben.close()
    await applied(fay, {"kind": "vote.start", "id": "v", "block": "swot"})
    ana = await Client.join(hub, board, name="Ana", department="product")
    await applied(ana, {"kind": "vote.cast", "vote": "v", "item": "s1"})
    await fay.recv_until(lambda f: f["type"] == "exercise")  # E7: the figures are published
    back = await Client.join(hub, board, name="Ben", credential=ben_credential, resume=resume)
    assert back.welcome.get("ops") is None
    view = back.welcome["board"]["votes"]["v"]
    assert view["mine"] == {"dots": {}, "left": 5} and view["dots_placed"] == 1
    # Without exercise ops in the gap, resume still gets ops.
    again = {"epoch": back.welcome["epoch"], "seq": back.welcome["seq"]}
    await back.close()
    await applied(fay, note("n-2", "after the vote"))
    last = await Client.join(hub, board, name="Ben", credential=ben_credential, resume=again)
    assert [f["op"]["id"] for f in last.welcome["ops"]] == ["n-2"]


async def test_the_timer_uses_the_servers_clock(hub: HubProcess) -> None:
    """E5: started_at is the server's ts of the start op, so every client computes the same
    remaining time; a late joiner gets it in the welcome."""
    board = hub.new_board(title="Timer")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    items = [{"id": "a1", "title": "Goal tree", "minutes": 30, "block": "goals"}]
    await applied(fay, {"kind": "agenda.set", "items": items})
    started = await applied(fay, {"kind": "agenda.start"})
    agenda = started["exercise"]["agenda"]
    assert agenda["started_at"] == started["ts"] and agenda["running"]
    late = await Client.join(hub, board, name="Late", department="sales")
    assert late.welcome["board"]["agenda"]["started_at"] == started["ts"]
    assert 0 <= late.welcome["server_time"] - started["ts"] < 5_000
    await applied(late, {"kind": "done.set"})
    paused = await applied(fay, {"kind": "agenda.pause"})
    banked = paused["exercise"]["agenda"]["items"][0]["actual_ms"]
    assert banked == paused["ts"] - started["ts"]
    nxt = await applied(fay, {"kind": "agenda.next"})
    assert nxt["exercise"]["done"] == {}  # a new item clears "I'm done"
