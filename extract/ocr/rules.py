"""Ruling lines of a straightened scan, by morphology: an opening with a long thin
horizontal (vertical) kernel keeps only ink runs longer than any character stroke.

A table drawn with horizontal rules only simply yields no vertical segments. Segments are
returned in pixels; `page.py` maps them to points and merges them like the text layer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import cv2
import numpy as np

# Kernel lengths in points: longer than a stroke of body text (10.5–16 pt characters),
# shorter than the narrowest cell a rule bounds. Larger characters (titles, the red head)
# are told apart by their text boxes in `page.py`.
H_KERNEL_PT = 24.0
V_KERNEL_PT = 14.0
MAX_THICKNESS_PT = 3.0  # a rule is thin; a filled bar or a bold stroke cluster is not
# A copier breaks faint rules (low toner, dust on the glass): pieces of one rule this far
# apart (horizontal, vertical; points) are joined. Narrower than any column (a horizontal
# rule is missing under a cell merged down) and lower than any row (a vertical one beside
# a full-width heading of one single-spaced line, ~14 pt) that a missing rule leaves open.
MAX_GAP_PT = (16.0, 10.0)
# Rules are looked for in pixels this much darker than the paper around them (a window
# of RULE_WINDOW_PT): a faded grey rule is still one, under a binding-edge shadow too.
RULE_CONTRAST = 18
# Pieces of a broken rule are runs at least this long (points) on the line of a rule.
PIECE_PT = 5.0
RULE_WINDOW_PT = 12.0


# A gap in a rule is the table's (a merged cell) when a crossing rule meets the line in it
# or within this many points of its ends; any other gap is where a copier lost the rule.
MEETS_PT = 6.0
# A rule ending this close (points) before a crossing rule is carried on to it.
FADED_END_PT = 25.0
# A rule has paper beside it; the gap between two single-spaced text lines has text ink
# from TEXT_NEAR_PT to TEXT_FAR_PT above and below it over at least this share of its
# length (measured: 0.40/0.42 on such a gap, at most 0.10 on rules beside text).
TEXT_NEAR_PT = 1.0
TEXT_FAR_PT = 2.5
TEXT_SIDE_SHARE = 0.25
# A rule's ink covers this share of a row along it at least (a band between two text
# lines, under their characters only, about 0.45).
SOLID_SHARE = 0.9


@dataclass(frozen=True)
class Segment:
    """A horizontal (x0..x1 at y) or vertical (y0..y1 at x) rule, in pixels."""

    horizontal: bool
    at: float
    start: float
    end: float


def rule_masks(
    ink: np.ndarray, px_per_pt: float, kernels_pt: tuple[float, float] = (H_KERNEL_PT, V_KERNEL_PT)
) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) masks of the ink that belongs to ruling lines: runs at least
    ``kernels_pt`` (horizontal, vertical) long."""
    h_len = max(15, round(kernels_pt[0] * px_per_pt))
    v_len = max(15, round(kernels_pt[1] * px_per_pt))
    # Close small breaks first (a scanned rule fades in places), then keep long runs.
    bridge = max(3, round(1.5 * px_per_pt))
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1))
    )
    horizontal = cv2.morphologyEx(
        horizontal, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1))
    )
    vertical = cv2.morphologyEx(
        ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge))
    )
    vertical = cv2.morphologyEx(
        vertical, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len))
    )
    return horizontal, vertical


