"""How this hub process is run: address, storage, secrets, allowed origins, who may
create boards, which proxies are believed."""

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
    admin_token: str | None = None
    """Who may create and import boards (the start page's key). None: the data directory's
    own, made at first start (`<data-dir>/admin.token`, web/admin.py)."""
    open_board_creation: bool = False
    """A kiosk: anyone who reaches the hub may create and import boards (the old way)."""
    forwarded_allow_ips: str = ""
    """Proxies whose `X-Forwarded-For` is believed (comma-separated addresses or networks);
    empty: nobody's, every limit counts the TCP peer."""

    @property
    def base_url(self) -> str:
        """`public_url`, else `http://host:port`; a hub serving every interface (`--host
        0.0.0.0`) names the machine's address on the room's network, so phones can reach it."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = lan_address() if self.host in ("0.0.0.0", "::", "") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"


def lan_address() -> str:
    """This machine's non-loopback IPv4 address (the one its default route leaves by), or
    127.0.0.1 on a machine without a network. A UDP connect sends nothing."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            address = str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"
    return address if not address.startswith("127.") and address != "0.0.0.0" else "127.0.0.1"
