"""Column boundaries of a table, shared by all of its pages.

Boundaries come from vertical rules and from where partial horizontal rules start and end
(a merged cell interrupts the rule below it exactly at a column edge). Tables drawn with
horizontal rules only get the rest from the gaps between header labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from extract.page.area import TableArea
from extract.page.content import SNAP, Char
from extract.page.lines import group_lines

MIN_COLUMN = 8.0


def boundary_candidates(region: TableArea) -> list[float]:
    xs = [region.x0, region.x1]
    xs.extend(r.x for r in region.vrules)
    for rule in region.hrules:
        xs.extend((rule.x0, rule.x1))
    return xs


def cluster_boundaries(xs: Iterable[float]) -> list[float]:
    """Distinct boundaries: candidates within SNAP are one, and columns are at least
    MIN_COLUMN wide. Of two boundaries closer than that, the one more candidates agree on
    is kept (the first on a tie): a column's side is drawn on every page of the table and
    the row rules end at it, while a scanner's speck read as a short rule a few points
    beside it is one candidate on one page; keeping whichever came first put a speck in
    the number column of a scanned attachment in place of the column's side, and the
    numbers of every page were read into the next column."""
    clusters: list[list[float]] = []
    for x in sorted(xs):
        if clusters and x - clusters[-1][-1] <= SNAP:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    kept: list[list[float]] = []
    for cluster in clusters:
        if kept and _median(cluster) - _median(kept[-1]) < MIN_COLUMN:
            if len(cluster) > len(kept[-1]):
                kept[-1] = cluster
            continue
        kept.append(cluster)
    return [_median(cluster) for cluster in kept]


def _median(cluster: list[float]) -> float:
    return sorted(cluster)[len(cluster) // 2]


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
    """The middle of the longest stretch of ``lo``..``hi`` that the fewest body chars cross.

    Not the least-crossed point nearest the middle of the gap: next to an empty column the
    whole stretch up to the next column's text is uncrossed, and a point hugging that text
    (where the text's cell padding starts) falls in with it."""
    steps = 24
    xs = [lo + (hi - lo) * i / steps for i in range(1, steps)]
    counts = [sum(1 for c in chars if c.x0 < x < c.x1) for x in xs]
    low = min(counts)
    best: tuple[int, int] = (0, 0)
    start = None
    for i, count in enumerate([*counts, low + 1]):
        if count == low and start is None:
            start = i
        elif count != low and start is not None:
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return (xs[best[0]] + xs[best[1] - 1]) / 2


def body_valley_boundaries(
    pages_chars: list[list[Char]],
    x0: float,
    x1: float,
    ruled: list[float],
    from_labels: list[float],
    header_lines: set[str],
) -> list[float]:
    """Column boundaries of a table without vertical rules, from where its body text never runs.

    Each column's text keeps to its column on every row, so across all body lines of all
    pages the x-coverage of text drops to (almost) nothing between two columns: also between
    two narrow category sub-columns under one header label. Lines that cross gaps are left
    out (``header_lines`` repeated on later pages, group headings: a lone run from the left
    edge), and a valley is where coverage stays under a small share of the lines. ``ruled`` boundaries (rule ends) stay;
    a valley without one gets its lowest middle; a boundary guessed between header labels
    (``from_labels``) gives way to a valley next to it and stays only where the body shows no
    gap (an empty column).
    """
    profile = _coverage(pages_chars, x0, x1, header_lines)
    if profile is None:
        return sorted(ruled + from_labels)
    out = list(ruled)
    for lo, hi, best in profile.valleys():
        if not any(lo - SNAP <= b <= hi + SNAP for b in ruled):
            out.append(best)
    for b in from_labels:
        if profile.low(b) and not any(abs(b - o) < 1.5 * profile.size for o in out):
            out.append(b)
    return sorted(out)


@dataclass
class _Profile:
    """How many body lines have text over each x (in bins of ``step`` from ``x0``)."""

    x0: float
    step: float
    counts: list[int]
    limit: int  # at most this many lines over x: no column's text runs there
    size: float  # the body text size

    def low(self, x: float) -> bool:
        i = min(max(int((x - self.x0) / self.step), 0), len(self.counts) - 1)
        return self.counts[i] <= self.limit

    def valleys(self) -> list[tuple[float, float, float]]:
        """(lo, hi, lowest middle) of each low stretch with text on both sides."""
        out: list[tuple[float, float, float]] = []
        bins = len(self.counts)
        i = 0
        while i < bins:
            if self.counts[i] > self.limit:
                i += 1
                continue
            j = i
            while j + 1 < bins and self.counts[j + 1] <= self.limit:
                j += 1
            lo, hi = self.x0 + i * self.step, self.x0 + (j + 1) * self.step
            if i > 0 and j < bins - 1 and hi - lo >= 0.4 * self.size:
                out.append((lo, hi, _lowest_middle(self.counts, i, j, self.x0, self.step)))
            i = j + 1
        return out


def _coverage(
    pages_chars: list[list[Char]], x0: float, x1: float, header_lines: set[str]
) -> _Profile | None:
    step = 0.5
    bins = int((x1 - x0) / step) + 1
    counts = [0] * (bins + 1)
    lines = 0
    sizes: list[float] = []
    for chars in pages_chars:
        for line in group_lines(chars):
            runs = _runs(line.chars)
            lines += 1
            sizes.append(line.size)
            if line.text in header_lines or (len(runs) == 1 and runs[0][0] - x0 < 2 * line.size):
                continue  # a header repeated on a later page, or a group heading
            for run_x0, run_x1 in runs:
                # Counted as steps (+1 where a run starts, -1 after it ends), summed below.
                counts[max(0, int((run_x0 - x0) / step))] += 1
                counts[min(bins - 1, int((run_x1 - x0) / step)) + 1] -= 1
    if lines < 3:
        return None
    for i in range(1, bins):
        counts[i] += counts[i - 1]
    del counts[bins:]
    size = sorted(sizes)[len(sizes) // 2]
    return _Profile(x0, step, counts, max(1, int(0.04 * lines)), size)


def _runs(chars: tuple[Char, ...]) -> list[tuple[float, float]]:
    """Stretches of a line's text with no gap wider than a quarter char between chars."""
    runs: list[tuple[float, float]] = []
    for char in chars:
        if runs and char.x0 - runs[-1][1] <= 0.25 * char.size:
            runs[-1] = (runs[-1][0], max(runs[-1][1], char.x1))
        else:
            runs.append((char.x0, char.x1))
    return runs


def _lowest_middle(coverage: list[int], i: int, j: int, x0: float, step: float) -> float:
    """The middle of the longest stretch of lowest coverage within bins i..j."""
    low = min(coverage[i : j + 1])
    best = (0, i, i)
    k = i
    while k <= j:
        if coverage[k] != low:
            k += 1
            continue
        m = k
        while m + 1 <= j and coverage[m + 1] == low:
            m += 1
        if m - k + 1 > best[0]:
            best = (m - k + 1, k, m)
        k = m + 1
    return x0 + (best[1] + best[2] + 1) * step / 2
