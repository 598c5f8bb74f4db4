"""Scanned pages of a task table that gave no rows ("nothing lost, nothing silent").

A scanned page's table is not found when its rules are too faint or a shadow hides them;
the table then stops at the page before, and the rows on that page, and on any page after
it that does not repeat the header, are in no block the table stages read. Nothing in the
rows shows it when the table prints no row numbers (the corpus's tables do not). The page
model does: a scanned page after the table's first page that holds a table area no grid
was read from, or that lies between two pages with table areas and holds recognised text
but no table, lost its rows. So did a scanned page just before the table's first page
whose table area has the same sides as the first page's (the table began there: its header
and first rows were not read, and the table was found from the next page's repeated
header on). So did a scanned page after the table's last page that prints the table's
column labels on one line (the header repeated) with no table read on it: the table went
on there (a last page whose rules faded). Text-layer pages are not judged: their rules are
drawn, and a page of prose or a second table of another kind between two tables is a real
layout.

A scanned page next to the table's read pages (before its first or after its last) with
no table area at all is judged by its text (`_laid_out_as_table`): when most of its lines
stand in the read table's columns, every column rule a line crosses falling in a gap
between its characters, and those lines fill several columns, it carried the table's
rows. Prose crosses the column rules mid-word; a closing signature or a title stands in
one column at most.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from extract.errors import Problem
from extract.page.area import TableArea
from extract.page.content import SNAP, PageContent
from extract.page.lines import group_lines
from extract.page.paragraphs import is_page_furniture
from extract.table.grid import PageGrid
from extract.text import compact
from extract.vocabulary import NoteKind

# a page holding fewer recognised characters than this, outside page furniture (a page
# number), holds no rows to lose: a blank page or a stray mark
MIN_TEXT_CHARS = 20
# One table's sides on two pages of a scan stand within this share of the page's width of
# each other (a skew's residue, a page placed a little askew on the glass); another table
# (a form above the notice, a table of another width) does not.
SAME_SIDES_SHARE = 0.03
# A page lost the table's rows when at least this share of its lines stand in the table's
# columns and they fill at least MIN_COLUMNS of them. Measured on the copier's faded
# pages: 27/27 to 44/44 of a table page's lines stand, in 4-6 columns; a prose page's 0;
# a signature page's 1-2 lines, in one column.
STANDING_SHARE = 0.5
MIN_COLUMNS = 2


def unread_table_pages(
    contents: Sequence[PageContent],
    regions: Sequence[TableArea | None],
    grids: Sequence[PageGrid],
    labels: Sequence[str] = (),
) -> list[Problem]:
    """A ``missing_rows`` problem for each scanned page after the table's first page whose
    text gave no rows: a table area found but not read, or recognised text between two
    pages with table areas where no table was found; and for each scanned page just
    before the first page whose table area was not read (`_begun_before`); and for each
    scanned page after the last that repeats the header's ``labels`` (`_repeats_labels`)."""
    read = {grid.page for grid in grids}
    if not read:
        return []
    first = min(read)
    tables = [page.number for page, region in zip(contents, regions, strict=True) if region]
    last = max([*tables, *read])
    problems = _begun_before(contents, regions, first)
    for page, region in zip(contents, regions, strict=True):
        if page.number <= first or page.number in read or not page.has_images:
            continue
        if region is not None:
            problems.append(
                Problem(
                    NoteKind.MISSING_ROWS,
                    page.number,
                    f"page {page.number} holds a table on the scan that was not read as part "
                    "of the task table (its rules or header did not match): its rows are "
                    "missing from the output",
                )
            )
        elif page.number < last and _text_chars(page) >= MIN_TEXT_CHARS:
            problems.append(
                Problem(
                    NoteKind.MISSING_ROWS,
                    page.number,
                    f"page {page.number} lies between pages of the task table and its text "
                    "was recognised, but no table was found on it (rules too faint, a "
                    "shadow?): its rows are missing from the output",
                )
            )
        elif page.number > last and _repeats_labels(page, labels):
            problems.append(
                Problem(
                    NoteKind.MISSING_ROWS,
                    page.number,
                    f"page {page.number} prints the task table's header again "
                    f"({' | '.join(label for label in labels if label)}) but no table was "
                    "found on it (rules too faint, a shadow?): its rows are missing from "
                    "the output",
                )
            )
    named = {problem.page for problem in problems}
    return [
        *problems,
        *(p for p in _beside_the_table(contents, regions, sorted(read)) if p.page not in named),
    ]


