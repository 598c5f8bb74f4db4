"""Rules carried on through a stretch where they are too faint to be found as ink.

A copier low on toner leaves a Word table's 0.5-pt rules a few grey levels darker than
the paper, under noise of as many levels: the morphology of `rules.find_rules` (a
threshold, then long runs) finds them in places only. The header row of
`wp-panzhihua-2017.word` scanned so lost every column rule, and its cells read as one.

What is found tells where to look: a table's rules run from one crossing rule to the next,
so each end of a found rule is carried on to the next crossing rule beyond it where the
line between is darker than the paper beside it along most of the way (a ridge, measured
on the page smoothed along the line: one pixel's noise is as strong as the rule). Looking
only there, a character's stroke is never taken for a rule: a text line across the
stretch (a cell merged over it) stops it, and a gap between characters is paper. An end that stops just short of a
crossing rule (within MEETS_PT) is carried on to it in the same way, without a look: the
table's rules meet.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.ocr.rules import MEETS_PT, Segment

# The line is this many grey levels darker than the paper 1.5–3 pt beside it (measured on
# the page smoothed over 2 pt along the line) in at least RIDGE_SHARE of the stretch: a
# faded 0.5-pt rule under noise of σ 10 stands 15–25 levels darker; paper alone, about 4
# (the darkest of five columns of noise).
RIDGE_LEVELS = 10.0
RIDGE_SHARE = 0.7
SIDE_PT = (1.5, 3.0)
SMOOTH_PT = 2.0
# Only a rule itself faint is carried: its found part at most this many levels darker than
# the paper (measured: a faded Word rule 28-31; the second scanner's rules, printed whole, 114-138),
# and only along a stretch at least OWN_SHARE as dark as that part.
FAINT_LEVELS = 80.0
OWN_SHARE = 0.5
LINE_PT = 0.75


def carried_through_faint(
    rules: list[Segment],
    gray: np.ndarray,
    text: list[tuple[float, float, float, float]],
    px_per_pt: float,
) -> list[Segment]:
    """The rules with each end carried on to the next crossing rule where a faint rule
    runs on to it (see the module's docstring). ``text``: the text lines' boxes (x0, top,
    x1, bottom, pixels)."""
    along = max(3, round(SMOOTH_PT * px_per_pt)) | 1
    smooth_v = cv2.blur(gray.astype(np.float32), (1, along))
    smooth_h = cv2.blur(gray.astype(np.float32), (along, 1))
    out = list(rules)
    for _ in range(4):  # a rule lost over several cells is carried one cell at a time
        changed = False
        for index, rule in enumerate(out):
            carried = _carried(
                rule, out, smooth_h if rule.horizontal else smooth_v, text, px_per_pt
            )
            if carried != rule:
                out[index] = carried
                changed = True
        if not changed:
            break
    return out


def _carried(
    rule: Segment,
    rules: list[Segment],
    smooth: np.ndarray,
    text: list[tuple[float, float, float, float]],
    px_per_pt: float,
) -> Segment:
    meets = MEETS_PT * px_per_pt
    crossings = sorted(
        c.at
        for c in rules
        if c.horizontal != rule.horizontal and c.start - meets <= rule.at <= c.end + meets
    )
    # the rule's own darkness where it was found: only a rule faint itself is carried
    # (a dark rule that stops is the table's; strokes between a merged cell's lines are
    # a weaker ridge than the rule), and only along a stretch at least OWN_SHARE as dark
    own = _ridge(rule.at, rule.start, rule.end, rule.horizontal, smooth, px_per_pt)
    if own is None or float(np.median(own)) > FAINT_LEVELS:
        return rule
    start, end = rule.start, rule.end
    # an end within MEETS_PT of a crossing rule meets it: the faint rule's last points
    # were lost (a row's rule ending 4.7 pt short of the column rule beside it left the
    # row's cell open to the next column, and the table's columns ran together)
    end = next((at for at in crossings if end < at <= end + meets), end)
    start = next((at for at in reversed(crossings) if start - meets <= at < start), start)
    after = [at for at in crossings if at > end + meets]
    before = [at for at in crossings if at < start - meets]
    least = max(RIDGE_LEVELS, OWN_SHARE * float(np.median(own)))
    if after and _faint_line(rule.at, end, after[0], rule, smooth, text, px_per_pt, least):
        end = after[0]
    if before and _faint_line(rule.at, before[-1], start, rule, smooth, text, px_per_pt, least):
        start = before[-1]
    if (start, end) == (rule.start, rule.end):
        return rule
    return Segment(rule.horizontal, rule.at, start, end)


def _faint_line(
    at: float,
    lo: float,
    hi: float,
    rule: Segment,
    smooth: np.ndarray,
    text: list[tuple[float, float, float, float]],
    px_per_pt: float,
    least: float,
) -> bool:
    """The line ``at`` from ``lo`` to ``hi`` is a faint rule: darker than the paper on
    both sides by ``least`` along RIDGE_SHARE of it, and no text line over it."""
    horizontal = rule.horizontal
    for x0, top, x1, bottom in text:
        a, b, across_lo, across_hi = (top, bottom, x0, x1) if horizontal else (x0, x1, top, bottom)
        # any text line over the line (not only through its middle): the line between a
        # merged cell's lines, or through their strokes, is no rule
        inner = 0.1 * (b - a)
        if a + inner < at < b - inner and across_lo < hi and across_hi > lo:
            return False
    ridge = _ridge(at, lo + 2, hi - 2, horizontal, smooth, px_per_pt)
    return ridge is not None and bool((ridge >= least).mean() >= RIDGE_SHARE)


def _ridge(
    at: float, lo: float, hi: float, horizontal: bool, smooth: np.ndarray, px_per_pt: float
) -> np.ndarray | None:
    """How much darker than the paper 1.5–3 pt to either side the line ``at`` is, at each
    pixel from ``lo`` to ``hi`` along it; None where there is no room to measure."""
    image = smooth if not horizontal else smooth.T
    # image rows run along the line, columns across it
    centre = round(at)
    near, far = round(SIDE_PT[0] * px_per_pt), round(SIDE_PT[1] * px_per_pt)
    first, last = max(0, round(lo)), min(image.shape[0], round(hi))
    if last - first < 3 or centre - far < 0 or centre + far + 1 > image.shape[1]:
        return None
    stretch = image[first:last]
    # within LINE_PT of the found rule's line: a skew's residue moves it a pixel or two
    reach = max(1, round(LINE_PT * px_per_pt))
    line = stretch[:, centre - reach : centre + reach + 1].min(axis=1)
    sides = np.concatenate(
        [
            stretch[:, centre - far : centre - near],
            stretch[:, centre + near + 1 : centre + far + 1],
        ],
        axis=1,
    )
    ridge: np.ndarray = np.median(sides, axis=1) - line
    return ridge
