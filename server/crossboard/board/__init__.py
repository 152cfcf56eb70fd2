"""The pure core: board state, the reducer, ordering keys, templates. No I/O, no await."""
