"""Logical rows → Contract 1 task rows, by calling the normalisers on each row's texts."""

from __future__ import annotations

from extract.deadline import deadline_date
from extract.errors import Problem
from extract.frequency import frequencies
from extract.table.header import has_unit_column
from extract.table.logical import LogicalRow
from extract.text import one_line
from extract.units import assign_roles
from extract.vocabulary import NoteKind


def task_rows(rows: list[LogicalRow], *, notice_id: str, year: int | None) -> list[dict]:
    out: list[dict] = []
    for number, row in enumerate(rows, start=1):
        roles = assign_roles(row.lead_units_text, row.responsible_units_text)
        date = deadline_date(row.deadline_text, row.requirement, year)
        out.append(
            {
                "notice_id": notice_id,
                "row": number,
                "seq": row.seq,
                "section": list(row.section),
                "requirement": row.requirement,
                "lead_units_text": row.lead_units_text,
                "responsible_units_text": row.responsible_units_text,
                "deadline_text": row.deadline_text,
                "lead_units": list(roles.lead),
                "responsible_units": list(roles.responsible),
                "cooperating_units": list(roles.cooperating),
                "frequencies": frequencies(row.requirement, row.deadline_text, date),
                "deadline_date": date,
            }
        )
    return out


def rows_without_units(
    rows: list[dict], logical: list[LogicalRow], columns: list[str]
) -> list[Problem]:
    """A ``no_units`` problem for each task row that names no unit although its table has
    unit columns (EXTRACTION_SCHEMA.md): its unit cells came out empty (cut by a page,
    misread), and it would silently yield no obligation. Never dropped: the row stays,
    reported, and validation marks it ``warn``."""
    if not has_unit_column(columns):
        return []
    return [
        Problem(
            NoteKind.NO_UNITS,
            source.page,
            f"row {row['row']}: {one_line(row['requirement']) or ''}"[:200],
        )
        for row, source in zip(rows, logical, strict=True)
        if not (row["lead_units"] or row["responsible_units"] or row["cooperating_units"])
    ]
