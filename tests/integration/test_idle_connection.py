"""Memory per idle connection (issue 20, goal ≤ 20 KB): a welcomed person in a quiet room
holds nothing of their handshake (its headers stay with uvicorn's protocol, the scope,
Starlette and websockets' parser for the connection's life otherwise), no send queue, and
no suspended router or exception-middleware frame. The hub runs in this test's process,
with the command line's uvicorn configuration, so its objects can be looked at; the
figures are in docs/benchmarks.md ("Join storm")."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn

from crossboard.settings import Settings
from crossboard.web.app import create_app
from crossboard.web.serving import server_config

from ..support import Client, HubProcess, until


def awaited_files(task: asyncio.Task[Any]) -> Iterator[str]:
    """The source files of every coroutine suspended in `task`, outermost first."""
    coro: Any = task.get_coro()
    while coro is not None and hasattr(coro, "cr_code"):
        yield coro.cr_code.co_filename
        coro = coro.cr_await


async def test_an_idle_connection_keeps_nothing_of_its_handshake(tmp_path: Path) -> None:
    urls = HubProcess(tmp_path / "data")  # its port, URLs and admin token; not started
    settings = Settings(port=urls.port, data_dir=urls.data_dir)
    app = create_app(settings)
    server = uvicorn.Server(server_config(app, settings, "warning"))
    serving = asyncio.create_task(server.serve())
    try:
        await until(lambda: server.started, "the hub serves")
        board = await asyncio.to_thread(urls.new_board, title="Idle")
        ann = await Client.join(urls, board)
        [session] = app.state.hub.sessions
        outbox = session.outbox
        await until(lambda: not outbox.holds_queue, "the welcome and the presence written")
        websocket = session.transport.websocket
        assert websocket.scope["headers"] == []
        protocol = websocket.scope["crossboard.raw_send"].__self__
        assert protocol.request is None and protocol.response is None
        [task] = [t for t in asyncio.all_tasks() if any("socket.py" in f for f in awaited_files(t))]
        frames = list(awaited_files(task))
        assert not [f for f in frames if f.endswith(("routing.py", "exceptions.py"))], frames
        await ann.close()
    finally:
        server.should_exit = True
        await serving
