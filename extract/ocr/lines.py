"""Text lines of a scanned page as the recogniser will see them: one crop per printed
line, whatever the line spacing.

The detector runs on a reduced page (cheap) and, where Word's single line spacing leaves
only a few pixels between two lines of a narrow cell, returns one box over several lines;
the recogniser reads such a crop column by column and interleaves the lines' characters
(县水务局和规、划县局…). So each detected box gets:

1. a second look where it may hold more than one line: the detector again, on that part
   of the page only, at SECOND_LOOK_PX_PER_PT (fine enough to see a gap of a few points);
2. a cut at the gaps of its ink rows, for lines the detector still joins;
3. its own ink band: the rows of its line, and the crop the recogniser gets shows those
   rows only (the edges of the lines above and below, which a box catches, blanked out).

A line found here stays one line up to the table model (`Char.line`).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

import cv2
import numpy as np

from extract.ocr.engine import detect_exact
from extract.ocr.rules import FADED_END_PT, MEETS_PT, Segment, column_side

# Where a box may hold several lines, the detector looks again at this many pixels per
# point (≈216 dpi): two single-spaced lines of 10.5 pt type are ~3 pt apart.
SECOND_LOOK_PX_PER_PT = 3.0
# A box this many times taller than the page's typical box may hold several lines.
TALL_BOX = 1.8
# Gaps inside one line's ink rows (a row of short glyphs) are bridged up to this share of
# the ink height. Single spacing leaves as little as ~0.15 of it between two lines
# (LibreOffice sets AR PL UMing at a pitch of 1.05 em, its ink ~0.9 em).
BRIDGE_PER_INK = 0.08
# A vertical rule through a text line has its ink in this share of the line's rows at
# least (a character's stroke on the rule's x, bridged to it, has far fewer).
RULE_ROWS_IN_TEXT = 0.9
# Two runs of ink rows each shorter than GLYPH_PART of the page's usual line ink and
# together at most GLYPH_WHOLE of it are one character cut at its own gap (导: 巳 over 寸).
GLYPH_PART = 0.8
GLYPH_WHOLE = 1.2
# A rule's stretch whose run of inked rows reaches this share of a line's height into a
# text line is that line's stroke (a rule stands apart from the text by the padding).
STROKE_RUN_PER_LINE = 0.4
# Pieces of a faded rule cover this share of a cell at least (see ``_continued``).
FADED_COVER = 0.65
# A rule's ink runs into the crossing rule it meets: its end lies within this many points
# of the crossing's centre line (half a rule's width and the blur of a scan).
TOUCH_PT = 1.5
# A punctuation mark the detector left outside a line's box lies within this share of the
# line's ink height beyond it (，at a line's start sits in the left half of its em).
MARK_REACH_PER_INK = 0.7
# A run of ink rows this share of a line's at least, alone in a line's slot, is a line of
# one punctuation mark (、 is about a third of a line's ink tall).
LONE_MARK_PER_INK = 0.15
# Blank rows kept above and below a line's ink in its crop, per ink height.
CROP_PAD_PER_INK = 0.25
# The paper of a line's crop: its level at this percentile (see `blank_but_own_rows`).
PAPER_PERCENTILE = 90
# Ink outside every detected box, in a patch at least MISSED_LINE_PART of the page's usual
# line ink high and wide (and at most MISSED_LINE_MAX high), is a line the detector did
# not see: a short centred line of a narrow cell (门，between 县政府有关部 and
# 各乡镇人民政) falls between its neighbours' boxes on the reduced page. Its characters
# are joined across gaps of MISSED_JOIN_PART of the ink height. A stray stroke cut off
# by a box's edge, a 、 or a rule's remnant is lower or narrower than a character.
MISSED_LINE_PART = 0.6
MISSED_LINE_MAX = 1.6
MISSED_JOIN_PART = 0.5
# Ink outside every line, at most LONE_MARK_MAX_PER_INK of a line's ink high and wide (and
# LONE_MARK_PER_INK high at least: a speck is a pixel or two), between a line above and a
# line below over it with a line's room between them, is a punctuation mark printed on a
# line of its own: Word wraps a line-final ，that does not fit a narrow cell onto the next
# line, centred (县政府各部门 / ， / 各乡镇人民政府…); the detector never boxes it.
LONE_MARK_MAX_PER_INK = 0.6
# A detected box cut short of its line's ink grows by at most this share of the page's
# usual line ink (the dot of 门 above, a ，below or after the box).
GROW_PER_INK = 0.4


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def holds(self, segment: Segment) -> bool:
        """A segment lying inside the box's text (a long stroke of a large character)."""
        inner = 0.15 * self.height
        if segment.horizontal:
            return (
                self.x0 - 2 <= segment.start
                and segment.end <= self.x1 + 2
                and self.top + inner < segment.at < self.bottom - inner
            )
        # The detector's box (found on a reduced page) may end a few pixels short of a
        # large character's stroke: 件's upright in a 30 pt red head ran 2 px past it.
        slack = max(2.0, 0.1 * self.height)
        return (
            self.top - slack <= segment.start
            and segment.end <= self.bottom + slack
            and self.x0 < segment.at < self.x1
            and segment.end - segment.start < 1.5 * self.height
        )


