"""One pipeline stage in its own process, so `bench/scale.py` can read its peak memory.

    python -m bench.scale_stage STAGE --home DIR [--config sources.yml] [--workers N]

Prints one JSON line: the stage's wall time (measured after imports, so interpreter
start-up is excluded) and what it processed. Uses only the stage functions of `pipeline/`
(fetching, extracting, loading, building, publishing, runs).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from pipeline import building, extracting, fetching, loading, publishing, runs
from pipeline.contracts import outcomes_from_json
from pipeline.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "stage",
        choices=[
            "fetch",
            "extract",
            "load",
            "transform",
            "transform_every_node",
            "transform_full",
            "transform_resume",
            "publish",
            "noop",
        ],
    )
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--select", help="transform_resume: the nodes a failed build left")
    args = parser.parse_args()
    settings = Settings.from_env(args.home)
    outcomes_file = args.home / "bench_outcomes.json"
    result: dict = {"stage": args.stage}

    start = time.perf_counter()
    if args.stage == "fetch":
        fetched = fetching.fetch(settings, args.config)
        result["documents"] = len(fetched.new_documents)
        result["faults"] = len(fetched.faults)
    elif args.stage == "extract":
        outcomes = extracting.extract_many(
            settings, extracting.pending_documents(settings), workers=args.workers
        )
        outcomes_file.write_text(json.dumps([o.to_json() for o in outcomes]), encoding="utf-8")
        result["documents"] = len(outcomes)
        result["rows"] = sum(o.rows for o in outcomes)
        result["failed"] = sum(not o.extracted for o in outcomes)
    elif args.stage == "load":
        stored = json.loads(outcomes_file.read_text(encoding="utf-8"))
        loaded = loading.validate_and_load(settings, outcomes_from_json(stored))
        result.update(
            rows=loaded.task_rows,
            validate_seconds=loaded.validate_seconds,
            load_seconds=loaded.load_seconds,
            quarantined=loaded.quarantined,
        )
    elif args.stage == "transform":
        building.transform(settings, docs=False)
    elif args.stage == "transform_every_node":  # incremental, every node and data test
        building.transform(settings, docs=False, every_node=True)
    elif args.stage == "transform_full":  # the marts built by notice rebuilt from scratch
        building.transform(settings, docs=False, full_refresh=True)
    elif args.stage == "transform_resume":
        # a full build that failed (e.g. out of memory), resumed: the nodes it did not
        # build, from scratch, then recorded as a complete build records itself
        building.transform(settings, select=args.select, docs=False, full_refresh=True)
        building.mark_marts_built(settings, building.raw_version(settings))
    elif args.stage == "publish":
        publishing.publish(settings)
    elif args.stage == "noop":
        summary = runs.run(settings, args.config, trigger="bench")
        counts = summary.counts
        result.update(
            documents_fetched=summary.new_documents,
            documents_extracted=counts.documents_loaded
            + counts.documents_quarantined
            + summary.documents_failed,
            transformed=summary.transformed,
        )
    result["seconds"] = time.perf_counter() - start
    print(json.dumps(result))


if __name__ == "__main__":
    main()
