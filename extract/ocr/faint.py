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

from extract.ocr.rules import FADED_END_PT, MEETS_PT, Segment, _text_across

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
                rule, out, smooth_h if rule.horizontal else smooth_v, gray, text, px_per_pt
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
    page: np.ndarray,
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
    if after and _faint_line(rule.at, end, after[0], rule, smooth, page, text, px_per_pt, least):
        end = after[0]
    if before and _faint_line(
        rule.at, before[-1], start, rule, smooth, page, text, px_per_pt, least
    ):
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
    page: np.ndarray,
    text: list[tuple[float, float, float, float]],
    px_per_pt: float,
    least: float,
) -> bool:
    """The line ``at`` from ``lo`` to ``hi`` is a faint rule: darker than the paper on
    both sides by ``least`` along RIDGE_SHARE of it, and no text line over it (but for
    a box of two cells' texts with the line in the gap between them)."""
    horizontal = rule.horizontal
    for x0, top, x1, bottom in text:
        a, b, across_lo, across_hi = (top, bottom, x0, x1) if horizontal else (x0, x1, top, bottom)
        # any text line over the line (not only through its middle): the line between a
        # merged cell's lines, or through their strokes, is no rule
        inner = 0.1 * (b - a)
        over = a + inner < at < b - inner and across_lo < hi and across_hi > lo
        if over and (horizontal or not _in_a_gap(at, (x0, top, x1, bottom), page, px_per_pt)):
            return False
    ridge = _ridge(at, lo + 2, hi - 2, horizontal, smooth, px_per_pt)
    return ridge is not None and bool((ridge >= least).mean() >= RIDGE_SHARE)


def _in_a_gap(
    at: float, box: tuple[float, float, float, float], page: np.ndarray, px_per_pt: float
) -> bool:
    """The vertical line ``at`` runs through a gap in the text of ``box`` (pixels): no
    stroke within SIDE_PT of it on either side over the box's rows. The detector boxes
    the texts of neighbouring cells on one row as one line (市政府办公室、 市直 全年 in
    one box over three columns, the last row before a page break); each cell's text
    stands in its padding, so paper lies either side of the rule between them, where a
    merged cell's text runs strokes over the line. A stroke is darker than the paper by
    more than a faint rule is (FAINT_LEVELS): the faint rule's own ink is not one."""
    x0, top, x1, bottom = box
    near, far = round(SIDE_PT[0] * px_per_pt), round(SIDE_PT[1] * px_per_pt)
    centre, rows = round(at), slice(max(0, round(top)), max(0, round(bottom)))
    if centre - far < max(0, round(x0)) or centre + far + 1 > min(page.shape[1], round(x1)):
        return False
    sides = np.concatenate(
        [
            page[rows, centre - far : centre - near],
            page[rows, centre + near + 1 : centre + far + 1],
        ],
        axis=1,
    )
    if sides.size == 0:
        return False
    paper = float(np.median(sides))
    return bool((sides < paper - FAINT_LEVELS).sum() == 0)


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


# A row rule no piece of which was found: a row of the page from one column rule to the
# next that is darker than the rows ROW_SIDE_PT above and below it by ROW_LEVELS over
# ROW_SHARE of the way (measured on the page smoothed SMOOTH_PT along it). Measured on
# the copier's faded Word rules: 31–36 levels at the 85th percentile of the stretch, while
# a text line's rows stay within 6 levels of the paper there (its characters leave gaps
# between them; a rule's gaps, 2–6 pt every ~60 pt, leave at most a fifth of a narrow
# column). Beside the line, a text line's top or bottom strokes 1.5 pt away are paper at
# that share too: the test holds in the tightest gap between two rows' texts (2 pt).
ROW_LEVELS = 16.0
ROW_SHARE = 0.85
ROW_SIDE_PT = (1.5, 3.0)
ROW_INSET_PT = 2.0
# A faint rule broken more often (a fifth of a narrow cell's width lost): darker by
# BROKEN_LEVELS at BROKEN_SHARE of the way, with paper on both sides (each side row's
# median within PAPER_LEVELS of its brightest). Measured: a faded lead-column rule 27
# levels at 0.7, 15 at 0.85; a full line's bottom strokes 26 at 0.7, with its own strokes
# (the median 30-40 levels darker) above them.
BROKEN_LEVELS = 20.0
BROKEN_SHARE = 0.7
PAPER_LEVELS = 8.0
# A row that is a text line's bottom (or top) strokes, not a rule: the strokes of a full
# line of characters in a cell (围绕促进房, 进政务公开) stand as a ridge darker than the
# rows beside it, and the detector's box for the line, taller than its glyphs, does not
# cover the row with its middle. Such a ridge is the page's text ink (dark enough for the
# text's own threshold) along most of the stretch, a faint rule is not (it is looked for
# because it is too faint to be found as ink). Measured on the copier's forced faint and
# shadowed scans (eighth round, part p): 0.66-0.76 of the stretch on text lines' strokes,
# 0.00 on every faint rule found.
TEXT_STROKES_SHARE = 0.5