def feet_of_line(segment: Segment, boxes: list[Box], others: list[Segment]) -> bool:
    """A lone horizontal bar well inside a text line: the bottom strokes of a run of
    characters (企业 blurred into one bar). A rule reaches past the text to the cell's
    sides, or has other pieces on its line (a faded rule through a header row's box)."""
    if not segment.horizontal:
        return False
    inside = any(
        box.top <= segment.at <= box.bottom
        and box.x0 + box.height <= segment.start
        and segment.end <= box.x1 - box.height
        for box in boxes
    )
    if not inside:
        return False
    tolerance = 0.3 * (segment.end - segment.start)
    return not any(
        other is not segment
        and (
            (other.horizontal and abs(other.at - segment.at) <= 3)
            or (
                not other.horizontal
                and other.start - 3 <= segment.at <= other.end + 3
                and min(abs(other.at - segment.start), abs(other.at - segment.end)) <= tolerance
            )
        )
        for other in others
    )


def in_text(segment: Segment, boxes: list[Box]) -> bool:
    """A segment that is strokes of characters, not a rule: inside one text box (a long
    stroke of a large character), or a vertical one running through text boxes from end
    to end (the strokes of 化, 展, 中 in lines set one under another, joined across the
    few pixels between single-spaced lines) without leaving them."""
    if any(box.holds(segment) for box in boxes):
        return True
    if segment.horizontal:
        return False
    spans = sorted(
        (box.top, box.bottom)
        for box in boxes
        if box.x0 + 0.1 * box.height < segment.at < box.x1 - 0.1 * box.height
    )
    reached = segment.start
    for top, bottom in spans:
        if top > reached + 2:
            break
        reached = max(reached, bottom)
    return reached >= segment.end - 2


def cut_at_text(segment: Segment, boxes: list[Box], rule_pixels: np.ndarray) -> list[Segment]:
    """A vertical segment without the stretches where it runs through a text line but
    its ink does not: a rule ending above a full-width heading row and one starting below
    it, bridged through a stroke of the heading's characters (领, 中) as a faint rule's
    gaps are bridged, is two rules. A rule the detector's box merely spans (two cells'
    texts read as one box across it) keeps its ink in every row and is kept whole. A rule
    that starts (or ends) in a line's stroke starts below (ends above) the line."""
    if segment.horizontal:
        return [segment]
    x0, x1 = max(0, round(segment.at) - 2), round(segment.at) + 3
    cuts = []
    start, end = segment.start, segment.end
    for box in boxes:
        margin = 0.3 * box.height
        if not box.x0 + margin < segment.at < box.x1 - margin:
            continue
        column = rule_pixels[round(box.top) : round(box.bottom), x0:x1].any(axis=1)
        if not column.size or column.mean() >= RULE_ROWS_IN_TEXT:
            continue  # the rule's ink runs through the whole line: a rule
        if box.top >= segment.start and box.bottom <= segment.end:
            cuts.append((box.top, box.bottom))
        elif box.top < segment.start < box.bottom <= segment.end:
            # the rule below a heading row, joined upward to a stroke of its characters
            start = max(start, box.bottom)
        elif segment.start <= box.top < segment.end < box.bottom:
            end = min(end, box.top)  # the same above a line
    pieces = [Segment(False, segment.at, start, end)]
    cuts = [(top, bottom) for top, bottom in cuts if top >= start and bottom <= end]
    for top, bottom in sorted(cuts):
        last = pieces.pop()
        pieces += [
            Segment(False, last.at, last.start, top),
            Segment(False, last.at, bottom, last.end),
        ]
    return [p for p in pieces if p.end - p.start > 0]


