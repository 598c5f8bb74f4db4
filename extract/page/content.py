"""The page model every fixed-layout reader produces: characters with their boxes and rule
segments, in points with y growing downwards. A PDF text layer (extract/pdf/), a scanned
page read by OCR (extract/ocr/) and an OFD page become a `PageContent`, so one table
finder (extract/page/) serves them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar, dataclass_transform

import numpy as np
import numpy.typing as npt

# Rules closer than this (points) are the same rule; PDF generators draw cell borders twice
# or offset them by half a line width.
SNAP = 3.0
MIN_RULE = 4.0


_Record = TypeVar("_Record")


@dataclass_transform(frozen_default=True, eq_default=True)
def _read_only_record(cls: type[_Record]) -> type[_Record]:
    """A dataclass the type checker holds frozen (an assignment to a field is an error)
    that is not frozen at run time: a frozen dataclass's __init__ sets each field through
    object.__setattr__, three times the cost of a plain one (~1.9 against ~0.6 µs for a
    `Char`), and readers build one `Char` for every character of every page. Equality
    and the hash are a frozen dataclass's (by fields); `dataclasses.replace` works."""
    return dataclass(slots=True, eq=True, unsafe_hash=True)(cls)


@_read_only_record
class Char:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    # The text line the character was read in, when a reader knows it (OCR: the
    # recogniser's line); None for a text layer, whose lines are found by position.
    line: int | None = None

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class HRule:
    y: float
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class VRule:
    x: float
    y0: float
    y1: float


@dataclass(frozen=True)
class CharCentres:
    """The centres (`Char.xc`, `Char.yc`) of the characters of ``chars`` as columns, from
    a reader that computed the boxes as columns (the PDFium reader): the table stages
    place every character of every grid they try by its centre, and with the columns at
    hand that is a few numpy calls instead of a Python loop. Valid for that very list
    only (`of`)."""

    chars: list[Char]
    xc: npt.NDArray[np.float64]
    yc: npt.NDArray[np.float64]

    def of(self, chars: list[Char]) -> CharCentres | None:
        """These centres if they are those of ``chars`` (the same list, not a copy or a
        page whose characters were replaced), else None."""
        return self if chars is self.chars and len(self.xc) == len(chars) else None


@dataclass(frozen=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    hrules: list[HRule]
    vrules: list[VRule]
    has_images: bool
    # the chars' centres as columns, when the reader has them (see CharCentres)
    centres: CharCentres | None = field(default=None, compare=False, repr=False)


# pdfplumber's edge record (x0, x1, top, bottom, width, height, orientation), the form its
# merge_edges takes (rules_from_edges merges as it does); it does not leave this module's
# callers.
Edge = dict[str, Any]

# A rectangle this thin (points) is drawn as a line: one edge along its length.
THIN_RECT = 2.0


def line_or_rect_edges(
    x0: float, x1: float, top: float, bottom: float, is_line: bool
) -> list[Edge]:
    """The edges of a line, or of a rectangle: one edge when it is thin, else its four
    sides (cell borders are drawn either way, as strokes or as filled thin rectangles)."""
    if is_line or bottom - top <= THIN_RECT or x1 - x0 <= THIN_RECT:
        return [line_edge(x0, x1, top, bottom)]
    return [
        line_edge(x0, x1, top, top),
        line_edge(x0, x1, bottom, bottom),
        line_edge(x0, x0, top, bottom),
        line_edge(x1, x1, top, bottom),
    ]


def line_edge(x0: float, x1: float, top: float, bottom: float) -> Edge:
    """A thin line or rect as one edge (a horizontal one when wider than tall)."""
    if x1 - x0 >= bottom - top:
        y = (top + bottom) / 2
        return {
            "x0": x0,
            "x1": x1,
            "top": y,
            "bottom": y,
            "width": x1 - x0,
            "height": 0.0,
            "orientation": "h",
        }
    x = (x0 + x1) / 2
    return {
        "x0": x,
        "x1": x,
        "top": top,
        "bottom": bottom,
        "width": 0.0,
        "height": bottom - top,
        "orientation": "v",
    }


def rules_from_edges(edges: list[Edge]) -> tuple[list[HRule], list[VRule]]:
    """Horizontal and vertical rules from line, rect and curve edges, snapped and joined
    exactly as pdfplumber's ``merge_edges`` snaps and joins them (snap and join
    tolerance SNAP), rules shorter than MIN_RULE left out.

    pdfplumber's copies every edge's dictionary at each step; a ruled page has a few
    hundred edges, so the same steps run here over the three numbers a rule keeps
    (tests/extract/test_rules_merge.py holds the two equal on every PDF fixture)."""
    h = [(e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h"]
    v = [(e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v"]
    hrules = [HRule(*rule) for rule in _joined(_snapped(h))]
    vrules = [VRule(*rule) for rule in _joined(_snapped(v))]
    return hrules, vrules


_Segment = tuple[float, float, float]  # (position across, start along, end along)


def _snapped(segments: list[_Segment]) -> list[_Segment]:
    """pdfplumber's ``snap_objects``: positions clustered (sorted distinct values, a new
    cluster after a gap above SNAP), each segment moved by its cluster's mean less its
    position (``value + (mean - value)``, which is not always the mean to the last bit);
    the mean summed over the cluster's segments in their order."""
    distinct = sorted({segment[0] for segment in segments})
    cluster: dict[float, int] = {}
    number, last = 0, 0.0
    for i, value in enumerate(distinct):
        if i and not value <= last + SNAP:
            number += 1
        cluster[value] = number
        last = value
    members: dict[int, list[float]] = {}
    for segment in segments:
        members.setdefault(cluster[segment[0]], []).append(segment[0])
    mean = {number: sum(values) / len(values) for number, values in members.items()}
    return [(at + (mean[cluster[at]] - at), start, end) for at, start, end in segments]


def _joined(segments: list[_Segment]) -> list[_Segment]:
    """pdfplumber's ``join_edge_group`` over each group of one exact position: segments
    by their start, one joined to the run before it when it starts within SNAP of the
    run's end; runs shorter than MIN_RULE left out; by position, then start."""
    out: list[_Segment] = []
    run: list[float] | None = None
    for at, start, end in sorted(segments):
        if run is not None and at == run[0] and start <= run[2] + SNAP:
            if end > run[2]:
                run[2] = end
            continue
        if run is not None and run[2] - run[1] >= MIN_RULE:
            out.append((run[0], run[1], run[2]))
        run = [at, start, end]
    if run is not None and run[2] - run[1] >= MIN_RULE:
        out.append((run[0], run[1], run[2]))
    return out


def page_content(
    number: int,
    width: float,
    height: float,
    chars: list[Char],
    edges: list[Edge],
    *,
    has_images: bool,
    centres: CharCentres | None = None,
) -> PageContent:
    """A page as every fixed-layout reader (PDF, OCR, OFD) hands it to the table stages:
    its characters in reading order and its rules from the drawn edges."""
    hrules, vrules = rules_from_edges(edges)
    return PageContent(
        number=number,
        width=width,
        height=height,
        chars=chars,
        hrules=hrules,
        vrules=vrules,
        has_images=has_images,
        centres=centres,
    )
