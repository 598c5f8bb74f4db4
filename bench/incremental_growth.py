"""What grows in a 100-notice increment: dbt's node times of the incremental build at two
warehouse sizes, side by side, from two `bench.incremental` reports (same increment, same
notices a county).

    python -m bench.incremental_growth OUT/incremental-1500-10-a-county.json \
        OUT/incremental-5000-10-a-county.json [--top 15]

Prints one JSON object: the build's wall, CPU and dbt's elapsed time at each size, and the
models and data tests (summed by the model they test) whose seconds grew most from the
smaller to the larger warehouse, largest first. dbt's node times are wall times on a
shared machine: read them with the load average the reports give.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.incremental_projection import incremental_build


def growth(small: dict[str, Any], large: dict[str, Any], top: int) -> dict[str, Any]:
    a, b = incremental_build(small), incremental_build(large)
    nodes: dict[str, tuple[float, float]] = {}
    for model in set(a["model_seconds"]) | set(b["model_seconds"]):
        nodes[model] = (a["model_seconds"].get(model, 0.0), b["model_seconds"].get(model, 0.0))
    tests_a = a.get("data_tests_seconds_by_model", {})
    tests_b = b.get("data_tests_seconds_by_model", {})
    for model in set(tests_a) | set(tests_b):
        nodes[f"(tests of {model})"] = (tests_a.get(model, 0.0), tests_b.get(model, 0.0))
    grown = sorted(nodes.items(), key=lambda item: -(item[1][1] - item[1][0]))[:top]
    return {
        "notices": [small["notices"], large["notices"]],
        "wall_seconds": [a["seconds"], b["seconds"]],
        "cpu_seconds": [a["cpu_seconds"], b["cpu_seconds"]],
        "dbt_elapsed_seconds": [a["dbt_elapsed_seconds"], b["dbt_elapsed_seconds"]],
        "data_tests_seconds": [a["data_tests_seconds"], b["data_tests_seconds"]],
        "load_average_1min": [a["load_average_1min"], b["load_average_1min"]],
        "largest_growth": [
            (name, before, after, round(after - before, 2)) for name, (before, after) in grown
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("small", type=Path)
    parser.add_argument("large", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    small = json.loads(args.small.read_text(encoding="utf-8"))
    large = json.loads(args.large.read_text(encoding="utf-8"))
    print(json.dumps(growth(small, large, args.top), ensure_ascii=False))


if __name__ == "__main__":
    main()
