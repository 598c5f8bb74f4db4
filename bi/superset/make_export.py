"""Write the Superset export in bi/superset/export/ from the chart specs below.

The export (database, datasets, charts, dashboard as Superset's own import format) is
what gets committed and imported; this script is how it is kept consistent: each
chart's `query_context` (what Superset's chart-data API runs) is built from the same
spec as its `params` (what the explore view shows), and each dataset's columns are read
from a real reporting.duckdb. Re-run it after changing a chart or a mart:

    .venv/bin/python -m bi.superset.make_export warehouse/reporting.duckdb

Needs duckdb and pyyaml: it runs in the project's environment.
"""

from __future__ import annotations

import json
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bi.superset.bundle import (
    DATABASE_URI,  # the mounted path, defined once (bi/superset/bundle.py)
)

HERE = Path(__file__).resolve().parent
EXPORT_DIR = HERE / "export"
NAMESPACE = uuid.UUID("6f1d7c1e-3b1a-4d55-9a53-2f1f3c7d9e10")
VERSION = "1.0.0"

DATABASE_NAME = "reporting.duckdb"
DASHBOARD_TITLE = "政务公开义务 · Disclosure obligations"
DASHBOARD_SLUG = "disclosure-obligations"
NEXT_90_DAYS = 'today : DATEADD(DATETIME("today"), 90, day)'


