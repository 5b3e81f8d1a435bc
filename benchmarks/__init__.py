"""Benchmarks: a generated corpus with gold facts, and the scaling run (see README.md)."""
