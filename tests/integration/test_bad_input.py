"""Bad input gets a defined answer and changes nothing (F1-F4, H1-H5, O1, O5, O6, R8).

Each case checks three things a user would: the answer (error frame, rejected frame or
close code), that the board is unchanged (a fresh client's welcome), and — where the error
is not fatal — that the same connection's next valid op still works.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import msgpack
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from ..support import TIMEOUT, Client, HubProcess, note, pack


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One hub for this module: each test gets its own board, which is isolation enough."""
    process = HubProcess(tmp_path_factory.mktemp("bad-input") / "data").start()
    try:
        yield process
    finally:
        process.stop()


async def board_state(hub: HubProcess, board: dict) -> tuple[int, dict[str, Any]]:
    probe = await Client.join(hub, board, role="screen", name="Probe", department=None)
    return probe.welcome["seq"], probe.welcome["board"]


async def still_works(client: Client, item_id: str = "after") -> None:
    cid = await client.send_op(note(item_id))
    frame = await client.recv_until(lambda f: f.get("cid") == cid)
    assert frame["type"] == "applied" and frame["op"]["id"] == item_id


async def closed_with(ws: Any) -> int:
    with pytest.raises(ConnectionClosed) as info:
        for _ in range(10):
            await asyncio.wait_for(ws.recv(), TIMEOUT)
    assert info.value.rcvd is not None, "closed without a close frame"
    return int(info.value.rcvd.code)


@pytest.fixture
async def joined(hub: HubProcess, board: dict) -> tuple[Client, int, dict[str, Any]]:
    client = await Client.join(hub, board)
    cid = await client.send_op(note("before"))
    await client.recv_until(lambda f: f.get("cid") == cid)
    seq, state = await board_state(hub, board)
    return client, seq, state


async def assert_unchanged(hub: HubProcess, board: dict, seq: int, state: dict) -> None:
    assert await board_state(hub, board) == (seq, state)


# Frame-level errors: answered with `error`, the connection stays usable.


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        pytest.param(b"\xc1\x00garbage", "malformed", id="not-msgpack"),
        pytest.param(b"\xa3\xff\xfe\xfd", "malformed", id="invalid-utf8"),
        pytest.param(pack([1, 2, 3]), "malformed", id="not-a-map"),
        pytest.param(b"\x91" * 5000, "malformed", id="deep-nesting"),
        pytest.param(pack({"type": "dance"}), "unknown_type", id="unknown-type"),
        pytest.param(pack({"no": "type"}), "unknown_type", id="no-type"),
        pytest.param(pack({"type": "ping", "extra": 1}), "invalid_frame", id="extra-field"),
        pytest.param(
            pack({"type": "op", "op": {"kind": "item.remove", "id": "x"}}),
            "invalid_frame",
            id="op-without-cid",
        ),
    ],
)
async def test_malformed_frames_get_an_error_and_change_nothing(
    hub: HubProcess, board: dict, joined: tuple, raw: bytes, code: str
) -> None:
    """F1, F2, F3."""
    client, seq, state = joined
    await client.ws.send(raw)
    frame = await client.recv()
    assert frame["type"] == "error" and frame["code"] == code, frame
    assert frame["message"]
    await assert_unchanged(hub, board, seq, state)
    await still_works(client)


async def test_a_text_frame_is_malformed(hub: HubProcess, board: dict, joined: tuple) -> None:
    """F1: frames are binary."""
    client, seq, state = joined
    await client.ws.send('{"type": "ping"}')
    frame = await client.recv()
    assert (frame["type"], frame["code"]) == ("error", "malformed")
    await assert_unchanged(hub, board, seq, state)
    await still_works(client)


# Op-level errors: answered with `rejected` carrying the cid.