def without_stroke_ends(
    rules: list[Segment],
    boxes: list[Box],
    ink: np.ndarray,
    px_per_pt: float,
    faint: np.ndarray | None = None,
) -> list[Segment]:
    """Each rule cut back to the crossing rule it runs past where what lies beyond is
    strokes of a text line: a horizontal rule continued into the next cell by the top
    stroke of 开 beside its crossing rule (bridged across the few pixels between), or a
    vertical one by a stroke of the line below. A table's rules end at crossing rules; the
    stretch would be carried on to the next crossing and split a merged cell's text.
    ``ink`` is the page's text ink (a faint rule is not in it); ``faint``, the rules' ink
    (``rules.rule_ink``), tells a faint rule from a stretch with no rule ink at all."""
    meets, reach = MEETS_PT * px_per_pt, FADED_END_PT * px_per_pt
    # the page's usual box, one line (its ink height is no measure on a faded scan: the
    # text's ink breaks up into short runs)
    usual = float(median([b.height for b in boxes])) if boxes else 0.0
    out = []
    for rule in rules:
        crossings = sorted(
            c.at
            for c in rules
            if c.horizontal != rule.horizontal
            and c.start - meets <= rule.at <= c.end + meets
            and rule.start + meets < c.at < rule.end - meets
        )
        start, end = rule.start, rule.end
        if not crossings:
            # a short piece ending at a rule, all of it a line's top stroke (营商环 run on
            # to the cell's side across the last few pixels) is no rule at all
            # A header cell's side, its text touching it, is one: from one row rule
            # to the next (cut at a line's box, so within MEETS_PT of them) on the
            # line of a column rule below.
            if not (
                rule.end - rule.start <= 2 * reach
                and _stroke_stretch(rule, rule.start, rule.end, boxes, ink, px_per_pt, usual)
            ) or column_side(rule, rules, px_per_pt, MEETS_PT):
                out.append(rule)
            continue
        first, last = crossings[0], crossings[-1]
        # An end stretch whose ink stops short of any crossing rule lies inside one cell,
        # however wide (场平's strokes bridged 31 pt of a 37-pt section column); one whose
        # ink runs into a crossing rule is the table's.
        # A free end with more of the rule beyond it on its line is a gap a copier made
        # in a faded rule, not the end of a stroke (a header row's faded rules, their
        # text close above and below).
        touch = TOUCH_PT * px_per_pt
        if (
            not _meets_crossing(rule, start, rules, touch)
            and not _continued(rule, start, -1, rules, px_per_pt, first - start)
            and _stroke_stretch(rule, start, first, boxes, ink, px_per_pt, usual, start, faint)
        ):
            start = first
        if (
            not _meets_crossing(rule, end, rules, touch)
            and not _continued(rule, end, 1, rules, px_per_pt, end - last)
            and _stroke_stretch(rule, last, end, boxes, ink, px_per_pt, usual, end, faint)
        ):
            end = last
        out.append(Segment(rule.horizontal, rule.at, start, end))
    return out


def without_runs_into_text(
    rules: list[Segment],
    boxes: list[Box],
    ink: np.ndarray,
    rule_pixels: np.ndarray,
    px_per_pt: float,
) -> list[Segment]:
    """Each horizontal rule without an end that runs on into a text line beyond it
    through the line's strokes: short runs of ink on a rule's line (a faint rule's
    pieces) are joined to it across gaps of up to MAX_GAP_PT, and so are the top strokes
    of 县政府有关部 starting a few points past the end of the rule above the cell beside
    (its rows' rules of a table ruled horizontally only end there, with no crossing rule
    to cut them back to). Such a rule's ends are column sides for a table without
    vertical rules, and one reaching 66 pt into the next column split it in two. The
    rule then ends where its own long run of ink (``rule_pixels``) ends before the line.
    ``ink`` is the page's text ink."""
    out = []
    for rule in rules:
        if rule.horizontal:
            for side in (1, -1):
                rule = _end_before_text(rule, boxes, ink, rule_pixels, px_per_pt, side)
        out.append(rule)
    return out


def _end_before_text(
    rule: Segment,
    boxes: list[Box],
    ink: np.ndarray,
    rule_pixels: np.ndarray,
    px_per_pt: float,
    side: int,
) -> Segment:
    """``rule`` cut back from its end (``side`` 1) or start (-1) out of the text line it
    runs into, if it does."""
    for box in boxes:
        if not box.top < rule.at < box.bottom:
            continue
        if side > 0 and not (rule.start < box.x0 < rule.end <= box.x1 + 0.5 * box.height):
            continue
        if side < 0 and not (box.x0 - 0.5 * box.height <= rule.start < box.x1 < rule.end):
            continue
        lo, hi = (box.x0, rule.end) if side > 0 else (rule.start, box.x1)
        band = rule_pixels[max(0, round(rule.at) - 2) : round(rule.at) + 3]
        # a rule's own ink runs on in one long run (a rule touched by a blurred line is
        # still one); what was joined to it from short runs is not in ``rule_pixels``
        stretch = band[:, round(lo) : round(hi)]
        if not stretch.size or stretch.any(axis=0).mean() >= 0.1:
            continue
        if not _stroke_stretch(rule, lo, hi, [box], ink, px_per_pt):
            continue
        if side > 0:
            columns = np.nonzero(band[:, round(rule.start) : round(box.x0)].any(axis=0))[0]
            end = rule.start + float(columns[-1] + 1) if len(columns) else box.x0
            return Segment(True, rule.at, rule.start, min(end, box.x0))
        columns = np.nonzero(band[:, round(box.x1) : round(rule.end)].any(axis=0))[0]
        start = box.x1 + float(columns[0]) if len(columns) else box.x1
        return Segment(True, rule.at, max(start, box.x1), rule.end)
    return rule


