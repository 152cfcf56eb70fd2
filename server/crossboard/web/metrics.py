"""`GET /metrics`: the hub's counters and gauges in the Prometheus text format.

Built per scrape from the hub's own counters (a private registry, so several apps in one
process never collide); nothing on the hot path touches prometheus_client.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

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
}


class HubCollector(Collector):
    def __init__(self, hub: Hub) -> None:
        self.hub = hub

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


def registry_for(hub: Hub) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=True)
    registry.register(HubCollector(hub))
    return registry


def render(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)
