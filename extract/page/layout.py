"""Pages of a fixed-layout notice (PDF text layer, OCR, OFD) → paragraphs before the task
table, then the table's grid on each of its pages."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from operator import attrgetter, methodcaller

import numpy as np
import numpy.typing as npt

from extract.errors import ExtractionError, Problem
from extract.page.area import TableArea, continuation_region, find_region
from extract.page.cells import build_page_grid
from extract.page.columns import (
    MIN_COLUMN,
    body_valley_boundaries,
    boundary_candidates,
    cluster_boundaries,
    header_gap_boundaries,
)
from extract.page.content import SNAP, Char, CharCentres, PageContent
from extract.page.lines import Line, group_lines
from extract.page.paragraphs import page_lines, paragraphs
from extract.page.partial import with_header_rules
from extract.page.scan_bars import bars_as_rules
from extract.page.unread import unread_table_pages
from extract.page.unruled import (
    unruled_header,
    with_column_rules,
    with_drawn_rules,
)
from extract.table.document import ReadDocument
from extract.table.grid import PageGrid
from extract.table.header import column_labels, column_roles, find_header

_TEXT = attrgetter("text")
_UNMAPPED = methodcaller("startswith", "(cid:")


def _require_readable_text(contents: list[PageContent]) -> None:
    """A text layer whose fonts have no Unicode mapping extracts as `(cid:1234)` glyph
    codes: it must fail as unreadable, not pass as a notice without a table."""
    total = sum(len(page.chars) for page in contents)
    # (every character of the document: the texts are read, joined and searched in C, and
    # counted one by one only on a page where "(cid:" occurs at all)
    unmapped = sum(
        sum(map(_UNMAPPED, map(_TEXT, page.chars)))
        for page in contents
        if "(cid:" in "".join(map(_TEXT, page.chars))
    )
    if total and unmapped > total / 2:
        raise ExtractionError(
            "no_text_layer",
            f"{unmapped} of {total} characters have no Unicode mapping (fonts without a "
            "ToUnicode table): the text layer cannot be read",
        )


def document_from_contents(contents: list[PageContent], scanned: list[Problem]) -> ReadDocument:
    """The notice on pages read from a text layer or by OCR (``scanned``: OCR problems)."""
    if not any(page.chars for page in contents):
        raise ExtractionError(
            "no_text_layer",
            f"none of the {len(contents)} pages has a text layer or text that OCR can read",
        )
    _require_readable_text(contents)
    contents = [bars_as_rules(page) for page in contents]  # scans: a rule read as "|"
    regions = table_areas(contents)
    # a header's rule found in pieces (faded on a scan) is drawn across the table
    completed = with_header_rules(contents, regions)
    if completed != contents:
        contents, regions = completed, table_areas(completed)
    table = locate_table(contents, regions)
    header = unruled_header(contents) if table is None else None
    if header is not None:
        # A table printed without rules: draw them in the gaps between its rows and read it
        # as a table ruled horizontally only.
        contents, regions, table = _unruled_table(contents, regions, header[0] - 1)
    if table is None:
        if header is not None:
            # A notice without a table is a valid extraction; one whose table we cannot
            # read must not pass as one (zero rows would look like "no obligations").
            page, labels = header
            raise ExtractionError(
                "no_task_table",
                f"page {page} has a table header but no table rules: {' | '.join(labels)}",
            )
        lines = [page_lines(page.chars) for page in contents]
        return ReadDocument(
            blocks=list(paragraphs(lines, contents[0].width)),
            pages=len(contents),
            problems=scanned,
        )
    start_page, _, boundaries, vertical = table
    grids = _page_grids(contents, regions, start_page, boundaries, vertical)
    before = [page_lines(page.chars) for page in contents[:start_page]]
    first = grids[0]
    before.append(_lines_above(contents[start_page], regions[start_page], first, table[1]))
    labels = column_labels(first, table[1], _header_count(first, table[1]))
    later = _later_tables(contents, regions, start_page + len(grids), first_key=_next_key(grids))
    read = [*grids, *(block for block in later if isinstance(block, PageGrid))]
    return ReadDocument(
        blocks=[*paragraphs(before, contents[0].width), *grids, *later],
        pages=len(contents),
        problems=[
            *unread_table_pages(contents, regions, read, labels),
            *(_in_cell(p, grids, boundaries, labels) for p in scanned),
        ],
    )


def _later_tables(
    contents: list[PageContent], regions: list[TableArea | None], page: int, *, first_key: int
) -> list[str | PageGrid]:
    """The tables that start on later pages with columns of their own (a workbook printed
    sheet by sheet), each after the text printed above it on its first page (its title),
    so that the table stages read each on its own."""
    blocks: list[str | PageGrid] = []
    while (table := locate_table(contents, regions, first=page)) is not None:
        start, header, boundaries, vertical = table
        grids = _page_grids(contents, regions, start, boundaries, vertical, first_key=first_key)
        above = _lines_above(contents[start], regions[start], grids[0], header)
        blocks.extend(paragraphs([above], contents[0].width))
        blocks.extend(grids)
        page, first_key = start + len(grids), _next_key(grids, first_key)
    return blocks


def _lines_above(
    page: PageContent, region: TableArea | None, grid: PageGrid, header: int
) -> list[Line]:
    """The text above the table's header: above its rules, and in the ruled bands above
    the header (a sheet printed with gridlines rules its title rows too)."""
    assert region is not None
    top = grid.bands[header][0] if 0 < header < len(grid.bands) else region.top
    return page_lines([c for c in page.chars if c.bottom <= top + SNAP])


def _next_key(grids: list[PageGrid], first_key: int = 0) -> int:
    return first_key + sum(len(band) for grid in grids for band in grid.slots) + len(grids)


def _in_cell(
    problem: Problem, grids: list[PageGrid], boundaries: list[float], labels: list[str]
) -> Problem:
    """An OCR problem inside the table, with the cell it is in named: its column's label
    and the cell's text as read."""
    if problem.where is None:
        return problem
    x0, top, x1, bottom = problem.where
    x, y = (x0 + x1) / 2, (top + bottom) / 2
    for grid in grids:
        if grid.page != problem.page or not grid.bands:
            continue
        band = next((i for i, (a, b) in enumerate(grid.bands) if a <= y <= b), None)
        col = bisect_right(boundaries, x) - 1
        if band is None or not 0 <= col < len(grid.slots[band]):
            return problem
        cell = grid.slots[band][col]
        label = labels[cell.cols[0]] if cell.cols[0] < len(labels) else str(cell.cols[0] + 1)
        text = " ".join(cell.text.split())
        text = text if len(text) <= 30 else text[:29] + "…"
        return replace(
            problem, text=f"{problem.text}, in the table cell under “{label}” reading “{text}”"
        )
    return problem


