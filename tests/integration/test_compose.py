"""The hub command lines of docker-compose.yml, run outside Docker (no engine runs here)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import yaml

from ..support import Client, HubProcess, free_port

ROOT = Path(__file__).resolve().parents[2]


def hub_commands() -> dict[str, list[str]]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return {
        name: service["command"]
        for name, service in compose["services"].items()
        if service.get("command", [""])[0] == "crossboard"
    }


async def test_every_compose_hub_command_serves_a_board(tmp_path: Path) -> None:
    commands = hub_commands()
    assert commands, "docker-compose.yml runs no crossboard hub"
    for name, command in commands.items():
        port = free_port()
        args = [
            {"/data": str(tmp_path / name), "8000": str(port)}.get(arg, arg) for arg in command[1:]
        ]
        hub = HubProcess(tmp_path / name, port=port)
        hub.start_command(
            [sys.executable, "-m", "crossboard", *args],
            env={"CROSSBOARD_SECRET": "compose-test-secret"},
        )
        try:
            board = await asyncio.to_thread(hub.new_board, title=name)
            assert board["links"]["facilitator"].startswith("http://localhost:8000/b/")
            client = await Client.join(hub, board, role="facilitator")
            assert client.welcome["board"]["title"] == name
        finally:
            hub.stop()
