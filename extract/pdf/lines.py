"""Chars → text lines, and text lines → cell text with meaningful line breaks only."""

from __future__ import annotations

from dataclasses import dataclass

from extract.pdf.page_content import Char
from extract.text import is_cjk

# A wrapped unit name breaks after any char; a line ending in one of these, followed by a line
# starting like a unit name, is one unit per line even when the line happens to be full.
_UNIT_ENDINGS = set("局办室委院府处行部队会所站馆团社厂司心区县镇乡街道位门")
_UNIT_STARTS = set("县市区省州镇乡街各人中国团共")


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


def cell_text(lines: list[Line], x0: float, x1: float) -> str:
    """Lines of one cell joined: wrapped lines run on, short lines end with a line break.

    A line is wrapped when the next char would not have fit: the space left on its right is
    less than one char plus the cell padding (estimated from the fullest line of the cell).
    """
    if not lines:
        return ""
    width = x1 - x0
    slack = [width - (line.x1 - line.x0) for line in lines]
    # Cell padding: what the fullest line leaves free, unless even that line ended early.
    padding = max(0.0, min(min(slack), max(line.size for line in lines)))
    parts: list[str] = []
    for index, line in enumerate(lines):
        text = line.text
        parts.append(text)
        if index == len(lines) - 1:
            break
        full = slack[index] < padding + 0.9 * line.size
        if not full or _unit_boundary(text, lines[index + 1].text):
            parts.append("\n")
        elif text[-1:].isascii() and text[-1:].isalnum() and lines[index + 1].text[:1].isascii():
            parts.append(" ")
    return "".join(parts)


def _unit_boundary(text: str, following: str) -> bool:
    return bool(text) and text[-1] in _UNIT_ENDINGS and following[:1] in _UNIT_STARTS and is_cjk(text[-1])