@pytest.mark.parametrize(
    ("op", "code"),
    [
        pytest.param({"kind": "item.explode", "id": "x"}, "unknown_op", id="unknown-op-kind"),
        pytest.param({"kind": "item.remove", "id": 42}, "invalid_op", id="wrong-field-type"),
        pytest.param(
            {"kind": "item.move", "id": "before", "x": "left"}, "invalid_op", id="string-for-number"
        ),
        pytest.param(
            {"kind": "item.move", "id": "before", "x": float("nan")},
            "invalid_op",
            id="nan-coordinate",
        ),
        pytest.param(note("long", "x" * 2001), "text_too_long", id="text-over-limit"),
        pytest.param(note("bad id!"), "invalid_op", id="bad-id"),
        pytest.param({"kind": "item.remove", "id": "nope"}, "not_found", id="missing-target"),
        pytest.param(note("before"), "duplicate_id", id="duplicate-id"),
        pytest.param(note("n", block="swot"), "wrong_block", id="note-in-swot"),
        pytest.param(
            {"kind": "block.remove", "id": "swot"}, "forbidden", id="participant-block-op"
        ),
        pytest.param(
            {"kind": "item.update", "id": "before", "set": {"title": "x"}},
            "invalid_patch",
            id="field-of-another-kind",
        ),
    ],
)
async def test_invalid_ops_are_rejected_with_their_cid_and_change_nothing(
    hub: HubProcess, board: dict, joined: tuple, op: dict, code: str
) -> None:
    """O1, R2, R3, R4, R8."""
    client, seq, state = joined
    cid = await client.send_op(op)
    frame = await client.recv()
    assert frame["type"] == "rejected", frame
    assert (frame["cid"], frame["code"]) == (cid, code), frame
    assert frame["message"]
    await assert_unchanged(hub, board, seq, state)
    await still_works(client)


async def test_the_screen_may_not_edit(hub: HubProcess, board: dict, joined: tuple) -> None:
    """R8: the projector view is read-only, enforced by the server."""
    _, seq, state = joined
    screen = await Client.join(hub, board, role="screen", name="Projector", department=None)
    cid = await screen.send_op(note("from-screen"))
    frame = await screen.recv()
    assert (frame["type"], frame["cid"], frame["code"]) == ("rejected", cid, "forbidden")
    await assert_unchanged(hub, board, seq, state)


async def test_a_second_hello_is_an_error(hub: HubProcess, board: dict, joined: tuple) -> None:
    """H7."""
    client, _, _ = joined
    await client.ws.send(
        pack(
            {
                "type": "hello",
                "protocol": 1,
                "board": board["id"],
                "token": board["tokens"]["participant"],
                "name": "Again",
            }
        )
    )
    frame = await client.recv()
    assert (frame["type"], frame["code"]) == ("error", "already_joined")
    await still_works(client)


async def test_ping_gets_pong_with_server_time(joined: tuple) -> None:
    client, _, _ = joined
    await client.ws.send(pack({"type": "ping"}))
    frame = await client.recv()
    assert frame["type"] == "pong" and frame["server_time"] > 1_700_000_000_000


async def test_over_the_rate_limit_ops_are_rejected_then_accepted_again(
    hub: HubProcess, board: dict
) -> None:
    """O6: a burst past the per-connection bucket is refused op by op, nothing half-done."""
    client = await Client.join(hub, board)
    cids = [await client.send_op(note(f"r{i}")) for i in range(200)]
    answers: dict[str, str] = {}
    while len(answers) < len(cids):
        frame = await client.recv()
        if frame["type"] in ("applied", "rejected") and frame["cid"] in cids:
            answers[frame["cid"]] = frame["type"] if frame["type"] == "applied" else frame["code"]
    applied = [c for c in cids if answers[c] == "applied"]
    limited = [c for c in cids if answers[c] == "rate_limited"]
    assert len(applied) + len(limited) == 200
    assert 100 <= len(applied) < 200 and limited
    _, state = await board_state(hub, board)
    assert len(state["items"]) == len(applied)
    await asyncio.sleep(1.0)  # time passes: the bucket refills at its ops per second
    await still_works(client, "after-pause")


async def test_a_resent_cid_is_applied_once(hub: HubProcess, board: dict) -> None:
    """O4: re-sending an op with the same cid (after a timeout) never applies it twice."""
    client = await Client.join(hub, board)
    cid = await client.send_op(note("once"))
    first = await client.recv_until(lambda f: f.get("cid") == cid)
    for op in (note("once"), {"kind": "item.update", "id": "once", "set": {"text": "x"}}):
        await client.send_op(op, cid=cid)
        again = await client.recv_until(lambda f: f.get("cid") == cid)
        assert again == first
    seq, state = await board_state(hub, board)
    assert seq == 1 and state["items"]["once"]["text"] == "hello"


# Fatal errors: the connection is closed with a documented code.


