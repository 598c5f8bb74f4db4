"""Every expected corpus row: unit lists, roles, deadline date and frequency labels."""

from __future__ import annotations

import pytest

from extract.deadline import deadline_date
from extract.frequency import frequencies
from extract.units import assign_roles
from tests.extract.normalise_corpus import expected_rows

ROWS = expected_rows()
IDS = [f"{slug}-{row['row']}" for slug, _, row in ROWS]


def test_the_corpus_has_rows_to_check() -> None:
    assert len(ROWS) >= 190


@pytest.mark.parametrize(("slug", "meta", "row"), ROWS, ids=IDS)
def test_units_and_roles(slug: str, meta: dict, row: dict) -> None:
    roles = assign_roles(row["lead_units_text"], row["responsible_units_text"])
    assert roles.lead == row["lead_units"]
    assert roles.responsible == row["responsible_units"]
    assert roles.cooperating == row["cooperating_units"]


@pytest.mark.parametrize(("slug", "meta", "row"), ROWS, ids=IDS)
def test_deadline_and_frequencies(slug: str, meta: dict, row: dict) -> None:
    found = deadline_date(row["deadline_text"], row["requirement"], meta["year"])
    assert found == row["deadline_date"]
    assert frequencies(row["requirement"], row["deadline_text"], found) == row["frequencies"]
