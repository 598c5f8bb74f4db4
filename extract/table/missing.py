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

from extract.chinese_numbers import chinese_to_int
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


_CATEGORY_NUMBER = re.compile(
    r"^\s*(?:(?P<zh>[一二三四五六七八九十]+)\s*[、.．]"
    r"|[（(]\s*(?P<zhp>[一二三四五六七八九十]+)\s*[)）]"
    r"|(?P<ar>\d{1,3})\s*[、.．](?!\d)"
    r"|[（(]\s*(?P<arp>\d{1,3})\s*[)）])"
)


def _category_number(text: str) -> tuple[str, int] | None:
    """(style, number) of a category's printed number: 一、 （一） 1. （1） each a style."""
    match = _CATEGORY_NUMBER.match(text)
    if match is None:
        return None
    style = next(name for name, value in match.groupdict().items() if value)
    value = match.group(style)
    return style, int(value) if value.isdigit() else chinese_to_int(value)


def category_gaps(rows: Sequence[LogicalRow]) -> list[Problem]:
    """A ``missing_rows`` problem where one table's categories skip a number under one
    parent (（一） then （三）, the （二） category printed nowhere): its rows are lost,
    unless the number skipped turns up later under the same parent (misread or out of
    order) or at another level of the path (a scan put its text in the column beside its
    own: its rows are there). A parent's first category may have any number (excerpts
    start anywhere; numbering may run on across parents)."""
    problems: list[Problem] = []
    depth = max((len(row.section) for row in rows), default=0)
    # every category number the table prints, at any level (a scan may put a category's
    # text into the column beside its own)
    printed = {
        (level, _category_number(text)) for row in rows for level, text in enumerate(row.section)
    }
    for level in range(depth):
        # the distinct categories of this level, in order, each with its parent path
        seen: list[tuple[tuple[str, ...], str, LogicalRow]] = []
        for row in rows:
            if len(row.section) <= level:
                continue
            key = (tuple(row.section[:level]), row.section[level])
            if not seen or (seen[-1][0], seen[-1][1]) != key:
                seen.append((*key, row))
        for index in range(1, len(seen)):
            parent, text, row = seen[index]
            before_parent, before_text, _ = seen[index - 1]
            here, before = _category_number(text), _category_number(before_text)
            if parent != before_parent or here is None or before is None:
                continue
            if here[0] != before[0] or here[1] <= before[1] + 1:
                continue
            missing = (before[0], before[1] + 1)
            later = {_category_number(t) for p, t, _ in seen[index + 1 :] if p == parent}
            if missing in later or any(
                (at, missing) in printed for at in range(depth) if at != level
            ):
                continue  # misread or out of order, or printed in the column beside its own
            problems.append(
                Problem(
                    NoteKind.MISSING_ROWS,
                    row.page,
                    f"categories numbered {before[1] + 1}"
                    + (f"–{here[1] - 1}" if here[1] - 1 > before[1] + 1 else "")
                    + f" missing between “{before_text[:20]}” and “{text[:20]}”"
                    + (f" under “{parent[-1][:20]}”" if parent else "")
                    + ": their rows lost (a page whose table was not found?)",
                )
            )
    return problems