def stable_uuid(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


def metric(sql: str, label: str) -> dict[str, Any]:
    """An ad-hoc SQL metric, as the explore view saves one."""
    return {
        "expressionType": "SQL",
        "sqlExpression": sql,
        "label": label,
        "hasCustomLabel": True,
        "optionName": "metric_" + uuid.uuid5(NAMESPACE, label).hex[:12],
    }


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    viz_type: str
    dataset: str
    metrics: list[dict[str, Any]]
    columns: list[str | dict[str, Any]] = field(default_factory=list)
    orderby: list[tuple[str, bool]] = field(default_factory=list)
    row_limit: int = 1000
    time_filter: tuple[str, str] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    width: int = 6
    height: int = 50


OBLIGATIONS = metric("SUM(obligations)", "义务数 · Obligations")
PUBLICATIONS = metric("SUM(expected_publications)", "每年应公开次数 · Publications per year")
UNITS_DUE = metric("COUNT(DISTINCT unit_key)", "单位数 · Units")
QUARANTINED_SHARE = metric(
    "SUM(task_rows_quarantined) * 1.0 / NULLIF(SUM(task_rows), 0)",
    "隔离占比 · Quarantined share",
)
UNCLASSIFIED_SHARE = metric(
    "SUM(unclassified_mentions) * 1.0 / NULLIF(SUM(unit_mentions), 0)",
    "未归类占比 · Unclassified share",
)
# one bar per unit and notice year: a unit's publications are per year of its notice
UNIT_YEAR = {
    "expressionType": "SQL",
    "sqlExpression": "unit_name || '（' || CAST(notice_year AS VARCHAR) || '）'",
    "label": "单位（年度） · Unit (year)",
}
TASK_ROWS = metric("SUM(task_rows)", "任务行 · Task rows")
TASKS = metric("COUNT(*)", "任务数 · Tasks")
TASK_ROWS_QUARANTINED = metric("SUM(task_rows_quarantined)", "被隔离 · Quarantined rows")
# rows that name no unit: warned, and absent from the facts (no unit, no obligation)
TASK_ROWS_WITHOUT_UNITS = metric("SUM(task_rows_without_units)", "无单位 · Rows without units")

BAR = {
    "color_scheme": "supersetColors",
    "show_legend": True,
    "legendType": "scroll",
    "legendOrientation": "top",
    "show_value": False,
    "rich_tooltip": True,
    "xAxisLabelRotation": 0,
    "truncateXAxis": True,
    "y_axis_format": "SMART_NUMBER",
}

CHARTS = [
    Chart(
        key="obligations_by_region_frequency",
        title="各地区各频次的义务 · Obligations by region × frequency",
        viz_type="echarts_timeseries_bar",
        dataset="agg_obligations_by_region_frequency",
        metrics=[OBLIGATIONS],
        columns=["region_name", "frequency_name_zh"],
        orderby=[(OBLIGATIONS["label"], False)],
        params={**BAR, "x_axis": "region_name", "groupby": ["frequency_name_zh"], "stack": "Stack"},
    ),
    Chart(
        key="obligations_by_unit_function",
        title="各职能的义务 · Obligations by unit function",
        viz_type="echarts_timeseries_bar",
        dataset="agg_obligations_by_unit_function",
        metrics=[OBLIGATIONS],
        columns=["unit_function"],
        orderby=[(OBLIGATIONS["label"], False), ("unit_function", True)],
        row_limit=15,
        params={
            **BAR,
            "x_axis": "unit_function",
            "groupby": [],
            "orientation": "horizontal",
            "show_legend": False,
            "show_value": True,
        },
    ),
    Chart(
        key="expected_publications_top_units",
        title="重点单位每年应公开次数 · Expected publications per year, top units",
        viz_type="echarts_timeseries_bar",
        dataset="agg_expected_publications_per_year",
        metrics=[PUBLICATIONS],
        columns=[UNIT_YEAR],
        orderby=[(PUBLICATIONS["label"], False), (UNIT_YEAR["label"], True)],
        row_limit=15,
        params={
            **BAR,
            "x_axis": UNIT_YEAR,
            "groupby": [],
            "orientation": "horizontal",
            "show_legend": False,
            "show_value": True,
        },
        width=12,
        height=60,
    ),
    Chart(
        key="deadlines_next_90_days",
        title="未来 90 天到期的任务 · Deadlines in the next 90 days",
        viz_type="table",
        dataset="fct_disclosure_obligations",
        metrics=[UNITS_DUE],
        columns=["deadline_date", "region_name", "notice_key", "row_in_notice", "requirement"],
        orderby=[("deadline_date", True), ("notice_key", True), ("row_in_notice", True)],
        row_limit=200,
        time_filter=("deadline_date", NEXT_90_DAYS),
        params={"query_mode": "aggregate", "table_timestamp_format": "%Y-%m-%d"},
        width=12,
        height=45,
    ),
    Chart(
        key="quarantined_share",
        title="被隔离的任务行占比 · Quarantined share of task rows",
        viz_type="big_number_total",
        dataset="agg_data_quality_by_region",
        metrics=[QUARANTINED_SHARE],
        params={
            "y_axis_format": ".1%",
            "subheader": "任务行被数据质量检查拦下 · held back by checks",
        },
        width=3,
        height=30,
    ),
    Chart(
        key="unclassified_share",
        title="未归类的单位提及占比 · Unclassified share of unit mentions",
        viz_type="big_number_total",
        dataset="agg_data_quality_by_region",
        metrics=[UNCLASSIFIED_SHARE],
        params={
            "y_axis_format": ".1%",
            "subheader": "单位名称未归入职能 · names without a function",
        },
        width=3,
        height=30,
    ),
    Chart(
        key="data_quality_by_region",
        title="各地区数据质量 · Data quality by region",
        viz_type="table",
        dataset="agg_data_quality_by_region",
        metrics=[
            TASK_ROWS,
            TASK_ROWS_QUARANTINED,
            TASK_ROWS_WITHOUT_UNITS,
            QUARANTINED_SHARE,
            UNCLASSIFIED_SHARE,
        ],
        columns=["region_name", "notice_year"],
        orderby=[("region_name", True), ("notice_year", True)],
        params={"query_mode": "aggregate"},
        width=6,
        height=30,
    ),
    Chart(
        key="task_changes_by_kind",
        title="与上一年度相比的任务变化 · Task changes since the region's previous notice",
        viz_type="table",
        dataset="fct_task_changes",
        metrics=[TASKS],
        columns=["region_adcode", "from_year", "to_year", "change_kind"],
        orderby=[
            ("region_adcode", True),
            ("from_year", True),
            ("to_year", True),
            ("change_kind", True),
        ],
        params={"query_mode": "aggregate"},
        width=12,
        height=30,
    ),
]

# What the charts' axes and table headers say instead of the column names.
COLUMN_LABELS = {
    "deadline_date": "到期日 · Deadline",
    "region_name": "地区 · Region",
    "notice_key": "通知 · Notice",
    "row_in_notice": "行 · Row",
    "requirement": "具体要求 · Requirement",
    "notice_year": "年度 · Year",
    "frequency_name_zh": "频次 · Frequency",
    "unit_function": "单位职能 · Unit function",
    "unit_name": "单位 · Unit",
    "region_adcode": "地区代码 · Region code",
    "from_year": "上一年度 · From year",
    "to_year": "本年度 · To year",
    "change_kind": "变化 · Change (added / dropped / changed / unchanged)",
}

# Dashboard rows: chart keys side by side (widths add up to 12).
LAYOUT = [
    ["obligations_by_region_frequency", "obligations_by_unit_function"],
    ["quarantined_share", "unclassified_share", "data_quality_by_region"],
    ["expected_publications_top_units"],
    ["deadlines_next_90_days"],
    ["task_changes_by_kind"],
]


def dataset_uuid(table: str) -> str:
    return stable_uuid(f"dataset:{table}")


def chart_uuid(chart: Chart) -> str:
    return stable_uuid(f"chart:{chart.key}")


def query_object(chart: Chart) -> dict[str, Any]:
    """The query Superset's chart-data API runs for this chart (what the front end builds
    from the params, without its client-side post-processing)."""
    filters = []
    if chart.time_filter:
        column, time_range = chart.time_filter
        filters.append({"col": column, "op": "TEMPORAL_RANGE", "val": time_range})
    by_label = {m["label"]: m for m in chart.metrics}
    by_label |= {c["label"]: c for c in chart.columns if isinstance(c, dict)}
    return {
        "columns": chart.columns,
        "metrics": chart.metrics,
        "orderby": [[by_label.get(name, name), ascending] for name, ascending in chart.orderby],
        "filters": filters,
        "extras": {"having": "", "where": ""},
        "row_limit": chart.row_limit,
        "series_limit": 0,
        "order_desc": True,
        # no query-level time_range: "No filter" there would override a TEMPORAL_RANGE filter
        "annotation_layers": [],
        "applied_time_extras": {},
        "url_params": {},
        "custom_params": {},
        "custom_form_data": {},
    }


def chart_params(chart: Chart, dataset_id: str) -> dict[str, Any]:
    params: dict[str, Any] = {
        "datasource": dataset_id,
        "viz_type": chart.viz_type,
        "time_range": "No filter",
        "row_limit": chart.row_limit,
        "adhoc_filters": [],
        "extra_form_data": {},
        "dashboards": [],
        **chart.params,
    }
    if chart.viz_type == "big_number_total":
        params["metric"] = chart.metrics[0]
    else:
        params["metrics"] = chart.metrics
    if chart.viz_type == "table":
        params["groupby"] = chart.columns
        params["order_by_cols"] = []
        params["server_pagination"] = False
    if chart.time_filter:
        column, time_range = chart.time_filter
        params.pop("time_range")
        params["adhoc_filters"] = [
            {
                "clause": "WHERE",
                "subject": column,
                "operator": "TEMPORAL_RANGE",
                "comparator": time_range,
                "expressionType": "SIMPLE",
            }
        ]
    if chart.viz_type == "echarts_timeseries_bar" and not params.get("groupby"):
        # one series: bars sorted by their value, largest first, as the API returns them
        params["x_axis_sort"] = chart.metrics[0]["label"]
        params["x_axis_sort_asc"] = False
    return params


def chart_yaml(chart: Chart, dataset_ids: dict[str, str]) -> dict[str, Any]:
    params = chart_params(chart, dataset_ids[chart.dataset])
    query_context = {
        "datasource": {"id": dataset_ids[chart.dataset].split("__")[0], "type": "table"},
        "force": False,
        "queries": [query_object(chart)],
        "form_data": params,
        "result_format": "json",
        "result_type": "full",
    }
    return {
        "slice_name": chart.title,
        "description": None,
        "certified_by": None,
        "certification_details": None,
        "viz_type": chart.viz_type,
        "params": params,
        "query_context": json.dumps(query_context, ensure_ascii=False),
        "cache_timeout": None,
        "uuid": chart_uuid(chart),
        "version": VERSION,
        "dataset_uuid": dataset_uuid(chart.dataset),
    }


def dataset_yaml(table: str, columns: list[tuple[str, str, str | None]]) -> dict[str, Any]:
    return {
        "table_name": table,
        "main_dttm_col": None,
        "description": None,
        "default_endpoint": None,
        "offset": 0,
        "cache_timeout": None,
        "catalog": None,
        "schema": "marts",
        "sql": None,
        "params": None,
        "template_params": None,
        "filter_select_enabled": True,
        "fetch_values_predicate": None,
        "extra": None,
        "normalize_columns": False,
        "always_filter_main_dttm": False,
        "uuid": dataset_uuid(table),
        "metrics": [
            {
                "metric_name": "count",
                "verbose_name": "行数 · Rows",
                "metric_type": "count",
                "expression": "COUNT(*)",
                "description": None,
                "d3format": None,
                "currency": None,
                "extra": {"warning_markdown": ""},
                "warning_text": None,
            }
        ],
        "columns": [
            {
                "column_name": name,
                "verbose_name": COLUMN_LABELS.get(name),
                "is_dttm": data_type in ("DATE", "TIMESTAMP"),
                "is_active": True,
                "type": data_type,
                "advanced_data_type": None,
                "groupby": True,
                "filterable": True,
                "expression": None,
                "description": comment,
                "python_date_format": None,
                "extra": {},
            }
            for name, data_type, comment in columns
        ],
        "version": VERSION,
        "database_uuid": stable_uuid("database:reporting"),
    }


def database_yaml() -> dict[str, Any]:
    return {
        "database_name": DATABASE_NAME,
        "sqlalchemy_uri": DATABASE_URI,
        "cache_timeout": None,
        "expose_in_sqllab": True,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_file_upload": False,
        # read-only: Superset never writes the snapshot and never blocks a publish
        "extra": {
            "allows_virtual_table_explore": True,
            "engine_params": {"connect_args": {"read_only": True}},
            "metadata_params": {},
            "schemas_allowed_for_file_upload": [],
        },
        "uuid": stable_uuid("database:reporting"),
        "version": VERSION,
    }


def dashboard_yaml() -> dict[str, Any]:
    by_key = {chart.key: chart for chart in CHARTS}
    position: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": DASHBOARD_TITLE}},
        "GRID_ID": {
            "type": "GRID",
            "id": "GRID_ID",
            "children": [],
            "parents": ["ROOT_ID"],
        },
    }
    for number, keys in enumerate(LAYOUT, start=1):
        row_id = f"ROW-{number}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {
            "type": "ROW",
            "id": row_id,
            "children": [f"CHART-{key}" for key in keys],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        }
        for key in keys:
            chart = by_key[key]
            position[f"CHART-{key}"] = {
                "type": "CHART",
                "id": f"CHART-{key}",
                "children": [],
                "parents": ["ROOT_ID", "GRID_ID", row_id],
                "meta": {
                    "width": chart.width,
                    "height": chart.height,
                    "chartId": 0,  # import maps the uuid to the new chart's id
                    "uuid": chart_uuid(chart),
                    "sliceName": chart.title,
                },
            }
    return {
        "dashboard_title": DASHBOARD_TITLE,
        "description": None,
        "css": "",
        "slug": DASHBOARD_SLUG,
        "certified_by": None,
        "certification_details": None,
        "published": True,
        "uuid": stable_uuid("dashboard:disclosure-obligations"),
        "position": position,
        "metadata": {
            "color_scheme": "supersetColors",
            "refresh_frequency": 0,
            "expanded_slices": {},
            "label_colors": {},
            "timed_refresh_immune_slices": [],
            "cross_filters_enabled": False,
            "native_filter_configuration": [],
            "shared_label_colors": [],
            "color_scheme_domain": [],
        },
        "version": VERSION,
    }


