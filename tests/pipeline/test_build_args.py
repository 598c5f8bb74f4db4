"""What a `notices transform` build runs: every node on a full build, only what the changed
notices touch (the `incremental` selector) on an incremental build of everything, every node
selected but the unit tests on a partial (layered) build."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.building import build_args

SELECTORS = Path(__file__).resolve().parents[2] / "dbt_project" / "selectors.yml"


def test_a_full_build_runs_every_node_unit_tests_included() -> None:
    args = build_args(None, None, full_refresh=True, every_node=False)
    assert args == ["build", "--full-refresh"]


def test_an_incremental_build_of_everything_runs_the_incremental_selector() -> None:
    args = build_args(None, None, full_refresh=False, every_node=False)
    assert args == ["build", "--selector", "incremental"]
    names = [s["name"] for s in yaml.safe_load(SELECTORS.read_text(encoding="utf-8"))["selectors"]]
    assert "incremental" in names


def test_a_layer_or_every_node_build_runs_all_it_selects_but_the_unit_tests() -> None:
    layer = build_args("path:models/marts", "buildable", full_refresh=False, every_node=False)
    assert layer == [
        "build",
        "--select",
        "path:models/marts",
        "--indirect-selection",
        "buildable",
        "--exclude-resource-type",
        "unit_test",
    ]
    every = build_args(None, None, full_refresh=False, every_node=True)
    assert every == ["build", "--exclude-resource-type", "unit_test"]
