"""Ruling lines of a straightened scan, by morphology: an opening with a long thin
horizontal (vertical) kernel keeps only ink runs longer than any character stroke.

A table drawn with horizontal rules only simply yields no vertical segments. Segments are
returned in pixels; `page.py` maps them to points and merges them like the text layer's.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    out: list[Segment] = []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if horizontal:
            if h > max_thick + abs(w) * 0.02:  # a skew residue makes a long rule taller
                continue
            out.append(Segment(True, y + h / 2, float(x), float(x + w)))
        else:
            if w > max_thick + abs(h) * 0.02:
                continue
            out.append(Segment(False, x + w / 2, float(y), float(y + h)))
    return out


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


def find_rules(ink: np.ndarray, px_per_pt: float) -> tuple[list[Segment], np.ndarray]:
    """Rule segments of a page's ink mask (``rule_ink``), and the mask of their pixels (to
    erase before recognition: a rule through a text line reads as 一 or 丨)."""
    horizontal, vertical = rule_masks(ink, px_per_pt)
    found = segments(horizontal, True, px_per_pt) + segments(vertical, False, px_per_pt)
    # The pieces of a broken rule between its gaps may be shorter than any kernel that
    # tells a rule from a stroke: shorter runs are taken where they continue a rule.
    pieces_h, pieces_v = rule_masks(ink, px_per_pt, (PIECE_PT, PIECE_PT))
    pieces = segments(pieces_h, True, px_per_pt) + segments(pieces_v, False, px_per_pt)
    found = joined(found + [p for p in pieces if _on_a_rule(p, found, px_per_pt)], px_per_pt)
    both = cv2.bitwise_or(horizontal, vertical)
    both = cv2.dilate(both, np.ones((3, 3), np.uint8))
    return found, both
