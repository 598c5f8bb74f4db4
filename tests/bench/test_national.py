"""The national run's corpus plan and its projection (bench/national.py): the plan is the
whole country, ten years each, and any prefix of it is spread over the country; the
projection keeps the serial writer and dbt fixed while extraction divides by workers."""

from __future__ import annotations

from typing import Any

from bench.make_corpus import NATIONAL_YEARS, national_plan, national_size
from bench.national import project


def test_the_national_plan_is_every_county_ten_years_each_spread_from_the_start() -> None:
    total = national_size()
    plan = national_plan(total)
    assert len({(county["adcode"], year) for county, year in plan}) == total
    assert {year for _, year in plan} == set(NATIONAL_YEARS)
    # a run of 200 notices (20 counties) already reaches many provinces, not Beijing only
    provinces = {county["province"] for county, _ in national_plan(200)}
    assert len(provinces) >= 10
    assert national_plan(20, skip=200) == plan[200:220]


def _report(extract_cpu: float, writer_cpu: float, dbt_seconds: float) -> dict[str, Any]:
    run = {
        "workers": 1,
        "notices": 100,
        "pages": 2000,
        "extract": {"cpu_seconds": extract_cpu},
        "task_latency_seconds_median": 1.0,
        "dbt": {"seconds": dbt_seconds, "cpu_seconds": dbt_seconds},
        "tasks": {
            "notices_ingest.load": {"writer": True, "cpu_seconds": writer_cpu, "seconds": 1.0},
            "notices_ingest.fetch_batch": {"writer": False, "cpu_seconds": 0.0, "seconds": 1.0},
        },
    }
    return {
        "national_notices": 30_000,
        "corpus": {"notices": 100, "pages": 2000},
        "batch_size": 10,
        "runs": [run],
    }


def test_the_projection_divides_extraction_by_workers_and_keeps_the_writer_serial() -> None:
    projection = project(_report(extract_cpu=40.0, writer_cpu=2.0, dbt_seconds=20.0))
    by_workers = {p["workers"]: p for p in projection["by_workers"]}
    assert by_workers[1]["serial_hours"] == by_workers[50]["serial_hours"]
    assert by_workers[10]["extract_hours"] < by_workers[2]["extract_hours"] / 4
    assert by_workers[1]["limit"] == "extraction"
    # extraction 12,000 CPU s against 600 s of writer and 20 s of dbt: about 19 workers
    assert by_workers[50]["limit"] == "single writer + dbt"
    assert 15 < projection["writer_limits_from_workers"] < 25