def _continued(
    rule: Segment, at: float, step: int, rules: list[Segment], px_per_pt: float, stretch: float
) -> bool:
    """Another piece on ``rule``'s line beyond its end ``at`` (``step`` -1: before it, 1:
    after it), before the next crossing rule there, the two together along most of that
    cell (FADED_COVER): the rest of a faded rule, whose gaps are short. Stubs from both
    sides of a cell leaving its middle open are strokes seen from both sides (the feet of
    管局按职责分工 joined to the row's rules on both sides of a unit cell: 0.57 of it;
    a faded header row's bottom rule: 0.73, its top rule 0.93)."""
    crossing = [
        c.at
        for c in rules
        if c.horizontal != rule.horizontal
        and c.start <= rule.at <= c.end
        and (c.at - at) * step > 0
    ]
    limit = min(crossing, key=lambda x: abs(x - at)) if crossing else None
    for other in rules:
        if other is rule or other.horizontal != rule.horizontal:
            continue
        if abs(other.at - rule.at) > 1.0 * px_per_pt:
            continue
        near_end = other.end if step < 0 else other.start
        if (near_end - at) * step >= 0 and (limit is None or (limit - near_end) * step > 0):
            far_end = other.start if step < 0 else other.end
            inside = abs((far_end if limit is None else limit) - near_end)
            if limit is not None:
                inside = min(inside, abs(far_end - near_end))
            cell = stretch if limit is None else abs(limit - at) + stretch
            if inside + stretch >= FADED_COVER * cell:
                return True
    return False


def _no_rule_ink(rule: Segment, lo: float, hi: float, faint: np.ndarray | None) -> bool:
    """The rule's own line, from ``lo`` to ``hi``, holds rule ink along less than half of
    it: what was joined into the rule there is something else (a stroke beside the line).
    Unknown (no ``faint``): it may be a faint rule's."""
    if faint is None or not rule.horizontal:
        return False
    at = round(rule.at)
    window = faint[max(0, at - 1) : at + 2, round(lo) : round(hi)]
    return bool(window.size) and float((window > 0).any(axis=0).mean()) < 0.5


def _meets_crossing(rule: Segment, at: float, rules: list[Segment], meets: float) -> bool:
    """A crossing rule stands at ``at`` along ``rule``'s line."""
    return any(
        c.horizontal != rule.horizontal
        and abs(c.at - at) <= meets
        and c.start - meets <= rule.at <= c.end + meets
        for c in rules
    )


def _stroke_stretch(
    rule: Segment,
    start: float,
    end: float,
    boxes: list[Box],
    ink: np.ndarray,
    px_per_pt: float,
    usual: float = 0.0,
    free_end: float | None = None,
    faint: np.ndarray | None = None,
) -> bool:
    """A text line's box lies along half the stretch at least (or holds its free end), and
    the rule's ink there
    is part of the line's own: the run of inked rows (columns, for a vertical rule) that
    holds the rule's line reaches well into the line, where a rule stands apart from the
    text beside it by the cell's padding. A box may hold several lines (a narrow cell's
    one-character lines, 以/政/务…, detected as one tall box): "well into the line" is
    then measured on one line, ``usual`` (the page's usual box height), not on the box."""
    for box in boxes:
        across = (box.top, box.bottom) if rule.horizontal else (box.x0, box.x1)
        along = (box.x0, box.x1) if rule.horizontal else (box.top, box.bottom)
        if not across[0] < rule.at < across[1]:
            continue
        lo, hi = max(start, along[0]), min(end, along[1])
        # along half the stretch, or holding its end: a stroke bridged across the padding
        # to the crossing rule (社 12 pt from its cell's side) leaves the box early
        holds_end = free_end is not None and along[0] <= free_end <= along[1]
        if hi - lo < 0.5 * (end - start) and not holds_end:
            continue
        # not the crossing rule's own ink, nor a rule met at the far end
        lo, hi = lo + 1.5 * px_per_pt, hi - 1.5 * px_per_pt
        if hi <= lo:
            continue
        a0, a1 = round(across[0]), round(across[1])
        window = (
            ink[a0:a1, round(lo) : round(hi)]
            if rule.horizontal
            else ink[round(lo) : round(hi), a0:a1].T
        )
        inked: list[bool] = [bool(v) for v in np.asarray(window.any(axis=1))]
        at = round(rule.at) - a0
        # Where the rule's own line has no ink along the box, what was joined into it
        # there lies up to a point off it (pieces that close are joined into one rule):
        # 社's foot half a point above the row's rule.
        rows = [i for i in range(at - 1, at + 2) if 0 <= i < len(inked) and inked[i]]
        if not rows and _no_rule_ink(rule, lo, hi, faint):
            near = max(1, round(px_per_pt))
            rows = [i for i in range(at - near, at + near + 1) if 0 <= i < len(inked) and inked[i]]
        if not rows:
            continue
        first = last = min(rows, key=lambda i: abs(i - at))
        while first > 0 and inked[first - 1]:
            first -= 1
        while last + 1 < len(inked) and inked[last + 1]:
            last += 1
        # a box of one line is measured whole, as it always was (a one-line header row's
        # rules lie close to its text); one of several lines, as the page's usual box
        tall = rule.horizontal and usual > 0 and a1 - a0 > TALL_BOX * usual
        line = usual if tall else a1 - a0
        if last + 1 - first >= STROKE_RUN_PER_LINE * line:
            return True
    return False


@dataclass(frozen=True)
class TextLine:
    """One printed line: the box the recogniser reads and the rows of its own ink."""

    box: Box
    top: float  # first and last ink row + 1 (pixels)
    bottom: float

    @property
    def ink_height(self) -> float:
        return self.bottom - self.top


