"""The dashboard as code (bi/superset/) in a real Superset 6.1: imported over the REST API,
every chart answered by the chart-data API, and each answer equal to the same question
asked of reporting.duckdb directly.

Superset runs from its own cached uv environment (bi/superset/local_superset.py) on
127.0.0.1 with SQLite metadata. The snapshot is built from the corpus, published as the
pipeline publishes it (marts only), plus one notice planning the current year, so that
"deadlines in the next 90 days" has something to show whatever day the test runs, plus
the compliance histories with their portal columns and the prose 工作要点, so that the
compliance charts hold kept and late periods and the issuing-level chart several levels.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bi.superset.bundle import build_bundle
from bi.superset.local_superset import SupersetApi, ensure_superset, running_superset
from bi.superset.make_export import (
    CHARTS,
    DASHBOARD_SLUG,
    EXPORT_DIR,
    NATIVE_FILTERS,
    write_export,
)
from extract.api import extract_file
from pipeline.publications import fetch_configured
from pipeline.settings import Settings
from tests.compliance.histories import HISTORIES
from tests.compliance.portal_config import publications_config, serve_histories
from tests.dbt.corpus_warehouse import create_raw_warehouse, run_dbt
from tests.dbt.fixture_loader import load_extractions
from tests.dbt.test_prose_marts import NOTICES as PROSE_NOTICES
from tests.dbt.test_prose_marts import PROSE
from tests.expected_corpus import Notice, load_expected_corpus
from tests.sources.fetch_portal import Portal
from warehouse.publish import publish

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.superset]

# The same question as each chart, asked of the snapshot directly: from the fact table
# where a chart reads an aggregate, so the aggregate is checked too.
DIRECT_SQL = {
    # assigned: tasks with an obligation row (a unit); the rest of a notice's tasks have
    # none (in this snapshot no table row lost its units, which would count as neither)
    "tasks_by_issuing_level": """
        with tasks as (
            select n.notice_id, n.issuing_level, n.task_rows_ok + n.task_rows_warn as tasks
            from {notices_of_year} as n
            where n.notice_kind = 'notice' and n.dq_status <> 'quarantined'
              and n.task_rows_ok + n.task_rows_warn > 0),
        assigned as (
            select notice_id, count(distinct task_row_id) as assigned
            from marts.fct_disclosure_obligations group by 1)
        select t.issuing_level, sum(coalesce(a.assigned, 0)),
               sum(t.tasks - coalesce(a.assigned, 0))
        from tasks as t left join assigned as a using (notice_id)
        group by 1 order by 1""",
    "task_changes_by_kind": """
        select r.region_name, c.from_year, c.to_year, c.change_kind, count(*)
        from {changes} as c join marts.dim_region as r on c.region_adcode = r.adcode
        group by all order by 1, 2, 3, 4 limit 1000""",
    "obligations_by_region_frequency": """
        select r.region_name || '（' || o.notice_year || '）', f.frequency_name_zh, count(*)
        from {obligations} as o
        join marts.dim_region as r on o.region_adcode = r.adcode
        join marts.dim_frequency as f using (frequency_label)
        group by all order by 3 desc, 1, 2 limit 1000""",
    "obligations_by_unit_function": """
        select coalesce(u.unit_function, '未分类'), count(*)
        from {obligations} as o join marts.dim_unit as u using (unit_key)
        group by 1 order by 2 desc, 1 limit 15""",
    "expected_publications_top_units": """
        select u.unit_name || '（' || o.notice_year || '）', coalesce(sum(o.periods_per_year), 0)
        from {obligations} as o join marts.dim_unit as u using (unit_key)
        where u.unit_kind <> 'collective'
        group by 1 order by 2 desc, 1 limit 15""",
    "expected_publications_collectives": """
        select u.unit_name || '（' || o.notice_year || '）', coalesce(sum(o.periods_per_year), 0)
        from {obligations} as o join marts.dim_unit as u using (unit_key)
        where u.unit_kind = 'collective'
        group by 1 order by 2 desc, 1 limit 15""",
    "deadlines_by_month": """
        select strftime(o.deadline_date, '%Y-%m'), r.region_name, count(distinct o.task_row_id)
        from {obligations} as o join marts.dim_region as r on o.region_adcode = r.adcode
        where o.deadline_date is not null
        group by all order by 1, 2 limit 1000""",
    "deadlines_next_90_days": """
        select deadline_date, region_name, notice_key, row_in_notice, requirement,
               count(distinct unit_key)
        from {obligations}
        where deadline_date >= {window_start} and deadline_date < {window_start} + 90
        group by all order by 1, 3, 4 limit 200""",
    "quarantined_share": """
        select sum(task_rows_quarantined) / sum(task_rows) from {notices}""",
    "unclassified_share": """
        select sum(unclassified_mentions) / sum(unit_mentions) from {quality}""",
    "data_quality_by_region": """
        select r.region_name, coalesce(n.notice_year, 0), sum(n.task_rows),
               sum(n.task_rows_quarantined), sum(n.task_rows_without_units),
               sum(n.task_rows_quarantined) / nullif(sum(n.task_rows), 0),
               any_value(q.unclassified_mentions) / nullif(any_value(q.unit_mentions), 0)
        from {notices} as n
        join marts.dim_region as r on n.region_adcode = r.adcode
        join {quality} as q
            on q.region_adcode = n.region_adcode and q.notice_year = coalesce(n.notice_year, 0)
        group by all order by 1, 2""",
}
DIRECT_SQL |= {
    # from the periods, not fct_unit_compliance, so the roll-up is checked too
    "compliance_by_unit": """
        select u.unit_name || '（' || r.region_name || ' ' || p.notice_year || '）',
               count(*) filter (where p.compliance_status = 'kept'),
               count(*) filter (where p.compliance_status = 'late'),
               count(*) filter (where p.compliance_status = 'missed')
        from {periods_of_year} as p
        join marts.dim_unit as u using (unit_key)
        join marts.dim_region as r on p.region_adcode = r.adcode
        group by 1 order by 4 desc, 1 limit 20""",
    "unit_compliance_drilldown": """
        select unit_name_qualified, requirement, frequency_label, period_end, due_date,
               compliance_status, publication_title, publication_date, publication_url,
               count(*)
        from {periods}
        group by all order by 1, 2, 4, 3, 5, 6, 7, 8, 9 limit 500""",
}
UNORDERED = {"obligations_by_region_frequency", "data_quality_by_region"}


@dataclass(frozen=True)
class Selection:
    """What the dashboard's filters select; None selects everything."""

    region_name: str | None = None
    year: int | None = None
    unit_function: str | None = None
    window_start: date | None = None  # the deadline window's first day (default: today)
    notice_key: str | None = None

    def direct_sql(self, key: str) -> str:
        """The chart's direct query over the marts, narrowed to this selection."""
        region = f"region_name = '{self.region_name}'" if self.region_name else "true"
        adcodes = f"(select adcode from marts.dim_region where {region})"
        year = f"= {self.year}" if self.year is not None else "is not distinct from notice_year"
        units = (
            f"unit_key in (select unit_key from marts.dim_unit"
            f" where unit_function = '{self.unit_function}')"
            if self.unit_function
            else "true"
        )
        start = f"date '{self.window_start}'" if self.window_start else "current_date"
        notice = f"= '{self.notice_key}'" if self.notice_key else "is not null"
        periods = (
            "(select * from marts.fct_obligation_periods where region_adcode"
            f" in {adcodes} and notice_year {year} and {units}"
        )
        return DIRECT_SQL[key].format(
            obligations="(select * from marts.fct_disclosure_obligations where region_adcode"
            f" in {adcodes} and notice_year {year} and {units} and notice_key {notice})",
            notices=f"(select * from marts.dim_notice where region_adcode in {adcodes}"
            f" and notice_year {year} and notice_key {notice})",
            quality=f"(select * from marts.agg_data_quality_by_region where region_adcode"
            f" in {adcodes} and notice_year {year})",
            changes=f"(select * from marts.fct_task_changes where region_adcode in {adcodes}"
            f" and to_year {year.replace('notice_year', 'to_year')}"
            f" and to_notice_key {notice})",
            window_start=start,
            # the charts whose rows add up a region's year: no notice filter
            notices_of_year=f"(select * from marts.dim_notice where region_adcode in {adcodes}"
            f" and coalesce(notice_year, 0) {year.replace('notice_year', 'coalesce(notice_year, 0)')})",
            periods=f"{periods} and notice_key {notice})",
            periods_of_year=f"{periods})",
        )

    def native_filters(self, chart: Any) -> list[dict[str, Any]]:
        """The filters the dashboard adds to the chart's query for this selection: those
        whose scope holds the chart."""
        chosen = {
            "region": ("region_name", self.region_name),
            "year": ("notice_year", self.year),
            "notice": ("notice_key", self.notice_key),
            "unit_function": ("unit_function", self.unit_function),
        }
        excluded = {native.key: native.excluded for native in NATIVE_FILTERS}
        return [
            {"col": column, "op": "IN", "val": [value]}
            for key, (column, value) in chosen.items()
            if value is not None and chart.key not in excluded[key]
        ]


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