def faint_row_rules(
    rules: list[Segment],
    gray: np.ndarray,
    text: list[tuple[float, float, float, float]],
    text_ink: np.ndarray,
    px_per_pt: float,
) -> list[Segment]:
    """The rules and, between each two column rules, the faint row rules of which no piece
    was found (see ROW_LEVELS): a faded grid's rows found by the lines between them, not
    by the text. Looked for only in a table with vertical rules (its columns bound where
    to look) and only on pages whose found rules are faint themselves (`FAINT_LEVELS`): a
    dark rule is found whole, and a row without one is a merged cell's. ``text_ink``: the
    page's text ink (`deskew.ink_mask`), which a faint rule is too light to be part of."""
    verticals = [r for r in rules if not r.horizontal]
    if len(verticals) < 2:
        return rules
    along = max(3, round(SMOOTH_PT * px_per_pt)) | 1
    smooth = cv2.blur(gray.astype(np.float32), (along, 1))
    if not _faint_page(rules, smooth, cv2.blur(gray.astype(np.float32), (1, along)), px_per_pt):
        return rules
    rules = [_over_the_cell(rule, rules, text, px_per_pt) for rule in rules]
    verticals = [r for r in rules if not r.horizontal]
    found: list[Segment] = []
    for left, right, top, bottom in _column_stretches(verticals, px_per_pt):
        for y in _row_ridges(smooth, left, right, top, bottom, px_per_pt):
            if (
                _ruled_at(y, left, right, rules, px_per_pt)
                or _through_text(y, left, right, text)
                or _text_strokes(y, left, right, text_ink, px_per_pt)
            ):
                continue
            found.append(Segment(True, float(y), left, right))
    return rules + found


def _over_the_cell(
    rule: Segment,
    rules: list[Segment],
    text: list[tuple[float, float, float, float]],
    px_per_pt: float,
) -> Segment:
    """The rule with an end that stops inside a cell's side carried on to the crossing
    rule beyond it, where the rule already runs along most of that side (from the
    crossing rule before the end) and no text line runs over the rest: a table's rules
    end at crossings, so a faint rule's end short of one is where its ink was lost
    (a column rule ending 35 pt above the table's bottom, a row rule starting 70 pt into
    its cell). A gap over less than half the side is left to the ridge tests: a merged
    cell's side ends at a crossing rule, never halfway along. Text blocks it only through
    its middle rows (`rules._text_across`): the tightest gap between two rows' texts is
    narrower than the detector's boxes."""
    meets = MEETS_PT * px_per_pt
    # a crossing rule faded out a little short of the line still bounds the cell (a
    # column rule ending 13 pt above the page's last rule: that rule's end 14 pt into a
    # 55-pt cell is not along most of it)
    reach = FADED_END_PT * px_per_pt
    crossings = sorted(
        c.at
        for c in rules
        if c.horizontal != rule.horizontal and c.start - reach <= rule.at <= c.end + reach
    )
    start, end = rule.start, rule.end
    # an end at a crossing rule is the table's own (a cell merged across it)
    if not any(abs(at - end) <= meets for at in crossings):
        after = [at for at in crossings if at > end]
        before = [at for at in crossings if at < end]
        if after and before:
            side = after[0] - before[-1]
            if end - max(start, before[-1]) >= 0.5 * side and not _text_across(
                rule.at, end, after[0], rule.horizontal, text
            ):
                end = after[0]
    if not any(abs(at - start) <= meets for at in crossings):
        after = [at for at in crossings if at > start]
        before = [at for at in crossings if at < start]
        if after and before:
            side = after[0] - before[-1]
            if min(end, after[0]) - start >= 0.5 * side and not _text_across(
                rule.at, before[-1], start, rule.horizontal, text
            ):
                start = before[-1]
    if (start, end) == (rule.start, rule.end):
        return rule
    return Segment(rule.horizontal, rule.at, start, end)


def _faint_page(
    rules: list[Segment], smooth_h: np.ndarray, smooth_v: np.ndarray, px_per_pt: float
) -> bool:
    """Most of the page's long rules are faint (their found part at most FAINT_LEVELS
    darker than the paper beside it)."""
    levels = []
    for rule in rules:
        if rule.end - rule.start < 20 * px_per_pt:
            continue
        smooth = smooth_h if rule.horizontal else smooth_v
        own = _ridge(rule.at, rule.start, rule.end, rule.horizontal, smooth, px_per_pt)
        if own is not None:
            levels.append(float(np.median(own)))
    return bool(levels) and float(np.median(levels)) <= FAINT_LEVELS