def box_of(quad: np.ndarray, shape: tuple[int, ...]) -> Box:
    xs, ys = quad[:, 0], quad[:, 1]
    return Box(
        max(0.0, float(xs.min())),
        max(0.0, float(ys.min())),
        min(float(shape[1]), float(xs.max())),
        min(float(shape[0]), float(ys.max())),
    )


def text_lines(
    image: np.ndarray, ink: np.ndarray, boxes: list[Box], px_per_pt: float, threads: int
) -> list[TextLine]:
    """Every printed line in the detected ``boxes`` of ``image`` (rules erased; ``ink``
    its ink mask), and those whose ink none of them holds, top to bottom."""
    typical = median([b.height for b in boxes]) if boxes else 0.0
    glyph = typical_ink_height(ink, boxes)
    line_ink = line_ink_height(ink, boxes)
    lines = _lines_in(image, ink, boxes, typical, glyph, line_ink, px_per_pt, threads)
    missed = missed_lines(image, ink, lines, px_per_pt, threads)
    lines += _lines_in(image, ink, missed, typical, glyph, line_ink, px_per_pt, threads)
    lines += lone_marks(ink, lines)
    return _distinct(sorted(lines, key=lambda line: (line.top, line.box.x0)))


def _ink_outside(ink: np.ndarray, lines: list[TextLine]) -> np.ndarray:
    left = ink.copy()
    for line in lines:
        left[round(line.top) : round(line.bottom), round(line.box.x0) : round(line.box.x1)] = 0
    return left


def lone_marks(ink: np.ndarray, lines: list[TextLine]) -> list[TextLine]:
    """A line for each punctuation mark printed alone between two lines of one column
    (see LONE_MARK_MAX_PER_INK): the line the mark stands on, a line's ink high, midway
    between the lines above and below as the cell's lines are evenly spaced, a line's
    height wide on each side of the mark (at the scale of a line: cropped to its own
    ink the recogniser sees a blot)."""
    if not lines:
        return []
    glyph = median([line.ink_height for line in lines])
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(
        _ink_outside(ink, lines), connectivity=8
    )
    out: list[TextLine] = []
    for x, y, w, h, _area in stats[1:count]:
        if not LONE_MARK_PER_INK * glyph <= h <= LONE_MARK_MAX_PER_INK * glyph:
            continue
        if w > LONE_MARK_MAX_PER_INK * glyph:
            continue
        centre = x + w / 2
        over = [line for line in lines if line.box.x0 <= centre <= line.box.x1]
        above = [line for line in over if line.bottom <= y]
        below = [line for line in over if line.top >= y + h]
        if not above or not below:
            continue
        room_top = max(line.bottom for line in above)
        room_bottom = min(line.top for line in below)
        if room_bottom - room_top < glyph:
            continue  # two lines of a cell a line's gap apart: a speck between them
        top = room_top + (room_bottom - room_top - glyph) / 2
        box = Box(centre - glyph, room_top, centre + glyph, room_bottom)
        out.append(TextLine(box, top, top + glyph))
    return out


def _lines_in(
    image: np.ndarray,
    ink: np.ndarray,
    boxes: list[Box],
    typical: float,
    glyph: float,
    line_ink: float,
    px_per_pt: float,
    threads: int,
) -> list[TextLine]:
    lines: list[TextLine] = []
    for box in boxes:
        box = grown_to_ink(ink, box, line_ink)
        parts = [box]
        if _may_hold_lines(ink, box, typical):
            parts = _second_look(image, box, px_per_pt, threads) or [box]
        for part in parts:
            lines.extend(with_marks_beside(ink, line) for line in own_lines(ink, part, glyph))
    return lines


def missed_lines(
    image: np.ndarray, ink: np.ndarray, lines: list[TextLine], px_per_pt: float, threads: int
) -> list[Box]:
    """Boxes of the printed lines whose ink lies outside every line found: a second look
    at each patch of such ink as tall and wide as a character (see MISSED_LINE_PART)."""
    if not lines:
        return []
    glyph = median([line.ink_height for line in lines])
    left = _ink_outside(ink, lines)
    join = max(1, round(MISSED_JOIN_PART * glyph))
    joined = cv2.dilate(left, np.ones((1, join), np.uint8))
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(joined, connectivity=8)
    found: list[Box] = []
    for x, y, w, h, _area in stats[1:count]:
        if not MISSED_LINE_PART * glyph <= h <= MISSED_LINE_MAX * glyph:
            continue
        if w - (join - 1) < MISSED_LINE_PART * glyph:
            continue
        patch = Box(float(x), float(y), float(x + w), float(y + h))
        # The detector sees a lone short line only with its surroundings (a line's
        # height of them; a third, as a tall box gets, finds nothing), and boxes it
        # tightly: the box is widened to the patch, whose ink is the line's (the top of
        # 门 and a line-final ，fell outside the detector's box).
        pad = CROP_PAD_PER_INK * glyph
        found.extend(
            Box(
                min(part.x0, patch.x0 - pad),
                min(part.top, patch.top - pad),
                max(part.x1, patch.x1 + pad),
                max(part.bottom, patch.bottom + pad),
            )
            for part in _second_look(image, patch, px_per_pt, threads, around=1.0)
        )
    return found


