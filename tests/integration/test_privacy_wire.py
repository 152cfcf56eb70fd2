"""Privacy over real websockets: a scripted strategy-day session against a real hub process,
every byte each person receives recorded and searched for what they may not see
(shared/PROTOCOL.md A2, A3, E1, E4, E7, E8, I1, I3).

A facilitator, two participants in each of three departments and a screen. Every hidden
text and every poll comment holds a unique canary; each canary has a rule saying who may
receive it as of which seq (a moved person's department changes at the seq of the move). The
session: department-private perception notes, an own-private expectations block, removes
racing updates of private notes, a participant moved to another department (a fresh welcome
without reconnecting, I3), a dot vote, a poll with comments over two rounds and a poll of too
few answers (E4), reveals, agenda steps that make SWOT private by department and send each
step's blocks at each step (E8), a reconnect with resume and full welcomes at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgpack

from ..support import MANY_PEOPLE, Client, HubProcess, Recorder, pack

Rule = Callable[[str, int], bool]
"""(receiver's name, seq the receiver is at) -> may they receive this canary?"""

DEPARTMENT: dict[str, str | None] = {"fay": None, "scr": None}
DEPARTMENT |= {"ana": "product", "abe": "product", "ben": "sales", "bea": "sales"}
DEPARTMENT |= {"cal": "marketing", "cat": "marketing"}
PARTICIPANTS = ("ana", "abe", "ben", "bea", "cal", "cat")


@dataclass
class Person:
    """One person's first connection, recorded for the whole session (later connections
    are checked by their welcomes, `Script.welcomes`)."""

    name: str
    client: Client
    rec: Recorder

    @property
    def id(self) -> str:
        return str(self.client.welcome["you"]["id"])


@dataclass
class Script:
    hub: HubProcess
    board: dict[str, Any]
    people: dict[str, Person] = field(default_factory=dict)
    canaries: dict[str, Rule] = field(default_factory=dict)
    moved_at: int | None = None
    """Seq of the op that moved bea from sales to product."""
    welcomes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Welcomes of later connections (resume, second tab, full), checked like the streams."""
    counter: int = 0

    # Who may see what, as of a seq.

    def department(self, who: str, seq: int) -> str | None:
        if who == "bea" and self.moved_at is not None and seq >= self.moved_at:
            return "product"
        return DEPARTMENT[who]

    def canary(self, rule: Rule) -> str:
        self.counter += 1
        text = f"CANARY{self.counter:03d}Z"
        self.canaries[text] = rule
        return text

    def for_department(self, department: str) -> str:
        """A2: a note in a department-private block."""
        return self.canary(lambda who, seq: who == "fay" or self.department(who, seq) == department)

    def for_author(self, author: str) -> str:
        """A2: a note in an own-private block (or a comment nobody else may ever read)."""
        return self.canary(lambda who, seq: who in ("fay", author))

    # Talking to the hub.

    async def join(self, name: str, **kwargs: Any) -> Client:
        role = {"fay": "facilitator", "scr": "screen"}.get(name, "participant")
        return await Client.join(
            self.hub, self.board, role=role, name=name, department=DEPARTMENT[name], **kwargs
        )

    async def send(self, name: str, op: dict[str, Any]) -> str:
        return await self.people[name].client.send_op(op)

    async def settle(self, name: str, cid: str) -> dict[str, Any]:
        """The author's answer to its op: its applied frame, or its rejection."""
        rec = self.people[name].rec
        return await rec.until(lambda f: f.get("cid") == cid and f["type"] != "presence")

    async def do(self, name: str, op: dict[str, Any]) -> dict[str, Any]:
        frame = await self.settle(name, await self.send(name, op))
        assert frame["type"] == "applied", frame
        return frame

    async def barrier(self) -> int:
        """Everything sent so far has reached everyone: a facilitator op's seq, seen by all."""
        frame = await self.do("fay", {"kind": "board.spotlight", "block": None})
        for person in self.people.values():
            await person.rec.until_seq(frame["seq"])
        return int(frame["seq"])

    async def rejoin(self, name: str, **kwargs: Any) -> dict[str, Any]:
        """A new connection of `name` (same person: the credential, I1); its welcome."""
        credential = kwargs.pop("credential", None) or self.credential(name)
        client = await self.join(name, credential=credential, **kwargs)
        assert client.welcome["you"]["id"] == self.people[name].id
        self.welcomes.append((name, client.welcome))
        await client.close()
        return client.welcome

    def credential(self, name: str) -> str:
        """The person's latest credential (a fresh welcome re-issues it, I3)."""
        latest = [f["credential"] for f in self.people[name].rec.frames() if "credential" in f]
        return str(latest[-1])

    # The verdict.

    def leaks(self) -> list[str]:
        """Every canary found in bytes its receiver may not have, with where."""
        out = []
        for name, person in self.people.items():
            seq = 0  # where this receiver is: its last welcome or applied frame
            for index, raw in enumerate(person.rec.raw):
                frame = msgpack.unpackb(raw)
                seq = frame.get("seq", seq) if frame["type"] in ("applied", "welcome") else seq
                for text, may in self.canaries.items():
                    if text.encode() in raw and not may(name, seq):
                        out.append(f"{name} frame {index} (seq {seq}): {text} in {frame}")
        for name, welcome in self.welcomes:
            raw = pack(welcome)
            for text, may in self.canaries.items():
                if text.encode() in raw and not may(name, welcome["seq"]):
                    out.append(f"{name} later welcome (seq {welcome['seq']}): {text}")
        return out

    def received(self, name: str, text: str) -> bool:
        return any(text.encode() in raw for raw in self.people[name].rec.raw)


def note(item_id: str, text: str, block: str) -> dict[str, Any]:
    return {
        "kind": "item.add",
        "id": item_id,
        "block": block,
        "item": {"kind": "note", "text": text},
    }


def ballots_seen(s: Script) -> tuple[list[str], int]:
    """E1, E7: someone else's dot or answer reaches a person as which vote or poll only: no
    author, no cid, no figures; `voters` is the facilitator's alone. Returns what broke
    that, and how many anonymous ballot frames arrived."""
    problems, anonymous = [], 0
    frames = [(n, p.id, f) for n, p in s.people.items() for f in p.rec.frames()]
    frames += [(n, s.people[n].id, w) for n, w in s.welcomes]
    for name, pid, frame in frames:
        op = frame.get("op") or {}
        if frame["type"] == "applied" and op.get("kind") in ("vote.cast", "poll.answer"):
            if frame["by"] is None:
                anonymous += 1
                key = "vote" if op["kind"] == "vote.cast" else "poll"
                if set(op) != {"kind", key} or "exercise" in frame or frame["cid"]:
                    problems.append(f"{name}: someone's ballot whole: {frame}")
            elif frame["by"]["id"] != pid:
                problems.append(f"{name}: the author of someone's ballot: {frame}")
        for holder in (frame, frame.get("exercise") or {}, frame.get("board") or {}):
            for view in (holder.get("votes") or {}).values():
                if view.get("voters") is not None and name != "fay":
                    problems.append(f"{name}: voters: {frame}")
    return problems, anonymous


async def test_no_byte_reaches_anyone_who_may_not_see_it(tmp_path: Path) -> None:
    """A2, A3, E1, E4, E7, I1, I3 over real websockets: no canary reaches a receiver who may
    not see it — not in `applied` frames of private notes (nor of updates sequenced after
    their item's removal), not in welcomes (first, fresh after a move, on resume, on a
    second tab with a stale credential, full), not in ballots or poll views."""
    env = {**MANY_PEOPLE, "CROSSBOARD_EXERCISE_TICK": "0.05"}
    hub = HubProcess(tmp_path / "data", env=env).start()
    try:
        await session(hub)
    finally:
        hub.stop()


async def session(hub: HubProcess) -> None:
    s = Script(hub, hub.new_board(title="Privacy on the wire"))
    for name in DEPARTMENT:
        client = await s.join(name)
        s.people[name] = Person(name, client, Recorder(client, welcome=True))

    # A2: perception private by department, expectations by author.
    await s.do("fay", {"kind": "block.private", "id": "perception", "mode": "department"})
    await s.do("fay", {"kind": "block.private", "id": "expectations", "mode": "own"})
    perception: dict[str, str] = {}
    expectation: dict[str, str] = {}
    for name in PARTICIPANTS:
        perception[name] = s.for_department(DEPARTMENT[name] or "")
        expectation[name] = s.for_author(name)
        await s.send(name, note(f"per-{name}", perception[name], "perception"))
        await s.send(name, note(f"exp-{name}", expectation[name], "expectations"))
    await s.do("abe", note("per-abe-2", s.for_department("product"), "perception"))
    await s.barrier()
    assert s.received("abe", perception["ana"]) and not s.received("ben", perception["ana"])

    # A3: removes racing updates. The facilitator removes Ana's note while Ana updates it;
    # Abe removes his own second note and updates it at once (O5: the update is sequenced
    # after the remove and refused at its turn); the facilitator removes Ben's own-private
    # expectation while Ben rewrites it.
    won: dict[str, bool] = {}  # If Ana's update beat the remove it applied: product read it.
    race_ana = s.canary(
        lambda who, seq: (
            who in ("fay", "ana") or (won["ana"] and s.department(who, seq) == "product")
        )
    )
    race_abe = s.for_author("abe")
    race_ben = s.for_author("ben")
    await s.send("fay", {"kind": "item.remove", "id": "per-ana"})
    ana_cid = await s.send(
        "ana", {"kind": "item.update", "id": "per-ana", "set": {"text": race_ana}}
    )
    await s.send("abe", {"kind": "item.remove", "id": "per-abe-2"})
    abe_cid = await s.send(
        "abe", {"kind": "item.update", "id": "per-abe-2", "set": {"text": race_abe}}
    )
    await s.send("fay", {"kind": "item.remove", "id": "exp-ben"})
    await s.send("ben", {"kind": "item.update", "id": "exp-ben", "set": {"text": race_ben}})
    await s.barrier()
    ana_said = [f for f in s.people["ana"].rec.frames() if f.get("cid") == ana_cid]
    won["ana"] = not any(f["type"] == "rejected" for f in ana_said)
    abe_said = {f["type"]: f for f in s.people["abe"].rec.frames() if f.get("cid") == abe_cid}
    assert abe_said["rejected"]["code"] == "not_found"
    assert "seq" in abe_said["rejected"] and "applied" in abe_said, abe_said  # sequenced, no-op
    others = s.people["ana"].rec.frames()
    at_turn = next(f for f in others if f.get("seq") == abe_said["applied"]["seq"])
    assert at_turn["op"] == {"kind": "hidden"}, at_turn  # Ana (product too) never sees it

    # I3: the facilitator moves Bea from sales to product: her open connection gets a fresh
    # welcome (new credential, the board as product sees it) right after the op.
    bea = s.people["bea"]
    old_credential = bea.client.welcome["credential"]
    move = {"kind": "participant.update", "id": bea.id, "department": "product"}
    s.moved_at = int((await s.do("fay", move))["seq"])
    fresh = await bea.rec.until(lambda f: f["type"] == "welcome" and f["seq"] >= (s.moved_at or 0))
    assert fresh["you"]["department"] == "product"
    assert fresh["credential"] != old_credential
    items = fresh["board"]["items"]
    assert items["per-abe"]["text"] == perception["abe"]
    assert items["per-ben"]["kind"] == "hidden" and items["per-bea"]["kind"] == "hidden"
    await s.do("bea", note("per-bea-2", s.for_department("product"), "perception"))
    # A second tab with the credential from before the move is still Bea, of product (I1).
    second = await s.rejoin("bea", credential=old_credential)
    assert second["you"]["department"] == "product"

    # E1, E7: a dot vote on public SWOT items.
    for iid in ("s1", "s2", "s3"):
        body = {"kind": "swot", "quadrant": "S", "text": f"swot {iid}"}
        await s.do("fay", {"kind": "item.add", "id": iid, "block": "swot", "item": body})
    await s.do("fay", {"kind": "vote.start", "id": "v", "block": "swot"})
    for n, name in enumerate(PARTICIPANTS):
        await s.do(name, {"kind": "vote.cast", "vote": "v", "item": f"s{1 + n % 3}"})
    await s.do("fay", {"kind": "vote.close", "id": "v"})

    # E3, E4, E7: a poll over two rounds, six answers each, comments revealed at the end;
    # a second poll with two answers: revealed, but its comments are never anyone else's.
    reveal: dict[str, int] = {}

    def comment(author: str, poll: str) -> str:
        return s.canary(lambda who, seq: who == author or seq >= reveal.get(poll, 10**9))

    await s.do("fay", {"kind": "poll.create", "id": "q", "block": "poll", "question": "Goal?"})
    await s.do("fay", {"kind": "poll.create", "id": "q2", "block": "poll", "question": "Few?"})
    for label in ("Before", "After"):
        await s.do("fay", {"kind": "poll.open", "poll": "q", "label": label})
        for n, name in enumerate(PARTICIPANTS):
            why = comment(name, "q")
            answer = {"kind": "poll.answer", "poll": "q", "score": 2 + n, "comment": why}
            await s.do(name, answer)
        await s.barrier()
        await s.people["fay"].rec.until(
            lambda f: f["type"] == "exercise" and "q" in (f.get("polls") or {})
        )
        await s.do("fay", {"kind": "poll.close", "poll": "q"})
    await s.do("fay", {"kind": "poll.open", "poll": "q2"})
    few = {name: s.for_author(name) for name in ("ana", "ben")}
    for name, why in few.items():
        await s.do(name, {"kind": "poll.answer", "poll": "q2", "score": 5, "comment": why})
    await s.barrier()
    for poll in ("q", "q2"):
        reveal[poll] = int((await s.do("fay", {"kind": "poll.reveal", "poll": poll}))["seq"])
    await s.barrier()
    assert s.received("cat", expectation["cat"])
    seen_by_ben = s.people["ben"].rec.frames()
    revealed = next(f for f in seen_by_ben if f.get("seq") == reveal["q"])
    rounds = revealed["exercise"]["polls"]["q"]["rounds"]
    assert [len(r["comments"]) for r in rounds] == [6, 6]  # E3: shown once revealed, k <= 6
    q2 = next(f for f in seen_by_ben if f.get("seq") == reveal["q2"])
    assert q2["exercise"]["polls"]["q2"]["rounds"][0]["comments"] is None  # E4: 2 < k

    # E8: agenda steps. SWOT is written private per department in one step; the next steps
    # send everyone the whole board (`applied.board`), which must stay redacted until the
    # step whose end reveals it.
    revealed_at: dict[str, int] = {}

    def in_swot(department: str | None) -> str:
        return s.canary(
            lambda who, seq: (
                who == "fay"
                or s.department(who, seq) == department
                or seq >= revealed_at.get("swot", 10**9)
            )
        )

    private_swot = {"blocks": ["swot"], "visibility": "department"}
    steps = [
        {"id": "st-1", "title": "SWOT by department", "minutes": 30, "step": private_swot},
        {"id": "st-2", "title": "Goals", "minutes": 30, "step": {"blocks": ["goals"]}},
        {"id": "st-3", "title": "SWOT", "minutes": 30, "step": private_swot | {"end": ["reveal"]}},
        {"id": "st-4", "title": "Vote", "minutes": 9, "step": {"blocks": ["swot"]}},
    ]
    await s.do("fay", {"kind": "agenda.set", "items": steps})
    await s.do("fay", {"kind": "agenda.next"})
    swot_text = {name: in_swot(s.department(name, 10**9)) for name in PARTICIPANTS}
    for name, text in swot_text.items():
        body = {"kind": "swot", "quadrant": "W", "text": text}
        await s.do(name, {"kind": "item.add", "id": f"sw-{name}", "block": "swot", "item": body})
    step_frames = [await s.do("fay", {"kind": "agenda.next"}) for _ in range(2)]
    revealed_at["swot"] = int((await s.do("fay", {"kind": "agenda.next"}))["seq"])
    await s.barrier()
    for frame in step_frames:
        seen = next(f for f in s.people["ben"].rec.frames() if f.get("seq") == frame["seq"])
        items = {i["id"]: i for i in seen["step"]["items"]["swot"]}
        assert items["sw-ben"]["text"] and items["sw-ana"]["kind"] == "hidden", seen
    assert s.received("ben", swot_text["ana"])  # the reveal's board carries it
    for block in ("perception", "expectations"):  # the steps locked them; the day goes on
        await s.do("fay", {"kind": "block.lock", "id": block, "locked": False})

    # Resume: Cal drops, private notes and a vote happen, Cal comes back resuming (A3, E1:
    # the redacted board, not the ops); then everyone's full welcome.
    cal = s.people["cal"]
    resume = {"epoch": cal.client.welcome["epoch"], "seq": cal.rec.seq}
    cal_credential = s.credential("cal")
    await cal.client.close()
    await s.do("ana", note("per-ana-late", s.for_department("product"), "perception"))
    await s.do("ben", note("exp-ben-late", s.for_author("ben"), "expectations"))
    await s.do("fay", {"kind": "vote.start", "id": "v2", "block": "swot"})
    await s.do("abe", {"kind": "vote.cast", "vote": "v2", "item": "s1"})
    back = await s.rejoin("cal", resume=resume, credential=cal_credential)
    assert back.get("ops") is None and "board" in back
    assert back["board"]["items"]["per-ana-late"]["kind"] == "hidden"
    assert back["board"]["items"]["per-cal"]["text"] == perception["cal"]
    for name in DEPARTMENT:
        if name != "cal":
            await s.rejoin(name)

    for person in s.people.values():
        await person.rec.stop()
    leaks = s.leaks()
    assert not leaks, "\n".join(leaks[:10])
    problems, anonymous = ballots_seen(s)
    assert not problems, "\n".join(problems[:10])
    # 20 ballots reached the 7 others anonymously; the last one, 6 (Cal had left).
    assert anonymous == 20 * 7 + 6
    # The rules are not vacuous: the same canaries do reach those who may see them.
    assert s.received("ana", perception["abe"]) and s.received("bea", perception["abe"])
    assert s.received("ben", perception["bea"]) and not s.received("ben", perception["abe"])
    assert all(s.received(n, t) for n, t in few.items())
