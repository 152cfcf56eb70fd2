"""How uvicorn serves the hub: one place for the command line and for tests that run a
hub inside their own process."""

from __future__ import annotations

import logging

import uvicorn
from starlette.applications import Starlette

from ..protocol.limits import MAX_FRAME_BYTES
from ..settings import Settings
from .handshakes import guarded_protocol

log = logging.getLogger("crossboard.cli")


def server_config(app: Starlette, settings: Settings, log_level: str) -> uvicorn.Config:
    """uvicorn's configuration for `app` (websockets-sansio without permessage-deflate:
    the hub frames each message once for a whole audience, hub/wire.py)."""
    http = guarded_protocol(app.state.handshakes)
    if http is None:
        log.warning("httptools is missing: request headers have no deadline")
    trusted = settings.forwarded_allow_ips
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        http=http or "auto",
        ws="websockets-sansio",
        ws_max_size=MAX_FRAME_BYTES,
        ws_per_message_deflate=False,  # small frames: deflate halves throughput
        proxy_headers=bool(trusted),  # uvicorn would otherwise believe 127.0.0.1
        forwarded_allow_ips=trusted or None,
        lifespan="on",
        log_level=log_level,
        log_config=None,  # keep our handlers (logs.configure): JSON lines when asked
        access_log=log_level == "debug",
    )
