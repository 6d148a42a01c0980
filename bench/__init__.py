"""Benchmarks for ccpi-tui: a synthetic archive generator and its runner."""
