"""Canonical units keep the meaning of what was printed, checked on the corpus build:
every printed unit text is in the canonical map (nothing dropped), its parts put back
together are the text, and collectives are marked with their kind."""

from __future__ import annotations

import re

import duckdb

from tests.dbt.corpus_warehouse import BuiltWarehouse
from tests.expected_corpus import ROLE_FIELDS


def _normalised(name: str) -> str:
    return re.sub(r"\s+", "", name.replace("(", "（").replace(")", "）"))


def test_every_printed_unit_text_is_in_the_canonical_map(
    warehouse: duckdb.DuckDBPyConnection, built_warehouse: BuiltWarehouse
) -> None:
    printed = {
        (notice.meta["region"]["adcode"], name)
        for notice in built_warehouse.notices
        for row in notice.rows
        for field in ROLE_FIELDS
        for name in row[field]
    }
    mapped = set(
        warehouse.execute(
            "select region_adcode, unit_text_printed from marts.dim_unit_spelling"
        ).fetchall()
    )
    assert printed and printed <= mapped


def test_the_parts_of_a_text_put_together_are_the_text(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    rows = warehouse.execute(
        "select unit_text_printed, string_agg(unit_name_normalised, '|'"
        " order by unit_part_number), max(unit_parts_in_text), count(distinct unit_part_number)"
        " from marts.dim_unit_spelling group by region_adcode, unit_text_printed"
    ).fetchall()
    for text, parts, parts_in_text, numbered in rows:
        assert numbered == parts_in_text
        joined = re.sub(r"\|", "", parts)
        assert re.sub("以及|和|及|与", "", _normalised(text)) == re.sub("以及|和|及|与", "", joined)


def test_collectives_are_marked_with_their_kind(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select unit_name, is_collective, group_scope, member_kind from marts.dim_unit"
        " where unit_kind = 'collective'"
    ).fetchall()
    by_name = {name: (collective, scope, kind) for name, collective, scope, kind in rows}
    assert by_name["宁阳县各乡镇（街道）"] == (True, "every", "乡镇（街道）")
    assert by_name["宁阳县政府各部门（单位）"] == (True, "every", "政府部门")
    assert by_name["宁阳县政府有关部门（单位）"] == (False, "some", "政府部门")
    named = warehouse.execute(
        "select count(*) from marts.dim_unit where unit_kind <> 'collective'"
        " and (is_collective or group_scope is not null)"
    ).fetchone()
    assert named == (0,)
