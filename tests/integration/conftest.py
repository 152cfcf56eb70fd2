"""Integration tests talk to real `crossboard serve` processes over real websockets
(`close_clients` in tests/conftest.py closes what they open)."""
