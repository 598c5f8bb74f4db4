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

A second kind of noise keeps its strokes: Augraphy's full pipeline (its speckle blurred by
the ink bleed and the JPEG, on the TUNE scans at 200 dpi) strews clouds of grey dots the
size of a glyph, each cloud's dots run together into one piece an em tall, and the
recogniser reads each as a glyph (善, 瀚, 墨, 能然, 书联台) at a confidence under the bar.
Printed ink is as dark as the page's other print; a cloud's darkest ink is not. So an unsure
line is left out too when its ink's depth under its own paper (``ink_depth``: the paper
level round it less its darkest tenth of ink, so a lighting gradient or a shadow moves both)
is under ``FAINT_DEPTH`` of the depth of the page's sure lines (`page_levels`), and its core
is as light under the page's paper (print on a shaded cell is shallow under its shade, but
as dark as the page's print). On the five TUNE scans the clouds' depths are 0.43-1.4 of
the sure lines' (median 0.77), printed lines read unsurely 0.77-1.6 (median 1.0).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

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
# An unsure line whose ink is less deep than this share of the page's sure lines' (under
# its own paper and under the page's) is not print. On Augraphy's five TUNE scans at 200
# dpi it leaves out 155 of the 215 lines read under the bar over paper with no print, that
# the strokes test kept, and 6 lines over print, each misread wholly (开公 for 息公开, te).
FAINT_DEPTH = 0.8
# The share of the darkest ink taken as a line's ink level: a stroke's core, not its edge.
CORE = 10.0


def page_em(lines: list[TextLine], read: list[Recognised]) -> float | None:
    """The median ink height (pixels) of the lines read surely; None when there are none."""
    heights = [
        line.ink_height
        for line, reading in zip(lines, read, strict=True)
        if reading.confidence >= SURE and len(reading.chars) >= SURE_CHARS
    ]
    return statistics.median(heights) if heights else None


@dataclass(frozen=True)
class InkLevels:
    """The grey of a line's paper (the median of its box's pixels that are not ink) and of
    its ink's core (its darkest ``CORE`` per cent)."""

    paper: float
    core: float

    @property
    def depth(self) -> float:
        return self.paper - self.core


def ink_levels(gray: np.ndarray, ink: np.ndarray, line: TextLine) -> InkLevels | None:
    """The line's `InkLevels`; None when its box holds no ink or no paper."""
    top, bottom = max(0, int(line.top)), max(0, int(np.ceil(line.bottom)))
    x0, x1 = max(0, int(line.box.x0)), max(0, int(np.ceil(line.box.x1)))
    inked = ink[top:bottom, x0:x1] > 0
    grey = gray[top:bottom, x0:x1]
    if not inked.any() or inked.all():
        return None
    return InkLevels(float(np.median(grey[~inked])), float(np.percentile(grey[inked], CORE)))


def page_levels(
    gray: np.ndarray, ink: np.ndarray, lines: list[TextLine], read: list[Recognised]
) -> InkLevels | None:
    """The median paper and ink core of the lines read surely (as `page_em` chooses them);
    None when there are none, or their ink is no darker than their paper."""
    levels = [
        level
        for line, reading in zip(lines, read, strict=True)
        if reading.confidence >= SURE and len(reading.chars) >= SURE_CHARS
        for level in [ink_levels(gray, ink, line)]
        if level is not None
    ]
    if not levels:
        return None
    page = InkLevels(
        statistics.median(v.paper for v in levels), statistics.median(v.core for v in levels)
    )
    return page if page.depth > 0 else None


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


def is_faint(line: TextLine, gray: np.ndarray, ink: np.ndarray, page: InkLevels | None) -> bool:
    """The line's ink both shallower under its own paper and lighter under the page's paper
    than ``FAINT_DEPTH`` of the sure lines' depth (module docstring): print on a shaded
    cell is shallow under its shade but as dark as the page's print, and kept."""
    if page is None:
        return False
    own = ink_levels(gray, ink, line)
    if own is None:
        return False
    bar = FAINT_DEPTH * page.depth
    return own.depth < bar and page.paper - own.core < bar


def is_specks(
    line: TextLine,
    reading: Recognised,
    ink: np.ndarray,
    em: float | None,
    min_confidence: float,
    gray: np.ndarray | None = None,
    page: InkLevels | None = None,
) -> bool:
    """A line read unsurely over ink with no glyph's strokes, or over ink fainter than the
    page's print (`is_faint`, given the page's ``gray`` and its sure lines' depth; module
    docstring)."""
    # A line read surely is never specks, whatever the setting's bar: its own ink is not
    # in ``ink`` (`ink_of_unsure_lines`), so its share of strokes would read as none.
    if em is None or not reading.chars or reading.confidence >= min(min_confidence, SURE):
        return False
    if gray is not None and is_faint(line, gray, ink, page):
        return True
    return stroke_share(ink, line, em) < STROKE_SHARE
