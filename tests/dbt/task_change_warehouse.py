"""A warehouse holding the task-change notice pair, loaded the way the pipeline loads
(tests/dbt/fixture_loader.py: documents registered in raw.documents, validated by
great-expectations, loaded by warehouse.loader), then `dbt build` of the change marts and
everything upstream of them (a child process, as `notices transform` runs it)."""

from __future__ import annotations

from pathlib import Path

from pipeline import building
from pipeline.settings import Settings
from tests.dbt.fixture_loader import load_extractions
from tests.dbt.task_change_pair import LIANGSHAN, NINGYANG, Truth, next_year_pair

CHANGE_MARTS = "+fct_unit_task_changes"  # fct_task_changes, and dim_unit (unit names)
PAIRS = (NINGYANG, LIANGSHAN)


def build_pair_warehouse(home: Path) -> tuple[Settings, dict[str, Truth]]:
    """Every pair loaded (two regions) and the change marts built; returns the settings
    and the truth of each region (by adcode)."""
    notices, truths = [], {}
    for edits in PAIRS:
        before, after, truth = next_year_pair(edits)
        notices += [before, after]
        truths[before[0]["region"]["adcode"]] = truth
    settings = Settings.from_env(home)
    settings.ensure_dirs()
    outcomes = load_extractions(settings.warehouse_path, notices, source_id="task-changes")
    assert [o.status for o in outcomes] == ["extracted"] * len(notices), outcomes
    building.transform(settings, select=CHANGE_MARTS, docs=False, indirect_selection="cautious")
    return settings, truths
