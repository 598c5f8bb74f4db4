"""The compliance queries of docs/analyst_guide.md (section 8) run on the compliance
warehouse, and their answers are the hand-written ones of tests/compliance/histories.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

pytestmark = pytest.mark.slow  # a real dbt build (tests/compliance/conftest.py)

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "analyst_guide.md"
BLOCK = re.compile(r"<!-- compliance-check: (\w+) -->\s*```sql\n(.*?)```", re.DOTALL)


def _queries() -> dict[str, str]:
    return dict(BLOCK.findall(GUIDE.read_text(encoding="utf-8")))


def _run(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_the_guide_has_the_four_compliance_queries() -> None:
    assert set(_queries()) == {
        "compliance_by_unit",
        "unit_drilldown",
        "assessability",
        "unmatched_publications",
    }


def test_compliance_by_unit(compliance_db: duckdb.DuckDBPyConnection) -> None:
    rows = _run(compliance_db, _queries()["compliance_by_unit"])
    by_unit = {
        r["unit_name"]: (r["periods_kept"], r["periods_late"], r["periods_missed"]) for r in rows
    }
    # counted by hand from LIANGSHAN.expected (as of 1 December 2021)
    assert by_unit["梁山县统计局"] == (4, 1, 3)
    assert by_unit["梁山县政府办公室"] == (0, 1, 0)
    assert by_unit["梁山县城关镇人民政府"] == (2, 0, 1)
    rates = [r["compliance_rate"] for r in rows]
    assert rates == sorted(rates)


def test_unit_drilldown(compliance_db: duckdb.DuckDBPyConnection) -> None:
    rows = _run(compliance_db, _queries()["unit_drilldown"])
    assert [r["compliance_status"] for r in rows] == [
        "kept",
        "kept",
        "kept",
        "late",
        "kept",
        "missed",
        "missed",
        "missed",
    ]
    late = rows[3]
    assert (late["publication_title"], late["days_late"]) == ("2021年6月统计数据", 1)
    assert all(r["publication_url"] for r in rows if r["compliance_status"] in ("kept", "late"))


def test_assessability(compliance_db: duckdb.DuckDBPyConnection) -> None:
    rows = {
        r["assessability"]: r["obligations"]
        for r in _run(compliance_db, _queries()["assessability"])
    }
    # 梁山 11 and 宁阳 6 obligations with periods; not assessable: 梁山 行政处罚 (event-driven),
    # 政策解读 (continuous), 宁阳 招标投标 (event-driven), 抽检 (periodic)
    assert rows == {"assessable": 11 + 6, "cadence_without_periods": 4}


def test_unmatched_publications(compliance_db: duckdb.DuckDBPyConnection) -> None:
    titles = {r["title"] for r in _run(compliance_db, _queries()["unmatched_publications"])}
    assert {"2020年县财政局部门决算公开", "特困人员救助供养名单公示", "中标结果公示"} <= titles
    assert "2021年3月全县财政收支情况" not in titles