async def hello_and_close_code(hub: HubProcess, board_id: str, frame: Any) -> int:
    ws = await websockets.connect(hub.ws_url(board_id))
    await ws.send(frame if isinstance(frame, bytes) else pack(frame))
    return await closed_with(ws)


def hello(made: dict, **changes: Any) -> dict[str, Any]:
    return {
        "type": "hello",
        "protocol": 1,
        "board": made["id"],
        "token": made["tokens"]["participant"],
        "name": "Eve",
        **changes,
    }


async def test_an_op_before_hello_closes_4003(hub: HubProcess, board: dict) -> None:
    """H1."""
    op = {"type": "op", "cid": "c1", "op": note("early")}
    assert await hello_and_close_code(hub, board["id"], op) == 4003
    seq, _ = await board_state(hub, board)
    assert seq == 0


async def test_garbage_before_hello_closes_4003(hub: HubProcess, board: dict) -> None:
    """H1, F1."""
    assert await hello_and_close_code(hub, board["id"], b"\x00\x01") == 4003


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("not-a-token", id="garbage"),
        pytest.param("eyJiIjoieCIsInIiOiJmYWNpbGl0YXRvciJ9.forged", id="forged"),
    ],
)
async def test_a_bad_token_closes_4001(hub: HubProcess, board: dict, token: str) -> None:
    """H3."""
    assert await hello_and_close_code(hub, board["id"], hello(board, token=token)) == 4001


async def test_a_token_for_another_board_closes_4001(hub: HubProcess, board: dict) -> None:
    """H3: a token is scoped to one board."""
    other = hub.new_board(title="Other")
    frame = hello(other, board=board["id"])
    assert await hello_and_close_code(hub, board["id"], frame) == 4001


async def test_another_protocol_version_closes_4002(hub: HubProcess, board: dict) -> None:
    """H2."""
    assert await hello_and_close_code(hub, board["id"], hello(board, protocol=99)) == 4002


async def test_an_unknown_board_closes_4004(hub: HubProcess, board: dict) -> None:
    """H4."""
    frame = hello(board, board="nosuchboard")
    assert await hello_and_close_code(hub, "nosuchboard", frame) in (4001, 4004)


async def test_an_unknown_department_closes_4003(hub: HubProcess, board: dict) -> None:
    """H6: `welcome.you` is the participant {id, name, department, role} and its number
    in the room `n` (P2); reconnecting as
    `you.id` (with its credential) keeps it; a department not on the board closes 4003."""
    ann = await Client.join(hub, board, name="Ann", department="sales")
    you = ann.welcome["you"]
    assert you == {
        "id": you["id"], "name": "Ann", "department": "sales", "role": "participant",
        "n": you["n"],
    }  # fmt: skip
    await ann.close()
    back = await Client.join(
        hub, board, name="Ann", participant=you["id"], credential=ann.welcome["credential"]
    )
    assert back.welcome["you"] == you
    await back.close()
    assert await hello_and_close_code(hub, board["id"], hello(board, department="hr")) == 4003


async def test_no_hello_in_time_closes_4005(tmp_path: Any) -> None:
    """H5."""
    hub = HubProcess(tmp_path / "data", env={"CROSSBOARD_HELLO_TIMEOUT": "0.5"}).start()
    try:
        board = hub.new_board()
        ws = await websockets.connect(hub.ws_url(board["id"]))
        assert await closed_with(ws) == 4005
    finally:
        hub.stop()


async def test_an_oversize_frame_closes_1009_and_changes_nothing(
    hub: HubProcess, board: dict, joined: tuple
) -> None:
    """F4: frames over 64 KiB are not read."""
    client, seq, state = joined
    big = pack({"type": "op", "cid": "big", "op": note("big", "x" * 100_000)})
    await client.ws.send(big)
    assert await closed_with(client.ws) == 1009
    await assert_unchanged(hub, board, seq, state)


async def test_a_foreign_origin_is_refused(hub: HubProcess, board: dict) -> None:
    """H8: cross-site websocket hijacking: a page on another origin cannot connect."""
    with pytest.raises(InvalidStatus) as info:
        await websockets.connect(hub.ws_url(board["id"]), origin="https://evil.example")
    assert info.value.response.status_code == 403
    ws = await websockets.connect(hub.ws_url(board["id"]), origin=hub.url)
    await ws.send(pack(hello(board)))
    assert msgpack.unpackb(await ws.recv())["type"] == "welcome"
    await ws.close()
