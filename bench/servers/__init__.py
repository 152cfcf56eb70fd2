"""Baseline servers the bench compares crossboard with."""
