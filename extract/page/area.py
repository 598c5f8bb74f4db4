"""Where the table is on a page: the group of rules that frames it."""

from __future__ import annotations

from dataclasses import dataclass

from extract.page.content import SNAP, Char, HRule, PageContent, VRule

# A rule this long (share of page width) can be a table's row separator.
LONG_RULE_SHARE = 0.3


@dataclass(frozen=True)
class TableArea:
    x0: float
    x1: float
    top: float
    bottom: float
    hrules: tuple[HRule, ...]
    vrules: tuple[VRule, ...]

    def holds(self, x: float, y: float) -> bool:
        return self.x0 - SNAP <= x <= self.x1 + SNAP and self.top - SNAP <= y <= self.bottom + SNAP


def find_region(page: PageContent, *, min_rules: int = 3) -> TableArea | None:
    """The largest group of long horizontal rules tied together by vertical rules or closeness.

    A group needs three rules (top, below the header or a row, bottom): a lone rule is a
    decoration such as the red line under a document's masthead. A page that continues a
    table may hold a single row between two rules (``min_rules=2``, see
    `continuation_region`).
    """
    long_rules = [r for r in page.hrules if r.x1 - r.x0 >= LONG_RULE_SHARE * page.width]
    if len(long_rules) < 2:
        return None
    ys = _distinct([r.y for r in long_rules])
    groups: list[list[float]] = [[ys[0]]]
    for y in ys[1:]:
        previous = groups[-1][-1]
        if _tied(page, previous, y):
            groups[-1].append(y)
        else:
            groups.append([y])
    best = max(groups, key=len)
    if len(best) < min_rules and not _has_vertical_span(page, best[0], best[-1]):
        return None
    if len(best) < 2:
        return None
    top, bottom = best[0], best[-1]
    in_group = [r for r in page.hrules if top - SNAP <= r.y <= bottom + SNAP]
    x0, x1 = _widened(page, min(r.x0 for r in in_group), max(r.x1 for r in in_group), top, bottom)
    hrules = tuple(
        r
        for r in page.hrules
        if top - SNAP <= r.y <= bottom + SNAP and r.x1 > x0 + SNAP and r.x0 < x1 - SNAP
    )
    vrules = tuple(
        r
        for r in page.vrules
        if x0 - SNAP <= r.x <= x1 + SNAP and r.y1 > top + SNAP and r.y0 < bottom - SNAP
    )
    return TableArea(x0, x1, top, bottom, hrules, vrules)


def _widened(
    page: PageContent, x0: float, x1: float, top: float, bottom: float
) -> tuple[float, float]:
    """The rules' extent, widened to the side rules of a column merged over the whole page.

    A category merged over more rows than a page holds has no rule above or below it on
    the pages between its first and last (a spreadsheet print draws only its sides), so
    every horizontal rule of such a page starts at the next column. Where the rules' end
    is itself a vertical rule from the table's top to its bottom, the next such rule
    beside it is the table's edge (a page frame runs past the table and is not)."""
    reach = 2 * SNAP
    full = sorted(
        r.x for r in page.vrules if abs(r.y0 - top) <= reach and abs(r.y1 - bottom) <= reach
    )

    def at(x: float) -> bool:
        return any(abs(f - x) <= SNAP for f in full)

    while at(x0) and (left := [f for f in full if f < x0 - SNAP]):
        x0 = left[-1]
    while at(x1) and (right := [f for f in full if f > x1 + SNAP]):
        x1 = right[0]
    return x0, x1


def continuation_region(page: PageContent, previous: TableArea) -> TableArea | None:
    """A one-row table piece opening the page after a table page, as wide as that table.

    Rows taller than most of a page leave only two rules on a page; two rules elsewhere are
    more likely a box such as the 抄送 block at a notice's end, hence the position checks.
    """
    region = find_region(page, min_rules=2)
    if region is None or any(c.bottom < region.top - SNAP for c in page.chars):
        return None
    if abs(region.x0 - previous.x0) > 2 * SNAP or abs(region.x1 - previous.x1) > 2 * SNAP:
        return None
    return region


def _tied(page: PageContent, y0: float, y1: float) -> bool:
    if _has_vertical_span(page, y0, y1):
        return True
    # Tables ruled only horizontally: rows are rarely taller than a third of the page, while
    # the gap between a masthead rule and a table below it holds many lines of body text.
    # Text standing in columns is a table row even when one cell's lines are as long as
    # prose (a wide requirement column with the cells beside it empty on those lines).
    if _text_in_columns(page, y0, y1):
        return True
    if _body_text_between(page, y0, y1):
        return False
    # A tall band holding text that is not prose is a row too: the rest of a cell that
    # broke across the page, standing alone in one column.
    return y1 - y0 <= page.height / 3 or _has_text(page, y0, y1)


def _has_vertical_span(page: PageContent, y0: float, y1: float) -> bool:
    need = 0.8 * (y1 - y0)
    return any(min(r.y1, y1) - max(r.y0, y0) >= need for r in page.vrules)


def _body_text_between(page: PageContent, y0: float, y1: float) -> bool:
    """Prose between two rules: one unbroken run of text across most of the page width from
    where the long rules start (table rows put gaps between their cells, and a wide last
    column's text alone starts well right of the table's edge)."""
    left = min(r.x0 for r in page.hrules if r.x1 - r.x0 >= LONG_RULE_SHARE * page.width)
    rows: dict[int, list[Char]] = {}
    for c in page.chars:
        if y0 < c.top and c.bottom < y1:
            rows.setdefault(round(c.top), []).append(c)
    for chars in rows.values():
        chars.sort(key=lambda c: c.x0)
        start = 0
        for i in range(1, len(chars) + 1):
            if i == len(chars) or chars[i].x0 - chars[i - 1].x1 > 0.5 * chars[i].size:
                run = chars[start:i]
                if (
                    len(run) >= 20
                    and run[-1].x1 - run[0].x0 > 0.6 * page.width
                    and run[0].x0 - left < 3 * run[0].size
                ):
                    return True
                start = i
    return False


def _has_text(page: PageContent, y0: float, y1: float) -> bool:
    return any(y0 < c.top and c.bottom < y1 for c in page.chars)


def _text_in_columns(page: PageContent, y0: float, y1: float) -> bool:
    """The text between two rules leaves a gutter that no line crosses, text on both sides."""
    spans = sorted((c.x0, c.x1, c.size) for c in page.chars if y0 < c.top and c.bottom < y1)
    if not spans:
        return False
    groups = 1
    reach = spans[0][1]
    for x0, x1, size in spans[1:]:
        if x0 - reach > 0.5 * size:
            groups += 1
        reach = max(reach, x1)
    return groups >= 2


def _distinct(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > SNAP:
            out.append(value)
    return out
