"""Limits and timings of the hub, in one place (documented in shared/PROTOCOL.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class HubConfig:
    max_queue_bytes: int = 4 * 1024 * 1024
    """Bytes waiting in one connection's send queue before it is closed as slow (4008)."""
    ops_per_second: float = 30.0
    ops_burst: float = 120.0
    """Per-participant op rate limit (token bucket, kept across reconnects while it is not
    full again); over it an op is rejected `rate_limited`."""
    cursor_per_second: float = 30.0
    """Per-connection cursor/editing updates; over it they are dropped (latest wins)."""
    volatile_tick: float = 0.05
    """Seconds between batched `cursors` frames while anything moves."""
    write_hold: float = 0.003
    """Coalescing of writes when busy: after a flush of the send queues, the next one waits
    until this many seconds have passed (an idle room's frame leaves at once). 2-5 ms
    keeps frames per socket write high under load for a delay nobody sees; 0 turns it
    off (`CROSSBOARD_WRITE_HOLD`)."""
    bytes_per_second: float = 256 * 1024
    bytes_burst: float = 2 * 1024 * 1024
    """Inbound bytes per connection (token bucket), counted before a frame is decoded; far
    over it the connection is closed with 4009 (flood)."""
    bytes_per_frame: int = 1024
    """What each inbound websocket message costs on top of its length, so the byte budget
    is also a frame budget (≈ 250 small frames/s, bursts of ≈ 2,000; a person sends < 60)."""
    flood_cooldown: float = 5.0
    flood_cooldown_max: float = 60.0
    """After a 4009, new connections from that address are refused (HTTP 429, before the
    websocket opens) for `flood_cooldown` seconds, doubled for each further 4009 within
    `flood_memory`, at most `flood_cooldown_max`. 0 turns the cooldown off."""
    flood_memory: float = 600.0
    """Seconds a 4009 is remembered: meanwhile the address's new connections start on
    probation, with no burst credit (one op, then the rate; one second's worth of bytes)."""
    ip_ops_per_second: float = 600.0
    """Ops per second from one IP address over all its connections (a whole office can sit
    behind one NAT address, so this is generous); over it: `rate_limited`."""
    max_connections_per_ip: int = 500
    max_connections_per_board: int = 2000
    """Over either, a new connection is closed with 4013 before its hello is read."""
    boards_per_hour_per_ip: int = 60
    """`POST /api/boards` per address per hour; over it: HTTP 429."""
    max_in_flight: int = 1000
    """Ops of one connection sent but not yet sequenced; over it: `rate_limited`."""
    identities_per_minute: int = 60
    """New identities one address may mint per board in any minute (I4): a room of people
    behind one NAT address joins at once; a script minting sock puppets does not."""
    exercise_tick: float = 1.0
    """Ballots reach others coalesced at most this often, never one frame per ballot (E7)."""
    hello_timeout: float = 10.0
    """Seconds a new connection has to send its `hello` (else 4005)."""
    snapshot_every: int = 1000
    """Ops between automatic snapshots of a board."""
    resume_window: int = 10_000
    """Most ops a resume may carry; further behind, the client gets the full board."""
    recent_entries: int = 5000
    """Applied frames a room keeps in memory to answer resumes without the engine."""
    room_linger: float = 30.0
    """Seconds a room stays loaded after its last client left (reconnects are cheap)."""
    max_json_bytes: int = 64 * 1024
    """Largest request body of every HTTP route but `POST /api/boards`; over it: 413,
    answered while the body streams, before the hub holds more of it (web/bodies.py)."""
    max_backup_bytes: int = 8 * 1024 * 1024
    """Largest body of `POST /api/boards`, which may carry a whole backup; over it: 413."""
    body_timeout: float = 10.0
    """Seconds a request body may stall between two chunks; then: 408."""
    header_timeout: float = 10.0
    """Seconds a connection has to send a request's headers, from its first byte (or from
    connecting); then it is closed with 408 (web/handshakes.py)."""
    handshakes_per_ip: int = 32
    """Requests whose headers are still coming, per address. Over it, the address's oldest
    ones that are older than `handshake_grace` are closed: a burst of fresh connections
    passes, half-sent requests do not pile up."""
    handshake_grace: float = 1.0
    """How long a request may take over its headers before it counts as slow."""
    volatile_full_rate: int = 500
    """People connected to a room on this hub up to which `volatile_tick` holds; past it
    the tick stretches in proportion (1,000 people: 100 ms, 10 Hz), so a room's cursor
    bytes per second grow with its size, not its square (P2). 0: never stretched."""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> HubConfig:
        """Defaults, overridden by `CROSSBOARD_<FIELD>` variables (e.g. in tests)."""
        env = os.environ if environ is None else environ
        config = cls()
        changes: dict[str, float | int] = {}
        for f in fields(cls):
            raw = env.get(f"CROSSBOARD_{f.name.upper()}")
            if raw is not None:
                changes[f.name] = type(getattr(config, f.name))(raw)
        return replace(config, **changes)  # type: ignore[arg-type]
