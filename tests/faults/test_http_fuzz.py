"""Fuzzing the HTTP routes of a real hub: at least 2,000 generated requests per run (seeded
random; `CROSSBOARD_FUZZ_SEED` replays a run), every one answered below 500, and no refused
request changes anything: each board the hub held before is the same after, and the only
new boards and checkpoints are those a 2xx answer announced.

Requests mix the real routes with wrong methods and paths, real and forged tokens and board
ids, and bodies from valid ones to hostile ones: mutated board specs and backups (any field
replaced by any JSON value, NaN, deep nesting, lone surrogates, broken UTF-8, 100 KB
strings). Boards that an import made join the pools, so later requests read them back in
every format. A few hundred raw requests with broken HTTP framing go in as well.
"""

from __future__ import annotations

import copy
import json
import os
import random
import socket
import string
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ..integration.test_http_edge import day_backup
from ..support import MANY_PEOPLE, TIMEOUT, HubProcess

REQUESTS = 2000
RAW_REQUESTS = 200
SEED = int(os.environ.get("CROSSBOARD_FUZZ_SEED", "20261202"))


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    env = {**MANY_PEOPLE, "CROSSBOARD_BOARDS_PER_HOUR_PER_IP": "100000"}
    process = HubProcess(tmp_path / "data", open_board_creation=False, env=env).start()
    try:
        yield process
    finally:
        process.stop()


class World:
    """What the fuzzer knows of the hub: boards, their tokens and checkpoints, and what
    the answers so far say changed."""

    def __init__(self, client: httpx.Client, admin: str) -> None:
        self.client = client
        self.admin = admin
        self.boards: dict[str, dict[str, str]] = {}  # id -> role -> token
        self.checkpoints: dict[str, list[str]] = {}  # id -> keys
        self.tickets: list[str] = []
        self.made: set[str] = set()  # boards a 2xx answer announced
        self.saved: Counter[str] = Counter()  # checkpoints a 2xx answer announced, per board

    def add(self, made: dict[str, Any]) -> None:
        self.boards[made["id"]] = {r: link.split("#t=")[1] for r, link in made["links"].items()}
        self.checkpoints.setdefault(made["id"], [])

    def state(self, board: str) -> Any:
        token = self.boards[board]["facilitator"]
        auth = {"authorization": f"Bearer {token}"}
        backup = self.client.get(f"/api/boards/{board}/export?format=json", headers=auth)
        assert backup.status_code == 200, backup.text
        listed = self.client.get(f"/api/boards/{board}/checkpoints", headers=auth)
        return backup.json()["board"], [c["key"] for c in listed.json()["checkpoints"]]

    def listed(self) -> set[str]:
        answer = self.client.get("/api/boards", headers={"authorization": f"Bearer {self.admin}"})
        return {b["id"] for b in answer.json()["boards"]}


def random_json(rng: random.Random, depth: int = 0) -> Any:
    """Any JSON value, small, with the awkward ones over-represented."""
    pick = rng.randrange(12 if depth < 3 else 8)
    if pick == 0:
        return None
    if pick == 1:
        return rng.choice([True, False])
    if pick == 2:
        return rng.choice([0, -1, 1, 2**31, 2**63, 2**64, 2**70, -(2**70), 10**400 // 10**380])
    if pick == 3:
        return rng.choice([0.5, -0.0, 1e308, -1e-308, float("nan"), float("inf")])
    if pick in (4, 5, 6, 7):
        return random_text(rng)
    if pick in (8, 9):
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {random_text(rng, 8): random_json(rng, depth + 1) for _ in range(rng.randrange(4))}


def random_text(rng: random.Random, size: int = 24) -> str:
    alphabet = (
        string.ascii_letters + string.digits + string.punctuation + " \t\n"
        + "ПродажиСтратегия👩‍💻" + "\x00\x07\x1b\x7f\x85\u202e\u202d\u2066\ufeff\u200b"
    )  # fmt: skip
    text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(size + 1)))
    if rng.random() < 0.05:
        text += "\ud800"  # a lone surrogate (JSON can carry it, UTF-8 cannot)
    if rng.random() < 0.02:
        text = "x" * rng.choice([199, 200, 201, 2001, 100_000])
    return text