def _beside_the_table(
    contents: Sequence[PageContent], regions: Sequence[TableArea | None], read: list[int]
) -> list[Problem]:
    """A ``missing_rows`` problem for each scanned page in the runs of pages just before the
    table's first read page and just after its last whose text is laid out in the table's
    columns (`_laid_out_as_table`) but gave no rows: a table page whose rules faded away
    altogether (no table area, so the checks above do not see it)."""
    numbers = [page.number for page in contents]
    problems: list[Problem] = []
    for edge, step in ((read[0], -1), (read[-1], 1)):
        if edge not in numbers:
            continue
        index = numbers.index(edge)
        region = regions[index]
        if region is None:
            continue
        columns = _column_edges(region)
        at = index + step
        while 0 <= at < len(contents):
            page = contents[at]
            if page.number in read or not page.has_images:
                break
            seen = _laid_out_as_table(page, columns)
            if seen is None:
                break
            standing, lines, filled = seen
            problems.append(
                Problem(
                    NoteKind.MISSING_ROWS,
                    page.number,
                    f"page {page.number} holds text laid out in the task table's columns "
                    f"({standing} of its {lines} lines clear of page {edge}'s column rules, "
                    f"in {filled} columns) but no table was found on it (rules too faint, a "
                    "shadow?): its rows are missing from the output",
                )
            )
            at += step
    return sorted(problems, key=lambda problem: problem.page or 0)


def _column_edges(region: TableArea) -> list[float]:
    """The x of the table's column rules, left to right, a rule drawn twice (both sides
    of a cell) counted once."""
    edges: list[float] = []
    for x in sorted(rule.x for rule in region.vrules):
        if not edges or x - edges[-1] > SNAP:
            edges.append(x)
    return edges


def _laid_out_as_table(page: PageContent, columns: list[float]) -> tuple[int, int, int] | None:
    """(lines standing in the columns, lines, columns they fill) when the page's text is
    laid out in the table's columns: a line stands in them when every inner column rule
    it crosses falls in a gap between its characters (a row's cells read as one line
    keep the gaps; prose runs across the rule). None when it is not so laid out."""
    lines = [line for line in group_lines(page.chars) if not is_page_furniture(line.text)]
    lines = [line for line in lines if line.text.strip()]
    if sum(len(line.text.strip()) for line in lines) < MIN_TEXT_CHARS:
        return None
    inner = columns[1:-1]
    standing = 0
    filled: set[int] = set()
    for line in lines:
        left, right = line.chars[0].x0, line.chars[-1].x1
        crossed = [x for x in inner if left < x < right]
        if any(char.x0 < x < char.x1 for x in crossed for char in line.chars):
            continue
        standing += 1
        filled.update(bisect_right(columns, char.xc) for char in line.chars)
    filled &= set(range(1, len(columns)))  # inside the table's sides
    if standing < STANDING_SHARE * len(lines) or len(filled) < MIN_COLUMNS:
        return None
    return standing, len(lines), len(filled)


def _repeats_labels(page: PageContent, labels: Sequence[str]) -> bool:
    """One recognised line of the page holds every column label of the table's header,
    in order (two labels at least: one word alone is prose as often as a header)."""
    wanted = [compact(label) for label in labels if compact(label)]
    if len(wanted) < 2:
        return False
    pattern = re.compile(".*?".join(re.escape(label) for label in wanted))
    return any(pattern.search(compact(line.text)) for line in group_lines(page.chars))


def _begun_before(
    contents: Sequence[PageContent], regions: Sequence[TableArea | None], first: int
) -> list[Problem]:
    """A ``missing_rows`` problem for each scanned page in the run of pages just before the
    table's first read page (``first``) whose table area has that page's sides: the table
    began on it, and its rows there were not read (a faded, shadowed header)."""
    numbers = [page.number for page in contents]
    if first not in numbers:
        return []
    index = numbers.index(first)
    start = regions[index]
    if start is None:
        return []
    problems: list[Problem] = []
    for page, region in zip(reversed(contents[:index]), reversed(regions[:index]), strict=True):
        if region is None or not page.has_images or not _same_sides(region, start, page.width):
            break
        problems.append(
            Problem(
                NoteKind.MISSING_ROWS,
                page.number,
                f"page {page.number} holds the start of the task table on the scan (a table "
                f"with the sides of page {first}'s) that was not read (its rules or header "
                "did not match): its rows are missing from the output",
            )
        )
    return problems[::-1]


def _same_sides(one: TableArea, other: TableArea, width: float) -> bool:
    near = SAME_SIDES_SHARE * width
    return abs(one.x0 - other.x0) <= near and abs(one.x1 - other.x1) <= near


def _text_chars(page: PageContent) -> int:
    return sum(
        len(line.text.strip())
        for line in group_lines(page.chars)
        if not is_page_furniture(line.text)
    )
