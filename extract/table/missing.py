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
from extract.table.logical import LogicalRow
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


def number_gaps(rows: Sequence[LogicalRow]) -> list[Problem]:
    """A ``missing_rows`` problem for each place one table's printed row numbers show rows
    lost: a gap between two rows of one section, or a row holding two numbers."""
    problems: list[Problem] = []
    numbered = [(index, _number(row.seq)) for index, row in enumerate(rows)]
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