def load_compliance_and_prose(work: Path) -> str:
    """The compliance histories (their columns fetched from a real portal on 127.0.0.1) and
    the prose 工作要点 (the State Council's, a province's, cities', counties') loaded beside
    the corpus, so the compliance charts have kept and late periods and the issuing-level
    chart more than one level. Returns the histories' as-of date."""
    settings = Settings.from_env(work)
    prose = []
    for name in PROSE_NOTICES:
        folder, slug = name.split("/")
        extraction = extract_file(PROSE / folder / "docx" / f"{slug}.word.docx")
        prose.append((extraction.meta, extraction.rows))
    load_extractions(
        settings.warehouse_path, [h.extraction() for h in HISTORIES], source_id="compliance"
    )
    load_extractions(settings.warehouse_path, prose, source_id="prose")
    portal = Portal()
    portal.start()
    try:
        serve_histories(portal)
        fetch_configured(settings, publications_config(portal))
    finally:
        portal.stop()
    (as_of,) = {h.as_of for h in HISTORIES}
    return as_of.isoformat()


@pytest.fixture(scope="module")
def reporting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("superset_warehouse")
    notices = load_expected_corpus()
    notices.append(upcoming_notice(notices, date.today()))
    create_raw_warehouse(work / "warehouse.duckdb", notices)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NOTICES_COMPLIANCE_AS_OF", load_compliance_and_prose(work))
        success, output = run_dbt(["build"], work / "warehouse.duckdb", work)
    assert success, output
    yield publish(work / "warehouse.duckdb", work / "reporting.duckdb", method="analysts")


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
    expected = [
        tuple(map(plain, row)) for row in direct(reporting, Selection().direct_sql(chart.key))
    ]
    assert actual, f"{chart.key}: Superset returned no rows"
    if chart.key in UNORDERED:
        assert sorted(actual, key=repr) == sorted(expected, key=repr)
    else:
        assert actual == expected


