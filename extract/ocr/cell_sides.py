"""Text lines cut at the column rules they cross, before they are read.

The detector boxes a row of text on the reduced page, and where two cells' texts stand
close to the rule between them (Calc prints a cell's text a point or two from its side)
its boxes run past the rule: the box of one cell's line takes in the first character of
the next cell, or the box of the next cell's line starts inside the last character of
this one. The recogniser then reads the part of a glyph at the box's end as a character
of its own: the right half of 机 as 几 (几8.全面推进…), the top of 态 as 太 (监管太为), and
the reading's position, half an em off, puts it in the wrong cell. Splitting the read
characters at the rule afterwards (``page._split_at_rules``) cannot undo a misread
partial glyph.

A found column rule crossing a line where the line's ink has a gap at the rule (paper on
the rule's column and a padding each side of it through every inked row of the line,
SIDE_GAP_PER_INK) is a cell's side: the line is two cells' texts, and each side is read
as a line of its own. The gap's width is the test that it is a side and not a stroke: an
upright of a character on the rule's line (the middle of 重 bridging two rules) is erased
with the rule, strokes crossing it too, but the character's ink stands right beside it. A side's part
whose ink another line's wider box holds on the same printed row is that line's glyph,
seen partly through this box's end (every inked pixel of it inside the other lines'
boxes and ink rows): it is dropped (the other lines read it whole).
"""

from __future__ import annotations

import numpy as np

from extract.ocr.lines import Box, TextLine
from extract.ocr.rules import Segment

# Width (per line ink height) of the blank run of the line's columns the rule must stand
# in to be a cell's side. The erasure clears the rule's own pixels, and a character's
# strokes crossing an upright on the rule's line are cleared with it: 重 at 150 dpi left
# a blank run 0.19 of the ink wide. A cell's side is the rule and a padding each side
# (Calc's point or more): the Calc prints' sides stood in runs 0.5 wide and more.
SIDE_GAP_PER_INK = 0.3
# A part's ink "held" by another line's box: inside it but for this share of the ink
# height (the recogniser's box edges are a pixel or two from the ink).
HELD_SLACK_PER_INK = 0.25


def cut_at_column_rules(
    lines: list[TextLine], rules: list[Segment], ink: np.ndarray
) -> list[TextLine]:
    """``lines`` with each one crossing a column rule at a gap in its ink cut there into
    the parts holding ink, less the parts that are another line's glyph (module note)."""
    parts: list[tuple[int, TextLine, bool]] = []
    for number, line in enumerate(lines):
        cuts = _sides_through(line, rules, ink)
        if not cuts:
            parts.append((number, line, False))
            continue
        edges = [line.box.x0, *cuts, line.box.x1]
        for x0, x1 in zip(edges, edges[1:], strict=False):
            part = TextLine(Box(x0, line.box.top, x1, line.box.bottom), line.top, line.bottom)
            if _ink_columns(ink, part) is not None:
                parts.append((number, part, True))
    kept = [
        part
        for number, part, cut in parts
        if not (cut and _held_elsewhere(number, part, parts, ink))
    ]
    return kept


def _sides_through(line: TextLine, rules: list[Segment], ink: np.ndarray) -> list[float]:
    """x of the vertical rules through the line's ink rows, inside its box, standing in
    a blank run of the line's columns at least SIDE_GAP_PER_INK of its ink height wide."""
    top, bottom = round(line.top), round(line.bottom)
    columns = np.asarray(ink[top:bottom].any(axis=0))
    out = []
    for s in rules:
        if s.horizontal or not (s.start <= line.top and line.bottom <= s.end):
            continue
        if not line.box.x0 < s.at < line.box.x1:
            continue
        if _blank_run(columns, round(s.at)) >= SIDE_GAP_PER_INK * line.ink_height:
            out.append(float(s.at))
    return sorted(out)


def _blank_run(columns: np.ndarray, x: int) -> int:
    """Width of the run of blank columns holding column ``x`` (0 if ``x`` is inked)."""
    if not 0 <= x < len(columns) or columns[x]:
        return 0
    inked = np.nonzero(columns)[0]
    left = inked[inked < x]
    right = inked[inked > x]
    start = int(left[-1]) + 1 if len(left) else 0
    end = int(right[0]) if len(right) else len(columns)
    return end - start


def _ink_columns(ink: np.ndarray, line: TextLine) -> tuple[float, float] | None:
    """(first, last + 1) inked column of the line's ink rows inside its box, or None."""
    x0, x1 = round(line.box.x0), round(line.box.x1)
    window = ink[round(line.top) : round(line.bottom), x0:x1]
    columns = np.nonzero(window.any(axis=0))[0]
    if not len(columns):
        return None
    return float(x0 + columns[0]), float(x0 + columns[-1] + 1)


def _held_elsewhere(
    number: int, part: TextLine, parts: list[tuple[int, TextLine, bool]], ink: np.ndarray
) -> bool:
    """Every inked pixel of the part lies inside the box and ink rows of wider lines of
    others: the lines of the next cell (its text need not stand on the part's rows: a
    cell's lines centred in a row of another height stand half a line off, and the part
    holds the ends of two of them)."""
    x0, x1 = round(part.box.x0), round(part.box.x1)
    top, bottom = round(part.top), round(part.bottom)
    inked = ink[top:bottom, x0:x1] > 0
    if not inked.any():
        return True
    slack = round(HELD_SLACK_PER_INK * part.ink_height)
    held = np.zeros_like(inked)
    for other_number, other, _cut in parts:
        if other_number == number or other.box.width <= part.box.width:
            continue
        rows = slice(
            max(0, round(other.top) - slack - top), max(0, round(other.bottom) + slack - top)
        )
        columns = slice(
            max(0, round(other.box.x0) - slack - x0), max(0, round(other.box.x1) + slack - x0)
        )
        held[rows, columns] = True
    return not (inked & ~held).any()
