"""bench/incremental_projection.py: a model's time in the increment is a line through the two
sizes measured, and the growth in node-seconds reaches the wall time through dbt's
parallelism."""

from __future__ import annotations

from typing import Any

from bench.incremental_projection import project


def _report(notices: int, seconds: float, models: dict[str, float], tests: float) -> dict[str, Any]:
    node_seconds = sum(models.values()) + tests
    return {
        "notices": notices,
        "builds": [
            {
                "build": "+100 notices, incremental",
                "seconds": seconds,
                "load_average_1min": [1.0, 1.0],
                "dbt_elapsed_seconds": node_seconds / 2,  # two threads, both busy
                "data_tests_seconds": tests,
                "model_seconds": models,
            }
        ],
    }


def test_a_whole_table_model_grows_with_n_and_a_constant_one_does_not() -> None:
    small = _report(3000, 40.0, {"whole": 1.0, "by_notice": 2.0}, tests=10.0)
    large = _report(6000, 42.0, {"whole": 2.0, "by_notice": 2.0}, tests=10.0)
    projected = project(small, large, 30_000)
    # whole: 1 s per 3,000 notices, 8 s more from 6,000 to 30,000, at parallelism 2
    assert projected["added_node_seconds"] == 8.0
    assert projected["projected_seconds"] == 46.0
    assert projected["projected_seconds_serial_bound"] == 50.0
    assert projected["largest_growth"] == [("whole", 8.0)]
