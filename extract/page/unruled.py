"""Signs of a table the ruled-table search cannot see: a header line without rules.
(Pages that are only an image are read by OCR: `extract.ocr.scanned`.)"""

from __future__ import annotations

from dataclasses import dataclass, replace

from extract.page.content import HRule, PageContent
from extract.page.lines import Line, group_lines
from extract.page.paragraphs import is_page_furniture
from extract.table.header import MAX_LABEL, OTHER, column_roles, is_header_band, label_role
from extract.text import compact

# Labels of one header line stand apart by at least this many char widths; words inside
# a sentence of prose never do.
LABEL_GAP = 1.0
MIN_LABELS = 3


def line_labels(line: Line) -> list[str]:
    """The line cut at wide gaps, each piece compacted."""
    labels: list[str] = []
    start = 0
    chars = line.chars
    for i in range(1, len(chars) + 1):
        if i == len(chars) or chars[i].x0 - chars[i - 1].x1 > LABEL_GAP * chars[i].size:
            text = compact("".join(c.text for c in chars[start:i]))
            if text:
                labels.append(text)
            start = i
    return labels


def is_header_line(labels: list[str]) -> bool:
    """Short labels, at least MIN_LABELS of them naming a task-table column, and among them
    a column that can hold the requirement text (the recognition header.py applies)."""
    if len(labels) < MIN_LABELS or any(len(label) > MAX_LABEL for label in labels):
        return False
    if not is_header_band(labels):
        return False
    named = [label for label in labels if label_role(label) not in ("", OTHER)]
    return len(named) >= MIN_LABELS and column_roles(labels) is not None


def unruled_header(contents: list[PageContent]) -> tuple[int, list[str]] | None:
    """(page number (1-based), labels) of the first line that reads as a task-table header."""
    for page in contents:
        for line in group_lines(page.chars):
            labels = line_labels(line)
            if is_header_line(labels):
                return page.number, labels
    return None


@dataclass(frozen=True)
class _TableText:
    pages: dict[int, list[Line]]  # text lines of the table, by page index
    spacing: float  # the usual gap between two lines of one cell
    threshold: float  # a gap wider than this separates two rows
    x0: float
    x1: float

    @property
    def pad(self) -> float:
        return min(self.threshold, self.spacing + 2.0) / 2


