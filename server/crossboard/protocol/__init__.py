"""The wire contract: frames, ops, codes and limits. Pure: imports no I/O."""