def mutate(rng: random.Random, value: Any, changes: int) -> Any:
    """`value` with a few random places replaced, deleted or added."""
    value = copy.deepcopy(value)
    for _ in range(changes):
        target, path = value, []
        while isinstance(target, dict | list) and target and rng.random() < 0.8:
            key = (
                rng.choice(list(target)) if isinstance(target, dict) else rng.randrange(len(target))
            )
            path.append((target, key))
            target = target[key]
        if not path:
            continue
        parent, key = path[-1]
        roll = rng.random()
        if roll < 0.7:
            parent[key] = random_json(rng)
        elif isinstance(parent, dict) and roll < 0.85:
            del parent[key]
        elif isinstance(parent, dict):
            parent[random_text(rng, 8)] = random_json(rng)
    return value


def body_for(rng: random.Random, route: str, backup: dict[str, Any]) -> bytes | None:
    roll = rng.random()
    if roll < 0.1:
        return None
    if roll < 0.15:
        return rng.choice([
            b"{", b"nul", b'{"title": NaN}', b"[" * 50_000, b'{"title": "\xff\xfe"}',
            b'{"title": "\\ud800"}', b"\x00" * 64,
            b'{"departments": ' + b"[" * 900 + b"]" * 900 + b"}",
        ])  # fmt: skip
    if route == "new":
        if roll < 0.5:
            spec = {"title": "Fuzz", "departments": ["A", {"name": "B", "color": "#123456"}],
                    "template": "strategy_day", "language": "ru"}  # fmt: skip
            return json.dumps(mutate(rng, spec, rng.randrange(1, 3))).encode()
        if roll < 0.8:
            return json.dumps({"backup": mutate(rng, backup, rng.randrange(1, 4))}).encode()
        if roll < 0.85:
            return json.dumps({"backup": backup}).encode()
    if route == "checkpoint" and roll < 0.6:
        return json.dumps({"label": random_json(rng) if rng.random() < 0.5 else "fuzz"}).encode()
    return json.dumps(random_json(rng)).encode()


ROUTES = [
    *[("POST", "/api/boards", "new")] * 4,  # the widest door: specs and backups
    ("GET", "/api/boards/{board}/export", "export"),
    ("GET", "/api/boards", "list"),
    ("GET", "/api/start", "start"),
    ("GET", "/api/boards/{board}", "summary"),
    ("GET", "/api/boards/{board}/links", "links"),
    ("GET", "/api/boards/{board}/report", "report"),
    ("GET", "/api/boards/{board}/export", "export"),
    ("POST", "/api/boards/{board}/tickets", "ticket"),
    ("GET", "/api/boards/{board}/checkpoints", "checkpoints"),
    ("POST", "/api/boards/{board}/checkpoints", "checkpoint"),
    ("POST", "/api/boards/{board}/checkpoints/{key}/restore", "restore"),
    ("GET", "/healthz", "health"),
    ("GET", "/metrics", "metrics"),
    ("GET", "/", "page"),
    ("GET", "/b/{board}", "page"),
    ("GET", "/ws/{board}", "socket"),
    ("GET", "/client/{junk}", "static"),
    ("GET", "/{junk}", "junk"),
]
FAKE_IDS = ["nosuch", "", "..", "%2e%2e", "a" * 300, "%00", "Доска", "x?y", "-", "%ff"]


