"""The hub command lines of docker-compose.yml, run outside Docker (no engine runs here):
every hub service starts with its exact arguments against a real redis-server standing in
for the `redis` service, and a board made on one hub is live on the other."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import yaml

from ..support import Client, HubProcess, RedisServer, free_port, note

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


def test_compose_has_redis_with_aof_two_hubs_and_a_proxy() -> None:
    services = compose()["services"]
    redis = services["redis"]["command"]
    assert "--appendonly" in redis and redis[redis.index("--appendonly") + 1] == "yes"
    hubs = [s for s in services.values() if s.get("command", [""])[0] == "crossboard"]
    assert len(hubs) >= 2 and all("--redis-url" in h["command"] for h in hubs)
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "Upgrade $http_upgrade" in nginx and nginx.count("server hub") == len(hubs)


async def test_every_compose_hub_command_serves_the_same_boards(tmp_path: Path) -> None:
    redis = RedisServer(tmp_path / "redis", appendonly=True).start()
    hubs: list[HubProcess] = []
    try:
        for name, service in compose()["services"].items():
            command = service.get("command", [])
            if not command or command[0] != "crossboard":
                continue
            port = free_port()
            swap = {
                "/data": str(tmp_path / name),
                "8000": str(port),
                "redis://redis:6379/0": redis.url,
            }
            args = [swap.get(arg, arg) for arg in command[1:]]
            hub = HubProcess(tmp_path / name, port=port)
            hubs.append(
                hub.start_command(
                    [sys.executable, "-m", "crossboard", *args],
                    env={"CROSSBOARD_SECRET": "compose-test-secret"},
                )
            )
        board = await asyncio.to_thread(hubs[0].new_board, title="Compose")
        assert board["links"]["facilitator"].startswith("http://localhost:8080/b/")
        first = await Client.join(hubs[0], board)
        last = await Client.join(hubs[-1], board, name="Bob", department="sales")
        await first.send_op(note("from-hub-1", "written on the first hub"))
        frame = await last.recv_until(lambda f: f["type"] == "applied")
        assert frame["op"]["item"]["text"] == "written on the first hub"
    finally:
        for hub in hubs:
            hub.stop()
        redis.stop()
