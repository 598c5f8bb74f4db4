"""Benchmarks: scripts that print figures (accuracy, speed, memory, scale), never tests.

Run them from the repository root as modules, e.g. `python -m bench.accuracy`; they import
each other as `bench.<module>`, and the tests import their scorers the same way.
"""
