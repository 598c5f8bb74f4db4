"""A 100-notice increment on a larger warehouse, projected from `bench.incremental` runs at
two sizes with the same regions (the same notices a county).

    python -m bench.incremental_projection OUT/incremental-3000-10-a-county.json \
        OUT/incremental-6000-10-a-county.json [--to 30000]

Each model's time in the incremental build, and the data tests' total, are fitted by a
line through the two sizes (t = a + b·N: the part every build pays, and the part that
grows with the warehouse, e.g. a table rebuilt in full or a delete that scans a table)
and evaluated at `--to`. dbt runs two threads: the growth in node-seconds adds to the wall
time divided by the parallelism the smaller run showed (node-seconds / dbt's elapsed time);
the bound without that division (every second of growth on the critical path) is printed
too. What lies outside dbt's nodes (process start-up, parsing, the raw version check)
is taken as the larger run's. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def incremental_build(report: dict[str, Any]) -> dict[str, Any]:
    return next(b for b in report["builds"] if b["build"].endswith("notices, incremental"))


def project(small: dict[str, Any], large: dict[str, Any], target: int) -> dict[str, Any]:
    n_small, n_large = small["notices"], large["notices"]
    a, b = incremental_build(small), incremental_build(large)
    span = n_large - n_small
    growth: dict[str, float] = {}
    for model, seconds in b["model_seconds"].items():
        slope = (seconds - a["model_seconds"].get(model, seconds)) / span
        growth[model] = max(slope, 0.0) * (target - n_large)
    growth["(data tests)"] = max(
        (b["data_tests_seconds"] - a["data_tests_seconds"]) / span, 0.0
    ) * (target - n_large)
    node_seconds = sum(b["model_seconds"].values()) + b["data_tests_seconds"]
    parallelism = node_seconds / b["dbt_elapsed_seconds"]
    added = sum(growth.values())
    return {
        "from": [n_small, n_large],
        "to": target,
        "measured_seconds": [a["seconds"], b["seconds"]],
        "load_average_1min": [a["load_average_1min"], b["load_average_1min"]],
        "parallelism": round(parallelism, 2),
        "added_node_seconds": round(added, 1),
        "projected_seconds": round(b["seconds"] + added / parallelism, 1),
        "projected_seconds_serial_bound": round(b["seconds"] + added, 1),
        "largest_growth": sorted(
            ((name, round(s, 1)) for name, s in growth.items() if s >= 0.5),
            key=lambda item: -item[1],
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("small", type=Path)
    parser.add_argument("large", type=Path)
    parser.add_argument("--to", type=int, default=30_000)
    args = parser.parse_args()
    small = json.loads(args.small.read_text(encoding="utf-8"))
    large = json.loads(args.large.read_text(encoding="utf-8"))
    print(json.dumps(project(small, large, args.to), ensure_ascii=False))


if __name__ == "__main__":
    main()
