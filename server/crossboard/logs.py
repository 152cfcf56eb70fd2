"""Log lines as JSON (`--log-format json`): one object per line with the time, level,
logger, message and, where the line is about one, the board, participant and close code,
so an operator can filter a day's session by board or find every 4009."""

from __future__ import annotations

import json
import logging
import time

FIELDS = ("board", "participant", "code", "reason", "ip")
"""`extra={...}` keys copied into the JSON object when a log call gives them."""


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in FIELDS:
            value = getattr(record, key, None)
            if value is not None:
                out[key] = value
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def configure(fmt: str, level: int = logging.INFO) -> None:
    """Text (the default, for a terminal) or JSON lines (for a log collector)."""
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
