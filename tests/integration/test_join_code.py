"""Joining from the room (issue 18), against real `crossboard serve` processes: the join
slide's code and QR, `/join` with the code, its rate limit, its end with the link version,
and `--host 0.0.0.0` links that carry the machine's address on the room's network."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from ..support import TIMEOUT, Client, HubProcess, free_port


def call(
    hub: HubProcess,
    method: str,
    path: str,
    *,
    token: str | None = None,
    form: dict[str, str] | None = None,
    body: Any = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", hub.port, timeout=TIMEOUT)
    headers: dict[str, str] = {}
    data: bytes | None = None
    if token:
        headers["authorization"] = f"Bearer {token}"
    if form is not None:
        data = urlencode(form).encode()
        headers["content-type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["content-type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    out = response.read()
    found = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, found, out


def join_info(hub: HubProcess, board: dict[str, Any], role: str = "screen") -> dict[str, Any]:
    status, _, body = call(
        hub, "GET", f"/api/boards/{board['id']}/join", token=board["tokens"][role]
    )
    assert status == 200, body
    info: dict[str, Any] = json.loads(body)
    return info


def is_participant_link(hub: HubProcess, board: dict[str, Any], url: str) -> bool:
    """A join link to this board whose token grants the participant role (links made at
    different times differ: the token carries its signing time)."""
    prefix = f"{hub.url}/b/{board['id']}#t="
    if not url.startswith(prefix):
        return False
    status, _, body = call(hub, "GET", f"/api/boards/{board['id']}", token=url[len(prefix) :])
    return status == 200 and json.loads(body)["role"] == "participant"


def test_the_join_slide_gives_a_code_a_qr_and_the_participant_link(hub: HubProcess) -> None:
    """The projector and the facilitator get the code, the link and its QR; a participant
    does not (they could not show it to the room anyway)."""
    board = hub.new_board(title="Strategy day")
    info = join_info(hub, board)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", info["code"]), info["code"]
    assert is_participant_link(hub, board, info["url"])
    assert info["join_url"] == f"{hub.url}/join"
    assert info["qr"].startswith("<svg") and "</svg>" in info["qr"]
    assert join_info(hub, board, "facilitator")["code"] == info["code"]
    status, _, _ = call(
        hub, "GET", f"/api/boards/{board['id']}/join", token=board["tokens"]["participant"]
    )
    assert status == 401
    status, _, _ = call(hub, "GET", f"/api/boards/{board['id']}/join")
    assert status == 401


def test_the_code_typed_at_join_leads_to_the_participant_link(hub: HubProcess) -> None:
    """`/join` is a plain form (no script): the code, with spaces or in lower case, redirects
    to the participant link; a wrong code says so in the page's language."""
    board = hub.new_board(title="Strategy day")
    code = join_info(hub, board)["code"]
    status, headers, page = call(hub, "GET", "/join")
    assert status == 200 and b'name="code"' in page and b"<label" in page
    typed = f"{code[:3].lower()} {code[3:]}"
    status, headers, _ = call(hub, "POST", "/join", form={"code": typed})
    assert status == 303
    assert is_participant_link(hub, board, headers["location"])
    status, _, body = call(hub, "POST", "/api/join", body={"code": code})
    assert status == 200 and is_participant_link(hub, board, json.loads(body)["url"])
    wrong = "".join("2" if ch != "2" else "3" for ch in code)
    status, _, page = call(hub, "POST", "/join", form={"code": wrong})
    assert status == 404 and b'role="alert"' in page


async def test_the_code_ends_with_the_link_version(hub: HubProcess) -> None:
    """A5: after `link.rotate`, the old code leads nowhere and the slide shows a new one."""
    board = hub.new_board(title="Strategy day")
    old = join_info(hub, board)["code"]
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await fay.send_op({"kind": "link.rotate", "role": "participant"})
    while (await fay.recv())["type"] != "applied":
        pass
    status, _, _ = call(hub, "POST", "/join", form={"code": old})
    assert status == 404
    fresh = join_info(hub, board)
    assert fresh["code"] != old and fresh["version"] == 2
    status, headers, _ = call(hub, "POST", "/join", form={"code": fresh["code"]})
    assert status == 303 and is_participant_link(hub, board, headers["location"])
    assert "#t=" in fresh["url"] and fresh["url"] != board["links"]["participant"]


def test_tries_at_join_are_rate_limited(tmp_path: Path) -> None:
    """Guessing codes: past the per-address budget, even the right code waits (429)."""
    hub = HubProcess(tmp_path / "data")
    hub.env["CROSSBOARD_JOIN_TRIES_PER_MINUTE"] = "3"
    hub.start()
    try:
        board = hub.new_board(title="Strategy day")
        code = join_info(hub, board)["code"]
        for _ in range(3):
            assert call(hub, "POST", "/join", form={"code": "ZZZZZZ"})[0] == 404
        status, _, page = call(hub, "POST", "/join", form={"code": code})
        assert status == 429 and b'role="alert"' in page
        assert call(hub, "POST", "/api/join", body={"code": code})[0] == 429
    finally:
        hub.stop()


def test_serving_the_room_prints_links_with_the_machines_address(tmp_path: Path) -> None:
    """`crossboard serve --host 0.0.0.0` (what `make run HOST=0.0.0.0` runs) without
    `--public-url` prints the start link with this machine's non-loopback address."""
    port = free_port()
    cmd = [sys.executable, "-m", "crossboard", "serve", "--host", "0.0.0.0", "--port", str(port)]
    cmd += ["--data-dir", str(tmp_path / "data"), "--log-level", "warning"]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
        finally:
            proc.terminate()
            proc.communicate(timeout=2 * TIMEOUT)
    found = re.search(r"http://([0-9.]+):(\d+)/#admin=", line)
    assert found, line
    assert found.group(2) == str(port)
    address = found.group(1)
    assert not address.startswith("127.") and address != "0.0.0.0", line


def test_make_run_passes_host_through() -> None:
    """The Makefile's `run` takes HOST (default loopback) to `crossboard serve --host`."""
    made = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "serve --host 0.0.0.0" in made.stdout
