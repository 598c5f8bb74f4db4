"""Logical rows and prose tasks → Contract 1 task rows, by calling the normalisers on each
row's texts."""

from __future__ import annotations

from collections.abc import Sequence

from extract.contract import TaskRow
from extract.deadline import deadline_date
from extract.errors import Problem
from extract.frequency import frequencies
from extract.prose.items import ProseTask
from extract.table.header import has_unit_column
from extract.table.logical import LogicalRow
from extract.text import one_line
from extract.units import assign_roles
from extract.vocabulary import Layout, NoteKind


def task_rows(
    rows: list[LogicalRow], *, notice_id: str, year: int | None, first: int = 1
) -> list[TaskRow]:
    out: list[TaskRow] = []
    for number, row in enumerate(rows, start=first):
        roles = assign_roles(row.lead_units_text, row.responsible_units_text)
        date = deadline_date(row.deadline_text, row.requirement, year)
        out.append(
            TaskRow(
                notice_id=notice_id,
                row=number,
                seq=row.seq,
                section=tuple(row.section),
                requirement=row.requirement,
                lead_units_text=row.lead_units_text,
                responsible_units_text=row.responsible_units_text,
                deadline_text=row.deadline_text,
                lead_units=tuple(roles.lead),
                responsible_units=tuple(roles.responsible),
                cooperating_units=tuple(roles.cooperating),
                frequencies=tuple(frequencies(row.requirement, row.deadline_text, date)),
                deadline_date=date,
                layout=Layout.TABLE.value,
            )
        )
    return out


def prose_rows(
    tasks: Sequence[ProseTask], *, notice_id: str, year: int | None, first: int = 1
) -> list[TaskRow]:
    """Prose tasks as rows: units and roles from the unit parenthetical (none when the
    notice names none), cadence and deadline from the task text as for a table row."""
    out: list[TaskRow] = []
    for number, task in enumerate(tasks, start=first):
        note = task.note
        deadline = note.deadline_text if note else None
        date = deadline_date(deadline, task.requirement, year)
        out.append(
            TaskRow(
                notice_id=notice_id,
                row=number,
                seq=task.seq,
                section=tuple(task.section),
                requirement=task.requirement,
                lead_units_text=note.lead_units_text if note else None,
                responsible_units_text=note.responsible_units_text if note else None,
                deadline_text=deadline,
                lead_units=tuple(note.lead) if note else (),
                responsible_units=tuple(note.responsible) if note else (),
                cooperating_units=tuple(note.cooperating) if note else (),
                frequencies=tuple(frequencies(task.requirement, deadline, date)),
                deadline_date=date,
                layout=Layout.PROSE.value,
            )
        )
    return out


def rows_without_units(
    rows: Sequence[TaskRow], logical: Sequence[LogicalRow], columns: Sequence[str]
) -> list[Problem]:
    """A ``no_units`` problem for each task row that names no unit although its table has
    unit columns (docs/extraction_schema.md): its unit cells came out empty (cut by a page,
    misread), and it would silently yield no obligation. Never dropped: the row stays,
    reported, and validation marks it ``warn``."""
    if not has_unit_column(list(columns)):
        return []
    return [
        Problem(
            NoteKind.NO_UNITS,
            source.page,
            f"row {row.row}: {one_line(row.requirement) or ''}"[:200],
        )
        for row, source in zip(rows, logical, strict=True)
        if not row.units
    ]
