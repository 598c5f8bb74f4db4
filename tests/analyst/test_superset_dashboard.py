"""The dashboard as code (bi/superset/) in a real Superset 6.1: imported over the REST API,
every chart answered by the chart-data API, and each answer equal to the same question
asked of reporting.duckdb directly.

Superset runs from its own cached uv environment (bi/superset/local_superset.py) on
127.0.0.1 with SQLite metadata. The snapshot is built from the corpus, published as the
pipeline publishes it (marts only), plus one notice planning the current year, so that
"deadlines in the next 90 days" has something to show whatever day the test runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bi.superset.bundle import build_bundle
from bi.superset.local_superset import SupersetApi, ensure_superset, running_superset
from bi.superset.make_export import CHARTS, DASHBOARD_SLUG, EXPORT_DIR, write_export
from tests.dbt.corpus_warehouse import create_raw_warehouse, run_dbt
from tests.expected_corpus import Notice, load_expected_corpus
from warehouse.publish import publish

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.superset]

# The same question as each chart, asked of the snapshot directly: from the fact table
# where a chart reads an aggregate, so the aggregate is checked too.
DIRECT_SQL = {
    "task_changes_by_kind": """
        select region_adcode, from_year, to_year, change_kind, count(*)
        from marts.fct_task_changes
        group by all order by 1, 2, 3, 4 limit 1000""",
    "obligations_by_region_frequency": """
        select r.region_name, f.frequency_name_zh, count(*)
        from marts.fct_disclosure_obligations as o
        join marts.dim_region as r on o.region_adcode = r.adcode
        join marts.dim_frequency as f using (frequency_label)
        group by all order by 3 desc, 1, 2 limit 1000""",
    "obligations_by_unit_function": """
        select coalesce(u.unit_function, '未分类'), count(*)
        from marts.fct_disclosure_obligations as o join marts.dim_unit as u using (unit_key)
        group by 1 order by 2 desc, 1 limit 15""",
    "expected_publications_top_units": """
        select u.unit_name || '（' || o.notice_year || '）', coalesce(sum(o.periods_per_year), 0)
        from marts.fct_disclosure_obligations as o join marts.dim_unit as u using (unit_key)
        group by 1 order by 2 desc, 1 limit 15""",
    "deadlines_next_90_days": """
        select deadline_date, region_name, notice_key, row_in_notice, requirement,
               count(distinct unit_key)
        from marts.fct_disclosure_obligations
        where deadline_date >= current_date and deadline_date < current_date + 90
        group by all order by 1, 3, 4 limit 200""",
    "quarantined_share": """
        select sum(task_rows_quarantined) / sum(task_rows) from marts.dim_notice""",
    "unclassified_share": """
        select unclassified_mentions / unit_mentions from marts.metrics_unit_classification""",
    "data_quality_by_region": """
        select r.region_name, coalesce(n.notice_year, 0), sum(n.task_rows),
               sum(n.task_rows_quarantined), sum(n.task_rows_without_units),
               sum(n.task_rows_quarantined) / nullif(sum(n.task_rows), 0),
               any_value(q.unclassified_mentions) / nullif(any_value(q.unit_mentions), 0)
        from marts.dim_notice as n
        join marts.dim_region as r on n.region_adcode = r.adcode
        join marts.agg_data_quality_by_region as q
            on q.region_adcode = n.region_adcode and q.notice_year = coalesce(n.notice_year, 0)
        group by all order by 1, 2""",
}
UNORDERED = {"obligations_by_region_frequency", "data_quality_by_region"}


def upcoming_notice(notices: list[Notice], today: date) -> Notice:
    """A corpus notice re-issued for the current year: its deadlines moved so that the
    first falls 30 days from today (the rest keep their spacing)."""
    source = next(n for n in notices if any(r["deadline_date"] for r in n.rows))
    first = min(date.fromisoformat(r["deadline_date"]) for r in source.rows if r["deadline_date"])
    shift = today + timedelta(days=30) - first

    def moved(value: str | None) -> str | None:
        return (date.fromisoformat(value) + shift).isoformat() if value else None

    notice_id = f"upcoming-{today.year}"
    meta = {
        **source.meta,
        "notice_id": notice_id,
        "year": today.year,
        "doc_number": None,
        "publish_date": moved(source.meta["publish_date"]),
    }
    rows = [
        {**row, "notice_id": notice_id, "deadline_date": moved(row["deadline_date"])}
        for row in source.rows
    ]
    return replace(source, meta=meta, rows=rows)


@pytest.fixture(scope="module")
def reporting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("superset_warehouse")
    notices = load_expected_corpus()
    notices.append(upcoming_notice(notices, date.today()))
    create_raw_warehouse(work / "warehouse.duckdb", notices)
    success, output = run_dbt(["build"], work / "warehouse.duckdb", work)
    assert success, output
    return publish(work / "warehouse.duckdb", work / "reporting.duckdb", method="analysts")


@pytest.fixture(scope="module")
def superset(reporting: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SupersetApi]:
    work = tmp_path_factory.mktemp("superset")
    env = ensure_superset()
    with running_superset(env, work) as api:
        api.import_bundle(build_bundle(work / "bundle.zip", reporting=reporting))
        yield api


def direct(reporting: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(reporting), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def plain(value: Any) -> Any:
    """A value as Superset's JSON carries it: dates as epoch milliseconds, whole numbers as
    integers, other floats to nine places."""
    if isinstance(value, date):
        return (value - date(1970, 1, 1)).days * 86_400_000
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 9)
    return value


def api_rows(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    names = result["colnames"]
    return [tuple(plain(row[name]) for name in names) for row in result["data"]]


def test_the_export_names_one_direct_query_per_chart() -> None:
    assert {chart.key for chart in CHARTS} == set(DIRECT_SQL)


def test_the_committed_export_is_what_make_export_writes_for_these_marts(
    reporting: Path, tmp_path: Path
) -> None:
    """A mart column added, renamed or re-described without regenerating the export
    (python -m bi.superset.make_export REPORTING) fails here."""
    write_export(reporting, tmp_path / "export")
    written = {
        p.relative_to(tmp_path / "export"): p.read_text()
        for p in (tmp_path / "export").rglob("*.yaml")
    }
    committed = {p.relative_to(EXPORT_DIR): p.read_text() for p in EXPORT_DIR.rglob("*.yaml")}
    assert written.keys() == committed.keys()
    assert [name for name in written if written[name] != committed[name]] == []


def test_the_dashboard_is_imported_with_every_chart(superset: SupersetApi) -> None:
    dashboard = superset.dashboard(DASHBOARD_SLUG)
    assert dashboard["dashboard_title"] == "政务公开义务 · Disclosure obligations"
    titles = {chart["slice_name"] for chart in superset.charts()}
    assert titles == {chart.title for chart in CHARTS}


@pytest.mark.parametrize("chart", CHARTS, ids=[chart.key for chart in CHARTS])
def test_every_chart_answers_what_the_snapshot_answers(
    chart: Any, superset: SupersetApi, reporting: Path
) -> None:
    (found,) = [c for c in superset.charts() if c["slice_name"] == chart.title]
    result = superset.chart_data(found["id"])
    assert result.get("error") is None, result.get("error")
    actual = api_rows(result)
    expected = [tuple(map(plain, row)) for row in direct(reporting, DIRECT_SQL[chart.key])]
    assert actual, f"{chart.key}: Superset returned no rows"
    if chart.key in UNORDERED:
        assert sorted(actual, key=repr) == sorted(expected, key=repr)
    else:
        assert actual == expected
