"""Tables with only some of their rules found: rules completed where the text says where
they run.

A scan of a table whose rules faded (a copier low on toner, a grey shading over the
header, a bitonal threshold above a thin rule's grey) yields some of its rules, in
pieces. A text-layer PDF with only some rules is read by the columns its rules give and
rows placed by the text (`unruled.py`); here the same is done for a ruled table's rules
that were lost in part: the text tells where they must run.
"""

from __future__ import annotations

from dataclasses import replace

from extract.page.area import TableArea
from extract.page.content import SNAP, HRule, PageContent
from extract.page.lines import Line, group_lines
from extract.page.unruled import is_header_line, line_labels


def with_header_rules(
    contents: list[PageContent], regions: list[TableArea | None]
) -> list[PageContent]:
    """The pages with the rule under a table's header line drawn across the table where
    only a piece of it was found.

    A header row is ruled off from the body over the table's whole width: a piece of a
    rule in the gap right below a line of column labels (``unruled.is_header_line``) is
    that rule, its missing stretches faded (the grey shading of a header row hides a faint
    rule's ends). Without it the header's cells run on into the first row's, and the
    table's header is not found. Two lines of one header cell (labels wrapped) have no rule
    between them, so nothing is drawn there."""
    out = list(contents)
    for index, (page, region) in enumerate(zip(contents, regions, strict=True)):
        if region is None:
            continue
        lines = [
            line
            for line in group_lines(page.chars)
            if region.holds((line.x0 + line.x1) / 2, (line.top + line.bottom) / 2)
        ]
        pieces = [
            _pieces_below(above, below, region)
            for above, below in zip(lines, lines[1:], strict=False)
            if is_header_line(line_labels(above))
        ]
        pieces = [found for found in pieces if found]
        if not pieces:
            continue
        # the pieces give way to the whole rule (a piece's end would read as a column's)
        replaced = {rule for found in pieces for rule in found}
        drawn = [HRule(max(found, key=_length).y, region.x0, region.x1) for found in pieces]
        kept = [rule for rule in page.hrules if rule not in replaced]
        out[index] = replace(page, hrules=sorted([*kept, *drawn], key=_order))
    return out


def _pieces_below(header: Line, below: Line, region: TableArea) -> list[HRule]:
    """The pieces of a rule found between ``header`` and the line ``below`` it; none when
    the rule is found whole (or not at all)."""
    pieces = [r for r in region.hrules if header.bottom - SNAP / 2 <= r.y <= below.top + SNAP / 2]
    if any(r.x0 <= region.x0 + SNAP and r.x1 >= region.x1 - SNAP for r in pieces):
        return []
    return pieces


def _length(rule: HRule) -> float:
    return rule.x1 - rule.x0


def _order(rule: HRule) -> tuple[float, float]:
    return (rule.y, rule.x0)
