"""Load benchmarks of the crossboard hub and its baselines (see bench/README.md)."""
