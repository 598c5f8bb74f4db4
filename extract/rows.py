"""Logical rows → Contract 1 task rows, by calling the normalisers on each row's texts."""

from __future__ import annotations

from typing import Any

from extract.deadline import deadline_date
from extract.frequency import frequencies
from extract.table.logical import LogicalRow
from extract.units import assign_roles


def task_rows(rows: list[LogicalRow], *, notice_id: str, year: int | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
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
