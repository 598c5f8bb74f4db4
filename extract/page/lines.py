"""Chars → text lines, and text lines → cell text with meaningful line breaks only."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from extract.ocr.normalise import cell_words
from extract.page.content import Char
from extract.table.joins import line_break


@dataclass(frozen=True)
class Line:
    """A text line, its chars left to right. ``top`` and ``bottom`` (its chars' extent)
    are kept, not computed on each use: the table stages compare a line with every rule,
    band and neighbour. `text` and `size` are computed once, when first asked, and kept
    in the instance's __dict__ (written directly, which a frozen dataclass allows; not a
    field, so equality is the chars' alone). functools.cached_property would do the same
    but takes a lock on every access in Python 3.11, which cost more than the text."""

    chars: tuple[Char, ...]
    top: float
    bottom: float

    @classmethod
    def of(cls, chars: tuple[Char, ...]) -> Line:
        return cls(chars, min(c.top for c in chars), max(c.bottom for c in chars))

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def size(self) -> float:
        kept: float | None = self.__dict__.get("_size")
        if kept is None:
            sizes = sorted(c.size for c in self.chars)
            kept = self.__dict__["_size"] = sizes[len(sizes) // 2]
        return kept

    @property
    def text(self) -> str:
        kept: str | None = self.__dict__.get("_text")
        if kept is None:
            kept = self.__dict__["_text"] = line_text(self.chars)
        return kept


def group_lines(chars: list[Char]) -> list[Line]:
    """Chars grouped into lines top to bottom, each line left to right.

    A line the recogniser read (chars with a ``line`` number) stays whole and is never
    joined with a line above or below it: re-clustering the characters of two close
    single-spaced lines by their y would interleave them. It may still be joined with
    other text beside it on the same row (a line the detector cut at a wide gap, the
    next column of a table printed without rules). Chars of a text layer (no ``line``)
    are clustered by their vertical overlap.
    """
    # (all(char.line is None ...), read in C: it runs for every cell of every grid)
    if list(map(_line_of, chars)).count(None) == len(chars):
        return _text_layer_lines(chars)
    lines: list[list[Char]] = []
    bounds: list[tuple[float, float]] = []
    for unit in _units(chars):
        top = min(c.top for c in unit)
        bottom = max(c.bottom for c in unit)
        if lines:
            line_top, line_bottom = bounds[-1]
            overlap = min(line_bottom, bottom) - max(line_top, top)
            if overlap > 0.5 * min(line_bottom - line_top, bottom - top) and _beside(
                lines[-1], unit
            ):
                lines[-1].extend(unit)
                bounds[-1] = (min(line_top, top), max(line_bottom, bottom))
                continue
        lines.append(list(unit))
        bounds.append((top, bottom))
    return [Line.of(tuple(sorted(line, key=_left))) for line in lines]


def _text_layer_lines(chars: list[Char]) -> list[Line]:
    """`group_lines` for characters that are all units of their own (a text layer): the
    same clustering, without a list and two generators per character. The table stages
    call it for every cell of every grid they try, so it is the hottest loop after the
    reader's.

    The characters come sorted by (top, x0) in runs of one (top, bottom), most of a line
    each (one font size): a run's first character decides for the whole run (the next
    ones overlap the line it joined or began by their full height, and do not change its
    bounds), so the loop goes over runs, grouped in C; a line of one run is already in x
    order."""
    lines: list[list[Char]] = []
    bounds: list[tuple[float, float]] = []
    one_run: list[bool] = []
    line_top = line_bottom = 0.0
    for (top, bottom), run in groupby(sorted(chars, key=_top_left), key=_top_bottom):
        # (a character without height overlaps nothing: each decides for itself)
        for piece in (run,) if bottom > top else ([char] for char in run):
            if lines:
                # min() and max() written out: this runs once per run of every cell
                overlap = (bottom if bottom < line_bottom else line_bottom) - (
                    top if top > line_top else line_top
                )
                tallest = line_bottom - line_top
                if bottom - top < tallest:
                    tallest = bottom - top
                if overlap > 0.5 * tallest:
                    lines[-1].extend(piece)
                    one_run[-1] = False
                    if top < line_top:
                        line_top = top
                    if bottom > line_bottom:
                        line_bottom = bottom
                    continue
                bounds.append((line_top, line_bottom))
            lines.append(list(piece))
            one_run.append(True)
            line_top, line_bottom = top, bottom
    if lines:
        bounds.append((line_top, line_bottom))
    return [
        Line(tuple(line) if alone else tuple(sorted(line, key=_left)), top, bottom)
        for line, alone, (top, bottom) in zip(lines, one_run, bounds, strict=True)
    ]


# sort keys read in C: (top, x0) and x0
_top_left = attrgetter("top", "x0")
_top_bottom = attrgetter("top", "bottom")
_left = attrgetter("x0")
_line_of = attrgetter("line")


def _units(chars: list[Char]) -> list[list[Char]]:
    """Each recogniser line as one unit, every other char a unit of its own; ordered by
    top, then left."""
    read: dict[int, list[Char]] = {}
    units: list[list[Char]] = []
    for char in chars:
        if char.line is None:
            units.append([char])
        else:
            read.setdefault(char.line, []).append(char)
    units.extend(read.values())
    return sorted(units, key=lambda u: (min(c.top for c in u), min(c.x0 for c in u)))


def _beside(line: list[Char], unit: list[Char]) -> bool:
    """A recogniser line joins a line only where it stands beside the line's recogniser
    text, overlapping it horizontally by less than half a character (two lines of one cell
    overlap by a character or more). Not by nothing at all: a line the detector cut in two
    at a speck gets boxes as wide as its height, and a box grown by noise above or below
    the line reaches into its neighbour's last character."""
    numbers = {c.line for c in unit} - {None}
    if not numbers:
        return True
    others = [c for c in line if c.line is not None and c.line not in numbers]
    if not others:
        return True
    x0, x1 = min(c.x0 for c in unit), max(c.x1 for c in unit)
    sizes = sorted(c.size for c in unit)
    size = sizes[len(sizes) // 2]
    return all(
        c.x1 <= x0 + max(0.5, 0.5 * min(c.size, size))
        or c.x0 >= x1 - max(0.5, 0.5 * min(c.size, size))
        for c in others
    )


def line_text(chars: tuple[Char, ...] | list[Char]) -> str:
    """Text of one line; a visible gap becomes a space (removed later next to Chinese)."""
    out: list[str] = []
    previous: Char | None = None
    for char in chars:
        # max(char.size, 1.0), written out (once per character of every cell)
        if previous is not None and char.x0 - previous.x1 > 0.25 * (
            1.0 if char.size < 1.0 else char.size
        ):
            out.append(" ")
        out.append(char.text)
        previous = char
    return "".join(out)


def cell_text(lines: list[Line]) -> str:
    """Lines of one cell joined; a line break is kept only where it separates two units.

    Word-processor exports wrap by glyph widths and their own line-breaking rules, so how
    full a line is says little; the text at the break does: one unit per line ends like a
    unit name (…局, …办公室) and the next line starts like one (县…, 市…, 各…), and a line
    ending in a list separator ends an item.
    """
    parts: list[str] = []
    for index, line in enumerate(lines):
        text = line.text
        parts.append(text)
        if index == len(lines) - 1:
            break
        parts.append(line_break(text, lines[index + 1].text))
    joined = "".join(parts)
    if lines and lines[0].chars and lines[0].chars[0].line is not None:
        # recogniser lines (a text layer's chars carry no line): what a line alone could
        # not show of a word cut by the break
        return cell_words(joined)
    return joined