def dump(path: Path, content: dict[str, Any]) -> None:
    import yaml

    path.parent.mkdir(parents=True, exist_ok=True)

    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True  # a metric used twice is written out twice, no &id001 anchors

    text = yaml.dump(content, Dumper=NoAliases, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def dataset_columns(
    reporting: Path, tables: set[str]
) -> dict[str, list[tuple[str, str, str | None]]]:
    import duckdb

    con = duckdb.connect(str(reporting), read_only=True)
    try:
        rows = con.execute(
            "select table_name, column_name, data_type, comment from duckdb_columns()"
            " where schema_name = 'marts' and table_name in ? order by table_name, column_index",
            [sorted(tables)],
        ).fetchall()
    finally:
        con.close()
    columns: dict[str, list[tuple[str, str, str | None]]] = {}
    for table, name, data_type, comment in rows:
        columns.setdefault(table, []).append((name, data_type, comment))
    missing = tables - columns.keys()
    if missing:
        raise SystemExit(f"{reporting} lacks marts tables {sorted(missing)}")
    return columns


def write_export(reporting: Path, out: Path = EXPORT_DIR) -> None:
    tables = {chart.dataset for chart in CHARTS}
    columns = dataset_columns(reporting, tables)
    if out.exists():
        shutil.rmtree(out)
    dump(
        out / "metadata.yaml",
        {"version": VERSION, "type": "Dashboard", "timestamp": "2026-12-04T00:00:00+00:00"},
    )
    dump(out / "databases" / "reporting.yaml", database_yaml())
    # the datasource id in params is rewritten on import; the uuid is what links them
    dataset_ids = {table: f"{number}__table" for number, table in enumerate(sorted(tables), 1)}
    for table in sorted(tables):
        dump(out / "datasets" / "reporting" / f"{table}.yaml", dataset_yaml(table, columns[table]))
    for chart in CHARTS:
        dump(out / "charts" / f"{chart.key}.yaml", chart_yaml(chart, dataset_ids))
    dump(out / "dashboards" / "disclosure_obligations.yaml", dashboard_yaml())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    write_export(Path(sys.argv[1]))
    print(f"wrote {EXPORT_DIR}")
