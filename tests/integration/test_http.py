"""HTTP routes and the CLI: board creation, health, security headers, `crossboard new-board`."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from ..support import Client, HubProcess


def post(hub: HubProcess, body: bytes) -> tuple[int, dict]:
    req = urllib.request.Request(
        f"{hub.url}/api/boards",
        data=body,
        method="POST",
        headers={"content-type": "application/json", **hub.admin_headers()},
    )
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as err:
        with err:
            return err.code, json.loads(err.read())


def test_a_new_board_is_laid_out_as_the_strategy_day(hub: HubProcess) -> None:
    status, made = post(
        hub,
        json.dumps(
            {
                "title": "Стратегическая сессия",
                "departments": ["Продукт", {"name": "Продажи", "color": "#123456"}, "Marketing"],
            }
        ).encode(),
    )
    assert status == 201
    assert made["title"] == "Стратегическая сессия"
    assert [d["name"] for d in made["departments"]] == ["Продукт", "Продажи", "Marketing"]
    assert made["departments"][1]["color"] == "#123456"
    assert set(made["links"]) == {"facilitator", "participant", "screen"}
    assert len({link.split("#t=")[1] for link in made["links"].values()}) == 3


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"title": ""}', b'{"title": "x", "extra": 1}', b'{"departments": "x"}', b"[1]"],
)
def test_a_bad_board_request_is_a_400_with_a_message(hub: HubProcess, body: bytes) -> None:
    status, answer = post(hub, body)
    assert status == 400 and answer["code"] == "invalid_request" and answer["message"]


async def test_the_default_board_has_every_block_of_the_day(hub: HubProcess) -> None:
    made = hub.new_board()
    client = await Client.join(hub, made, role="facilitator")
    kinds = {b["kind"] for b in client.welcome["board"]["blocks"].values()}
    assert kinds == {
        "notes",
        "perception",
        "results",
        "goal_tree",
        "swot",
        "action_plan",
        "poll",
        "agenda",
    }
    assert [d["id"] for d in client.welcome["board"]["departments"]] == [
        "product",
        "sales",
        "marketing",
    ]
    assert client.welcome["you"]["role"] == "facilitator"


async def test_the_strategy_day_comes_with_its_steps_unless_asked_not_to(hub: HubProcess) -> None:
    """E8: a board made with the default body (what the start page sends) has the session
    story's day on its agenda, ten steps, and the before/after poll, in the board's language;
    `agenda: false` gives the blocks alone."""
    status, made = post(hub, json.dumps({"title": "День", "language": "ru"}).encode())
    assert status == 201
    made["tokens"] = {role: link.split("#t=")[1] for role, link in made["links"].items()}
    client = await Client.join(hub, made, role="facilitator")
    board = client.welcome["board"]
    titles = [entry["title"] for entry in board["agenda"]["items"]]
    assert len(titles) == 10 and titles[0] == "Знакомство и ожидания"
    assert all(entry["step"]["blocks"] for entry in board["agenda"]["items"])
    assert board["polls"]["goal-poll"]["question"].startswith("Насколько достижимой")
    bare = await Client.join(hub, hub.new_board(), role="facilitator")
    assert bare.welcome["board"]["agenda"]["items"] == [] and bare.welcome["board"]["polls"] == {}


def test_an_empty_request_makes_a_default_board(hub: HubProcess) -> None:
    status, made = post(hub, b"")
    assert status == 201 and made["title"] == "Strategy session"


def test_health_and_security_headers(hub: HubProcess) -> None:
    with urllib.request.urlopen(f"{hub.url}/healthz") as r:
        health = json.loads(r.read())
        headers = r.headers
    assert health["status"] == "ok" and health["engine"] == "memory"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def assert_security_headers(headers: Any, what: str) -> None:
    """No script but the hub's own files (none at all is fine), no framing, no base
    tag, no sniffing, no referrer."""
    csp = {d.split()[0]: d.split()[1:] for d in headers["content-security-policy"].split("; ")}
    scripts = csp.get("script-src", csp["default-src"])
    assert scripts in (["'self'"], ["'none'"]), what
    assert csp["frame-ancestors"] == ["'none'"] and csp["base-uri"] == ["'none'"], what
    assert headers["x-frame-options"] == "DENY", what
    assert headers["x-content-type-options"] == "nosniff", what
    assert headers["referrer-policy"] == "no-referrer", what


def test_every_html_response_carries_the_security_headers(hub: HubProcess) -> None:
    """Every HTML the hub serves (the page under each of its paths, the facilitator's
    report, an error page) carries the CSP and the other security headers."""
    board = hub.new_board()
    auth = {"authorization": f"Bearer {board['tokens']['facilitator']}"}
    pages = {
        "/": {},
        f"/b/{board['id']}": {},
        "/client/index.html": {},
        f"/api/boards/{board['id']}/report": auth,
    }
    for path, headers in pages.items():
        with urllib.request.urlopen(urllib.request.Request(hub.url + path, headers=headers)) as r:
            assert r.headers.get_content_type() == "text/html", path
            assert_security_headers(r.headers, path)
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{hub.url}/no/such/page")
    with info.value as err:
        assert err.code == 404
        assert_security_headers(err.headers, "404")


def test_cli_new_board_prints_links_that_a_hub_on_the_same_data_dir_accepts(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "crossboard",
            "new-board",
            "--title",
            "From the CLI",
            "--data-dir",
            str(data),
            "--port",
            "9999",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = dict(line.split(None, 1) for line in out.splitlines()[1:])
    assert set(lines) == {"facilitator", "participant", "screen"}
    assert lines["facilitator"].startswith("http://127.0.0.1:9999/b/")
    board_id = lines["facilitator"].split("/b/")[1].split("#")[0]
    hub = HubProcess(data).start()
    try:
        with urllib.request.urlopen(f"{hub.url}/healthz") as r:
            assert r.status == 200
        made = {"id": board_id, "tokens": {r: v.split("#t=")[1] for r, v in lines.items()}}

        async def join() -> str:
            client = await Client.join(hub, made, role="facilitator")
            await client.close()
            return str(client.welcome["board"]["title"])

        assert asyncio.run(join()) == "From the CLI"
    finally:
        hub.stop()


def get_summary(hub: HubProcess, board_id: str, auth: str | None) -> tuple[int, dict]:
    headers = {"authorization": auth} if auth else {}
    req = urllib.request.Request(f"{hub.url}/api/boards/{board_id}", headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as err:
        with err:
            return err.code, json.loads(err.read())


def test_the_join_page_learns_title_departments_and_role_from_the_token(hub: HubProcess) -> None:
    made = hub.new_board(title="Join me")
    status, summary = get_summary(hub, made["id"], f"Bearer {made['tokens']['screen']}")
    assert status == 200
    assert summary["title"] == "Join me" and summary["role"] == "screen"
    assert [d["id"] for d in summary["departments"]] == ["product", "sales", "marketing"]
    other = hub.new_board(title="Other")
    assert get_summary(hub, made["id"], f"Bearer {other['tokens']['facilitator']}")[0] == 401
    assert get_summary(hub, made["id"], None)[0] == 401
    assert get_summary(hub, "nosuch", f"Bearer {made['tokens']['screen']}")[0] == 401


async def test_metrics_count_what_happened(hub: HubProcess) -> None:
    made = hub.new_board()
    client = await Client.join(hub, made)
    cid = await client.send_op({"kind": "item.add", "id": "n1", "block": "expectations",
                                "item": {"kind": "note", "text": "hi"}})  # fmt: skip
    await client.recv_until(lambda f: f.get("cid") == cid)

    def scrape() -> str:
        with urllib.request.urlopen(f"{hub.url}/metrics") as r:
            return str(r.read().decode())

    text = await asyncio.to_thread(scrape)
    values = {
        line.split()[0]: float(line.split()[1])
        for line in text.splitlines()
        if line.startswith("crossboard_") and " " in line
    }
    assert values["crossboard_connections"] == 1
    assert values["crossboard_rooms"] == 1
    assert values["crossboard_ops_applied_total"] >= 1
    assert values["crossboard_deliveries_total"] >= 1
