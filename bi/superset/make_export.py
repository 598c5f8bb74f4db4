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
    # fixed WHERE clauses of the chart (SQL), e.g. named units only
    where: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    # the dashboard filters (NativeFilter.key) the chart is out of the scope of: its
    # dataset lacks their column (no unit on a data-quality row, no notice on a row that
    # adds up a region's year); every other filter applies to it
    lacks: tuple[str, ...] = ()
    width: int = 6
    height: int = 50


OBLIGATIONS = metric("COUNT(*)", "义务数 · Obligations")
PUBLICATIONS = metric(
    "CAST(COALESCE(SUM(periods_per_year), 0) AS BIGINT)", "每年应公开次数 · Publications per year"
)
UNITS_DUE = metric("COUNT(DISTINCT unit_key)", "单位数 · Units")
TASKS_DUE = metric("COUNT(DISTINCT task_row_id)", "到期任务 · Tasks due")
QUARANTINED_SHARE = metric(
    "SUM(task_rows_quarantined) * 1.0 / NULLIF(SUM(task_rows), 0)",
    "隔离占比 · Quarantined share",
)
UNCLASSIFIED_SHARE = metric(
    "SUM(unclassified_mentions) * 1.0 / NULLIF(SUM(unit_mentions), 0)",
    "未归类占比 · Unclassified share",
)
# Shares are small (0.045%): three decimals of a percent, never 0.0%
PERCENT = ".3%"


def sql_column(sql: str, label: str) -> dict[str, Any]:
    """An ad-hoc SQL column (an axis or a table column computed in the query)."""
    return {"expressionType": "SQL", "sqlExpression": sql, "label": label}


# one bar per unit and notice year: a unit's publications are per year of its notice
# Compliance: obligation-periods by status, per unit of a region-year (fct_unit_compliance)
PERIODS_KEPT = metric("SUM(periods_kept)", "按时 · Kept")
PERIODS_LATE = metric("SUM(periods_late)", "迟延 · Late")
PERIODS_MISSED = metric("SUM(periods_missed)", "未发布 · Missed")
COMPLIANCE_RATE = metric(
    "SUM(periods_kept) * 1.0 / NULLIF(SUM(periods_due), 0)", "按时率 · Compliance rate"
)
UNIT_REGION_YEAR = {
    "expressionType": "SQL",
    "sqlExpression": "unit_name || '（' || region_name || ' ' || CAST(notice_year AS VARCHAR) || '）'",
    "label": "单位（地区 年度） · Unit (region year)",
}
PERIODS = metric("COUNT(*)", "期间数 · Periods")
UNIT_YEAR = sql_column(
    "unit_name || '（' || CAST(notice_year AS VARCHAR) || '）'", "单位（年度） · Unit (year)"
)
# one bar per region and year, so two years of one county are never stacked into one
REGION_YEAR = sql_column(
    "region_name || '（' || CAST(notice_year AS VARCHAR) || '）'", "地区（年度） · Region (year)"
)
UNIT_FUNCTION = sql_column("COALESCE(unit_function, '未分类')", "单位职能 · Unit function")
DUE_MONTH = sql_column("STRFTIME(deadline_date, '%Y-%m')", "到期月份 · Month due")
TASK_ROWS = metric("SUM(task_rows)", "任务行 · Task rows")
TASKS = metric("COUNT(*)", "任务数 · Tasks")
TASK_ROWS_QUARANTINED = metric("SUM(task_rows_quarantined)", "被隔离 · Quarantined rows")
ASSIGNED_TASKS = metric("SUM(assigned_tasks)", "指定单位的任务 · Tasks with units")
UNASSIGNED_TASKS = metric("SUM(unassigned_tasks)", "未指定单位的任务 · Tasks without units")
# rows that name no unit: warned, and absent from the facts (no unit, no obligation)
TASK_ROWS_WITHOUT_UNITS = metric("SUM(task_rows_without_units)", "无单位 · Rows without units")

BAR = {
    "color_scheme": "supersetColors",
    "show_legend": True,
    # every series in the legend, wrapped over lines: a paged legend hides series
    "legendType": "plain",
    "legendOrientation": "top",
    "show_value": False,
    "rich_tooltip": True,
    "xAxisLabelRotation": 0,
    "truncateXAxis": True,
    "y_axis_format": "SMART_NUMBER",
}
TOP_UNITS = {
    **BAR,
    "x_axis": UNIT_YEAR,
    "groupby": [],
    "orientation": "horizontal",
    "show_legend": False,
    "show_value": True,
}

