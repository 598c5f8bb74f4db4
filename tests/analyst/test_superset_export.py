"""The dashboard as code agrees with what points at it: the compose service that runs it,
the dbt exposure that names it, and the read-only snapshot it reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
EXPORT = REPO / "bi" / "superset" / "export"


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_export_database_is_the_mounted_snapshot_opened_read_only() -> None:
    (database,) = [_yaml(p) for p in (EXPORT / "databases").glob("*.yaml")]
    service = _yaml(REPO / "docker-compose.yml")["services"]["superset"]
    (mount,) = [v for v in service["volumes"] if isinstance(v, dict) and v["type"] == "volume"]
    assert database["sqlalchemy_uri"] == f"duckdb:///{mount['target']}/reporting.duckdb"
    assert database["extra"]["engine_params"]["connect_args"] == {"read_only": True}
    assert mount["read_only"] is True
    assert service["profiles"] == ["bi"]
    assert not database["allow_dml"] and not database["allow_file_upload"]


def test_every_chart_reads_a_dataset_of_the_export_and_sits_on_the_dashboard() -> None:
    datasets = {d["uuid"]: d for d in map(_yaml, (EXPORT / "datasets").rglob("*.yaml"))}
    charts = [_yaml(p) for p in (EXPORT / "charts").glob("*.yaml")]
    (dashboard,) = [_yaml(p) for p in (EXPORT / "dashboards").glob("*.yaml")]
    placed = {
        item["meta"]["uuid"]
        for item in dashboard["position"].values()
        if isinstance(item, dict) and item.get("type") == "CHART"
    }
    assert len(charts) >= 6
    assert {chart["dataset_uuid"] for chart in charts} <= set(datasets)
    assert {chart["uuid"] for chart in charts} == placed
    assert all(d["schema"] == "marts" for d in datasets.values())
    assert all(chart["query_context"] for chart in charts)


def test_the_exposure_points_at_the_dashboard_and_its_marts() -> None:
    exposures = _yaml(REPO / "dbt_project" / "models" / "marts" / "exposures.yml")["exposures"]
    (dashboard,) = [e for e in exposures if e["type"] == "dashboard"]
    (exported,) = [_yaml(p) for p in (EXPORT / "dashboards").glob("*.yaml")]
    tables = {d["table_name"] for d in map(_yaml, (EXPORT / "datasets").rglob("*.yaml"))}
    assert dashboard["url"].endswith(f"/superset/dashboard/{exported['slug']}/")
    assert dashboard["label"] == exported["dashboard_title"]
    assert {
        ref.removeprefix("ref('").removesuffix("')") for ref in dashboard["depends_on"]
    } == tables
    assert "Metabase" not in yaml.safe_dump(exposures, allow_unicode=True)
