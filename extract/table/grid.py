"""A table as a grid of cells: a merged cell is one Cell over several slots. Every reader
builds this; every table stage reads it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Cell:
    """A (possibly merged) cell. ``text`` keeps meaningful line breaks only."""

    key: int
    page: int
    rows: tuple[int, int]  # first and last band on its page
    cols: tuple[int, int]  # first and last column
    text: str
    top: float
    bottom: float
    text_top: float | None
    text_bottom: float | None
    line_height: float
    last_line_x1: float | None = None  # where the last line of text ends
    max_line_x1: float | None = None  # where the longest line ends
    line_pitch: float | None = None  # distance between the tops of consecutive lines
    first_char_width: float | None = None  # width of the first character of the text


@dataclass
class PageGrid:
    page: int
    bands: list[tuple[float, float]]
    slots: list[list[Cell]]  # slots[band][column]
    top_ruled: list[bool]  # per column: a rule closes the top of the first band
    bottom_ruled: list[bool]  # per column: a rule closes the bottom of the last band
    # A page break may cut a row of this grid in two (a PDF page); a table of a Word file
    # or web page split in two holds whole rows in each part.
    rows_may_split: bool = True

    def band_cells(self, band: int) -> list[Cell]:
        """Distinct cells of one band, left to right."""
        out: list[Cell] = []
        for cell in self.slots[band]:
            if not out or out[-1] is not cell:
                out.append(cell)
        return out
