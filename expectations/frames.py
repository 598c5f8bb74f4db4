"""Validation views of a batch of notices: one pandas frame per suite.

The frames carry the extracted values plus a few derived measures (list lengths, the
deadline's distance from the notice year) so that cross-field rules become plain
column expectations. They are views for checking only; nothing here is loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from expectations.labels import NATIONAL_ISSUERS
from extract.contract import NoticeRecords
from extract.table.header import has_unit_column
from extract.vocabulary import Layout, NoticeKind

# Columns GX reports for every failing row, to map failures back to (notice, row).
INDEX_COLUMNS: list[str] = ["notice_key", "row"]

Item = NoticeRecords


def _present(text: str | None) -> int:
    return int(text is not None and text.strip() != "")


def _year_offset(deadline: str | None, year: int | None) -> int | None:
    if year is None or deadline is None:
        return None
    try:
        return dt.date.fromisoformat(deadline).year - year
    except ValueError:
        return None  # an unparseable date is reported by the format expectation


def rows_frame(items: Sequence[Item]) -> pd.DataFrame:
    records: list[dict[str, object]] = []
    for key, item in enumerate(items):
        year = item.meta.year
        # A table with unit columns names a unit on every row (docs/extraction_schema.md).
        units_expected = int(has_unit_column(list(item.meta.columns)))
        for row in item.rows:
            lead, resp, coop = (
                len(row.lead_units),
                len(row.responsible_units),
                len(row.cooperating_units),
            )
            requirement = row.requirement
            records.append(
                {
                    "notice_key": key,
                    "row": row.row,
                    "requirement": requirement,
                    "requirement_chars": len(requirement) if requirement is not None else None,
                    "section_depth": len(row.section),
                    "frequency_count": len(row.frequencies),
                    "deadline_date": row.deadline_date,
                    "deadline_year_offset": _year_offset(row.deadline_date, year),
                    # A lead cell may hold only 配合 units, which land in cooperating_units.
                    "lead_cell_units": lead + coop,
                    "lead_cell_present": _present(row.lead_units_text),
                    # A responsible-only table may mark X牵头 … Y落实, so any role counts.
                    "responsible_cell_units": lead + resp + coop,
                    "responsible_cell_present": _present(row.responsible_units_text),
                    "layout": row.layout,
                    "unit_count": lead + resp + coop,
                    # a prose task without units is the notice's choice, never a finding
                    "units_expected": 0 if row.layout == Layout.PROSE else units_expected,
                }
            )
    frame = pd.DataFrame.from_records(records, columns=_ROW_COLUMNS)
    for column in ("row", "requirement_chars", "deadline_year_offset"):
        frame[column] = frame[column].astype("Int64")
    return frame


_ROW_COLUMNS = [
    "notice_key",
    "row",
    "requirement",
    "requirement_chars",
    "section_depth",
    "frequency_count",
    "deadline_date",
    "deadline_year_offset",
    "lead_cell_units",
    "lead_cell_present",
    "responsible_cell_units",
    "responsible_cell_present",
    "layout",
    "unit_count",
    "units_expected",
]


def frequencies_frame(items: Sequence[Item]) -> pd.DataFrame:
    """One line per (row, frequency label): labels live in lists, GX checks columns."""
    records = [
        {"notice_key": key, "row": row.row, "label": label}
        for key, item in enumerate(items)
        for row in item.rows
        for label in row.frequencies
    ]
    frame = pd.DataFrame.from_records(records, columns=["notice_key", "row", "label"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


def notices_frame(items: Sequence[Item]) -> pd.DataFrame:
    records: list[dict[str, object]] = []
    for key, item in enumerate(items):
        meta, rows = item.meta, item.rows
        records.append(
            {
                "notice_key": key,
                "row": 0,  # notices have no row; the column keeps one index shape for all suites
                "title": meta.title,
                "issuer": meta.issuer,
                "year": meta.year,
                "publish_date": meta.publish_date,
                "adcode": meta.region.adcode,
                "row_count": len(rows),
                "has_task_table": int(meta.has_task_table),
                "kind": meta.kind,
                "national": int(meta.issuer in NATIONAL_ISSUERS),
                "interpretation_rows": len(rows) if meta.kind == NoticeKind.INTERPRETATION else 0,
            }
        )
    frame = pd.DataFrame.from_records(
        records,
        columns=[
            "notice_key",
            "row",
            "title",
            "issuer",
            "year",
            "publish_date",
            "adcode",
            "row_count",
            "has_task_table",
            "kind",
            "interpretation_rows",
            "national",
        ],
    )
    frame["year"] = frame["year"].astype("Int64")
    return frame
