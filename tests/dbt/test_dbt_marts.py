"""The dbt project built for real over the corpus rows: schemas, grain, counts, units,
quarantine, documentation. Expected numbers come from the jsonl files, not from SQL."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.dbt.corpus_warehouse import QUARANTINE_PROBE_NOTICE, BuiltWarehouse
from tests.expected_corpus import (
    PERIODS_PER_YEAR,
    obligations_by_region_frequency,
    unit_mentions,
)

pytestmark = pytest.mark.slow

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def test_models_build_into_exactly_the_layer_schemas(warehouse: duckdb.DuckDBPyConnection) -> None:
    tables = warehouse.execute(
        "select table_schema, table_name from information_schema.tables"
        " where table_schema not in ('raw', 'main')"
    ).fetchall()
    by_schema: dict[str, set[str]] = {}
    for schema, table in tables:
        by_schema.setdefault(schema, set()).add(table)
    assert set(by_schema) == {"seeds", "staging", "intermediate", "marts"}
    assert all(name.startswith("stg_") for name in by_schema["staging"])
    assert all(name.startswith("int_") for name in by_schema["intermediate"])
    assert {
        "dim_region",
        "dim_unit",
        "dim_frequency",
        "dim_notice",
        "dim_date",
        "fct_disclosure_obligations",
        "agg_obligations_by_region_frequency",
        "agg_obligations_by_unit_function",
        "agg_expected_publications_per_year",
        "agg_data_quality_by_region",
        "metrics_unit_classification",
    } <= by_schema["marts"]


def test_fact_counts_by_region_and_frequency_equal_the_extraction(
    built_warehouse: BuiltWarehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    expected = obligations_by_region_frequency(built_warehouse.notices)
    actual = {
        (adcode, frequency): n
        for adcode, frequency, n in warehouse.execute(
            "select region_adcode, frequency_label, count(*)"
            " from marts.fct_disclosure_obligations group by all"
        ).fetchall()
    }
    assert sum(expected.values()) > 0
    assert actual == dict(expected)


def test_quarantined_rows_reach_staging_but_not_the_facts(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    staged = warehouse.execute(
        "select dq_status from staging.stg_task_rows where notice_id = ?", [QUARANTINE_PROBE_NOTICE]
    ).fetchall()
    in_facts = warehouse.execute(
        "select count(*) from marts.fct_disclosure_obligations where notice_id = ?",
        [QUARANTINE_PROBE_NOTICE],
    ).fetchone()
    counted = warehouse.execute(
        "select task_rows_quarantined from marts.dim_notice where notice_id = ?",
        [QUARANTINE_PROBE_NOTICE],
    ).fetchone()
    assert staged == [("quarantined",)]
    assert in_facts == (0,)
    assert counted == (1,)


def test_units_are_qualified_with_their_notice_region(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    finance = warehouse.execute(
        "select unit_name, unit_function, unit_level, unit_key from marts.dim_unit"
        " where list_contains(string_split(aliases_seen, '、'), '县财政局') order by unit_name"
    ).fetchall()
    assert [row[:3] for row in finance] == [
        ("宁阳县财政局", "财政", "county"),
        ("梁山县财政局", "财政", "county"),
    ]
    assert finance[0][3] != finance[1][3]
    branch = warehouse.execute(
        "select unit_name, unit_level, unit_region_name from marts.dim_unit"
        " where list_contains(string_split(aliases_seen, '、'), '市生态环境局梁山分局')"
    ).fetchall()
    assert branch == [("济宁市生态环境局梁山分局", "vertical", "济宁市")]


def test_spellings_of_one_body_are_one_unit(warehouse: duckdb.DuckDBPyConnection) -> None:
    veterans = warehouse.execute(
        "select aliases_seen, unit_function from marts.dim_unit"
        " where list_contains(string_split(aliases_seen, '、'), '县退役军人局')"
    ).fetchall()
    assert veterans == [("县退役军人事务局、县退役军人局", "退役军人事务")]
    collectives = warehouse.execute(
        "select aliases_seen, unit_level from marts.dim_unit"
        " where list_contains(string_split(aliases_seen, '、'), '县政府有关部门(单位)')"
    ).fetchall()
    assert collectives == [("县政府有关部门(单位)、县政府有关部门（单位）", "collective")]


def test_unit_classification_share_is_published_and_meets_the_target(
    built_warehouse: BuiltWarehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    # the quarantine probe's mentions stay out: its row never reaches the unit models
    mentions = sum(unit_mentions(row) for n in built_warehouse.notices for row in n.rows)
    total, share = warehouse.execute(
        "select unit_mentions, classified_share from marts.metrics_unit_classification"
    ).fetchone()
    assert total == mentions
    assert share >= 0.98


def test_expected_publications_per_region_equal_the_extraction(
    built_warehouse: BuiltWarehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    expected: Counter[str] = Counter()
    for notice in built_warehouse.notices:
        for row in notice.rows:
            units = unit_mentions(row)
            for frequency in row["frequencies"]:
                expected[notice.meta["region"]["adcode"]] += units * PERIODS_PER_YEAR.get(
                    frequency, 0
                )
    actual = dict(
        warehouse.execute(
            "select region_adcode, sum(expected_publications)::integer"
            " from marts.agg_expected_publications_per_year group by 1"
        ).fetchall()
    )
    assert sum(expected.values()) > 0
    assert {k: v for k, v in actual.items() if v} == {k: v for k, v in expected.items() if v}


def test_frequency_dimension_has_the_periods_per_year(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    periods = dict(
        warehouse.execute(
            "select frequency_label, periods_per_year from marts.dim_frequency"
        ).fetchall()
    )
    assert periods == {
        **PERIODS_PER_YEAR,
        "periodic": None,
        "one_off": None,
        "event_driven": None,
        "continuous": None,
        "unspecified": None,
    }


def test_date_spine_covers_every_publish_date_and_deadline(
    built_warehouse: BuiltWarehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    days = [
        date.fromisoformat(n.meta["publish_date"])
        for n in built_warehouse.notices
        if n.meta["publish_date"]
    ]
    days += [
        date.fromisoformat(r["deadline_date"])
        for n in built_warehouse.notices
        for r in n.rows
        if r["deadline_date"]
    ]
    first, last, count = warehouse.execute(
        "select min(date_day), max(date_day), count(*) from marts.dim_date"
    ).fetchone()
    assert first <= min(days) and last >= max(days)
    assert count == (last - first).days + 1


def test_every_model_and_column_is_documented_in_chinese_and_english(
    built_warehouse: BuiltWarehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    manifest = json.loads(
        (built_warehouse.path.parent / "target" / "manifest.json").read_text(encoding="utf-8")
    )
    undocumented = []
    for node in manifest["nodes"].values():
        if node["resource_type"] not in ("model", "seed") or node["package_name"] != "notices":
            continue
        relation = node["alias"]
        columns = [
            name
            for (name,) in warehouse.execute(
                "select column_name from information_schema.columns"
                " where table_schema = ? and table_name = ?",
                [node["schema"], relation],
            ).fetchall()
        ]
        assert columns, f"{node['name']} was not built"
        texts = {node["name"]: node["description"]}
        texts |= {
            f"{node['name']}.{column}": node["columns"].get(column, {}).get("description", "")
            for column in columns
        }
        undocumented += [
            where
            for where, text in texts.items()
            if not (CJK.search(text) and LATIN_WORD.search(text))
        ]
    assert undocumented == []


def test_keys_are_tested_and_the_unit_logic_has_unit_tests(
    built_warehouse: BuiltWarehouse,
) -> None:
    manifest = json.loads(
        (built_warehouse.path.parent / "target" / "manifest.json").read_text(encoding="utf-8")
    )
    uniqueness_tested = {
        dependency
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and node.get("test_metadata", {}).get("name") in ("unique", "unique_combination")
        for dependency in node["depends_on"]["nodes"]
    }
    models = {
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
        and node["name"] != "metrics_unit_classification"  # a single row, no key
    }
    assert models - uniqueness_tested == set()
    unit_tested = {test["model"] for test in manifest["unit_tests"].values()}
    assert {
        "int_units_qualified",
        "int_unit_names_classified",
        "fct_disclosure_obligations",
    } <= unit_tested


# Types a BI tool cannot read as a plain column: lists and arrays (`VARCHAR[]`,
# `INTEGER[3]`), structs, maps, unions, and HUGEINT (pandas turns it into floats).
NOT_BI_READY = re.compile(r"\[\d*\]$|^(STRUCT|MAP|UNION)\(|^U?HUGEINT$", re.IGNORECASE)


def test_not_bi_ready_pattern_catches_every_non_plain_type() -> None:
    caught = ["VARCHAR[]", "INTEGER[3]", "STRUCT(a INTEGER)", "MAP(VARCHAR, INTEGER)", "HUGEINT"]
    plain = ["VARCHAR", "BIGINT", "INTEGER", "DATE", "DOUBLE", "BOOLEAN", "DECIMAL(18,4)"]
    assert [t for t in caught if NOT_BI_READY.search(t)] == caught
    assert [t for t in plain if NOT_BI_READY.search(t)] == []


def test_marts_hold_plain_types_only(warehouse: duckdb.DuckDBPyConnection) -> None:
    columns = warehouse.execute(
        "select table_name, column_name, data_type from information_schema.columns"
        " where table_schema = 'marts' order by all"
    ).fetchall()
    assert len({table for table, _, _ in columns}) >= 10
    assert [c for c in columns if NOT_BI_READY.search(c[2])] == []


def test_notice_key_is_readable_unique_and_on_the_facts(
    built_warehouse: BuiltWarehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    keys = dict(warehouse.execute("select notice_id, notice_key from marts.dim_notice").fetchall())
    assert len(set(keys.values())) == len(keys) > 0
    ningyang = next(n.meta for n in built_warehouse.notices if n.meta["doc_number"])
    assert keys[ningyang["notice_id"]] == "-".join(
        [ningyang["region"]["adcode"], str(ningyang["year"]), ningyang["doc_number"]]
    )
    orphans = warehouse.execute(
        "select count(*) from marts.fct_disclosure_obligations as f"
        " left join marts.dim_notice as n using (notice_id)"
        " where n.notice_key is distinct from f.notice_key"
    ).fetchone()
    assert orphans == (0,)


def test_facts_carry_the_issuing_regions_names(
    built_warehouse: BuiltWarehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    expected = {
        n.meta["region"]["adcode"]: (
            n.meta["region"]["province"],
            n.meta["region"]["prefecture"],
            n.meta["region"]["county"],
        )
        for n in built_warehouse.notices
        if n.rows
    }
    actual = {
        adcode: names
        for adcode, *names in warehouse.execute(
            "select distinct region_adcode, region_province, region_prefecture, region_county"
            " from marts.fct_disclosure_obligations"
        ).fetchall()
    }
    assert {k: tuple(v) for k, v in actual.items()} == expected


def test_distinct_counts_are_named_so_and_the_obligations_add_up(
    built_warehouse: BuiltWarehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    """Obligations add up over frequency groups to the fact count; distinct task rows
    summed over frequency groups count a task once per cadence (攀枝花 138 instead of
    131 in issue 17), which is why the column says it is a distinct count."""
    per_region = warehouse.execute(
        "select region_adcode, sum(obligations), sum(distinct_task_rows)"
        " from marts.agg_obligations_by_region_frequency group by 1"
    ).fetchall()
    obligations: Counter[str] = Counter()
    task_cadences: Counter[str] = Counter()
    for notice in built_warehouse.notices:
        adcode = notice.meta["region"]["adcode"]
        for row in notice.rows:
            units = unit_mentions(row)
            obligations[adcode] += units * len(row["frequencies"])
            task_cadences[adcode] += len(set(row["frequencies"])) if units else 0
    assert {a: n for a, n, _ in per_region} == {a: n for a, n in obligations.items() if n}
    assert {a: n for a, _, n in per_region} == {a: n for a, n in task_cadences.items() if n}


def test_data_quality_aggregate_counts_the_quarantined_rows(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    totals = warehouse.execute(
        "select sum(task_rows), sum(task_rows_quarantined), sum(unit_mentions),"
        " sum(unclassified_mentions) from marts.agg_data_quality_by_region"
    ).fetchone()
    direct = warehouse.execute(
        "select count(*), count(*) filter (where dq_status = 'quarantined'),"
        " (select unit_mentions from marts.metrics_unit_classification),"
        " (select unclassified_mentions from marts.metrics_unit_classification)"
        " from staging.stg_task_rows"
    ).fetchone()
    assert totals == direct
    assert totals[1] >= 1  # the quarantine probe


def test_publish_for_analysts_copies_the_marts_with_their_comments_and_nothing_else(
    built_warehouse: BuiltWarehouse, warehouse: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from warehouse.publish import publish

    reporting = publish(built_warehouse.path, tmp_path / "reporting.duckdb", method="analysts")
    tables = (
        "select schema_name, table_name, comment, estimated_size from duckdb_tables()"
        " where database_name = current_database() order by 1, 2"
    )
    columns = (
        "select table_name, column_name, data_type, comment from duckdb_columns()"
        " where database_name = current_database() and schema_name = 'marts' order by all"
    )
    marts = [row for row in warehouse.execute(tables).fetchall() if row[0] == "marts"]
    con = duckdb.connect(str(reporting), read_only=True)
    try:
        published = con.execute(tables).fetchall()
        published_columns = con.execute(columns).fetchall()
        counts = {
            t: con.execute(f"select count(*) from marts.{t}").fetchone()[0]
            for _, t, *_ in published
        }
    finally:
        con.close()
    assert [row[:3] for row in published] == [row[:3] for row in marts]
    assert all(comment for _, _, comment, _ in published)  # persist_docs' descriptions
    assert published_columns == warehouse.execute(columns).fetchall()
    assert counts == {
        t: warehouse.execute(f"select count(*) from marts.{t}").fetchone()[0] for _, t, *_ in marts
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reporting.duckdb"]