def one_request(rng: random.Random, world: World, backup: dict[str, Any]) -> httpx.Request:
    method, template, route = rng.choice(ROUTES)
    if rng.random() < 0.08:
        method = rng.choice(["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "GET", "POST"])
    boards = list(world.boards)
    board = rng.choice(boards) if boards and rng.random() < 0.8 else rng.choice(FAKE_IDS)
    keys = world.checkpoints.get(board) or []
    key = rng.choice(keys) if keys and rng.random() < 0.7 else rng.choice(["nosuch", "..", ""])
    path = template.format(board=board, key=key, junk=rng.choice([*FAKE_IDS, "src/start/main.js"]))
    query: dict[str, str] = {}
    if route in ("export", "report") or rng.random() < 0.1:
        query["format"] = rng.choice(["html", "md", "csv", "json", "pdf", "", "JSON"])
        if rng.random() < 0.3:
            query["checkpoint"] = rng.choice([*keys, "nosuch", ""])
        if rng.random() < 0.3:
            query["ticket"] = rng.choice([*world.tickets, "forged", ""]) if world.tickets else "x"
    headers: dict[str, str | bytes] = {
        "content-type": rng.choice(["application/json", "text/plain", "", "x/y"])
    }
    roll = rng.random()
    tokens = world.boards.get(board) or {}
    admin_route = route in ("new", "list", "start")
    if roll < 0.6 and admin_route:
        headers["authorization"] = f"Bearer {world.admin}"
    elif roll < 0.6 and tokens:
        headers["authorization"] = f"Bearer {tokens['facilitator']}"
    elif roll < 0.65:
        headers["authorization"] = f"Bearer {world.admin}"
    elif roll < 0.7 and tokens:
        headers["authorization"] = f"Bearer {rng.choice(list(tokens.values()))}"
    elif roll < 0.85:
        headers["authorization"] = rng.choice([
            "Bearer", "Bearer ", "bearer  x", "Basic YWRtaW46YWRtaW4=", world.admin,
            f"Bearer {world.admin}x", f"Bearer {world.admin[:-1]}", "Bearer " + "A" * 5000,
            "Bearer eyJiIjoieCJ9.forged.sig", "Bearer \xe9t\xe9".encode("latin-1"),
        ])  # fmt: skip
    body = body_for(rng, route, backup) if method in ("POST", "PUT", "PATCH") else None
    return world.client.build_request(method, path, params=query, headers=headers, content=body)


def account(world: World, request: httpx.Request, response: httpx.Response) -> None:
    """Learn what a 2xx answer says was made (the only changes allowed)."""
    if not 200 <= response.status_code < 300 or request.method != "POST":
        return
    path = request.url.path
    answer = response.json()
    if path == "/api/boards" or path.endswith("/restore"):
        world.made.add(answer["id"])
        world.add(answer)
    elif path.endswith("/checkpoints"):
        board = path.split("/")[3]
        world.saved[board] += 1
        world.checkpoints.setdefault(board, []).append(answer["key"])
    elif path.endswith("/tickets"):
        world.tickets.append(answer["ticket"])


RAW = [
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    b"POST /api/boards HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
    b"POST /api/boards HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"POST /api/boards HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\n{}",
    b"GET /\x00 HTTP/1.1\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello
    b"GET / HTTP/9.9\r\n\r\n",
    b"GET /api/boards HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\r\n\r\n",
    b"GET /ws/x HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    b"GET " + b"/a" * 40_000 + b" HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 2000 + b"\r\n",
]


def raw_request(port: int, data: bytes) -> bytes:
    """Send `data` as it is, then read whatever the hub answers until it closes."""
    chunks: list[bytes] = []
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except OSError:
            pass  # a reset after the answer: what came before it counts
    return b"".join(chunks)


@pytest.mark.slow
def test_two_thousand_generated_requests_answer_below_500_and_refusals_change_nothing(
    hub: HubProcess,
) -> None:
    rng = random.Random(SEED)
    backup = day_backup()
    statuses: Counter[int] = Counter()
    with httpx.Client(base_url=hub.url, timeout=TIMEOUT * 2) as client:
        world = World(client, hub.admin_token)
        for title in ("One", "Two"):
            world.add(hub.new_board(title=title))
        answer = client.post(
            "/api/boards",
            json={"backup": backup},
            headers={"authorization": f"Bearer {world.admin}"},
        )
        assert answer.status_code == 201, answer.text
        world.add(answer.json())
        for board, tokens in world.boards.items():
            saved = client.post(
                f"/api/boards/{board}/checkpoints",
                json={"label": "before the fuzz"},
                headers={"authorization": f"Bearer {tokens['facilitator']}"},
            )
            world.checkpoints[board].append(saved.json()["key"])
        before = {board: world.state(board) for board in world.boards}
        listed_before = world.listed()

        failures: list[str] = []
        sent = 0
        while sent < REQUESTS:
            request = one_request(rng, world, backup)
            try:
                response = client.send(request)
            except httpx.LocalProtocolError:
                continue  # a header the client library itself will not send
            sent += 1
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                failures.append(f"#{sent} {request.method} {request.url} -> {response.status_code}")
            else:
                account(world, request, response)
        for i in range(RAW_REQUESTS):
            data = RAW[i % len(RAW)] if i < len(RAW) else rng.randbytes(rng.randrange(1, 400))
            answer_bytes = raw_request(hub.port, data)
            if answer_bytes.startswith(b"HTTP/1.1 5"):
                failures.append(f"raw {data[:60]!r} -> {answer_bytes[:40]!r}")
        print(f"seed {SEED}: {sum(statuses.values())} requests, statuses {dict(statuses)}")
        assert failures == [], f"seed {SEED}: " + "\n".join(failures[:20])
        assert sum(statuses.values()) >= 2000
        assert hub.proc is not None and hub.proc.poll() is None

        assert world.listed() == listed_before | world.made
        for board, (state, keys) in before.items():
            now_state, now_keys = world.state(board)
            assert now_state == state, f"board {board} changed"
            assert len(now_keys) == len(keys) + world.saved[board], board
            assert now_keys[: len(keys)] == keys
        assert statuses[201] > 20 and sum(n for s, n in statuses.items() if s >= 400) > 1000
