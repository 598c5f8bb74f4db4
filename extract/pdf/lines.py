"""Chars → text lines, and text lines → cell text with meaningful line breaks only."""

from __future__ import annotations

from dataclasses import dataclass

from extract.pdf.page_content import Char
from extract.text import is_cjk

# A wrapped unit name breaks after any char; a line ending in one of these, followed by a line
# starting like a unit name, is one unit per line even when the line happens to be full.
_UNIT_ENDINGS = set("局办室委院府处行部队会所站馆团社厂司心门厅组")
_ITEM_ENDINGS = set("，,；;")
_NAME_CONTINUATIONS = ("各部门", "各单位", "各有关", "有关", "相关", "所属", "直属", "各级")
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
    """Lines of one cell joined; a line break is kept only where it separates two units.

    Word-processor exports wrap by glyph widths and their own line-breaking rules, so how
    full a line is says little; the text at the break does: one unit per line ends like a
    unit name (…局, …办公室) and the next line starts like one (县…, 市…, 各…), and a line
    ending in a list separator ends an item.
    """
    del x0, x1  # kept for callers that may want geometry back
    parts: list[str] = []
    for index, line in enumerate(lines):
        text = line.text
        parts.append(text)
        if index == len(lines) - 1:
            break
        parts.append(line_break(text, lines[index + 1].text))
    return "".join(parts)


def line_break(text: str, following: str) -> str:
    """What stands between two printed lines of one cell: a line break where they are two
    units (or the first ends a list item), a space between two Latin words, else nothing
    (a name or a sentence wrapped by the cell width). Also used where a cell continues
    on the next page, since a page break is just another line break."""
    if _unit_boundary(text, following) or text.rstrip()[-1:] in _ITEM_ENDINGS:
        return "\n"
    if (
        text[-1:].isascii()
        and text[-1:].isalnum()
        and following[:1].isascii()
        and following[:1].isalnum()
    ):
        return " "
    return ""


def _unit_boundary(text: str, following: str) -> bool:
    if following.startswith(_NAME_CONTINUATIONS):
        return False  # 县政府 / 各部门（单位）: one collective unit wrapped
    return (
        bool(text)
        and text[-1] in _UNIT_ENDINGS
        and following[:1] in _UNIT_STARTS
        and is_cjk(text[-1])
    )
