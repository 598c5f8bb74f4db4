"""The change marts on notice pairs with known edits (tests/fixtures/task_changes): two
regions, each a corpus notice and a "next year" copy with listed edits, loaded through
the pipeline's own load step, the marts built by dbt. They must report exactly the edits
made to each copy, and nothing else."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.dbt.task_change_pair import Truth
from tests.dbt.task_change_warehouse import build_pair_warehouse

pytestmark = pytest.mark.slow

NINGYANG, LIANGSHAN = "370921", "370832"
REGIONS = (NINGYANG, LIANGSHAN)
BASE_ROWS = {NINGYANG: 133, LIANGSHAN: 64}


@pytest.fixture(scope="module")
def pairs(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict[str, Truth]]]:
    settings, truths = build_pair_warehouse(Path(tmp_path_factory.mktemp("task_changes")))
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    yield con, truths
    con.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def reported_events(con: duckdb.DuckDBPyConnection, region: str) -> set[tuple[str, str]]:
    """The marts' events in the truth's terms (earlier rows, new requirements)."""
    events: set[tuple[str, str]] = set()
    for kind, from_row, to_requirement, units, cadence in _rows(
        con,
        "select change_kind, from_row_in_notice, to_requirement, units_changed,"
        " cadence_changed from marts.fct_task_changes where region_adcode = ?",
        region,
    ):
        if kind == "added":
            events.add(("added", to_requirement))
        elif kind == "dropped":
            events.add(("dropped", str(from_row)))
        else:
            if units:
                events.add(("units", str(from_row)))
            if cadence:
                events.add(("cadence", str(from_row)))
    return events


def f1(reported: set, expected: set) -> float:
    true_positives = len(reported & expected)
    if not true_positives:
        return 0.0
    precision, recall = true_positives / len(reported), true_positives / len(expected)
    return 2 * precision * recall / (precision + recall)


def test_each_region_is_one_pair_of_consecutive_years(pairs) -> None:
    con, _ = pairs
    assert _rows(
        con,
        "select distinct region_adcode, from_year, to_year, from_notice_key, to_notice_key"
        " from marts.fct_task_changes order by region_adcode",
    ) == [
        (
            LIANGSHAN,
            2021,
            2022,
            "370832-2021-梁政办字〔2021〕15号",
            "370832-2022-梁政办字〔2022〕9号",
        ),
        (
            NINGYANG,
            2017,
            2018,
            "370921-2017-宁政办字〔2017〕3号",
            "370921-2018-宁政办字〔2018〕12号",
        ),
    ]


@pytest.mark.parametrize("region", REGIONS)
def test_added_dropped_unit_and_cadence_events_are_exactly_the_edits(pairs, region: str) -> None:
    con, truths = pairs
    reported = reported_events(con, region)
    print(
        f"{region}: F1 over added/dropped/unit/cadence events: {f1(reported, truths[region].events()):.3f}"
    )
    assert reported == truths[region].events()


@pytest.mark.parametrize("region", REGIONS)
def test_every_task_is_reported_once_on_each_side(pairs, region: str) -> None:
    con, truths = pairs
    truth = truths[region]
    (from_rows, to_rows, from_distinct, to_distinct) = _rows(
        con,
        "select count(from_task_row_id), count(to_task_row_id),"
        " count(distinct from_task_row_id), count(distinct to_task_row_id)"
        " from marts.fct_task_changes where region_adcode = ?",
        region,
    )[0]
    assert from_rows == from_distinct == BASE_ROWS[region]
    assert to_rows == to_distinct == BASE_ROWS[region] - len(truth.dropped) + len(truth.added)


@pytest.mark.parametrize("region", REGIONS)
def test_deadline_text_and_section_changes_are_exactly_the_edits(pairs, region: str) -> None:
    con, truths = pairs
    truth = truths[region]
    flagged = {
        column: {
            row
            for (row,) in _rows(
                con,
                f"select from_row_in_notice from marts.fct_task_changes"
                f" where region_adcode = ? and {column}",
                region,
            )
        }
        for column in ("deadline_changed", "text_changed", "section_changed")
    }
    assert flagged == {
        "deadline_changed": truth.deadline,
        "text_changed": truth.text,
        "section_changed": truth.section,
    }


@pytest.mark.parametrize("region", REGIONS)
def test_alias_renames_and_year_bumps_are_not_changes(pairs, region: str) -> None:
    con, truths = pairs
    truth = truths[region]
    edited = truth.units | truth.cadence | truth.deadline | truth.text
    kinds = dict(
        _rows(
            con,
            "select from_row_in_notice, change_kind from marts.fct_task_changes"
            " where region_adcode = ? and from_task_row_id is not null"
            " and to_task_row_id is not null",
            region,
        )
    )
    assert {row for row, kind in kinds.items() if kind == "changed"} == edited
    assert truth.alias_only and all(kinds[row] == "unchanged" for row in truth.alias_only)


def test_rows_whose_years_were_bumped_are_unchanged(pairs) -> None:
    con, _ = pairs
    # ningyang 1 (2016年…2017年计划), 23 (2017年底前, deadline 2017-12-31) and 104 (年内,
    # deadline 2017-12-31); liangshan 19 (section （七）主动公开2021年重点任务…)
    assert _rows(
        con,
        "select region_adcode, from_row_in_notice, change_kind from marts.fct_task_changes"
        " where (region_adcode = ? and from_row_in_notice in (1, 23, 104))"
        " or (region_adcode = ? and from_row_in_notice = 19) order by all",
        NINGYANG,
        LIANGSHAN,
    ) == [
        (LIANGSHAN, 19, "unchanged"),
        (NINGYANG, 1, "unchanged"),
        (NINGYANG, 23, "unchanged"),
        (NINGYANG, 104, "unchanged"),
    ]


def test_unit_changes_name_who_gained_and_who_lost(pairs) -> None:
    con, _ = pairs
    moved = set(
        _rows(
            con,
            "select region_adcode, unit_name, unit_role, unit_change"
            " from marts.fct_unit_task_changes where task_change_kind = 'changed'",
        )
    )
    assert moved == {
        (NINGYANG, "宁阳县发改局", "lead", "lost"),  # row 15 went to 县财政局
        (NINGYANG, "宁阳县财政局", "lead", "gained"),
        (NINGYANG, "宁阳县人社局", "lead", "gained"),  # row 64 now shared with 县人社局
        (NINGYANG, "宁阳县市场监管局", "lead", "lost"),  # row 92 left to 县住建局 alone
        (LIANGSHAN, "梁山县农业农村局", "lead", "lost"),  # row 7 left to 县民政局
        (LIANGSHAN, "梁山县消防救援大队", "lead", "gained"),  # row 16 shared with it
        (LIANGSHAN, "梁山县公路局", "lead", "lost"),  # row 27 left to 县交通运输局
    }


@pytest.mark.parametrize("region", REGIONS)
def test_a_new_task_is_gained_by_each_of_its_units(pairs, region: str) -> None:
    con, truths = pairs
    gained = _rows(
        con,
        "select requirement, count(*) from marts.fct_unit_task_changes"
        " where region_adcode = ? and task_change_kind = 'added' group by requirement",
        region,
    )
    assert {requirement for requirement, _ in gained} == truths[region].added
    assert all(units >= 2 for _, units in gained)  # a lead and a responsible unit at least


def test_change_marts_hold_plain_types_only(pairs) -> None:
    con, _ = pairs
    types = _rows(
        con,
        "select table_name, column_name, data_type from information_schema.columns"
        " where table_schema = 'marts' and table_name in"
        " ('fct_task_changes', 'fct_unit_task_changes')",
    )
    assert types
    bad = [t for t in types if any(k in t[2] for k in ("[]", "STRUCT", "MAP", "HUGEINT"))]
    assert bad == []


GUIDE = Path(__file__).resolve().parents[2] / "docs" / "analyst_guide.md"
GUIDE_BLOCK = re.compile(r"<!-- changes-check: (\w+) -->\s*```sql\n(.*?)```", re.DOTALL)


def _guide_query(name: str) -> str:
    return dict(GUIDE_BLOCK.findall(GUIDE.read_text(encoding="utf-8")))[name]


def _functions_of(con: duckdb.DuckDBPyConnection, requirements: set[str]) -> Counter[str]:
    """Per unit function, the tasks among `requirements` that a unit of it holds."""
    rows = _rows(
        con,
        "select distinct coalesce(units.unit_function, '（未分类）'), rows.requirement"
        " from intermediate.int_units_qualified as units"
        " inner join staging.stg_task_rows as rows on units.task_row_id = rows.task_row_id"
        " where rows.notice_id = 'ningyang-2018'",
    )
    return Counter(function for function, text in rows if text in requirements)


def test_guide_new_tasks_per_unit_function(pairs) -> None:
    con, truths = pairs
    answer = _rows(con, _guide_query("new_tasks_per_unit_function"))
    new_tasks = {function: n for function, n, _, _ in answer if n}
    assert new_tasks == dict(_functions_of(con, truths[NINGYANG].added))
    # row 15 went from 发改 to 财政, row 64 to 民政 and 人社: taken over by 财政 and 人社
    taken_over = {function: n for function, _, n, _ in answer if n}
    assert taken_over == {"财政": 1, "人力资源社会保障": 1}


def test_guide_tasks_whose_cadence_changed(pairs) -> None:
    con, truths = pairs
    answer = _rows(con, _guide_query("tasks_whose_cadence_changed"))
    assert {row[2] for row in answer} == truths[NINGYANG].cadence
    assert sorted(row[5] for row in answer) == ["annual", "monthly", "quarterly"]
