"""crossboard: a real-time collaborative board for facilitated strategy sessions."""

__version__ = "0.1.0"
