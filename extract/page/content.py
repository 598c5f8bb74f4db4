"""The page model every fixed-layout reader produces: characters with their boxes and rule
segments, in points with y growing downwards. A PDF text layer (extract/pdf/), a scanned
page read by OCR (extract/ocr/) and an OFD page become a `PageContent`, so one table
finder (extract/page/) serves them all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdfplumber.table import merge_edges

# Rules closer than this (points) are the same rule; PDF generators draw cell borders twice
# or offset them by half a line width.
SNAP = 3.0
MIN_RULE = 4.0


@dataclass(frozen=True, slots=True)
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
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    hrules: list[HRule]
    vrules: list[VRule]
    has_images: bool


def rules_from_edges(edges: list[dict[str, Any]]) -> tuple[list[HRule], list[VRule]]:
    """Horizontal and vertical rules from line, rect and curve edges, snapped and joined."""
    usable = [e for e in edges if e["orientation"] in ("h", "v")]
    merged = merge_edges(
        usable,
        snap_x_tolerance=SNAP,
        snap_y_tolerance=SNAP,
        join_x_tolerance=SNAP,
        join_y_tolerance=SNAP,
    )
    hrules = sorted(
        (
            HRule(e["top"], e["x0"], e["x1"])
            for e in merged
            if e["orientation"] == "h" and e["x1"] - e["x0"] >= MIN_RULE
        ),
        key=lambda r: (r.y, r.x0),
    )
    vrules = sorted(
        (
            VRule(e["x0"], e["top"], e["bottom"])
            for e in merged
            if e["orientation"] == "v" and e["bottom"] - e["top"] >= MIN_RULE
        ),
        key=lambda r: (r.x, r.y0),
    )
    return hrules, vrules
