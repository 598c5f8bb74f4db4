"""Evidence, in a table's own printed row numbers, that rows were lost ("nothing lost,
nothing silent"): a scanned row swallowed into its neighbour at a page break, or a page
whose table was not found, leaves a gap in the 序号 sequence or a row holding two numbers.

Real tables number their rows in ways that are not gaps, read from the corpus and the
fixtures: a table or a sheet may start at any number (an excerpt: 26, 27, … then 52, …),
a category may jump to its own range (1–12, then 23–29 under the next category) or restart
at 1. So a step is judged only between two rows of the same section path (one category,
one group); a restart at 1 is never a gap; a number that breaks the run but whose
neighbours go on as if it were not there (12, 18, 14: a misread digit) is a misread, not
a loss.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.errors import Problem
from extract.table.body import BodyRow
from extract.table.header import ColumnRoles
from extract.table.logical import LogicalRow
from extract.text import compact
from extract.vocabulary import NoteKind

_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[.、．]?\s*$")


def _number(seq: str | None) -> int | None:
    match = _NUMBER.match(seq or "")
    return int(match.group(1)) if match else None


def _two_numbers(seq: str | None, after: int) -> bool:
    """The seq of two rows run together: ``after + 1`` then ``after + 2`` (printed on two
    lines of the cell, or their digits joined: 12 and 13 as 1213)."""
    digits = re.sub(r"\D", "", seq or "")
    return digits == f"{after + 1}{after + 2}"


# A row number holding this many consecutive numbers or more (123456: rows 1–6) is rows
# run together wherever it stands, with no row before it to compare: one number of four
# digits or more is a table no task list reaches, and three digits (123) may be a row.
MIN_RUN_DIGITS = 4
MIN_RUN_NUMBERS = 3


def _run_of_numbers(seq: str | None) -> tuple[int, int] | None:
    """(first, last) where ``seq``'s digits are the numbers first..last written one after
    another (1 2 3, 123456, 9101112), three numbers at least: a row number cell of rows
    run together (a faded scan whose row rules were not found), with no row above needed."""
    digits = re.sub(r"\D", "", seq or "")
    if len(digits) < MIN_RUN_DIGITS or digits.startswith("0"):
        return None
    for width in range(1, len(digits) // MIN_RUN_NUMBERS + 1):
        first = int(digits[:width])
        written, last = "", first - 1
        while len(written) < len(digits):
            last += 1
            written += str(last)
        if written == digits and last - first + 1 >= MIN_RUN_NUMBERS:
            return first, last
    return None


def number_gaps(rows: Sequence[LogicalRow]) -> list[Problem]:
    """A ``missing_rows`` problem for each place one table's printed row numbers show rows
    lost: a gap between two rows of one section, or a row holding two numbers."""
    problems: list[Problem] = []
    numbered = [(index, _number(row.seq)) for index, row in enumerate(rows)]
    for row in rows:
        run = _run_of_numbers(row.seq)
        if run is not None:
            problems.append(
                Problem(
                    NoteKind.MISSING_ROWS,
                    row.page,
                    f"row numbers {run[0]}–{run[1]} are one row (its number reads "
                    f"{(row.seq or '').replace(chr(10), ' ')}) under {_where(row)}: "
                    f"{run[1] - run[0] + 1} rows run together, {run[1] - run[0]} of them lost",
                )
            )
    for position in range(1, len(rows)):
        index, here = numbered[position]
        before_index, before = numbered[position - 1]
        row, previous = rows[index], rows[before_index]
        if before is None or row.section != previous.section:
            continue
        if _two_numbers(row.seq, before):
            problems.append(
                Problem(
                    NoteKind.MISSING_ROWS,
                    row.page,
                    f"row numbers {before + 1} and {before + 2} are one row (its number "
                    f"reads {(row.seq or '').replace(chr(10), ' ')}) under {_where(row)}: two "
                    "rows run together, one of them lost",
                )
            )
            continue
        if here is None:
            continue
        if here == 1 or here <= before + 1:
            continue
        after = numbered[position + 1][1] if position + 1 < len(rows) else None
        if after is not None and before < after <= before + 2:
            continue  # a misread number (12, 18, 14): the run goes on past it
        earlier = numbered[position - 2][1] if position >= 2 else None
        same = position >= 2 and rows[position - 2].section == row.section
        if same and earlier == before and here == before + 2:
            continue  # 6, 6, 8: the row between was read with its neighbour's number
        missing = f"{before + 1}" if here == before + 2 else f"{before + 1}–{here - 1}"
        problems.append(
            Problem(
                NoteKind.MISSING_ROWS,
                row.page,
                f"row numbers {missing} missing between {before} and {here} under "
                f"{_where(row)}: rows lost (cut by a page break, or run into a neighbour)",
            )
        )
    return problems


def _where(row: LogicalRow) -> str:
    return " / ".join(row.section) if row.section else f"page {row.page}"


# A task's sentence ends with a full stop; unit names, headings and a category run into a
# task do not, in any of the fixtures with expected output (0 of 2,202 units cells, 0 of
# the section headings of 1,101 rows, 0 requirements with a category numbered after a
# full stop). So a full stop where a unit or a heading stands is a task's text read into
# the wrong place: the row rules (or column rules) between two rows were not found.
_FULL_STOP = "。"
# a category's own number right after a sentence's end: （三）聚焦… run into a task above
_CATEGORY_AFTER_A_SENTENCE = re.compile(r"。\s*[（(][一二三四五六七八九十]{1,3}[）)]")


def sentences_out_of_place(rows: Sequence[LogicalRow]) -> list[Problem]:
    """A ``missing_rows`` problem for each row whose cells hold what can only be several
    rows run together (a faded scan whose row rules were not found): a units cell holding
    a task's sentence, a section heading holding one, or a requirement with the next
    category's number printed after its last sentence. These rows are silent otherwise:
    the table prints no row numbers for `number_gaps` to read, and every cell was placed."""
    problems: list[Problem] = []
    headings_seen: set[str] = set()
    for row in rows:
        why = _out_of_place(row, headings_seen)
        if why:
            problems.append(
                Problem(
                    NoteKind.MISSING_ROWS,
                    row.page,
                    f"{why} under {_where(row)}: rows run together (row rules not found), "
                    "the tasks in it not read as rows of their own",
                )
            )
    return problems


def _out_of_place(row: LogicalRow, headings_seen: set[str]) -> str | None:
    for name, text in (("lead units", row.lead_units_text), ("units", row.responsible_units_text)):
        for line in (text or "").splitlines():
            if _FULL_STOP in line:
                return f"the {name} cell holds a task's sentence “{line.strip()[:24]}…”"
    for heading in row.section:
        if heading not in headings_seen and _FULL_STOP in heading.rstrip(_FULL_STOP):
            headings_seen.add(heading)
            return f"the heading “{heading[:24]}…” holds a task's sentence"
    match = _CATEGORY_AFTER_A_SENTENCE.search(row.requirement)
    if match:
        after = row.requirement[match.start() + 1 :]
        return f"the requirement holds the category “{after[:16]}…” after its last sentence"
    return None


def tasks_over_several_unit_cells(body: Sequence[BodyRow], roles: ColumnRoles) -> list[Problem]:
    """A ``missing_rows`` problem for each requirement cell that holds more than one
    sentence and stands beside two or more cells of one units column, each closed by a
    rule of its own: two rows whose row rule faded under the requirement only (a 150-dpi
    scan's faint rule), read as one task with the units of both. A task table gives each
    task its own units; the fixtures with expected output have no such cell (checked by
    `python -m bench.silent_losses --set fixtures`). The rows are silent otherwise: every
    cell was placed, and a table without row numbers gives `number_gaps` nothing."""
    problems: list[Problem] = []
    seen: set[int] = set()
    for row in body:
        req = row.slots[roles.requirement]
        text = compact(req.text)
        if req.key in seen or _FULL_STOP not in text.rstrip(_FULL_STOP):
            continue
        seen.add(req.key)
        rows = [r for r in body if r.slots[roles.requirement] is req]
        for col in (*roles.lead, *roles.responsible):
            cells = {r.slots[col].key: r.slots[col] for r in rows if compact(r.slots[col].text)}
            if len(cells) >= 2 and all(c is not req for c in cells.values()):
                problems.append(
                    Problem(
                        NoteKind.MISSING_ROWS,
                        row.page,
                        f"the requirement “{text[:16]}…” stands beside {len(cells)} units "
                        f"cells (“{compact(next(iter(cells.values())).text)[:12]}…”): rows "
                        "run together (a row rule under the requirement not found), the "
                        "tasks in it not read as rows of their own",
                    )
                )
                break
    return problems