def segments(mask: np.ndarray, horizontal: bool, px_per_pt: float) -> list[Segment]:
    """One segment per connected run of rule ink that is thin enough to be a rule."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    max_thick = MAX_THICKNESS_PT * px_per_pt
    x, y, w, h = (stats[1:count, i] for i in range(4))
    # a skew residue makes a long rule thicker (filtered on whole arrays: a page's piece
    # masks hold thousands of runs, each character's strokes)
    if horizontal:
        keep = np.flatnonzero(~(h > max_thick + np.abs(w) * 0.02))
        return [Segment(True, y[i] + h[i] / 2, float(x[i]), float(x[i] + w[i])) for i in keep]
    keep = np.flatnonzero(~(w > max_thick + np.abs(h) * 0.02))
    return [Segment(False, x[i] + w[i] / 2, float(y[i]), float(y[i] + h[i])) for i in keep]


def rule_ink(gray: np.ndarray, px_per_pt: float) -> np.ndarray:
    """Pixels darker than the paper around them: the ink of faint rules too, which a
    page-wide threshold (made for text) leaves out."""
    window = max(3, round(RULE_WINDOW_PT * px_per_pt)) | 1
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, window, RULE_CONTRAST
    )


def joined(found: list[Segment], px_per_pt: float) -> list[Segment]:
    """Pieces of one broken rule (same line, gaps up to MAX_GAP_PT) as one segment."""
    tolerance = 1.0 * px_per_pt
    out: list[Segment] = []
    for horizontal in (True, False):
        gap = MAX_GAP_PT[0 if horizontal else 1] * px_per_pt
        pieces = sorted((s for s in found if s.horizontal == horizontal), key=lambda s: s.at)
        lines: list[list[Segment]] = []
        for piece in pieces:
            if lines and abs(piece.at - lines[-1][-1].at) <= tolerance:
                lines[-1].append(piece)
            else:
                lines.append([piece])
        for line in lines:
            line.sort(key=lambda s: s.start)
            current = line[0]
            for piece in line[1:]:
                if piece.start - current.end <= gap:
                    at = (
                        current.at * (current.end - current.start)
                        + piece.at * (piece.end - piece.start)
                    ) / (current.end - current.start + piece.end - piece.start)
                    current = Segment(horizontal, at, current.start, max(current.end, piece.end))
                else:
                    out.append(current)
                    current = piece
            out.append(current)
    return out


def _on_a_rule(piece: Segment, rules: list[Segment], px_per_pt: float) -> bool:
    """A short run on the line of rules (the same y, or x), between their ends."""
    reach = MAX_GAP_PT[0 if piece.horizontal else 1] * px_per_pt
    collinear = [
        rule
        for rule in rules
        if rule.horizontal == piece.horizontal and abs(rule.at - piece.at) <= 1.0 * px_per_pt
    ]
    if not collinear:
        return False
    start = min(rule.start for rule in collinear) - reach
    end = max(rule.end for rule in collinear) + reach
    return piece.start <= end and piece.end >= start


def _spans_a_row(
    piece: Segment, rules: list[Segment], px_per_pt: float, near_pt: float = 1.5
) -> bool:
    """A short vertical run from one horizontal rule to the next (ends within
    ``near_pt``): the side of a cell in a row of one line (a header row ~12 pt high,
    shorter than the kernel that tells rules from strokes, with no rule of its own column
    above or below it to continue)."""
    if piece.horizontal:
        return False
    near = near_pt * px_per_pt
    ends = [
        rule.at
        for rule in rules
        if rule.horizontal and rule.start - near <= piece.at <= rule.end + near
    ]
    return any(abs(at - piece.start) <= near for at in ends) and any(
        abs(at - piece.end) <= near for at in ends
    )


def continuing(pieces: list[Segment], rules: list[Segment], px_per_pt: float) -> list[bool]:
    """For each piece, ``_on_a_rule(piece) or _spans_a_row(piece)``: the same comparisons
    on arrays (a page has thousands of pieces, a python loop over them and the rules was
    a tenth of a scanned page's CPU time)."""
    out = np.zeros(len(pieces), dtype=bool)
    near = 1.5 * px_per_pt
    across = [r for r in rules if r.horizontal]
    for horizontal in (True, False):
        index = [i for i, p in enumerate(pieces) if p.horizontal == horizontal]
        collinear = [r for r in rules if r.horizontal == horizontal]
        if not index:
            continue
        at, start, end = _fields([pieces[i] for i in index])
        kept = np.zeros(len(index), dtype=bool)
        if collinear:
            r_at, r_start, r_end = _fields(collinear)
            reach = MAX_GAP_PT[0 if horizontal else 1] * px_per_pt
            on_line = np.abs(r_at[None, :] - at[:, None]) <= 1.0 * px_per_pt
            first = np.where(on_line, r_start[None, :], np.inf).min(axis=1) - reach
            last = np.where(on_line, r_end[None, :], -np.inf).max(axis=1) + reach
            kept |= on_line.any(axis=1) & (start <= last) & (end >= first)
        if not horizontal and across:
            # _spans_a_row: both ends within ``near`` of a horizontal rule reaching it
            h_at, h_start, h_end = _fields(across)
            reaching = (h_start[None, :] - near <= at[:, None]) & (
                at[:, None] <= h_end[None, :] + near
            )
            top = (reaching & (np.abs(h_at[None, :] - start[:, None]) <= near)).any(axis=1)
            bottom = (reaching & (np.abs(h_at[None, :] - end[:, None]) <= near)).any(axis=1)
            kept |= top & bottom
        out[index] = kept
    return out.tolist()


def _fields(found: list[Segment]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.array([s.at for s in found], dtype=np.float64),
        np.array([s.start for s in found], dtype=np.float64),
        np.array([s.end for s in found], dtype=np.float64),
    )


def column_side(
    piece: Segment, rules: list[Segment], px_per_pt: float, near_pt: float = 1.5
) -> bool:
    """A vertical piece from one horizontal rule to the next (ends within ``near_pt``) on
    the line of a longer column rule: the side of a cell in a one-line row (a header row),
    even where the detector read the texts on both sides as one line across it (a faded
    rule), or where the text touches it (Calc prints a cell's text a point from its
    left side, and a row as tall as its text: the run of ink from the rule reaches into
    the line as a character's stroke does)."""
    if not _spans_a_row(piece, rules, px_per_pt, near_pt):
        return False
    length = piece.end - piece.start
    return any(
        not rule.horizontal
        and abs(rule.at - piece.at) <= 1.0 * px_per_pt
        and rule.end - rule.start >= 3 * length
        for rule in rules
    )


def find_rules(ink: np.ndarray, px_per_pt: float) -> tuple[list[Segment], np.ndarray]:
    """Rule segments of a page's ink mask (``rule_ink``), and the mask of their pixels (to
    erase before recognition: a rule through a text line reads as 一 or 丨)."""
    horizontal, vertical = rule_masks(ink, px_per_pt)
    found = segments(horizontal, True, px_per_pt) + segments(vertical, False, px_per_pt)
    # The pieces of a broken rule between its gaps may be shorter than any kernel that
    # tells a rule from a stroke: shorter runs are taken where they continue a rule.
    pieces_h, pieces_v = rule_masks(ink, px_per_pt, (PIECE_PT, PIECE_PT))
    pieces = segments(pieces_h, True, px_per_pt) + segments(pieces_v, False, px_per_pt)
    # Not chained through other pieces (a faded column rule broken twice in a one-line
    # header row reaches the long rule only through the piece between): chaining read the
    # copier's faded headers but lost a page of a held-out scan (docs/ocr_accuracy.md).
    kept = [p for p, keep in zip(pieces, continuing(pieces, found, px_per_pt), strict=True) if keep]
    found = joined(found + kept, px_per_pt)
    both = cv2.bitwise_or(horizontal, vertical)
    both = cv2.dilate(both, np.ones((3, 3), np.uint8))
    return found, both


def without_text_bars(
    segment: Segment, crossing: list[Segment], ink: np.ndarray, px_per_pt: float
) -> list[Segment]:
    """A horizontal segment without an end stretch that is the gap between two text lines,
    not a rule: blurred, the feet of one single-spaced line and the tops of the next make a
    long dark band (县发改局、县经 over 信局、县财政 in a narrow unit cell), and where it
    touches the row's rule beyond the cell's side the two are found as one rule, which
    then splits the merged cell in two. Such a stretch stops short of the column rule on
    its free end, and has text ink (``ink``: ``rule_ink``) close above and below it over
    much of its length; a rule has paper on at least one side. A stretch from one column
    rule to the next with text ink so close on both sides is such a band too, joining
    the row's rules on both sides of the cell."""
    if not segment.horizontal:
        return [segment]
    meets = MEETS_PT * px_per_pt
    cuts = sorted(
        c.at
        for c in crossing
        if not c.horizontal
        and c.start - meets <= segment.at <= c.end + meets
        and segment.start + meets < c.at < segment.end - meets
    )
    if not cuts:
        return [segment]
    start, end = segment.start, segment.end
    if not _meets_a_rule(start, segment.at, crossing, meets) and _between_lines(
        segment.at, start, cuts[0], ink, px_per_pt
    ):
        start = cuts[0]
    if not _meets_a_rule(end, segment.at, crossing, meets) and _between_lines(
        segment.at, cuts[-1], end, ink, px_per_pt
    ):
        end = cuts[-1]
    # A stretch from one crossing rule to the next may be such a gap too: the row's rules
    # on both sides of a merged unit cell, joined through the band between two of its
    # lines (资局、县煤炭 over 局按职责分工), split the cell in two.
    inner = [x for x in cuts if start < x < end]
    pieces: list[Segment] = []
    piece_start = start
    for x0, x1 in pairwise(inner):
        if _between_lines(segment.at, x0, x1, ink, px_per_pt) and not _solid(
            segment.at, x0, x1, ink, px_per_pt
        ):
            pieces.append(Segment(True, segment.at, piece_start, x0))
            piece_start = x1
    pieces.append(Segment(True, segment.at, piece_start, end))
    return [p for p in pieces if p.end - p.start > 0]


def _solid(y: float, x0: float, x1: float, ink: np.ndarray, px_per_pt: float) -> bool:
    """A row within a point of ``y`` is inked from ``x0`` to ``x1`` (their crossing rules'
    ink left out): a rule, even with text tight above and below it (a one-line header row
    at 150 dpi). The band between two lines is inked under their characters only (at most
    0.45 of its length measured, against 1.0 for a rule)."""
    near, inset = max(1, round(px_per_pt)), round(1.5 * px_per_pt)
    rows = ink[max(0, round(y) - near) : round(y) + near + 1, round(x0) + inset : round(x1) - inset]
    if not rows.size:
        return False
    return bool((rows > 0).mean(axis=1).max() >= SOLID_SHARE)


def _meets_a_rule(x: float, y: float, crossing: list[Segment], meets: float) -> bool:
    return any(
        not c.horizontal and abs(c.at - x) <= meets and c.start - meets <= y <= c.end + meets
        for c in crossing
    )


def _between_lines(y: float, x0: float, x1: float, ink: np.ndarray, px_per_pt: float) -> bool:
    near, far = round(y + TEXT_NEAR_PT * px_per_pt), round(y + TEXT_FAR_PT * px_per_pt)
    above_near, above_far = round(y - TEXT_NEAR_PT * px_per_pt), round(y - TEXT_FAR_PT * px_per_pt)
    columns = slice(max(0, round(x0)), round(x1))
    above = ink[max(0, above_far) : max(0, above_near), columns].any(axis=0)
    below = ink[near:far, columns].any(axis=0)
    if not above.size or not below.size:
        return False
    return bool(min(above.mean(), below.mean()) >= TEXT_SIDE_SHARE)


def join_faded(
    rules: list[Segment], text: list[tuple[float, float, float, float]], px_per_pt: float
) -> list[Segment]:
    """Collinear pieces of a rule joined across gaps of any length where the gap is a
    copier's and not the table's: a table leaves a rule out only from one crossing rule
    to another (a cell merged across it), while toner running low drops a stretch
    anywhere. A gap that a text line (``text``: boxes x0, top, x1, bottom in pixels)
    crosses is the table's (the text of a merged cell)."""
    out: list[Segment] = []
    for horizontal in (True, False):
        crossing = [s for s in rules if s.horizontal != horizontal]
        for line in _collinear([s for s in rules if s.horizontal == horizontal], px_per_pt):
            # Only in a grid: where a table has no crossing rules (ruled horizontally
            # only) a gap cannot be told from a cell merged across it.
            grid = _crossed(line, crossing, px_per_pt) >= 2
            current = line[0]
            for piece in line[1:]:
                if (
                    piece.start <= current.end
                    or grid
                    and not (
                        _table_gap(current, piece, crossing, px_per_pt)
                        or _text_across(current.at, current.end, piece.start, horizontal, text)
                    )
                ):
                    end = max(current.end, piece.end)
                    current = Segment(horizontal, current.at, current.start, end)
                else:
                    out.append(current)
                    current = piece
            out.append(current)
    return _to_crossings(out, text, px_per_pt)


def _to_crossings(
    rules: list[Segment], text: list[tuple[float, float, float, float]], px_per_pt: float
) -> list[Segment]:
    """Each rule's ends carried on to the crossing rule a little beyond them: a table's
    rules end where they meet others, so an end short of one is where a faded rule was
    lost (a header row's rules stopping before the table's side)."""
    reach, meets = FADED_END_PT * px_per_pt, MEETS_PT * px_per_pt
    out = []
    for rule in rules:
        crossings = [
            c.at
            for c in rules
            if c.horizontal != rule.horizontal and c.start - meets <= rule.at <= c.end + meets
        ]
        start, end = rule.start, rule.end
        # an end at a crossing rule is the table's own (a cell merged across it)
        ends_met = [any(abs(at - end_) <= meets for at in crossings) for end_ in (start, end)]
        before = [at for at in crossings if start - reach <= at < start and not ends_met[0]]
        after = [at for at in crossings if end < at <= end + reach and not ends_met[1]]
        if before and not _text_across(rule.at, max(before), start, rule.horizontal, text):
            start = max(before)
        if after and not _text_across(rule.at, end, min(after), rule.horizontal, text):
            end = min(after)
        out.append(Segment(rule.horizontal, rule.at, start, end))
    return out


def _crossed(line: list[Segment], crossing: list[Segment], px_per_pt: float) -> int:
    """How many crossing rules meet the line of ``line``'s pieces within its extent."""
    meets = MEETS_PT * px_per_pt
    at = line[0].at
    start, end = min(s.start for s in line), max(s.end for s in line)
    return sum(
        1
        for c in crossing
        if start - meets <= c.at <= end + meets and c.start - meets <= at <= c.end + meets
    )


def _collinear(pieces: list[Segment], px_per_pt: float) -> list[list[Segment]]:
    """Pieces on one line (their ``at`` within a point), each line sorted along it."""
    lines: list[list[Segment]] = []
    for piece in sorted(pieces, key=lambda s: s.at):
        if lines and abs(piece.at - lines[-1][-1].at) <= 1.0 * px_per_pt:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [sorted(line, key=lambda s: s.start) for line in lines]


def _table_gap(before: Segment, after: Segment, crossing: list[Segment], px_per_pt: float) -> bool:
    """A crossing rule meets the line inside the gap between two pieces, or near both of
    its ends: the table's own gap (a heading row across the columns) runs from rule to
    rule, where a faded stretch may end a little short of them. A gap with a crossing
    rule near one end only is a faded stretch that began at a column's side (a row's
    rule lost from the requirement column's left side to mid-cell on a copier's scan)."""
    meets = MEETS_PT * px_per_pt
    at = [c.at for c in crossing if c.start - meets <= before.at <= c.end + meets]
    start, end = before.end, after.start
    if any(start + meets < x < end - meets for x in at):
        return True
    return any(abs(x - start) <= meets for x in at) and any(abs(x - end) <= meets for x in at)


def _text_across(
    at: float,
    start: float,
    end: float,
    horizontal: bool,
    text: list[tuple[float, float, float, float]],
) -> bool:
    """A text line runs across the line ``at`` between ``start`` and ``end``."""
    for x0, top, x1, bottom in text:
        lo, hi, a, b = (x0, x1, top, bottom) if horizontal else (top, bottom, x0, x1)
        inner = 0.35 * (b - a)  # its middle rows: a rule may touch a line's box
        if a + inner < at < b - inner and lo < end and hi > start:
            return True
    return False