def line_ink_height(ink: np.ndarray, boxes: list[Box]) -> float:
    """The page's usual height of a whole line's ink (pixels): the median over its boxes
    of each box's tallest run of inked rows (most boxes hold one line)."""
    heights = [max(b - a for a, b in runs) for box in boxes if (runs := _runs(ink, box, 1))]
    return float(median(heights)) if heights else 0.0


def grown_to_ink(ink: np.ndarray, box: Box, glyph: float) -> Box:
    """A box the detector drew tighter than its line (a short line of a narrow cell,
    boxed on the reduced page), grown to the line's ink: up or down where the line's own
    ink (the box's tallest run of inked rows) runs past the box's edge, left or right
    where a character's strokes do, and right over a mark low on the line just past its
    end (a line-final ，、。), each by at most GROW_PER_INK of the page's line ink
    ``glyph``. A run cut by the edge of a box that is not its tallest is a neighbouring
    line's edge (see ``own_lines``) and grows nothing."""
    runs = _runs(ink, box, 1)
    if glyph <= 0 or not runs:
        return box
    height = round(box.bottom) - round(box.top)
    first, last = max(runs, key=lambda run: run[1] - run[0])
    reach = round(GROW_PER_INK * glyph)
    x0, x1 = round(box.x0), round(box.x1)
    top, bottom = round(box.top), round(box.bottom)
    if first <= 1:
        while top > 0 and round(box.top) - top < reach and ink[top - 1, x0:x1].any():
            top -= 1
    if last >= height - 1:
        while (
            bottom < ink.shape[0]
            and bottom - round(box.bottom) < reach
            and ink[bottom, x0:x1].any()
        ):
            bottom += 1
    line_top = round(box.top) + first if first > 1 else top
    line_bottom = round(box.top) + last if last < height - 1 else bottom
    # the last character's own strokes cut by the box's side (门's right stroke)
    rows = ink[line_top:line_bottom]
    while x1 < ink.shape[1] and x1 - round(box.x1) < reach and rows[:, x1].any():
        x1 += 1
    while x0 > 0 and round(box.x0) - x0 < reach and rows[:, x0 - 1].any():
        x0 -= 1
    # an edge not grown stays where the detector put it (the crop of a line read well
    # is not shifted by rounding: a faint 、 is read or not by a pixel)
    grown = Box(
        float(x0) if x0 != round(box.x0) else box.x0,
        float(top) if top != round(box.top) else box.top,
        float(x1) if x1 != round(box.x1) else box.x1,
        float(bottom) if bottom != round(box.bottom) else box.bottom,
    )
    return _with_end_mark(ink, grown, line_top, line_bottom, glyph)


def _with_end_mark(ink: np.ndarray, box: Box, line_top: int, line_bottom: int, glyph: float) -> Box:
    """The box carried right (and down) over a punctuation mark just past its end: ink in
    the line's rows starting within half a line's ink height of the box, no wider than
    that, in their lower half, with paper after it; its tail may hang below the line."""
    start = round(box.x1)
    end = min(ink.shape[1], start + round(0.6 * glyph))
    window = ink[line_top:line_bottom, start:end]
    columns = np.nonzero(window.any(axis=0))[0]
    if not len(columns) or columns[0] > 0.5 * glyph:
        return box
    rows = np.nonzero(window.any(axis=1))[0]
    mark_left, mark_right = int(columns[0]), int(columns[-1]) + 1
    if rows[0] < (line_bottom - line_top) / 2 or mark_right - mark_left > 0.5 * glyph:
        return box
    if mark_right >= window.shape[1] or window[:, mark_right:].any():
        return box
    bottom = line_bottom
    limit = min(ink.shape[0], line_bottom + round(GROW_PER_INK * glyph))
    while bottom < limit and ink[bottom, start + mark_left : start + mark_right].any():
        bottom += 1
    return Box(box.x0, box.top, float(start + mark_right + 1), max(box.bottom, float(bottom + 1)))


def with_marks_beside(ink: np.ndarray, line: TextLine) -> TextLine:
    """The line's box widened over a small mark just outside it: the detector, working
    on a reduced page, leaves out a punctuation mark at either end of a line (a line
    starting with ，or 、 where the typesetter did not move it up: ，公开实施过程 was read
    公开实施过程). Ink within MARK_REACH_PER_INK of the line's height beyond the box, with
    paper beyond it, is taken in; ink running on to the end of that reach is something
    else (the next cell's text) and is left out."""
    height = line.ink_height
    reach, margin = round(MARK_REACH_PER_INK * height), max(1, round(0.1 * height))
    top, bottom = round(line.top), round(line.bottom)
    box = line.box
    x0, x1 = round(box.x0), round(box.x1)
    left: np.ndarray = np.asarray(ink[top:bottom, max(0, x0 - reach) : x0].any(axis=0))
    if left.size == reach and left.any() and not left[0]:
        first = int(np.argmax(left))
        box = Box(float(max(0, x0 - reach + first - margin)), box.top, box.x1, box.bottom)
    right: np.ndarray = np.asarray(ink[top:bottom, x1 : x1 + reach].any(axis=0))
    if right.size == reach and right.any() and not right[-1]:
        last = reach - 1 - int(np.argmax(right[::-1]))
        box = Box(box.x0, box.top, float(min(ink.shape[1], x1 + last + 1 + margin)), box.bottom)
    return line if box == line.box else TextLine(box, line.top, line.bottom)