OBLIGATIONS_FACT = "fct_disclosure_obligations"
DATA_QUALITY = "agg_data_quality_by_notice"

CHARTS = [
    Chart(
        # prose 工作要点 of provinces, cities and the State Council next to county tables
        key="tasks_by_issuing_level",
        title="各发文层级的任务 · Tasks by issuing level (units named or not)",
        viz_type="echarts_timeseries_bar",
        dataset="agg_tasks_by_region",
        metrics=[ASSIGNED_TASKS, UNASSIGNED_TASKS],
        columns=["issuing_level"],
        orderby=[("issuing_level", True)],
        params={**BAR, "x_axis": "issuing_level", "groupby": [], "stack": "Stack"},
        width=12,
        # a row adds up a region's year (no notice); its tasks are counted with or
        # without units, so no unit function either
        lacks=("notice", "unit_function"),
    ),
    Chart(
        key="obligations_by_region_frequency",
        title="各地区各年度各频次的义务 · Obligations by region, year and frequency",
        viz_type="echarts_timeseries_bar",
        dataset=OBLIGATIONS_FACT,
        metrics=[OBLIGATIONS],
        columns=[REGION_YEAR, "frequency_name_zh"],
        orderby=[(OBLIGATIONS["label"], False)],
        params={
            **BAR,
            "x_axis": REGION_YEAR,
            "groupby": ["frequency_name_zh"],
            "stack": "Stack",
            "xAxisLabelRotation": 45,  # every region (year) labelled, none skipped
            # the twelve cadences listed down the side: a legend on top pages them
            "legendOrientation": "right",
        },
    ),
    Chart(
        key="obligations_by_unit_function",
        title="各职能的义务 · Obligations by unit function",
        viz_type="echarts_timeseries_bar",
        dataset=OBLIGATIONS_FACT,
        metrics=[OBLIGATIONS],
        columns=[UNIT_FUNCTION],
        orderby=[(OBLIGATIONS["label"], False), (UNIT_FUNCTION["label"], True)],
        row_limit=15,
        params={
            **BAR,
            "x_axis": UNIT_FUNCTION,
            "groupby": [],
            "orientation": "horizontal",
            "show_legend": False,
            "show_value": True,
        },
    ),
    Chart(
        key="expected_publications_top_units",
        title="具名单位每年应公开次数 · Expected publications per year, top named units",
        viz_type="echarts_timeseries_bar",
        dataset=OBLIGATIONS_FACT,
        metrics=[PUBLICATIONS],
        columns=[UNIT_YEAR],
        orderby=[(PUBLICATIONS["label"], False), (UNIT_YEAR["label"], True)],
        row_limit=15,
        where=("unit_kind <> 'collective'",),
        params=TOP_UNITS,
        width=6,
        height=60,
    ),
    Chart(
        key="expected_publications_collectives",
        title="集合与群体称谓每年应公开次数 · Expected publications per year, collectives and groups",
        viz_type="echarts_timeseries_bar",
        dataset=OBLIGATIONS_FACT,
        metrics=[PUBLICATIONS],
        columns=[UNIT_YEAR],
        orderby=[(PUBLICATIONS["label"], False), (UNIT_YEAR["label"], True)],
        row_limit=15,
        where=("unit_kind = 'collective'",),
        params=TOP_UNITS,
        width=6,
        height=60,
    ),
    Chart(
        key="deadlines_by_month",
        title="各月到期的任务 · Tasks due by month",
        viz_type="echarts_timeseries_bar",
        dataset=OBLIGATIONS_FACT,
        metrics=[TASKS_DUE],
        columns=[DUE_MONTH, "region_name"],
        orderby=[(DUE_MONTH["label"], True), ("region_name", True)],
        where=("deadline_date IS NOT NULL",),
        params={**BAR, "x_axis": DUE_MONTH, "groupby": ["region_name"], "stack": "Stack"},
        width=12,
        height=50,
    ),
    Chart(
        key="deadlines_next_90_days",
        title="到期窗口内的任务（默认今天起 90 天）· Deadlines in the window (default: next 90 days)",
        viz_type="table",
        dataset=OBLIGATIONS_FACT,
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
        dataset=DATA_QUALITY,
        metrics=[QUARANTINED_SHARE],
        params={
            "y_axis_format": PERCENT,
            "subheader": "任务行被数据质量检查拦下 · held back by checks",
        },
        width=3,
        height=30,
        lacks=("unit_function",),
    ),
    Chart(
        key="unclassified_share",
        title="未归类的单位提及占比 · Unclassified share of unit mentions",
        viz_type="big_number_total",
        dataset=DATA_QUALITY,
        metrics=[UNCLASSIFIED_SHARE],
        params={
            "y_axis_format": PERCENT,
            "subheader": "单位名称未归入职能 · names without a function",
        },
        width=3,
        height=30,
        lacks=("unit_function",),
    ),
    Chart(
        key="data_quality_by_region",
        title="各地区数据质量 · Data quality by region",
        viz_type="table",
        dataset=DATA_QUALITY,
        metrics=[
            TASK_ROWS,
            TASK_ROWS_QUARANTINED,
            TASK_ROWS_WITHOUT_UNITS,
            QUARANTINED_SHARE,
            UNCLASSIFIED_SHARE,
        ],
        columns=["region_name", "notice_year"],
        orderby=[("region_name", True), ("notice_year", True)],
        params={
            "query_mode": "aggregate",
            "column_config": {
                QUARANTINED_SHARE["label"]: {"d3NumberFormat": PERCENT},
                UNCLASSIFIED_SHARE["label"]: {"d3NumberFormat": PERCENT},
            },
        },
        width=6,
        height=60,
        lacks=("unit_function",),
    ),
    Chart(
        key="task_changes_by_kind",
        title="与上一年度相比的任务变化 · Task changes since the region's previous notice",
        viz_type="table",
        dataset="fct_task_changes",
        metrics=[TASKS],
        columns=["region_name", "from_year", "to_year", "change_kind"],
        orderby=[
            ("region_name", True),
            ("from_year", True),
            ("to_year", True),
            ("change_kind", True),
        ],
        params={"query_mode": "aggregate"},
        width=12,
        height=50,
        lacks=("unit_function",),
    ),
    Chart(
        key="compliance_by_unit",
        title="各单位履行情况 · Compliance by unit (periods kept, late, missed)",
        viz_type="echarts_timeseries_bar",
        dataset="fct_unit_compliance",
        metrics=[PERIODS_KEPT, PERIODS_LATE, PERIODS_MISSED],
        columns=[UNIT_REGION_YEAR],
        orderby=[(PERIODS_MISSED["label"], False), (UNIT_REGION_YEAR["label"], True)],
        row_limit=20,
        params={
            **BAR,
            "x_axis": UNIT_REGION_YEAR,
            "groupby": [],
            "orientation": "horizontal",
            "stack": "Stack",
            "show_value": True,
        },
        width=12,
        height=60,
        # one row per unit, region and year: a unit's periods of several notices add up
        lacks=("notice",),
    ),
    Chart(
        key="unit_compliance_drilldown",
        title="单位履行明细（含依据） · Unit drill-down: each period, its status and evidence",
        viz_type="table",
        dataset="fct_obligation_periods",
        metrics=[PERIODS],
        columns=[
            "unit_name_qualified",
            "requirement",
            "frequency_label",
            "period_end",
            "due_date",
            "compliance_status",
            "publication_title",
            "publication_date",
            "publication_url",
        ],
        # every column: a total order, so the first 500 rows are always the same ones
        orderby=[
            ("unit_name_qualified", True),
            ("requirement", True),
            ("period_end", True),
            ("frequency_label", True),
            ("due_date", True),
            ("compliance_status", True),
            ("publication_title", True),
            ("publication_date", True),
            ("publication_url", True),
        ],
        row_limit=500,
        params={
            "query_mode": "aggregate",
            "include_search": True,
            "table_timestamp_format": "%Y-%m-%d",
        },
        width=12,
        height=60,
    ),
]