def _unruled_table(
    contents: list[PageContent], regions: list[TableArea | None], start: int
) -> tuple[list[PageContent], list[TableArea | None], tuple[int, int, list[float], bool] | None]:
    """A table printed without rules, read with rules drawn in: first at the full-width
    gaps between lines (enough to find the columns), then column by column."""
    drawn = with_drawn_rules(contents, start)
    drawn_regions = table_areas(drawn)
    table = locate_table(drawn, drawn_regions)
    if table is None:
        return contents, regions, None
    first, header_start, boundaries, vertical = table
    region = drawn_regions[first]
    assert region is not None
    grid = _grid(drawn[first], region, boundaries, vertical, 0)
    roles = column_roles(column_labels(grid, header_start, _header_count(grid, header_start)))
    if roles is None:
        return drawn, drawn_regions, table
    redrawn = with_column_rules(contents, start, boundaries, roles.requirement, roles.categories)
    redrawn_regions = table_areas(redrawn)
    again = locate_table(redrawn, redrawn_regions)
    if again is None:
        return drawn, drawn_regions, table
    return redrawn, redrawn_regions, again


def table_areas(contents: list[PageContent]) -> list[TableArea | None]:
    """The ruled table area of each page, None where there is none. A page after a table
    page may continue that table with two rules only, one tall row (continuation_region)."""
    regions: list[TableArea | None] = []
    for page in contents:
        region = find_region(page)
        previous = regions[-1] if regions else None
        if region is None and previous is not None:
            region = continuation_region(page, previous)
        regions.append(region)
    return regions


