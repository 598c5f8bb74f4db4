"""dbt's DuckDB runs under a memory limit and spills to a temp directory, both from the
profile and overridable by environment variables (docs/scaling.md, "Full builds in
bounded memory"): a national full build spills rather than being killed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.run_dbt import run_dbt
from pipeline.settings import REPO_ROOT, Settings

SHOW_SETTINGS = (
    "select current_setting('memory_limit') as memory_limit, "
    "current_setting('temp_directory') as temp_directory"
)


def duckdb_settings_under_dbt(home: Path) -> dict[str, str]:
    settings = Settings(home=home, dbt_project_dir=REPO_ROOT / "dbt_project")
    output = run_dbt(settings, ["show", "--inline", SHOW_SETTINGS, "--output", "json"])
    # dbt prints the rows as one JSON object after its log lines
    shown = json.loads(output[output.index("{") : output.rindex("}") + 1])
    row: dict[str, str] = shown["show"][0]
    return row


def test_dbt_runs_duckdb_under_the_memory_limit_and_spill_folder_of_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spill = tmp_path / "spill"
    monkeypatch.setenv("NOTICES_DUCKDB_MEMORY_LIMIT", "300MiB")
    monkeypatch.setenv("NOTICES_DUCKDB_TEMP_DIRECTORY", str(spill))

    shown = duckdb_settings_under_dbt(tmp_path / "home")

    assert shown == {"memory_limit": "300.0 MiB", "temp_directory": str(spill)}


def test_dbt_limits_duckdb_memory_and_spills_beside_the_warehouse_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOTICES_DUCKDB_MEMORY_LIMIT", raising=False)
    monkeypatch.delenv("NOTICES_DUCKDB_TEMP_DIRECTORY", raising=False)
    home = tmp_path / "home"

    shown = duckdb_settings_under_dbt(home)

    # 4GB (10^9 bytes) as DuckDB prints it; DuckDB's own default would be 80% of the RAM
    assert shown == {
        "memory_limit": "3.7 GiB",
        "temp_directory": str(home / "warehouse.duckdb") + ".tmp",
    }
