"""`GET /metrics`: the hub's counters and gauges in the Prometheus text format.

Built per scrape from the hub's own counters (a private registry, so several apps in one
process never collide); nothing on the hot path touches prometheus_client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, ProcessCollector, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from ..engine.base import Histogram
from ..hub.hub import Hub

COUNTERS = {
    "connections_opened": "Websocket connections accepted",
    "connections_refused": "Connections refused by a per-address or per-board limit",
    "ops_applied": "Log entries applied by this hub's rooms",
    "deliveries": "Applied frames queued to sockets",
    "socket_writes": "Socket writes (each carries one or more frames)",
    "frames_written": "Frames written to sockets (÷ socket_writes = frames per write)",
    "slow_consumer_closes": "Connections closed as slow consumers (4008)",
    "flood_closes": "Connections closed for flooding bytes (4009)",
    "resume_ops": "Resumes answered with the missed ops",
    "resume_full": "Resumes answered with the full board",
    "board_resets": "Boards re-seeded after their log was lost",
    "boards_restored": "Boards re-seeded from this hub's archive (Redis came back empty)",
    "snapshots_saved": "Snapshots this hub wrote (it held the board's lease)",
    "identities_refused": "Hellos refused for minting too many identities (4015)",
    "http_bodies_refused": "HTTP request bodies refused as too large (413)",
    "http_body_timeouts": "HTTP request bodies that stalled (408)",
    "http_header_timeouts": "HTTP requests whose headers came too slowly (408)",
    "http_headers_too_large": "HTTP requests whose headers were over 64 KiB (431)",
    "http_handshakes_evicted": "Slow HTTP requests closed to keep an address within its cap",
}

Gauges = dict[str, tuple[str, Callable[[], float]]]
"""Extra gauges: name -> (help, read the value now)."""


class HubCollector(Collector):
    def __init__(self, hub: Hub, gauges: Gauges | None = None) -> None:
        self.hub = hub
        self.gauges = gauges or {}

    def collect(self) -> Iterable[Metric]:
        for name, help_text in COUNTERS.items():
            counter = CounterMetricFamily(f"crossboard_{name}", help_text)
            counter.add_metric([], float(self.hub.metrics[name]))
            yield counter
        gauges = {
            "connections": ("Open websocket connections", len(self.hub.sessions)),
            "rooms": ("Boards open on this hub", len(self.hub.rooms)),
            "queue_bytes": (
                "Bytes waiting in send queues",
                sum(s.queued_bytes for s in self.hub.sessions),
            ),
        }
        for name, (help_text, value) in gauges.items():
            gauge = GaugeMetricFamily(f"crossboard_{name}", help_text)
            gauge.add_metric([], float(value))
            yield gauge
        for name, (help_text, read) in self.gauges.items():
            gauge = GaugeMetricFamily(f"crossboard_{name}", help_text)
            gauge.add_metric([], read())
            yield gauge
        yield _histogram(
            "crossboard_op_applied_ms",
            "ms from an op reaching this hub to its applied frame here",
            self.hub.op_latency,
        )
        engine = self.hub.engine
        round_trips = engine.round_trips
        if round_trips is not None:  # a remote store (Redis)
            yield _histogram(
                "crossboard_redis_write_ms", "ms per write batch round trip to Redis", round_trips
            )
            errors = CounterMetricFamily("crossboard_redis_errors", "Redis calls that failed")
            errors.add_metric([], float(engine.errors))
            yield errors
            for name, count in (("reconnects", engine.reconnects), ("rollbacks", engine.rollbacks)):
                counter = CounterMetricFamily(f"crossboard_redis_{name}", f"Redis {name}")
                counter.add_metric([], float(count))
                yield counter


def _histogram(name: str, help_text: str, hist: Histogram) -> Metric:
    family = HistogramMetricFamily(name, help_text)
    running = 0
    buckets: list[tuple[str, float]] = []
    for bound, count in zip(hist.buckets, hist.counts, strict=False):
        running += count
        buckets.append((str(float(bound)), float(running)))
    buckets.append(("+Inf", float(sum(hist.counts))))
    family.add_metric([], buckets, hist.total)
    return family


def registry_for(hub: Hub, gauges: Gauges | None = None) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=True)
    registry.register(HubCollector(hub, gauges))
    ProcessCollector(registry=registry)  # process CPU seconds, resident memory, open files
    return registry


def render(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)
