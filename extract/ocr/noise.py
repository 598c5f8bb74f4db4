"""NOT WIRED IN (eleventh round, part ae: it dropped real characters in a shaded table's
grey cells, docs/ocr_accuracy.md); `git show d2492e0 -- extract/ocr/page.py` is the
patch that called it from `ocr_page`.

Text the recogniser reads out of a copier's noise: a line read with little confidence
whose surroundings are inked as densely as the line itself.

A bad photocopy (Augraphy's ``BadPhotoCopy``: a mottled or speckled toner pattern over
part of the page) and a dirty drum's streaks put ink where nothing was printed. The
detector boxes patches of it as text lines (an empty deadline cell full of speckle), and
the recogniser, asked to read a crop, always answers something: 墨き, 市1鞋色, a trailing
é after a unit. Such a read has two marks, each measured on the page's own ink:

- the recogniser is unsure of it: half of its characters or more score below the minimum
  confidence (clean print scores above 0.9; a real line damaged by the noise is mostly
  misread too, and its problem is reported the same way);
- it lies in a patch of ink as dense as itself: the band of one em around the line,
  outside every other detected line, is inked at least NOISE_PER_LINE as densely as the
  line's own box. Printed text stands on white paper: around a cell's line lie padding,
  rules (a few pixels wide: a small share of the band) and other lines (left out).

A line with both marks is not text: its characters are not kept, and it is reported as
a ``low_confidence`` problem naming its box, so the cell reads empty and the reader is
told what was there. A line with only the first mark is kept and reported (as before):
on a clean page a character the recogniser is unsure of is still the best reading.
"""

from __future__ import annotations

import numpy as np

from extract.ocr.lines import Box

# The band around a line inked at least this share of the line's own density: noise.
# Printed text's band holds padding and a rule or two: well under a tenth of its ink.
NOISE_PER_LINE = 0.5
# The band left once the other lines are taken out must be this share of it at least to
# judge by (a line among lines on all sides says nothing of the paper around it).
BAND_LEFT = 0.25


def unsure(confidences: list[float], min_confidence: float) -> bool:
    """Half of a line's characters or more scored below the minimum confidence (a speck
    read as two glyphs, NE, is often sure of one)."""
    low = sum(1 for c in confidences if c < min_confidence)
    return bool(confidences) and 2 * low >= len(confidences)


def band_density(ink: np.ndarray, box: Box, others: list[Box]) -> tuple[float, float] | None:
    """(ink share of the band of one em round ``box`` outside the ``others`` and the box,
    ink share of the box itself); None where too little of the band is left to judge."""
    em = max(min(box.height, box.width), 1.0)
    height, width = ink.shape[:2]
    y0, y1 = max(0, round(box.top - em)), min(height, round(box.bottom + em))
    x0, x1 = max(0, round(box.x0 - em)), min(width, round(box.x1 + em))
    if y1 <= y0 or x1 <= x0:
        return None
    band = np.ones((y1 - y0, x1 - x0), dtype=bool)
    for other in [box, *others]:
        oy0, oy1 = max(y0, round(other.top)), min(y1, round(other.bottom))
        ox0, ox1 = max(x0, round(other.x0)), min(x1, round(other.x1))
        if oy1 > oy0 and ox1 > ox0:
            band[oy0 - y0 : oy1 - y0, ox0 - x0 : ox1 - x0] = False
    whole = (y1 - y0) * (x1 - x0) - box.height * box.width
    left = int(band.sum())
    if whole <= 0 or left < BAND_LEFT * whole:
        return None
    patch = ink[y0:y1, x0:x1] > 0
    inside = ink[round(box.top) : round(box.bottom), round(box.x0) : round(box.x1)] > 0
    if inside.size == 0:
        return None
    return float(patch[band].sum()) / left, float(inside.mean())


def read_from_noise(
    confidences: list[float],
    min_confidence: float,
    ink: np.ndarray,
    box: Box,
    others: list[Box],
) -> bool:
    """A line read out of noise (see the module's docstring): unsure, and in a patch of
    ink as dense as itself."""
    if not unsure(confidences, min_confidence):
        return False
    densities = band_density(ink, box, others)
    if densities is None:
        return False
    around, own = densities
    return own > 0 and around >= NOISE_PER_LINE * own


def noise_runs(
    spans: list[tuple[float, float, float]],
    min_confidence: float,
    ink: np.ndarray,
    line: Box,
    others: list[Box],
) -> list[tuple[int, int]]:
    """The runs [start, end) of a line's characters (``spans``: x0, x1 in pixels and
    confidence, in reading order) read out of noise beside its text: each character of
    the run unsure, and the run's part of the line in a patch of ink as dense as itself.
    A line that runs on into a speckled cell reads 良好氛围 and then 魚身美多."""
    out: list[tuple[int, int]] = []
    start = None
    for i, (_, _, confidence) in enumerate([*spans, (0.0, 0.0, 1.0)]):
        if confidence < min_confidence:
            start = i if start is None else start
            continue
        if start is not None:
            part = Box(spans[start][0], line.top, spans[i - 1][1], line.bottom)
            if read_from_noise(
                [c for _, _, c in spans[start:i]], min_confidence, ink, part, [line, *others]
            ):
                out.append((start, i))
            start = None
    return out