def locate_table(
    contents: list[PageContent], regions: list[TableArea | None], *, first: int = 0
) -> tuple[int, int, list[float], bool] | None:
    """The task table among the pages' areas (``table_areas``): (first table page, header
    band on it, column boundaries, has vertical rules), or None when no area has a header
    whose labels give the columns' roles."""
    for index, region in enumerate(regions):
        if region is None or index < first:
            continue
        pages = _table_pages(contents, regions, index)
        candidates = [x for i in pages for x in _candidates(contents[i], regions[i])]  # type: ignore[arg-type]
        boundaries = cluster_boundaries(candidates)
        ruled = list(boundaries)
        vertical = any(_interior_verticals(regions[i]) for i in pages)  # type: ignore[arg-type]
        grid = _grid(contents[index], region, boundaries, vertical, 0)
        header_start, count = find_header(grid)
        if not count and not vertical:
            # Without vertical rules or partial rules the whole header band reads as one
            # over-long label: split it at the gaps between its labels first.
            found = _header_by_label_gaps(contents[index], region, grid, boundaries)
            if found is not None:
                boundaries, grid = found
                header_start, count = find_header(grid)
        if not count:
            continue
        if not vertical:
            header_chars = _chars_in(
                contents[index],
                region,
                grid.bands[header_start][0],
                grid.bands[header_start + count - 1][1],
            )
            body_chars = _chars_in(
                contents[index], region, grid.bands[header_start + count - 1][1], region.bottom
            )
            extra = header_gap_boundaries(header_chars, body_chars, boundaries)
            if extra:
                boundaries = sorted(boundaries + extra)
                grid = _grid(contents[index], region, boundaries, vertical, 0)
                header_start, count = find_header(grid)
                if not count:
                    continue
        if not vertical:
            found = _with_body_valleys(
                contents, regions, index, grid, header_start, count, boundaries, ruled
            )
            if found is not None:
                boundaries, grid = found
                header_start, count = find_header(grid)
        if column_roles(column_labels(grid, header_start, count)) is None:
            continue
        return index, header_start, boundaries, vertical
    return None


def _with_body_valleys(
    contents: list[PageContent],
    regions: list[TableArea | None],
    start: int,
    grid: PageGrid,
    header_start: int,
    count: int,
    boundaries: list[float],
    ruled: list[float],
) -> tuple[list[float], PageGrid] | None:
    """(boundaries, grid) with the column gaps the body text of every table page leaves,
    when the header is still found where it was; None when nothing changes."""
    region = regions[start]
    assert region is not None
    header_bottom = grid.bands[header_start + count - 1][1]
    header = _chars_in(contents[start], region, grid.bands[header_start][0], header_bottom)
    pages_chars = [_chars_in(contents[start], region, header_bottom, region.bottom)]
    for index in _table_pages(contents, regions, start)[1:]:
        other = regions[index]
        assert other is not None
        pages_chars.append(_chars_in(contents[index], other, other.top, other.bottom))
    wider = body_valley_boundaries(
        pages_chars,
        region.x0,
        region.x1,
        ruled,
        [b for b in boundaries if b not in ruled],
        {line.text for line in group_lines(header)},
    )
    if wider == boundaries:
        return None
    candidate = _grid(contents[start], region, wider, False, 0)
    if find_header(candidate) != (header_start, count):
        return None
    return wider, candidate


def _header_by_label_gaps(
    page: PageContent, region: TableArea, grid: PageGrid, boundaries: list[float]
) -> tuple[list[float], PageGrid] | None:
    """(boundaries, grid) once one of the first bands, cut at its label gaps, is a header."""
    for band in range(min(3, len(grid.bands))):
        top, bottom = grid.bands[band]
        extra = header_gap_boundaries(
            _chars_in(page, region, top, bottom),
            _chars_in(page, region, bottom, region.bottom),
            boundaries,
        )
        if not extra:
            continue
        wider = sorted(boundaries + extra)
        candidate = _grid(page, region, wider, False, 0)
        start, count = find_header(candidate)
        if count and start == band:
            return wider, candidate
    return None


def _table_pages(
    contents: list[PageContent], regions: list[TableArea | None], start: int
) -> list[int]:
    """The pages a table goes on over: the next pages with a table area, up to one that
    starts a table of its own (``_starts_own_table``)."""
    pages = [start]
    while pages[-1] + 1 < len(regions) and regions[pages[-1] + 1] is not None:
        following = pages[-1] + 1
        if _starts_own_table(contents[following], regions[following], regions[start]):  # type: ignore[arg-type]
            break
        pages.append(following)
    return pages


