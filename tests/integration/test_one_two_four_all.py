"""E9, 1-2-4-All over real websockets: eight participants in three departments write alone,
then in pairs, then in fours, then all together, each stage one press of "Next step".
Every byte each participant receives is recorded; at each stage, before the next, nobody
has received a note from outside their own circle of that stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..support import MANY_PEOPLE, Client, HubProcess, Recorder

PEOPLE = [("product", 3), ("sales", 3), ("marketing", 2)]
STAGES = ("own", "pair", "four", "public")


def note(item_id: str, text: str) -> dict[str, Any]:
    body = {"kind": "note", "text": text, "x": 20.0, "y": 20.0}
    return {"kind": "item.add", "id": item_id, "block": "expectations", "item": body}


async def settle(rec: Recorder, client: Client, op: dict[str, Any]) -> dict[str, Any]:
    cid = await client.send_op(op)
    frame = await rec.until(lambda f: f.get("cid") == cid and f["type"] != "presence")
    assert frame["type"] == "applied", frame
    return frame


async def test_each_stage_shows_only_ones_own_circle_until_the_last(tmp_path: Path) -> None:
    hub = HubProcess(tmp_path / "data", env=MANY_PEOPLE).start()
    try:
        board = hub.new_board(title="1-2-4-All")
        fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
        fay_rec = Recorder(fay, welcome=True)
        people: dict[str, tuple[Client, Recorder]] = {}
        for department, count in PEOPLE:
            for n in range(count):
                name = f"{department}-{n}"
                client = await Client.join(hub, board, name=name, department=department)
                people[name] = (client, Recorder(client, welcome=True))
        ids = {name: str(c.welcome["you"]["id"]) for name, (c, _) in people.items()}
        steps = [
            {"id": f"s-{v}", "title": f"1-2-4-All: {v}", "minutes": 5,
             "step": {"blocks": ["expectations"], "visibility": v}}
            for v in STAGES
        ]  # fmt: skip
        await settle(fay_rec, fay, {"kind": "agenda.set", "items": steps})
        await settle(fay_rec, fay, {"kind": "agenda.next"})

        texts: dict[str, list[str]] = {name: [] for name in people}
        circles: dict[str, dict[str, int]] = {}
        for stage in STAGES:
            # Everyone writes one note in this stage; each text is a canary of its author.
            for name, (client, rec) in people.items():
                text = f"CANARY-{stage}-{name}"
                texts[name].append(text)
                await settle(rec, client, note(f"n-{stage}-{name}", text))
            head = int(
                (await settle(fay_rec, fay, {"kind": "board.spotlight", "block": None}))["seq"]
            )
            for _, rec in people.values():
                await rec.until_seq(head)
            if stage != "own" and not circles:
                block = fay_rec.frames()[-1]
                circles = _circles(fay_rec)
                assert set(circles) == set(ids.values()), block
            for name, (_, rec) in people.items():
                may = _circle(stage, name, ids, circles)
                got = b"".join(rec.raw)
                for author, written in texts.items():
                    for text in written:
                        received = text.encode() in got
                        assert received == (author in may), (stage, name, author, text)
            if stage != "public":
                frame = await settle(fay_rec, fay, {"kind": "agenda.next"})
                for _, rec in people.values():
                    await rec.until_seq(int(frame["seq"]))
        sizes = {}
        for c in circles.values():
            sizes[c["pair"]] = sizes.get(c["pair"], 0) + 1
        assert sorted(sizes.values()) == [2, 2, 2, 2]
    finally:
        hub.stop()


def _circles(rec: Recorder) -> dict[str, dict[str, int]]:
    """The block's circles as the facilitator's latest step frame carries them."""
    for frame in reversed(rec.frames()):
        step = frame.get("step")
        if step is not None:
            found: dict[str, dict[str, int]] = step["blocks"]["expectations"]["circles"]
            return found
    raise AssertionError("no step frame carried the blocks")


def _circle(stage: str, name: str, ids: dict[str, str], circles: dict[str, Any]) -> set[str]:
    """Whose notes `name` may have received by the end of `stage` (the test's own reading of
    E9: alone, the pair, the four, everyone)."""
    if stage == "own":
        return {name}
    if stage == "public":
        return set(ids)
    mine = circles[ids[name]][stage]
    return {other for other, pid in ids.items() if circles[pid][stage] == mine}
