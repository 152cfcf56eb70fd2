"""How this hub process is run: address, storage, secrets, allowed origins."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("data")
    redis_url: str | None = None
    secret: str | None = None
    """Signs join links. Every hub of one deployment needs the same one (with Redis)."""
    public_url: str | None = None
    """Base of the join links, e.g. https://board.example.org; default http://host:port."""
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    """Browser origins allowed on the websocket besides the hub's own."""

    @property
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"