def _starts_own_table(page: PageContent, region: TableArea, first: TableArea) -> bool:
    """A page whose table has other columns than the table's first page, and a header of
    its own at its top: a second table, as a workbook printed sheet by sheet gives (each
    sheet scaled to the page on its own, so its column rules fall elsewhere). Columns are
    compared from each area's left edge, so a scanned page placed a little to the side
    still goes on; a column split into sub-columns below a break still goes on (one
    page's rules are then among the other's)."""
    own, before = _relative_verticals(region), _relative_verticals(first)
    if _among(own, before) or _among(before, own):
        return False
    boundaries = cluster_boundaries(boundary_candidates(region))
    grid = _grid(page, region, boundaries, _interior_verticals(region), 0)
    start, count = find_header(grid)
    return count > 0 and start == 0


def _relative_verticals(region: TableArea) -> list[float]:
    inner = [r.x - region.x0 for r in region.vrules if region.x0 + SNAP < r.x < region.x1 - SNAP]
    return cluster_boundaries(inner + [region.x1 - region.x0])


def _among(some: list[float], others: list[float]) -> bool:
    return all(any(abs(x - y) < MIN_COLUMN for y in others) for x in some)


def _candidates(page: PageContent, region: TableArea) -> list[float]:
    """The page's column boundary candidates (`boundary_candidates`). On a scanned page
    with vertical rules, a horizontal rule's end counts only at a vertical rule or where
    another rule of the page ends too: a scanned rule found only in part (a faint or
    broken stretch) ends anywhere, and one such end inside a cell split the column in two
    for every page of the table (a Calc print's requirement column read as a category and
    a requirement, its rows joined at every page break)."""
    candidates = boundary_candidates(region)
    if not page.has_images or not _interior_verticals(region):
        return candidates
    sides = [rule.x for rule in region.vrules]
    ends = [x for rule in region.hrules for x in (rule.x0, rule.x1)]
    return [
        x
        for x in candidates
        if x not in ends
        or any(abs(x - side) <= SNAP for side in sides)
        or sum(abs(x - end) <= SNAP for end in ends) > 1
    ]


def _interior_verticals(region: TableArea) -> bool:
    return any(region.x0 + SNAP < r.x < region.x1 - SNAP for r in region.vrules)


def _chars_in(page: PageContent, region: TableArea, top: float, bottom: float) -> list[Char]:
    # (xc and yc written out: once per character of the page)
    x0, x1 = region.x0, region.x1
    return [
        c
        for c in page.chars
        if x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom
    ]


def _grid(
    page: PageContent, region: TableArea, boundaries: list[float], vertical: bool, first_key: int
) -> PageGrid:
    centres = page.centres.of(page.chars) if page.centres is not None else None
    if centres is None:
        return build_page_grid(
            page.number,
            region,
            boundaries,
            _chars_held(page.chars, region),
            vertical_rules=vertical,
            first_key=first_key,
        )
    held = _held_columns(centres, region)
    return build_page_grid(
        page.number,
        region,
        boundaries,
        [page.chars[i] for i in held.tolist()],
        vertical_rules=vertical,
        first_key=first_key,
        centres=(centres.xc[held], centres.yc[held]),
    )


def _chars_held(chars: list[Char], region: TableArea) -> list[Char]:
    """The chars whose centre the region holds (`TableArea.holds`, written out: every grid
    tried on a page filters all of its chars)."""
    x0, x1 = region.x0 - SNAP, region.x1 + SNAP
    top, bottom = region.top - SNAP, region.bottom + SNAP
    return [
        c
        for c in chars
        if x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom
    ]


def _held_columns(centres: CharCentres, region: TableArea) -> npt.NDArray[np.intp]:
    """`_chars_held` as the indices of the chars held, from their centres as columns."""
    x0, x1 = region.x0 - SNAP, region.x1 + SNAP
    top, bottom = region.top - SNAP, region.bottom + SNAP
    xc, yc = centres.xc, centres.yc
    return np.flatnonzero((x0 <= xc) & (xc <= x1) & (top <= yc) & (yc <= bottom))


def _page_grids(
    contents: list[PageContent],
    regions: list[TableArea | None],
    start: int,
    boundaries: list[float],
    vertical: bool,
    *,
    first_key: int = 0,
) -> list[PageGrid]:
    grids: list[PageGrid] = []
    key = first_key
    for index in _table_pages(contents, regions, start):
        region = regions[index]
        assert region is not None
        grid = _grid(contents[index], region, boundaries, vertical, key)
        key += sum(len(band) for band in grid.slots) + 1
        grids.append(grid)
    return grids


def _header_count(grid: PageGrid, start: int) -> int:
    return find_header(grid)[1] if find_header(grid)[0] == start else 0
