"""Benchmark harness: `python benchmarks/run.py` (see README.md)."""
