"""The great-expectations suites, written as code.

Each expectation carries `meta.name` (the reason recorded in dq_reasons) and
`meta.severity`: a failed `hard` expectation quarantines the row (or the notice), a
failed `soft` one only warns.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.row_conditions import Column

from expectations.labels import (
    DEADLINE_YEAR_WINDOW,
    FREQUENCY_LABELS,
    LAYOUTS,
    MAX_REQUIREMENT_CHARS,
    NO_UNITS,
    NOTICE_KINDS,
)

HARD = "hard"
SOFT = "soft"

ROWS_SUITE = "task_rows"
FREQUENCIES_SUITE = "task_row_frequencies"
NOTICES_SUITE = "notices"


def _m(name: str, severity: str) -> dict[str, str]:
    return {"name": name, "severity": severity}


def _row_expectations() -> list[Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="row", meta=_m("row_present", HARD)),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["notice_key", "row"], meta=_m("row_unique_in_notice", HARD)
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="requirement", meta=_m("requirement_not_empty", HARD)
        ),
        gxe.ExpectColumnValuesToMatchRegex(
            column="requirement", regex=r"\S", meta=_m("requirement_not_empty", HARD)
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="section_depth", min_value=1, meta=_m("section_not_empty", HARD)
        ),
        gxe.ExpectColumnValuesToMatchStrftimeFormat(
            column="deadline_date", strftime_format="%Y-%m-%d", meta=_m("deadline_date_valid", HARD)
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="deadline_year_offset",
            min_value=-DEADLINE_YEAR_WINDOW,
            max_value=DEADLINE_YEAR_WINDOW,
            meta=_m("deadline_within_notice_year", HARD),
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="frequency_count", min_value=1, meta=_m("frequencies_present", SOFT)
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="requirement_chars",
            max_value=MAX_REQUIREMENT_CHARS,
            meta=_m("requirement_length_plausible", SOFT),
        ),
        # "units >= present" reads: when the cell has text, at least one unit came out of it.
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="lead_cell_units",
            column_B="lead_cell_present",
            or_equal=True,
            meta=_m("lead_units_split", SOFT),
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="responsible_cell_units",
            column_B="responsible_cell_present",
            or_equal=True,
            meta=_m("responsible_units_split", SOFT),
        ),
        # A table row or a prose paragraph (a prose task without units is the notice's
        # choice, not a finding: units_expected is 0 for prose rows).
        gxe.ExpectColumnValuesToBeInSet(
            column="layout", value_set=list(LAYOUTS), meta=_m("layout_known", HARD)
        ),
        # A row with no unit at all in a table with unit columns: its unit cells came out
        # empty. It stays (warn) but yields no obligation, so it must not pass as ok.
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="unit_count",
            column_B="units_expected",
            or_equal=True,
            meta=_m(NO_UNITS, SOFT),
        ),
    ]


def _frequency_expectations() -> list[Expectation]:
    return [
        gxe.ExpectColumnValuesToBeInSet(
            column="label", value_set=list(FREQUENCY_LABELS), meta=_m("frequency_label_known", HARD)
        ),
    ]


def _notice_expectations() -> list[Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="title", meta=_m("title_present", HARD)),
        gxe.ExpectColumnValuesToMatchRegex(
            column="title", regex=r"\S", meta=_m("title_present", HARD)
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="issuer", meta=_m("issuer_present", HARD)),
        gxe.ExpectColumnValuesToMatchRegex(
            column="issuer", regex=r"\S", meta=_m("issuer_present", HARD)
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="year", meta=_m("year_present", HARD)),
        # every notice but a national one (国务院办公厅) is issued by a region
        gxe.ExpectColumnValuesToNotBeNull(
            column="adcode",
            row_condition=Column("national") == 0,
            meta=_m("adcode_six_digits", HARD),
        ),
        gxe.ExpectColumnValuesToMatchRegex(
            column="adcode", regex=r"^\d{6}$", meta=_m("adcode_six_digits", HARD)
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="row_count",
            column_B="has_task_table",
            or_equal=True,
            meta=_m("rows_when_task_table", HARD),
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="year", min_value=1990, max_value=2100, meta=_m("year_plausible", SOFT)
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="kind", value_set=list(NOTICE_KINDS), meta=_m("kind_known", HARD)
        ),
        # an interpretation restates a notice: its rows would count the notice's tasks twice
        gxe.ExpectColumnValuesToBeBetween(
            column="interpretation_rows", max_value=0, meta=_m("no_rows_in_interpretation", HARD)
        ),
        gxe.ExpectColumnValuesToMatchStrftimeFormat(
            column="publish_date", strftime_format="%Y-%m-%d", meta=_m("publish_date_valid", SOFT)
        ),
    ]


def build_suites() -> dict[str, gx.ExpectationSuite]:
    """Fresh suite objects, keyed by the name of the frame they validate."""
    specs = {
        ROWS_SUITE: _row_expectations(),
        FREQUENCIES_SUITE: _frequency_expectations(),
        NOTICES_SUITE: _notice_expectations(),
    }
    return {name: gx.ExpectationSuite(name=name, expectations=exps) for name, exps in specs.items()}