def _may_hold_lines(ink: np.ndarray, box: Box, typical: float) -> bool:
    """Two separate bands of ink each at least a quarter of the box high, or a box much
    taller than the page's typical one (lines that blur into each other)."""
    tall_runs = [r for r in _runs(ink, box, 1) if r[1] - r[0] >= 0.25 * box.height]
    return len(tall_runs) >= 2 or box.height > TALL_BOX * typical


def _second_look(
    image: np.ndarray, box: Box, px_per_pt: float, threads: int, around: float = 0.3
) -> list[Box]:
    """The detector's boxes in and around ``box`` (``around`` its height on every side)
    at SECOND_LOOK_PX_PER_PT, those whose centre lies in ``box`` (pixels of the page)."""
    margin = round(around * box.height)
    x0, top = max(0, round(box.x0) - margin), max(0, round(box.top) - margin)
    x1 = min(image.shape[1], round(box.x1) + margin)
    bottom = min(image.shape[0], round(box.bottom) + margin)
    crop = image[top:bottom, x0:x1]
    if crop.size == 0:
        return []
    quads = detect_exact(crop, threads, SECOND_LOOK_PX_PER_PT / px_per_pt)
    found = []
    for quad in quads:
        part = box_of(quad + np.array([x0, top], dtype=np.float32), image.shape)
        centre_x, centre_y = (part.x0 + part.x1) / 2, (part.top + part.bottom) / 2
        if box.x0 <= centre_x <= box.x1 and box.top <= centre_y <= box.bottom:
            found.append(part)
    return found


def typical_ink_height(ink: np.ndarray, boxes: list[Box]) -> float:
    """The page's usual height of a line's ink (pixels): the median run of inked rows over
    its boxes, most of which hold one line."""
    heights = [b - a for box in boxes for a, b in _runs(ink, box, 1)]
    return float(median(heights)) if heights else 0.0


def own_lines(ink: np.ndarray, box: Box, glyph: float = 0.0) -> list[TextLine]:
    """The printed lines inside one box, each with its ink rows and a box cut to them.

    Runs of inked rows (gaps inside a line bridged) at least half as tall as the tallest
    are lines; a run cut by the box's top or bottom edge and shorter than the tallest is
    the edge of a neighbouring line, which has a box of its own. ``glyph``, the page's
    usual ink height, rejoins a character cut at its own gap (see ``_whole_glyphs``)."""
    fine = _runs(ink, box, 1)
    if not fine:
        return [TextLine(box, box.top, box.bottom)]
    tallest_fine = max(b - a for a, b in fine)
    runs = _runs(ink, box, max(1, round(BRIDGE_PER_INK * tallest_fine)))
    runs = _whole_glyphs(runs, glyph)
    tallest = max(b - a for a, b in runs)
    last = round(box.bottom) - round(box.top)
    kept = [
        (a, b)
        for a, b in runs
        if b - a >= 0.5 * tallest and not ((a == 0 or b >= last) and b - a < 0.8 * tallest)
    ]
    if not kept:
        kept = [max(runs, key=lambda r: r[1] - r[0])]
    kept = _with_lone_marks(runs, kept, tallest, last)
    out = []
    for a, b in kept:
        top, bottom = box.top + a, box.top + b
        if len(kept) == 1:
            out.append(TextLine(box, top, bottom))
            continue
        pad = CROP_PAD_PER_INK * (b - a)
        part = Box(box.x0, max(box.top, top - pad), box.x1, min(box.bottom, bottom + pad))
        out.append(TextLine(_ink_width(ink, part, top, bottom), top, bottom))
    return out


