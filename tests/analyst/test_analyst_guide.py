"""Every SQL block of docs/analyst_guide.md runs against the published marts, and its
answer equals the one computed in Python from the expected extraction files."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.analyst.corpus_expectations import (
    REPO,
    ROLE_FIELDS,
    Obligation,
    UnitClassifier,
    count_by,
    distinct_rows_by,
    obligations,
)
from tests.dbt.corpus_warehouse import QUARANTINE_PROBE_NOTICE, BuiltWarehouse
from tests.expected_corpus import PERIODS_PER_YEAR

pytestmark = pytest.mark.slow

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "analyst_guide.md"
GROUPS_CSV = REPO / "dbt_project" / "seeds" / "unit_groups.csv"
BLOCK = re.compile(r"<!-- check: (\w+) -->\s*```sql\n(.*?)```", re.DOTALL)

Rows = list[dict[str, Any]]
Checker = Callable[[Rows, list[Obligation], BuiltWarehouse], None]


def guide_queries() -> dict[str, str]:
    return dict(BLOCK.findall(GUIDE.read_text(encoding="utf-8")))


def run(con: duckdb.DuckDBPyConnection, sql: str) -> Rows:
    cursor = con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def check_obligations_by_region_frequency(rows: Rows, facts: list[Obligation], _: Any) -> None:
    obligations_count = count_by(facts, "region_name", "year", "frequency")
    task_rows = distinct_rows_by(facts, "region_name", "year", "frequency")
    expected = {key: (obligations_count[key], task_rows[key]) for key in obligations_count}
    actual = {
        (r["region_name"], r["notice_year"], r["frequency_label"]): (
            r["obligations"],
            r["distinct_task_rows"],
        )
        for r in rows
    }
    assert actual == expected


def check_monthly_obligations_by_function(rows: Rows, facts: list[Obligation], _: Any) -> None:
    monthly = [f for f in facts if f.frequency == "monthly"]
    assert monthly, "the corpus has monthly tasks; the check would be empty otherwise"
    expected = count_by(monthly, "region_name", "unit_function")
    actual = {(r["region_name"], r["unit_function"]): r["monthly_obligations"] for r in rows}
    assert actual == dict(expected)
    for row in rows:
        best = max(n for (region, _f), n in expected.items() if region == row["region_name"])
        assert (row["rank_in_region"] == 1) == (row["monthly_obligations"] == best)


def check_deadlines_next_90_days(
    rows: Rows, facts: list[Obligation], built: BuiltWarehouse
) -> None:
    start = date(2017, 10, 15)
    end = start + timedelta(days=90)
    expected = {}
    for notice in built.notices:
        for row in notice.rows:
            if row["deadline_date"] and start <= date.fromisoformat(row["deadline_date"]) <= end:
                expected[(row["deadline_date"], notice.meta["notice_id"], row["row"])] = row
    assert expected, "pick a date with deadlines in the next 90 days"
    actual = {(str(r["deadline_date"]), r["notice_id"], r["row_in_notice"]): r for r in rows}
    assert actual.keys() == expected.keys()
    for key, row in expected.items():
        lead = actual[key]["lead_units"]
        assert (len(lead.split("、")) if lead else 0) == len(row["lead_units"])
        assert actual[key]["requirement"] == row["requirement"]


def _unit_roles(facts: list[Obligation]) -> Counter[tuple[Any, ...]]:
    aliases: dict[tuple[str, ...], set[str]] = defaultdict(set)
    by_role: dict[tuple[tuple[str, ...], str], set[tuple[str, int]]] = defaultdict(set)
    for fact in facts:
        aliases[fact.unit_key].add(fact.unit_name)
        by_role[(fact.unit_key, fact.role)].add((fact.notice_id, fact.row))
    return Counter(
        (
            frozenset(aliases[key]),
            len(by_role[(key, "lead")]),
            len(by_role[(key, "responsible")]),
            len(by_role[(key, "cooperating")]),
        )
        for key in aliases
        if by_role[(key, "lead")] or by_role[(key, "responsible")]
    )


def check_lead_vs_responsible_share(rows: Rows, facts: list[Obligation], _: Any) -> None:
    actual = Counter(
        (
            frozenset(r["aliases_seen"].split("、")),
            r["rows_as_lead"],
            r["rows_as_responsible"],
            r["rows_as_cooperating"],
        )
        for r in rows
    )
    assert actual == _unit_roles(facts)
    for r in rows:
        share = r["rows_as_lead"] / (r["rows_as_lead"] + r["rows_as_responsible"])
        assert float(r["lead_share"]) == pytest.approx(share, abs=1e-3)


def check_county_change_between_years(rows: Rows, facts: list[Obligation], _: Any) -> None:
    ningyang = [f for f in facts if f.region_adcode == "370921"]
    in_2017 = count_by([f for f in ningyang if f.year == 2017], "frequency")
    in_2018 = count_by([f for f in ningyang if f.year == 2018], "frequency")
    assert sum(in_2017.values()) > 0
    assert len(rows) == 12  # every cadence label, even those with no obligations
    for r in rows:
        label = (r["frequency_label"],)
        assert (r["obligations_2017"], r["obligations_2018"]) == (in_2017[label], in_2018[label])
        assert r["change"] == in_2018[label] - in_2017[label]


def check_expected_publications_per_unit(rows: Rows, facts: list[Obligation], _: Any) -> None:
    totals: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for fact in facts:
        periods = PERIODS_PER_YEAR.get(fact.frequency)
        if periods is None:
            continue
        total = totals[(fact.region_name, fact.unit_function, fact.year, fact.unit_key)]
        total[0] += 1
        total[1] += periods
        total[2] += periods if fact.role == "lead" else 0
    expected = Counter((key[0], key[1], key[2], *value) for key, value in totals.items())
    actual = Counter(
        (
            r["region_name"],
            r["unit_function"],
            r["notice_year"],
            r["periodic_obligations"],
            r["expected_publications"],
            r["expected_publications_as_lead"],
        )
        for r in rows
    )
    assert expected, "the corpus has periodic tasks"
    assert actual == expected
    publications = [r["expected_publications"] for r in rows]
    assert publications == sorted(publications, reverse=True)


def check_role_mix_per_region(rows: Rows, facts: list[Obligation], _: Any) -> None:
    expected = count_by(facts, "region_name", "role")
    actual = {(r["region_name"], r["unit_role"]): r["obligations"] for r in rows}
    assert actual == dict(expected)
    for r in rows:
        region_total = sum(
            n for (region, _role), n in expected.items() if region == r["region_name"]
        )
        assert float(r["percent_of_region"]) == pytest.approx(
            100 * r["obligations"] / region_total, abs=0.05
        )


def check_notices_data_quality(rows: Rows, _facts: Any, built: BuiltWarehouse) -> None:
    expected = {
        n.meta["notice_id"]: (n.meta["has_task_table"], len(n.rows), len(n.rows), 0)
        for n in built.notices
    }
    expected[QUARANTINE_PROBE_NOTICE] = (True, 1, 0, 1)
    actual = {
        r["notice_id"]: (
            r["has_task_table"],
            r["task_rows"],
            r["task_rows_ok"],
            r["task_rows_quarantined"],
        )
        for r in rows
    }
    assert actual == expected
    assert rows[0]["notice_id"] == QUARANTINE_PROBE_NOTICE  # the held-back notice first
    # every corpus row names its units: none is left out of the facts for lack of one
    assert {r["notice_id"]: r["task_rows_without_units"] for r in rows} == {
        notice_id: 0 for notice_id in expected
    }


def check_obligations_by_top_section(rows: Rows, facts: list[Obligation], _: Any) -> None:
    obligations_count = count_by(facts, "region_name", "top_section")
    task_rows = distinct_rows_by(facts, "region_name", "top_section")
    expected = {key: (obligations_count[key], task_rows[key]) for key in obligations_count}
    actual = {
        (r["region_name"], r["top_section"]): (r["obligations"], r["task_rows"]) for r in rows
    }
    assert actual == expected


def check_obligations_by_unit_level(rows: Rows, facts: list[Obligation], _: Any) -> None:
    obligations_count = count_by(facts, "region_name", "unit_level")
    units: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
    for fact in facts:
        units[(fact.region_name, fact.unit_level)].add(fact.unit_key)
    expected = {key: (n, len(units[key])) for key, n in obligations_count.items()}
    actual = {(r["region_name"], r["unit_level"]): (r["obligations"], r["units"]) for r in rows}
    assert actual == expected
    assert {"collective", "county", "vertical", "town"} <= {level for _r, level in actual}


def check_deadlines_by_month(rows: Rows, facts: list[Obligation], _: Any) -> None:
    task_rows: dict[str, set[tuple[str, int]]] = defaultdict(set)
    units: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for fact in facts:
        if fact.deadline_date:
            task_rows[fact.deadline_date[:7]].add((fact.notice_id, fact.row))
            units[fact.deadline_date[:7]].add(fact.unit_key)
    expected = {month: (len(task_rows[month]), len(units[month])) for month in task_rows}
    actual = {r["year_month"]: (r["task_rows_due"], r["units_involved"]) for r in rows}
    assert expected
    assert actual == expected


def check_units_with_several_spellings(rows: Rows, facts: list[Obligation], _: Any) -> None:
    spellings: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for fact in facts:
        spellings[fact.unit_key].add(fact.unit_name)
    expected = Counter(frozenset(names) for names in spellings.values() if len(names) > 1)
    assert expected, "the corpus spells some units two ways (县退役军人局, 县政府有关部门(单位))"
    assert Counter(frozenset(r["aliases_seen"].split("、")) for r in rows) == expected


def check_unit_classification_share(rows: Rows, _facts: Any, built: BuiltWarehouse) -> None:
    classifier = UnitClassifier()
    # the quarantine probe's mentions are not counted: a quarantined notice's rows never
    # reach the unit models (int_task_rows_admitted)
    mentions = [
        (name, notice.meta["region"])
        for notice in built.notices
        for row in notice.rows
        for field in ROLE_FIELDS.values()
        for name in row[field]
    ]
    classified = sum(classifier.classify(name, region) is not None for name, region in mentions)
    (row,) = rows
    assert row["unit_mentions"] == len(mentions)
    assert row["classified_mentions"] == classified
    assert float(row["classified_share"]) == pytest.approx(classified / len(mentions), abs=1e-4)
    assert float(row["classified_share"]) >= 0.98
    assert row["unclassified_names"] == ""


def check_tasks_assigned_and_unassigned(rows: Rows, _facts: Any, built: BuiltWarehouse) -> None:
    """Tasks per region and year, with units named or not (a prose task whose notice names
    none counts as unassigned; quarantined rows are out, as in the facts)."""
    expected: Counter[tuple[str, int]] = Counter()
    assigned: Counter[tuple[str, int]] = Counter()
    unassigned: Counter[tuple[str, int]] = Counter()
    for notice in built.notices:
        region = notice.meta["region"]
        key = (region["county"] or region["prefecture"] or region["province"], notice.meta["year"])
        for row in notice.rows:
            units = sum(len(row[field]) for field in ROLE_FIELDS.values())
            expected[key] += 1
            assigned[key] += units > 0
            unassigned[key] += units == 0 and row.get("layout") == "prose"
    actual = {
        (r["region_name"], r["notice_year"]): (
            r["tasks"],
            r["assigned_tasks"],
            r["unassigned_tasks"],
        )
        for r in rows
    }
    assert actual == {key: (expected[key], assigned[key], unassigned[key]) for key in expected}


def _group_scopes() -> dict[str, str]:
    """function → every / some, read from the seed (the independent side reads files)."""
    with GROUPS_CSV.open(encoding="utf-8") as handle:
        return {r["function"]: r["group_scope"] for r in csv.DictReader(handle)}


def check_obligations_on_collectives(rows: Rows, facts: list[Obligation], _: Any) -> None:
    scopes = _group_scopes()
    expected: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for fact in facts:
        counts = expected[fact.region_name]
        counts[0] += 1
        if fact.unit_level != "collective":
            counts[3] += 1
        elif scopes[fact.unit_function or ""] == "every":
            counts[1] += 1
        else:
            counts[2] += 1
    actual = {
        r["region_name"]: [
            r["obligations"],
            r["on_collectives"],
            r["on_groups"],
            r["on_named_units"],
        ]
        for r in rows
    }
    assert actual == dict(expected)
    assert all(counts[1] and counts[3] for counts in expected.values())
    for r in rows:
        assert float(r["collective_percent"]) == pytest.approx(
            100 * r["on_collectives"] / r["obligations"], abs=1e-3
        )


def check_canonical_unit_map(rows: Rows, _facts: Any, built: BuiltWarehouse) -> None:
    classifier = UnitClassifier()
    mentions: Counter[tuple[str, str]] = Counter()
    unresolved: set[tuple[str, str]] = set()
    # the quarantine probe is not here: a quarantined notice's units never reach the map
    # (int_task_rows_admitted), so one bad document cannot change what the others mean
    for notice in built.notices:
        region = notice.meta["region"]
        region_name = region.get("county") or region.get("prefecture") or region["province"]
        for row in notice.rows:
            for field in ROLE_FIELDS.values():
                for name in row[field]:
                    mentions[(region_name, name)] += 1
                    if classifier.classify(name, region) is None:
                        unresolved.add((region_name, name))
    actual: Counter[tuple[str, str]] = Counter()
    for r in rows:
        actual[(r["region_name"], r["unit_text_printed"])] += r["mentions"]
        assert r["reason"] and r["canonical_unit"]
    # every printed unit is in the map, none dropped, each mention counted once
    assert actual == mentions
    review = {(r["region_name"], r["unit_text_printed"]) for r in rows if r["needs_review"]}
    assert review == unresolved


CHECKS: dict[str, Checker] = {
    name.removeprefix("check_"): function
    for name, function in list(globals().items())
    if name.startswith("check_")
}


def test_every_guide_query_has_a_check_and_there_are_at_least_ten() -> None:
    queries = guide_queries()
    assert len(queries) >= 10
    assert set(queries) == set(CHECKS)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_guide_query_answers_match_the_corpus(
    name: str, reporting: duckdb.DuckDBPyConnection, built_warehouse: BuiltWarehouse
) -> None:
    rows = run(reporting, guide_queries()[name])
    assert rows, f"{name} returned nothing"
    CHECKS[name](rows, obligations(built_warehouse.notices), built_warehouse)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_guide_queries_return_types_every_bi_driver_reads(
    name: str, reporting: duckdb.DuckDBPyConnection
) -> None:
    """No HUGEINT (DuckDB's type for sum() of integers): some BI drivers reject it."""
    cursor = reporting.execute(guide_queries()[name])
    assert [column[0] for column in cursor.description if str(column[1]) == "HUGEINT"] == []
