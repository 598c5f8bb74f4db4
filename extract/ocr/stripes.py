"""Row rules erased by a printer's low-ink stripes.

A printer running low on ink leaves thin pale stripes across the whole page at a fixed
period (Augraphy's `LowInkPeriodicLines`: a pixel row every 32–64 px where every ink
pixel is lifted to one grey level). A 0.5-pt row rule of a Word table is one pixel tall at
150 dpi; where a stripe lies on it, the rule keeps a few grey levels of its darkness along
its whole length and is found neither as ink (`rules.RULE_CONTRAST`) nor as a faint rule
(`faint.ROW_LEVELS`, and only on pages whose rules are faint): the rows on either side of
it read as one row (5.优化涉企服务 and 6.加强… of wp-shouguang-2019 as one task).

The stripe says where to look. It lifts the table's column rules too, all at the same
pixel row, which nothing else does (a copier's faded rules break at places of their own,
a merged cell ends its rules at a crossing rule): a row where most of the long column
rules are at once far paler than along the rest of their length is a stripe. Only on
those rows, between two column rules, is a rule looked for as a ridge a little darker
than the rows beside it, with the same exclusions as `faint.faint_row_rules` (a text
line's middle, its strokes): a stripe crossing a gap between two lines leaves paper
there, paler than before, never a ridge.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.ocr.faint import (
    ROW_INSET_PT,
    ROW_SHARE,
    ROW_SIDE_PT,
    SMOOTH_PT,
    _column_stretches,
    _ruled_at,
    _text_strokes,
    _through_text,
)
from extract.ocr.rules import Segment

# Column rules this long (points) at least tell a stripe: a stretch of several rows.
STRIPE_RULE_PT = 40.0
# A row is a stripe where at least STRIPE_SHARE of those rules (and at least
# MIN_STRIPE_RULES of them) keep at most PALE_SHARE of their own median darkness (the
# paper level less their darkest pixel within a point). Measured at 150 dpi on
# wp-shouguang-2019 (Augraphy seed 30862): 5 of 7 column rules at 0.08–0.3 of their
# darkness on the stripe rows, none elsewhere.
STRIPE_SHARE = 0.7
MIN_STRIPE_RULES = 3
PALE_SHARE = 0.5
# A stripe is thin (one pixel row, blurred by the rotation and the JPEG); a run of pale
# rows taller than this (points) is something else (a gap in the rules).
STRIPE_PT = 1.0
# A rule under a stripe stands this share of the page's ink contrast (paper level less
# its stroke cores' level, the INK_CORE_PERCENT darkest of the text ink) darker than the
# rows beside it, at ROW_SHARE of the way.
# Measured on that page: 5.0–8.6 levels of an ink contrast of ~225 (0.022–0.038) on the
# erased rule, at most 1.2 (0.005) on the page's other stripe rows clear of text lines.
UNDER_STRIPE_PER_CONTRAST = 0.015
INK_CORE_PERCENT = 10.0


def stripe_rows(rules: list[Segment], gray: np.ndarray, px_per_pt: float) -> list[int]:
    """The pixel rows of ``gray`` (a straightened page) where most of the long column
    rules are pale at once: a low-ink stripe."""
    long = [r for r in rules if not r.horizontal and r.end - r.start >= STRIPE_RULE_PT * px_per_pt]
    if len(long) < MIN_STRIPE_RULES:
        return []
    paper = float(np.percentile(gray, 90))
    reach = max(1, round(px_per_pt))
    rows = np.arange(gray.shape[0])
    pale = np.zeros(gray.shape[0], np.int32)
    counted = np.zeros(gray.shape[0], np.int32)
    for rule in long:
        x = round(rule.at)
        band = gray[:, max(0, x - reach) : x + reach + 1]
        if band.size == 0:
            continue
        darkness = paper - band.min(axis=1).astype(np.float32)
        y0, y1 = round(rule.start), round(rule.end)
        along = (rows >= y0) & (rows < y1)
        own = float(np.median(darkness[along]))
        if own <= 0:
            continue
        counted += along
        pale += along & (darkness <= PALE_SHARE * own)
    enough = (counted >= MIN_STRIPE_RULES) & (pale >= MIN_STRIPE_RULES)
    stripe = enough & (pale >= STRIPE_SHARE * np.maximum(counted, 1))
    return _thin_runs(np.flatnonzero(stripe).tolist(), max(1, round(STRIPE_PT * px_per_pt)))


def _thin_runs(rows: list[int], thickest: int) -> list[int]:
    """The rows of each run of consecutive rows at most ``thickest`` tall."""
    out: list[int] = []
    run: list[int] = []
    for y in [*rows, -2]:
        if run and y == run[-1] + 1:
            run.append(y)
            continue
        if run and len(run) <= thickest:
            out.extend(run)
        run = [y]
    return out


def rules_under_stripes(
    rules: list[Segment],
    gray: np.ndarray,
    text: list[tuple[float, float, float, float]],
    text_ink: np.ndarray,
    px_per_pt: float,
) -> list[Segment]:
    """The rules and, between each two column rules, a row rule on a low-ink stripe
    where the row is a ridge darker than the rows beside it (UNDER_STRIPE_PER_CONTRAST)
    and no text line runs along it."""
    stripes = stripe_rows(rules, gray, px_per_pt)
    if not stripes:
        return rules
    ink = gray[text_ink > 0]
    paper = float(np.percentile(gray, 90))
    if ink.size == 0:
        return rules
    least = UNDER_STRIPE_PER_CONTRAST * (paper - float(np.percentile(ink, INK_CORE_PERCENT)))
    along = max(3, round(SMOOTH_PT * px_per_pt)) | 1
    smooth = cv2.blur(gray.astype(np.float32), (along, 1))
    verticals = [r for r in rules if not r.horizontal]
    found: list[Segment] = []
    for left, right, top, bottom in _column_stretches(verticals, px_per_pt):
        best: dict[int, float] = {}
        for stripe in stripes:
            for y in (stripe - 1, stripe, stripe + 1):
                if not top < y < bottom - 1:
                    continue
                ridge = _ridge(smooth, y, left, right, px_per_pt)
                if ridge >= least:
                    best[y] = max(best.get(y, 0.0), ridge)
        for y in _darkest_of_each(best):
            if (
                _ruled_at(y, left, right, rules + found, px_per_pt)
                or _through_text(y, left, right, text)
                or _text_strokes(y, left, right, text_ink, px_per_pt)
            ):
                continue
            found.append(Segment(True, float(y), left, right))
    return rules + found


def _ridge(smooth: np.ndarray, y: int, left: float, right: float, px_per_pt: float) -> float:
    """How much darker row ``y`` is, at ROW_SHARE of the way from ``left`` to ``right``,
    than the brighter of the rows ROW_SIDE_PT above and below it."""
    near, far = round(ROW_SIDE_PT[0] * px_per_pt), round(ROW_SIDE_PT[1] * px_per_pt)
    inset = round(ROW_INSET_PT * px_per_pt)
    x0, x1 = round(left) + inset, round(right) - inset
    if x1 - x0 < 5 or y - far < 0 or y + far + 1 > smooth.shape[0]:
        return 0.0
    share = ROW_SHARE * 100
    level = float(np.percentile(smooth[y, x0:x1], share))
    above = np.percentile(smooth[y - far : y - near + 1, x0:x1], share, axis=1).max()
    below = np.percentile(smooth[y + near : y + far + 1, x0:x1], share, axis=1).max()
    return float(min(above, below)) - level


def _darkest_of_each(ridges: dict[int, float]) -> list[int]:
    """The row of the strongest ridge of each run of adjacent rows."""
    out: list[int] = []
    for y in sorted(ridges):
        if out and y - out[-1] <= 2:
            if ridges[y] > ridges[out[-1]]:
                out[-1] = y
            continue
        out.append(y)
    return out
