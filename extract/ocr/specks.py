"""Text lines the detector found in specks (a bad copy's speckle, a paper's grain): no
glyph's stroke under them, and the recogniser unsure of what it read.

A printed character, however blurred or faded, leaves at least one connected stroke of ink
as tall or as wide as a good part of its em (a radical, a digit's body, a dash). Speckle
leaves dots: Augraphy's "bad photocopy" and paper-texture effects strew clusters of them
that the detector boxes as lines and the recogniser reads as 签甲为, 豆豆事特 or à ae, with
a confidence it gives no printed line. Such a line is left out, never read into a title,
a body or a header cell, and reported as a problem naming where it was (nothing silent).

Both tests must hold, each a ratio of the page's own measures: the recogniser's mean
confidence below the settings' minimum (0.5: the bar below which a character is reported,
`extract.ocr.settings`), and less than half of the line's ink in connected pieces at least
``STROKE_PER_EM`` of the page's em across (the em: the median ink height of the lines the
recogniser read surely, ``SURE``). A faded but printed line keeps its strokes, a sure
reading keeps its line.
"""

from __future__ import annotations

import statistics

import cv2
import numpy as np

from extract.ocr.engine import Recognised
from extract.ocr.lines import TextLine

# A piece of ink this wide or tall (per em of the page's text) is a glyph's stroke: a CJK
# radical spans half an em or more, a digit's body three quarters; a speckle cluster's dots
# stay under a third (measured on Augraphy's TUNE scans at 200 dpi: 0.05-0.36 em).
STROKE_PER_EM = 0.4
# Lines read at least this surely, of at least this many characters, give the page's em.
SURE = 0.9
SURE_CHARS = 4
# Less than this share of a line's ink in strokes: specks (printed lines: 0.6-0.98).
STROKE_SHARE = 0.5


def page_em(lines: list[TextLine], read: list[Recognised]) -> float | None:
    """The median ink height (pixels) of the lines read surely; None when there are none."""
    heights = [
        line.ink_height
        for line, reading in zip(lines, read, strict=True)
        if reading.confidence >= SURE and len(reading.chars) >= SURE_CHARS
    ]
    return statistics.median(heights) if heights else None


def ink_of_unsure_lines(
    ink: np.ndarray, lines: list[TextLine], read: list[Recognised]
) -> np.ndarray:
    """The page's ink outside the boxes of the lines read surely: a speckled line whose box
    overlaps a printed line's end (己. over the 宁 that ends a title's first line) must not
    count that line's strokes as its own."""
    out = ink.copy()
    for line, reading in zip(lines, read, strict=True):
        if reading.confidence >= SURE:
            box = line.box
            out[
                max(0, int(box.top)) : int(np.ceil(box.bottom)),
                max(0, int(box.x0)) : int(np.ceil(box.x1)),
            ] = 0
    return out


def stroke_share(ink: np.ndarray, line: TextLine, em: float) -> float:
    """The share of the line's ink (in its box, between its ink rows) in connected pieces
    at least ``STROKE_PER_EM`` em wide or tall."""
    top, bottom = max(0, int(line.top)), max(0, int(np.ceil(line.bottom)))
    x0, x1 = max(0, int(line.box.x0)), max(0, int(np.ceil(line.box.x1)))
    mask = (ink[top:bottom, x0:x1] > 0).astype(np.uint8)
    total = int(mask.sum())
    if total == 0:
        return 0.0
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(mask, connectivity=8)
    reach = STROKE_PER_EM * em
    strokes = sum(
        int(stats[i, cv2.CC_STAT_AREA])
        for i in range(1, count)
        if max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) >= reach
    )
    return strokes / total


def is_specks(
    line: TextLine, reading: Recognised, ink: np.ndarray, em: float | None, min_confidence: float
) -> bool:
    """A line read unsurely over ink with no glyph's strokes (module docstring)."""
    # A line read surely is never specks, whatever the setting's bar: its own ink is not
    # in ``ink`` (`ink_of_unsure_lines`), so its share of strokes would read as none.
    if em is None or not reading.chars or reading.confidence >= min(min_confidence, SURE):
        return False
    return stroke_share(ink, line, em) < STROKE_SHARE