def _column_stretches(
    verticals: list[Segment], px_per_pt: float
) -> list[tuple[float, float, float, float]]:
    """(left, right, top, bottom) of each stretch between a column rule and the nearest
    one to its right beside it (pixels)."""
    out = []
    for rule in verticals:
        beside = [
            other
            for other in verticals
            if other.at > rule.at + 5 * px_per_pt
            and min(rule.end, other.end) - max(rule.start, other.start) > 10 * px_per_pt
        ]
        if not beside:
            continue
        nearest = min(o.at for o in beside)
        for other in beside:
            if abs(other.at - nearest) > px_per_pt:
                continue
            top, bottom = max(rule.start, other.start), min(rule.end, other.end)
            out.append((rule.at, other.at, top, bottom))
    return sorted(set(out))


def _row_ridges(
    smooth: np.ndarray, left: float, right: float, top: float, bottom: float, px_per_pt: float
) -> list[int]:
    """The rows (pixels) between ``top`` and ``bottom`` that are a faint rule from
    ``left`` to ``right``, the darkest row of each: ROW_LEVELS darker than the rows beside
    them at ROW_SHARE of the way, or (a rule broken more often) BROKEN_LEVELS darker at
    BROKEN_SHARE of the way with paper on both sides (`_row_ridge`)."""
    inset = round(ROW_INSET_PT * px_per_pt)
    near, far = round(ROW_SIDE_PT[0] * px_per_pt), round(ROW_SIDE_PT[1] * px_per_pt)
    x0, x1 = round(left) + inset, round(right) - inset
    y0, y1 = max(0, round(top) - far), min(smooth.shape[0], round(bottom) + far + 1)
    if x1 - x0 < 5 or y1 - y0 < 2 * far + 3:
        return []
    # each row's levels that a share of its pixels are at least as dark as
    shares = (ROW_SHARE * 100, BROKEN_SHARE * 100, 50.0)
    level, broken, middle = np.percentile(smooth[y0:y1, x0:x1], shares, axis=1)
    out: list[int] = []
    for i in range(far + 1, len(level) - far - 1):
        if not round(top) <= y0 + i <= round(bottom) - 1:
            continue
        sides = (slice(i - far, i - near + 1), slice(i + near, i + far + 1))
        if _row_ridge(level, i, sides, near) >= ROW_LEVELS:
            out.append(y0 + i)
            continue
        # paper on both sides: no text line's strokes within ROW_SIDE_PT of the row (the
        # bottom strokes of a full line stand darker than the paper below them, at
        # BROKEN_SHARE of the way too, but have the line's own strokes above them)
        paper = all(middle[side].min() >= level[side].max() - PAPER_LEVELS for side in sides)
        if paper and _row_ridge(broken, i, sides, near) >= BROKEN_LEVELS:
            out.append(y0 + i)
    return out


def _row_ridge(level: np.ndarray, i: int, sides: tuple[slice, slice], near: int) -> float:
    """How much darker row ``i`` is than the brighter rows on either side (0 where a row
    within ``near`` of it is darker still)."""
    if level[i] > level[max(0, i - near) : i + near + 1].min():
        return 0.0
    return float(min(level[sides[0]].max(), level[sides[1]].max()) - level[i])


def _ruled_at(y: float, left: float, right: float, rules: list[Segment], px_per_pt: float) -> bool:
    """A found rule runs along ``y`` over half the stretch or more."""
    covered = sum(
        max(0.0, min(r.end, right) - max(r.start, left))
        for r in rules
        if r.horizontal and abs(r.at - y) <= 2 * px_per_pt
    )
    return covered >= 0.5 * (right - left)


def _text_strokes(
    y: float, left: float, right: float, text_ink: np.ndarray, px_per_pt: float
) -> bool:
    """The row ``y`` (within LINE_PT) is text ink along TEXT_STROKES_SHARE of the stretch
    between two column rules (ROW_INSET_PT in from each): a text line's strokes."""
    reach, inset = max(1, round(LINE_PT * px_per_pt)), round(ROW_INSET_PT * px_per_pt)
    band = text_ink[
        max(0, round(y) - reach) : round(y) + reach + 1, round(left) + inset : round(right) - inset
    ]
    return bool(band.size) and float(band.any(axis=0).mean()) >= TEXT_STROKES_SHARE


def _through_text(
    y: float, left: float, right: float, text: list[tuple[float, float, float, float]]
) -> bool:
    """A text line's middle rows run along ``y`` in the stretch."""
    for x0, top, x1, bottom in text:
        inner = 0.3 * (bottom - top)
        if top + inner < y < bottom - inner and x0 < right and x1 > left:
            return True
    return False