def _table_text(contents: list[PageContent], start: int) -> _TableText | None:
    """Lines from the header line on page ``start`` (0-based) to the end of the document,
    page numbers left out."""
    header_top = _header_top(contents[start])
    pages: dict[int, list[Line]] = {}
    for index in range(start, len(contents)):
        lines = [
            line
            for line in group_lines(contents[index].chars)
            if not is_page_furniture(line.text) and (index > start or line.top >= header_top - 1.0)
        ]
        if lines:
            pages[index] = lines
    gaps = [
        b.top - a.bottom
        for lines in pages.values()
        for a, b in zip(lines, lines[1:], strict=False)
        if b.top > a.bottom
    ]
    if not gaps:
        return None
    spacing = sorted(gaps)[len(gaps) // 2]
    size = min(line.size for lines in pages.values() for line in lines)
    return _TableText(
        pages=pages,
        spacing=spacing,
        threshold=max(2.0 * spacing, spacing + 0.4 * size),
        x0=min(line.x0 for lines in pages.values() for line in lines) - 2.0,
        x1=max(line.x1 for lines in pages.values() for line in lines) + 2.0,
    )


def _row_gaps(lines: list[Line], threshold: float) -> list[float]:
    return [
        (a.bottom + b.top) / 2
        for a, b in zip(lines, lines[1:], strict=False)
        if b.top - a.bottom > threshold
    ]


def _with_rules(contents: list[PageContent], drawn: dict[int, list[HRule]]) -> list[PageContent]:
    out = list(contents)
    for index, rules in drawn.items():
        page = contents[index]
        hrules = sorted([*page.hrules, *rules], key=lambda r: (r.y, r.x0))
        out[index] = replace(page, hrules=hrules)
    return out


def with_drawn_rules(contents: list[PageContent], start: int) -> list[PageContent]:
    """The pages with the rules of a table printed without any drawn in: a full-width rule
    in every vertical gap between text lines wider than the spacing of lines inside a cell,
    from the header line on page ``start`` (0-based) to the end of the document.

    The table is then read by the path for tables ruled horizontally only, which finds the
    columns from the header labels and the text valleys of the body. Text of a merged cell
    that runs past its first row hides the gap; `with_column_rules` redraws with columns.
    """
    text = _table_text(contents, start)
    if text is None:
        return contents
    drawn: dict[int, list[HRule]] = {}
    for index, lines in text.pages.items():
        ys = [lines[0].top - text.pad, *_row_gaps(lines, text.threshold)]
        ys.append(lines[-1].bottom + text.pad)
        drawn[index] = [HRule(y, text.x0, text.x1) for y in ys]
    return _with_rules(contents, drawn)


def with_column_rules(
    contents: list[PageContent],
    start: int,
    boundaries: list[float],
    requirement: int,
    categories: list[int],
) -> list[PageContent]:
    """Rules between rows found in the requirement column (never merged), drawn through
    every column whose text does not run on across them (a merged cell stays whole).

    A category cell left blank below such a rule continues the one above (the merged cell
    of a ruled table): the rule stops short of it, so the category is carried down."""
    text = _table_text(contents, start)
    if text is None or not 0 <= requirement < len(boundaries) - 1:
        return contents
    spans = list(zip(boundaries, boundaries[1:], strict=False))
    drawn: dict[int, list[HRule]] = {}
    for index, lines in text.pages.items():
        chars = [c for line in lines for c in line.chars]
        columns = [group_lines([c for c in chars if x0 <= c.xc < x1]) for x0, x1 in spans]
        full = _row_gaps(lines, text.threshold)
        column = columns[requirement]
        ys = list(full)
        cells = [line for i, col in enumerate(columns) if i not in categories for line in col]
        # The page's first span starts at its top: a row cut by the page break goes on
        # there in other columns before the first requirement of the page.
        spans_above = [(lines[0].top - text.pad, column[0].top)] if column else []
        spans_above += [(a.bottom, b.top) for a, b in zip(column, column[1:], strict=False)]
        for above, below in spans_above:
            if below - above <= text.threshold:
                continue
            # The row ends below its tallest cell, which need not be the requirement; a
            # line reaching into the next row is a merged cell's text running on.
            low = max(
                (c.bottom for c in cells if above <= c.top and c.bottom <= below),
                default=above,
            )
            if below - low > text.threshold and not any(low < y < below for y in full):
                # Just above the next row: a merged cell's text running on past the row
                # above still ends above it, where the next cell's text starts.
                ys.append(below - text.pad)
        ys.sort()
        top, bottom = lines[0].top - text.pad, lines[-1].bottom + text.pad
        rules = [HRule(top, text.x0, text.x1), HRule(bottom, text.x0, text.x1)]
        edges = [top, *ys, bottom]
        headings = {
            i
            for i in range(len(edges) - 1)
            if _is_heading(lines, edges[i], edges[i + 1], spans[0][1])
        }
        for n, y in enumerate(ys, start=1):
            if n - 1 in headings or n in headings:
                rules.append(HRule(y, text.x0, text.x1))
                continue
            row_top = min((line.top for line in lines if line.top > y), default=y)
            keep = [
                not _runs_on(col, y, text.threshold)
                and (i not in categories or _starts_below(col, y, row_top))
                for i, col in enumerate(columns)
            ]
            rules.extend(_segments(y, keep, spans))
        drawn[index] = rules
    return _with_rules(contents, drawn)


def _segments(y: float, keep: list[bool], spans: list[tuple[float, float]]) -> list[HRule]:
    """The rule at ``y`` over the columns to keep, consecutive ones joined."""
    out: list[HRule] = []
    for drawn, (x0, x1) in zip(keep, spans, strict=True):
        if not drawn:
            continue
        if out and abs(out[-1].x1 - x0) <= 0.5:
            out[-1] = HRule(y, out[-1].x0, x1)
        else:
            out.append(HRule(y, x0, x1))
    return out


def _is_heading(lines: list[Line], top: float, bottom: float, first_column: float) -> bool:
    """A band holding one line of one run of text from the first column on across the
    next: a group heading (the rest of a merged category cell stays inside its column);
    or the header line."""
    inside = [line for line in lines if top < line.top and line.bottom < bottom]
    if len(inside) != 1:
        return False
    labels = line_labels(inside[0])
    if is_header_line(labels):
        return True  # the header repeated on a page: a band of its own too
    return len(labels) == 1 and inside[0].x0 < first_column < inside[0].x1


def _starts_below(lines: list[Line], y: float, row_top: float) -> bool:
    """A line of the column starts the row below ``y`` (whose first line is at row_top)."""
    return any(y < line.top <= row_top + 0.5 * line.size for line in lines)


def _runs_on(lines: list[Line], y: float, threshold: float) -> bool:
    above = [line for line in lines if line.top < y]
    below = [line for line in lines if line.top >= y]
    if not above or not below:
        return False
    if above[-1].bottom > y:
        return True
    return below[0].top - above[-1].bottom <= threshold


def _header_top(page: PageContent) -> float:
    for line in group_lines(page.chars):
        if is_header_line(line_labels(line)):
            return line.top
    return 0.0
