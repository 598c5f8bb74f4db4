"""Validation views of a batch of notices: one pandas frame per suite.

The frames carry the extracted values plus a few derived measures (list lengths, the
deadline's distance from the notice year) so that cross-field rules become plain
column expectations. They are views for checking only; nothing here is loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

# Columns GX reports for every failing row, to map failures back to (notice, row).
INDEX_COLUMNS: list[str] = ["notice_key", "row"]

Item = tuple[dict[str, Any], list[dict[str, Any]]]


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list | tuple) else 0


def _present(text: Any) -> int:
    return int(isinstance(text, str) and text.strip() != "")


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _year_offset(deadline: Any, year: int | None) -> int | None:
    if year is None or not isinstance(deadline, str):
        return None
    try:
        return dt.date.fromisoformat(deadline).year - year
    except ValueError:
        return None  # an unparseable date is reported by the format expectation


def _as_text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def rows_frame(items: Sequence[Item]) -> pd.DataFrame:
    records: list[dict[str, Any]] = []
    for key, (meta, rows) in enumerate(items):
        year = _as_int(meta.get("year"))
        for row in rows:
            lead, resp, coop = (
                _count(row.get("lead_units")),
                _count(row.get("responsible_units")),
                _count(row.get("cooperating_units")),
            )
            requirement = _as_text(row.get("requirement"))
            records.append(
                {
                    "notice_key": key,
                    "row": _as_int(row.get("row")),
                    "requirement": requirement,
                    "requirement_chars": len(requirement) if requirement is not None else None,
                    "section_depth": _count(row.get("section")),
                    "frequency_count": _count(row.get("frequencies")),
                    "deadline_date": row.get("deadline_date"),
                    "deadline_year_offset": _year_offset(row.get("deadline_date"), year),
                    # A lead cell may hold only 配合 units, which land in cooperating_units.
                    "lead_cell_units": lead + coop,
                    "lead_cell_present": _present(row.get("lead_units_text")),
                    # A responsible-only table may mark X牵头 … Y落实, so any role counts.
                    "responsible_cell_units": lead + resp + coop,
                    "responsible_cell_present": _present(row.get("responsible_units_text")),
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
]


def _labels(value: Any) -> list[Any]:
    # A bare string is one (possibly unknown) label, not a list of characters.
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def frequencies_frame(items: Sequence[Item]) -> pd.DataFrame:
    """One line per (row, frequency label): labels live in lists, GX checks columns."""
    records = [
        {"notice_key": key, "row": _as_int(row.get("row")), "label": label}
        for key, (_, rows) in enumerate(items)
        for row in rows
        for label in _labels(row.get("frequencies"))
    ]
    frame = pd.DataFrame.from_records(records, columns=["notice_key", "row", "label"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


def notices_frame(items: Sequence[Item]) -> pd.DataFrame:
    records: list[dict[str, Any]] = []
    for key, (meta, rows) in enumerate(items):
        found = meta.get("region")
        region: dict[str, Any] = found if isinstance(found, dict) else {}
        adcode = region.get("adcode")
        records.append(
            {
                "notice_key": key,
                "row": 0,  # notices have no row; the column keeps one index shape for all suites
                "title": _as_text(meta.get("title")),
                "issuer": _as_text(meta.get("issuer")),
                "year": _as_int(meta.get("year")),
                "publish_date": meta.get("publish_date"),
                "adcode": str(adcode) if adcode is not None else None,
                "row_count": len(rows),
                "has_task_table": int(bool(meta.get("has_task_table"))),
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
        ],
    )
    frame["year"] = frame["year"].astype("Int64")
    return frame
