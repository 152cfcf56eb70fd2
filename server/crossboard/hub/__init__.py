"""Rooms, sessions, send queues and fan-out. Knows the engine interface, not Starlette."""
