"""The engine a deployment's settings ask for: Redis when given a URL, else the embedded
SQLite one. Heavy dependencies are imported only when chosen."""

from __future__ import annotations

import os

from ..settings import Settings
from .base import Engine


class EngineSettingsError(ValueError):
    """The settings cannot make an engine (a message for the operator)."""


def make_engine(settings: Settings) -> Engine:
    if settings.redis_url:
        if not settings.secret:
            raise EngineSettingsError(
                "--redis-url needs --secret (or CROSSBOARD_SECRET): every hub of one "
                "deployment must sign join links with the same secret"
            )
        from .redis import RedisEngine

        window = int(os.environ.get("CROSSBOARD_REDIS_WINDOW", "10000"))
        return RedisEngine(settings.redis_url, window=window)
    from .memory import MemoryEngine

    return MemoryEngine(settings.data_dir)
