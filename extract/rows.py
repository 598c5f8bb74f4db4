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


def _row(
    *,
    notice_id: str,
    number: int,
    year: int | None,
    seq: str | None,
    section: Sequence[str],
    requirement: str,
    texts: tuple[str | None, str | None, str | None],
    units: tuple[Sequence[str], Sequence[str], Sequence[str]],
    layout: Layout,
) -> TaskRow:
    """One row, table or prose: `texts` are the (lead, responsible, deadline) texts as
    printed, `units` the (lead, responsible, cooperating) units; cadence and deadline
    date are read from the requirement and the deadline text alike."""
    lead_text, responsible_text, deadline = texts
    date = deadline_date(deadline, requirement, year)
    lead, responsible, cooperating = units
    return TaskRow(
        notice_id=notice_id,
        row=number,
        seq=seq,
        section=tuple(section),
        requirement=requirement,
        lead_units_text=lead_text,
        responsible_units_text=responsible_text,
        deadline_text=deadline,
        lead_units=tuple(lead),
        responsible_units=tuple(responsible),
        cooperating_units=tuple(cooperating),
        frequencies=tuple(frequencies(requirement, deadline, date)),
        deadline_date=date,
        layout=layout.value,
    )


def task_rows(
    rows: list[LogicalRow], *, notice_id: str, year: int | None, first: int = 1
) -> list[TaskRow]:
    out: list[TaskRow] = []
    for number, row in enumerate(rows, start=first):
        roles = assign_roles(row.lead_units_text, row.responsible_units_text)
        out.append(
            _row(
                notice_id=notice_id,
                number=number,
                year=year,
                seq=row.seq,
                section=row.section,
                requirement=row.requirement,
                texts=(row.lead_units_text, row.responsible_units_text, row.deadline_text),
                units=(roles.lead, roles.responsible, roles.cooperating),
                layout=Layout.TABLE,
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
        out.append(
            _row(
                notice_id=notice_id,
                number=number,
                year=year,
                seq=task.seq,
                section=task.section,
                requirement=task.requirement,
                texts=(
                    (note.lead_units_text, note.responsible_units_text, note.deadline_text)
                    if note
                    else (None, None, None)
                ),
                units=(note.lead, note.responsible, note.cooperating) if note else ((), (), ()),
                layout=Layout.PROSE,
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
