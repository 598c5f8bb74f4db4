"""Chars → text lines, and text lines → cell text with meaningful line breaks only."""

from __future__ import annotations

from dataclasses import dataclass

from extract.page.content import Char
from extract.table.joins import line_break


@dataclass(frozen=True)
class Line:
    chars: tuple[Char, ...]

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def size(self) -> float:
        sizes = sorted(c.size for c in self.chars)
        return sizes[len(sizes) // 2]

    @property
    def text(self) -> str:
        return line_text(self.chars)


def group_lines(chars: list[Char]) -> list[Line]:
    """Chars grouped into lines top to bottom, each line left to right."""
    lines: list[list[Char]] = []
    bounds: list[tuple[float, float]] = []
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines:
            top, bottom = bounds[-1]
            overlap = min(bottom, char.bottom) - max(top, char.top)
            if overlap > 0.5 * min(bottom - top, char.bottom - char.top):
                lines[-1].append(char)
                bounds[-1] = (min(top, char.top), max(bottom, char.bottom))
                continue
        lines.append([char])
        bounds.append((char.top, char.bottom))
    return [Line(tuple(sorted(line, key=lambda c: c.x0))) for line in lines]


def line_text(chars: tuple[Char, ...] | list[Char]) -> str:
    """Text of one line; a visible gap becomes a space (removed later next to Chinese)."""
    out: list[str] = []
    previous: Char | None = None
    for char in chars:
        if previous is not None and char.x0 - previous.x1 > 0.25 * max(char.size, 1.0):
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
    return "".join(parts)
