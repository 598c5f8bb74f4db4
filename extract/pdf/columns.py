"""Column boundaries of a table, shared by all of its pages.

Boundaries come from vertical rules and from where partial horizontal rules start and end
(a merged cell interrupts the rule below it exactly at a column edge). Tables drawn with
horizontal rules only get the rest from the gaps between header labels.
"""

from __future__ import annotations

from collections.abc import Iterable

from extract.pdf.lines import group_lines
from extract.pdf.page_content import SNAP, Char
from extract.pdf.region import Region

MIN_COLUMN = 8.0


def boundary_candidates(region: Region) -> list[float]:
    xs = [region.x0, region.x1]
    xs.extend(r.x for r in region.vrules)
    for rule in region.hrules:
        xs.extend((rule.x0, rule.x1))
    return xs


def cluster_boundaries(xs: Iterable[float]) -> list[float]:
    """Distinct boundaries: candidates within SNAP are one, and columns are at least MIN_COLUMN wide."""
    clusters: list[list[float]] = []
    for x in sorted(xs):
        if clusters and x - clusters[-1][-1] <= SNAP:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    out: list[float] = []
    for cluster in clusters:
        value = sorted(cluster)[len(cluster) // 2]
        if not out or value - out[-1] >= MIN_COLUMN:
            out.append(value)
    return out


def header_gap_boundaries(
    header_chars: list[Char], body_chars: list[Char], boundaries: list[float]
) -> list[float]:
    """Boundaries to add between header labels that no boundary separates yet.

    Each new boundary goes where the fewest body chars cross, inside the gap between the
    labels, so long cell text near a short label does not pull it off.
    """
    added: list[float] = []
    for line in group_lines(header_chars):
        chars = line.chars
        for left, right in zip(chars, chars[1:], strict=False):
            gap = right.x0 - left.x1
            if gap < 2.0 * max(left.size, right.size):
                continue
            if any(left.x1 - SNAP <= b <= right.x0 + SNAP for b in boundaries + added):
                continue
            added.append(_emptiest_x(left.x1, right.x0, body_chars))
    return added


def _emptiest_x(lo: float, hi: float, chars: list[Char]) -> float:
    steps = 24
    best_x, best_count = (lo + hi) / 2, None
    for i in range(1, steps):
        x = lo + (hi - lo) * i / steps
        count = sum(1 for c in chars if c.x0 < x < c.x1)
        if (
            best_count is None
            or count < best_count
            or (count == best_count and abs(x - (lo + hi) / 2) < abs(best_x - (lo + hi) / 2))
        ):
            best_x, best_count = x, count
    return best_x