@pytest.mark.parametrize("chart", CHARTS, ids=[chart.key for chart in CHARTS])
def test_every_chart_obeys_the_dashboard_filters(
    chart: Any, superset: SupersetApi, reporting: Path
) -> None:
    """Region, year, notice and unit function selected as the dashboard's native filters select
    them (the deadline window on the upcoming notice's month): each chart answers what the
    snapshot answers for that selection, and no filter is rejected by a chart in its scope."""
    today = date.today()
    ((region, notice_key),) = direct(
        reporting,
        f"select region_name, notice_key from marts.dim_notice where notice_year = {today.year}",
    )
    (function,) = direct(
        reporting,
        "select u.unit_function from marts.fct_disclosure_obligations as o"
        " join marts.dim_unit as u using (unit_key)"
        f" where o.notice_year = {today.year} and u.unit_kind <> 'collective'"
        " and u.unit_function is not null"
        " and o.deadline_date is not null group by 1 order by count(*) desc, 1 limit 1",
    )
    selection = Selection(region, today.year, function[0], today + timedelta(days=20), notice_key)
    (found,) = [c for c in superset.charts() if c["slice_name"] == chart.title]
    window = f"{selection.window_start} : {selection.window_start + timedelta(days=90)}"
    result = superset.chart_data_filtered(found["id"], selection.native_filters(chart), window)
    assert result.get("error") is None, result.get("error")
    assert result.get("rejected_filters", []) == []
    actual = api_rows(result)
    expected = [
        tuple(map(plain, row)) for row in direct(reporting, selection.direct_sql(chart.key))
    ]
    # collectives may hold none of the selected function; every other chart has rows
    assert actual or chart.key == "expected_publications_collectives", selection
    if chart.key in UNORDERED:
        assert sorted(actual, key=repr) == sorted(expected, key=repr)
    else:
        assert actual == expected


def test_every_native_filter_targets_a_column_of_every_chart_in_its_scope(
    reporting: Path,
) -> None:
    columns = {
        table: {
            name
            for (name,) in direct(
                reporting,
                f"select column_name from duckdb_columns() where schema_name = 'marts' and table_name = '{table}'",
            )
        }
        for table in {chart.dataset for chart in CHARTS}
    }
    for native in NATIVE_FILTERS:
        for chart in CHARTS:
            if native.column and chart.key not in native.excluded:
                assert native.column in columns[chart.dataset], (native.key, chart.key)
    assert {f.key for f in NATIVE_FILTERS} >= {"region", "year", "notice", "unit_function"}
