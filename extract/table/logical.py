"""Body rows → logical task rows: one per requirement cell, with its section path and the
unit, deadline and number cells that apply to it (merged cells apply to every row they span)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.errors import Problem
from extract.table.body import BodyRow, is_heading_row, narrow_heading_cell
from extract.table.grid import Cell
from extract.table.header import ColumnRoles
from extract.table.numbering import numbering_level
from extract.text import clean_cell, compact, one_line
from extract.vocabulary import NoteKind


@dataclass
class LogicalRow:
    page: int
    seq: str | None
    section: list[str]
    requirement: str
    lead_units_text: str | None
    responsible_units_text: str | None
    deadline_text: str | None


@dataclass
class _Heading:
    level: int
    text: str


@dataclass
class LogicalTable:
    rows: list[LogicalRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def logical_rows(body: list[BodyRow], roles: ColumnRoles) -> LogicalTable:
    out = LogicalTable()
    headings: list[_Heading] = []
    placed: set[int] = set()
    groups = _rows_by_requirement(body, roles)
    for index, row in enumerate(body):
        req = row.slots[roles.requirement]
        if is_heading_row(row, roles) or _is_narrow_heading(body, index, roles):
            cell = req if is_heading_row(row, roles) else _only_text_cell(row)
            assert cell is not None
            text = one_line(cell.text)
            placed.add(cell.key)
            if text:
                _push_heading(headings, text)
            continue
        if not compact(req.text) or req.key in placed:
            continue
        placed.add(req.key)
        rows = groups[req.key]
        categories = _distinct([r.slots[c] for r in rows[:1] for c in roles.categories])
        section = [h.text for h in headings]
        for cell in categories:
            text = one_line(cell.text)
            placed.add(cell.key)
            if cell is not req and text:
                section.append(text)
        out.rows.append(
            LogicalRow(
                page=row.page,
                seq=_joined(
                    rows, [roles.seq] if roles.seq is not None else [], placed, numbers=True
                ),
                section=section,
                requirement=one_line(req.text) or "",
                lead_units_text=_joined(rows, roles.lead, placed),
                responsible_units_text=_joined(rows, roles.responsible, placed),
                deadline_text=_joined(rows, roles.deadline, placed),
            )
        )
    reported: set[int] = set()
    for row in body:
        for cell in row.slots:
            if cell.key in placed or cell.key in reported or not compact(cell.text):
                continue
            reported.add(cell.key)
            if roles.roles[cell.cols[0]] == "other":
                continue
            out.problems.append(
                Problem(NoteKind.UNPLACED_ROWS, row.page, one_line(cell.text) or "")
            )
    return out


def _rows_by_requirement(body: list[BodyRow], roles: ColumnRoles) -> dict[int, list[BodyRow]]:
    groups: dict[int, list[BodyRow]] = {}
    for row in body:
        groups.setdefault(row.slots[roles.requirement].key, []).append(row)
    return groups


def _joined(
    rows: list[BodyRow], cols: list[int], placed: set[int], *, numbers: bool = False
) -> str | None:
    texts: list[str] = []
    for cell in _distinct([r.slots[c] for r in rows for c in cols]):
        placed.add(cell.key)
        text = _number_text(cell.text) if numbers else clean_cell(cell.text)
        if text and text not in texts:
            texts.append(text)
    return "\n".join(texts) if texts else None


def _number_text(text: str) -> str | None:
    """A printed number as one line; digits a narrow cell spaced apart (1 0) close up."""
    line = one_line(text)
    return re.sub(r"(?<=\d)\s+(?=\d)", "", line) if line else None


def _distinct(cells: list[Cell]) -> list[Cell]:
    out: list[Cell] = []
    seen: set[int] = set()
    for cell in cells:
        if cell.key not in seen:
            seen.add(cell.key)
            out.append(cell)
    return out


def _only_text_cell(row: BodyRow) -> Cell | None:
    cells = [c for c in _distinct(row.slots) if compact(c.text)]
    return cells[0] if len(cells) == 1 else None


def _is_narrow_heading(body: list[BodyRow], index: int, roles: ColumnRoles) -> bool:
    cell = narrow_heading_cell(body[index], roles)
    if cell is None:
        return False
    neighbours = body[index - 1 : index] + body[index + 1 : index + 2]
    return not any(cell is slot for other in neighbours for slot in other.slots)


def _push_heading(stack: list[_Heading], text: str) -> None:
    level = numbering_level(text) or 1
    while stack and stack[-1].level >= level:
        stack.pop()
    stack.append(_Heading(level, text))