def _with_lone_marks(
    runs: list[tuple[int, int]], kept: list[tuple[int, int]], tallest: int, last: int
) -> list[tuple[int, int]]:
    """The kept lines and each short run standing alone in a line's slot: a narrow
    cell of one character a line prints 、 or ，as a line of its own (推/进/减/税/、/降/费/、),
    its ink a third of a line tall. A speck or the edge of a stroke between two lines has
    no such room: the lines on either side of a mark stand a whole line apart."""
    out = list(kept)
    for a, b in runs:
        if (a, b) in kept or a == 0 or b >= last or b - a < LONE_MARK_PER_INK * tallest:
            continue
        # with no line on one side, the box's edge bounds the slot (a second look's box
        # may end just under the mark)
        above = max((k[1] for k in kept if k[1] <= a), default=0)
        below = min((k[0] for k in kept if k[0] >= b), default=last)
        if below - above >= tallest:
            # read in a line's height around it, at the scale of a line: cropped to its
            # own ink the recogniser sees a blot (、 read as 1)
            top = max(above + 1, (a + b - tallest) // 2)
            out.append((top, min(below - 1, top + tallest)))
    return sorted(out)


def _whole_glyphs(runs: list[tuple[int, int]], glyph: float) -> list[tuple[int, int]]:
    """Adjacent runs that are the two halves of one character (导 as 巳 over 寸, a line of
    one centred character; blurred, the gap between its halves is wider than a line's
    bridge), joined: each shorter than a line's ink and together no taller than one.
    Two single-spaced lines together are about twice as tall, and stay two."""
    if glyph <= 0:
        return runs
    out: list[tuple[int, int]] = []
    for run in runs:
        if out:
            a, b = out[-1]
            short = b - a < GLYPH_PART * glyph and run[1] - run[0] < GLYPH_PART * glyph
            if short and run[1] - a <= GLYPH_WHOLE * glyph:
                out[-1] = (a, run[1])
                continue
        out.append(run)
    return out


def _ink_width(ink: np.ndarray, box: Box, top: float, bottom: float) -> Box:
    """The box narrowed to the ink of rows ``top``…``bottom`` (a short centred line of a
    box cut in several), with a margin of half the ink height."""
    window = ink[round(top) : round(bottom), round(box.x0) : round(box.x1)]
    columns = np.nonzero(window.any(axis=0))[0]
    if len(columns) == 0:
        return box
    margin = 0.5 * (bottom - top)
    return Box(
        max(box.x0, box.x0 + columns[0] - margin),
        box.top,
        min(box.x1, box.x0 + columns[-1] + 1 + margin),
        box.bottom,
    )


def _runs(ink: np.ndarray, box: Box, bridge: int) -> list[tuple[int, int]]:
    """(first row, last row + 1) of each run of inked rows inside a box, gaps of up to
    ``bridge`` rows joined; rows relative to the box top."""
    window = ink[round(box.top) : round(box.bottom), round(box.x0) : round(box.x1)]
    profile = window.sum(axis=1, dtype=np.int64) // 255
    rows = np.nonzero(profile >= max(1, 0.02 * profile.max(initial=0)))[0]
    if len(rows) == 0:
        return []
    runs: list[tuple[int, int]] = []
    start = previous = int(rows[0])
    for row in rows[1:]:
        if row - previous > bridge:
            runs.append((start, previous + 1))
            start = int(row)
        previous = int(row)
    runs.append((start, previous + 1))
    return runs


def _distinct(lines: list[TextLine]) -> list[TextLine]:
    """One line per printed line: a line found twice (by two overlapping boxes, or by a
    box and a second look) is kept once, with the wider box."""
    kept: list[TextLine] = []
    for line in sorted(lines, key=lambda item: -item.box.width):
        if not any(_same(line, other) for other in kept):
            kept.append(line)
    return sorted(kept, key=lambda item: (item.top, item.box.x0))


def _same(a: TextLine, b: TextLine) -> bool:
    """Two findings of one printed line: their ink rows agree, or one's lie within the
    other's (a box holding only the lower part of a line keeps that part as a line: 力稳
    read twice in 以政务公开助力稳增长)."""
    tolerance = 0.3 * max(a.ink_height, b.ink_height)
    slack = 0.15 * max(a.ink_height, b.ink_height)
    inner, outer = (a, b) if a.ink_height <= b.ink_height else (b, a)
    within = inner.top >= outer.top - slack and inner.bottom <= outer.bottom + slack
    if not within and (abs(a.top - b.top) > tolerance or abs(a.bottom - b.bottom) > tolerance):
        return False
    overlap = min(a.box.x1, b.box.x1) - max(a.box.x0, b.box.x0)
    return overlap > 0.5 * min(a.box.width, b.box.width)


def line_crop(image: np.ndarray, line: TextLine) -> np.ndarray:
    """The recogniser's crop of a line: its box, from a little above to a little below
    its ink, with any other ink in those margin rows blanked (neighbouring lines)."""
    pad = CROP_PAD_PER_INK * line.ink_height
    top = max(round(line.box.top), round(line.top - pad))
    bottom = min(round(line.box.bottom), round(line.bottom + pad))
    top, bottom = min(top, round(line.top)), max(bottom, round(line.bottom))
    crop = image[top:bottom, round(line.box.x0) : round(line.box.x1)].copy()
    return blank_but_own_rows(crop, round(line.top) - top, round(line.bottom) - top)


def blank_but_own_rows(crop: np.ndarray, first: int, last: int) -> np.ndarray:
    """The crop with its rows above ``first`` - 1 and below ``last`` + 1 (the edges of the
    lines above and below) painted the crop's paper: its level at PAPER_PERCENTILE (ink,
    and the specks of a bad copy, are darker; paper is the bright level most of a crop
    shows). White there, on grey paper (a toned copy, uneven lighting), is a band the
    recogniser reads as a stroke: the brackets of （一） under a white band were read
    【 】; on white paper the two differ by a few levels. (The median, tried first, is
    the specks' level in a crop of a bad copy's noise, which the recogniser then read
    as characters with more confidence.)"""
    paper = np.percentile(crop, PAPER_PERCENTILE) if crop.size else 255
    crop[: max(0, first - 1)] = paper
    crop[last + 1 :] = paper
    return crop
