"""Benchmarks: scripts that print figures. They are not tests and set no thresholds."""
