"""Characters read from a faded rule's remnants, told by where their ink lies.

A copier low on toner prints a table's rules faint and broken. The rules are found and
carried through their gaps (`faint.py`), but only the pixels of pieces long enough to be
marked as a rule (`rules.find_rules`) are erased before recognition: a short piece left
between two gaps, or a crossing's stub (┤, ⊥), stays on the page, and where it falls into
a text line's box the recogniser reads it as a character: 氛围。— (a row rule's stub at the
crossing), 工 (⊥ at the table's bottom corner), 街，区 (a column rule's tick), .市交通局 (a
row rule's dot at the cell's corner). A printed character has ink off the rules: a cell's
text stands in the cell's padding, away from its sides. So a character whose ink lies on
the lines of the page's rules is the rules', whatever it was read as.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.ocr.lines import TextLine
from extract.ocr.rules import Segment
from extract.page.content import Char

# A rule's ink lies this close to its line (points each side): a 0.5-pt rule blurred by
# print and scan is ~1 pt wide, and the deskewed page leaves it straight within a pixel.
ON_RULE_PT = 1.0
# Share of a character's ink on the rules' lines at which it is taken for the rules'
# (the rest: noise specks the ink threshold picks up around a faint stub).
ON_RULE_SHARE = 0.85
# Fewer ink pixels than this (per pt², under the character's box) is no ink to judge by.
MIN_INK_PT2 = 0.5
# A box the detector drew round a column rule's faint remnant is the remnant's ink grown
# evenly on both sides: no wider than this many of the line's ink heights (a rule's piece
# grows to about two; a text line straddling a rule holds a character and a cell's padding
# each side of it, three or more).
RULE_BOX_PER_INK = 2.5


def without_rule_stubs(
    read: list[tuple[Char, float]],
    line: TextLine,
    ink: np.ndarray,
    rules: list[Segment],
    px_per_pt: float,
) -> list[tuple[Char, float]]:
    """The line's characters without those whose ink (``ink``: the page's faint ink left
    after the rules' erasure, pixels) lies on the lines of ``rules`` (pixels)."""
    box = line.box
    near = ON_RULE_PT * px_per_pt
    y0, y1 = max(0, int(box.top - near)), min(ink.shape[0], int(box.bottom + near) + 1)
    x0, x1 = max(0, int(box.x0 - near)), min(ink.shape[1], int(box.x1 + near) + 1)
    if y1 <= y0 or x1 <= x0:
        return read
    on_rule = _rule_lines(rules, (x0, y0, x1, y1), near)
    if on_rule is None:
        return read
    inked = (ink[y0:y1, x0:x1] > 0).astype(np.uint8)
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(inked, connectivity=8)
    areas = stats[:, cv2.CC_STAT_AREA]
    on = np.bincount(labels[on_rule & (labels > 0)], minlength=count)
    # each piece of ink belongs to the character whose box holds its middle: the box of a
    # stub read as a character may reach over the edge of the next character's strokes
    middles = centroids[:, 0] + x0
    # ink cut by the window's top or bottom runs on into the lines above and below, unless
    # it is a rule's (a column rule's stub running on out of the line, ┼ at a crossing)
    tops, heights = stats[:, cv2.CC_STAT_TOP], stats[:, cv2.CC_STAT_HEIGHT]
    inside = (tops > 0) & (tops + heights < y1 - y0)
    own = inside | (on >= ON_RULE_SHARE * areas)
    out = []
    for char, confidence in read:
        left, right = char.x0 * px_per_pt, char.x1 * px_per_pt
        pieces = [k for k in range(1, count) if own[k] and left <= middles[k] < right]
        total = int(areas[pieces].sum()) if pieces else 0
        if total >= MIN_INK_PT2 * px_per_pt**2 and on[pieces].sum() >= ON_RULE_SHARE * total:
            continue
        out.append((char, confidence))
    return out


def drawn_round_a_column_rule(
    line: TextLine,
    read: list[tuple[Char, float]],
    rules: list[Segment],
    px_per_pt: float,
    min_confidence: float,
) -> bool:
    """A "line" the detector boxed round a faded column rule's remnant left after the
    erasure, and the recogniser's guesses at it (二, 三, C, 1, 其 read from a few grey
    pixels): its box is centred on a vertical rule found through the line's ink rows,
    within ON_RULE_PT, is no wider than RULE_BOX_PER_INK line heights, and no character
    of it was read with the minimum confidence. The guesses stand where the recogniser
    put them, off the rule and over the next cell's text (双随1机, 常务会其议), so the
    ink test of `without_rule_stubs` does not see them; the box does. Printed text stands
    in a cell's padding, never centred on its side, and a stroke taken for a rule through
    a character (`page._through_a_char`) reads surely."""
    box = line.box
    if not read or box.width > RULE_BOX_PER_INK * line.ink_height:
        return False
    if any(confidence >= min_confidence for _, confidence in read):
        return False
    middle, mid_row = (box.x0 + box.x1) / 2, (line.top + line.bottom) / 2
    return any(
        not s.horizontal
        and s.start <= mid_row <= s.end
        and abs(s.at - middle) <= ON_RULE_PT * px_per_pt
        for s in rules
    )


def _rule_lines(
    rules: list[Segment], window: tuple[int, int, int, int], near: float
) -> np.ndarray | None:
    """The window's pixels within ``near`` of a rule's line (None: no rule there)."""
    x0, y0, x1, y1 = window
    mask = np.zeros((y1 - y0, x1 - x0), dtype=bool)
    found = False
    for s in rules:
        a0, a1, b0, b1 = s.at - near, s.at + near, s.start - near, s.end + near
        lo, hi, start, end = (y0, y1, x0, x1) if s.horizontal else (x0, x1, y0, y1)
        if a1 < lo or a0 >= hi or b1 < start or b0 >= end:
            continue
        found = True
        across = slice(max(0, round(a0) - lo), max(0, min(hi, round(a1) + 1) - lo))
        along = slice(max(0, round(b0) - start), max(0, min(end, round(b1) + 1) - start))
        if s.horizontal:
            mask[across, along] = True
        else:
            mask[along, across] = True
    return mask if found else None