@dataclass(frozen=True)
class NativeFilter:
    """A dashboard filter: the values of `column` in `dataset`, applied to every chart
    except those listed (a chart is left out only when its rows lack the column)."""

    key: str
    name: str
    column: str | None
    dataset: str | None
    filter_type: str = "filter_select"
    excluded: tuple[str, ...] = ()
    default_time_range: str | None = None
    description: str = ""


def out_of_scope(filter_key: str) -> tuple[str, ...]:
    """The charts a dashboard filter leaves alone: those whose dataset lacks its column."""
    return tuple(chart.key for chart in CHARTS if filter_key in chart.lacks)


NATIVE_FILTERS = [
    NativeFilter("region", "地区 · Region", "region_name", OBLIGATIONS_FACT),
    NativeFilter("year", "年度 · Year", "notice_year", OBLIGATIONS_FACT),
    NativeFilter(
        "notice",
        "通知 · Notice",
        "notice_key",
        OBLIGATIONS_FACT,
        excluded=out_of_scope("notice"),
        description="不适用于按地区年度汇总的发文层级与单位履行图 · not for the issuing-level "
        "and unit-compliance charts, which add up a region's year",
    ),
    NativeFilter(
        "unit_function",
        "单位职能 · Unit function",
        "unit_function",
        OBLIGATIONS_FACT,
        excluded=out_of_scope("unit_function"),
        description="不适用于数据质量、任务变化与发文层级图（其行没有单位）· not for the "
        "data-quality, task-change and issuing-level charts, whose rows have no unit",
    ),
    NativeFilter(
        "deadline_window",
        "到期窗口 · Deadline window",
        None,
        None,
        filter_type="filter_time",
        excluded=tuple(c.key for c in CHARTS if c.key != "deadlines_next_90_days"),
        default_time_range=NEXT_90_DAYS,
        description="默认今天起 90 天；选任意起止日期查看历史 · default: today and the next 90 "
        "days; pick any dates to look at past notices",
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
    "period_end": "期末 · Period end",
    "due_date": "截止 · Due",
    "compliance_status": "状态 · Status",
    "publication_title": "依据 · Publication",
    "publication_date": "发布日期 · Published",
    "publication_url": "链接 · Link",
    "issuing_level": "发文层级 · Issuing level",
}

# Dashboard rows: chart keys side by side (widths add up to 12).
LAYOUT = [
    ["obligations_by_region_frequency", "obligations_by_unit_function"],
    ["tasks_by_issuing_level"],
    ["quarantined_share", "unclassified_share", "data_quality_by_region"],
    ["expected_publications_top_units", "expected_publications_collectives"],
    ["deadlines_by_month"],
    ["deadlines_next_90_days"],
    ["task_changes_by_kind"],
    ["compliance_by_unit"],
    ["unit_compliance_drilldown"],
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
        "extras": {"having": "", "where": " AND ".join(f"({sql})" for sql in chart.where)},
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
    params["adhoc_filters"] += [
        {"clause": "WHERE", "expressionType": "SQL", "sqlExpression": sql} for sql in chart.where
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


def native_filter_yaml(native: NativeFilter, chart_ids: dict[str, int]) -> dict[str, Any]:
    """One entry of the dashboard's native_filter_configuration, as Superset exports it."""
    default: dict[str, Any] = {"extraFormData": {}, "filterState": {}, "ownState": {}}
    control_values: dict[str, Any] = {"enableEmptyFilter": False}
    if native.filter_type == "filter_select":
        control_values |= {
            "defaultToFirstItem": False,
            "inverseSelection": False,
            "multiSelect": True,
            "searchAllOptions": False,
        }
    if native.default_time_range:
        default = {
            "extraFormData": {"time_range": native.default_time_range},
            "filterState": {"value": native.default_time_range},
            "ownState": {},
        }
    target: dict[str, Any] = {}
    if native.column and native.dataset:
        target = {"column": {"name": native.column}, "datasetUuid": dataset_uuid(native.dataset)}
    return {
        "id": f"NATIVE_FILTER-{native.key}",
        "name": native.name,
        "filterType": native.filter_type,
        "type": "NATIVE_FILTER",
        "targets": [target],
        "controlValues": control_values,
        "defaultDataMask": default,
        "cascadeParentIds": [],
        "scope": {
            "rootPath": ["ROOT_ID"],
            "excluded": [chart_ids[key] for key in native.excluded],
        },
        "description": native.description,
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
    # ids local to the export: import maps each (by its uuid) to the new chart's id, and
    # the native filters' scopes name charts by these ids
    chart_ids = {chart.key: number for number, chart in enumerate(CHARTS, start=1)}
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
                    "chartId": chart_ids[key],
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
            "native_filter_configuration": [
                native_filter_yaml(f, chart_ids) for f in NATIVE_FILTERS
            ],
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
