"""The numbers of an OFD page: transforms, glyph positions and path data.

Every graphic object places its content in its own space: a point is transformed by the
object's ``CTM`` (``a b c d e f``, identity when absent), then moved by the origin of its
``Boundary``. Units are millimetres, y grows downwards, as on the page.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

MM_TO_PT = 72 / 25.4


@dataclass(frozen=True, slots=True)
class Matrix:
    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def then_translate(self, dx: float, dy: float) -> Matrix:
        return Matrix(self.a, self.b, self.c, self.d, self.e + dx, self.f + dy)

    @property
    def scale(self) -> float:
        """How much the transform enlarges lengths (the font size's factor)."""
        return math.sqrt(abs(self.a * self.d - self.b * self.c))

    @property
    def upright(self) -> bool:
        """Text drawn left to right, not rotated or mirrored (as pdfminer's ``upright``)."""
        return self.a * self.d > 0 and self.b * self.c <= 0


IDENTITY = Matrix()


def parse_matrix(text: str | None) -> Matrix:
    if not text:
        return IDENTITY
    try:
        values = [float(v) for v in text.split()]
    except ValueError:
        return IDENTITY
    return Matrix(*values[:6]) if len(values) >= 6 else IDENTITY


def parse_deltas(text: str | None) -> list[float]:
    """``DeltaX``/``DeltaY``: the offsets between successive glyphs; ``g N v`` is N times v
    (GB/T 33190 §11.3), e.g. ``"g 3 4.2 5"`` → [4.2, 4.2, 4.2, 5]."""
    if not text:
        return []
    tokens = text.split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "g" and i + 2 < len(tokens):
            try:
                count, value = int(float(tokens[i + 1])), float(tokens[i + 2])
            except ValueError:
                break
            out.extend([value] * max(count, 0))
            i += 3
            continue
        try:
            out.append(float(token))
        except ValueError:
            break
        i += 1
    return out


def glyph_width(char: str) -> float:
    """A glyph's width in ems when the file gives none: CJK characters, full-width forms
    and the characters of ambiguous width (“”, —, ……, set full-width by the Chinese fonts
    notices use) are square, everything else is half an em (Latin, digits)."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 0.5


@dataclass(frozen=True, slots=True)
class Subpath:
    """Points of one subpath of a path in object space; ``curved`` when any piece of it is
    a Bézier curve or an arc (never a rule)."""

    points: tuple[tuple[float, float], ...]
    curved: bool
    closed: bool


_ARGS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0, "Z": 0}


def parse_path(text: str | None) -> list[Subpath]:
    """``AbbreviatedData`` → subpaths. ``S``/``M`` start one, ``L`` adds a point, ``Q``,
    ``B`` and ``A`` add their end point and mark it curved, ``C`` (``Z`` in some writers)
    closes it. Malformed data ends the path where it stops making sense."""
    if not text:
        return []
    tokens = text.split()
    subpaths: list[Subpath] = []
    points: list[tuple[float, float]] = []
    curved = False
    closed = False

    def finish() -> None:
        nonlocal points, curved, closed
        if len(points) >= 2:
            subpaths.append(Subpath(tuple(points), curved, closed))
        points, curved, closed = [], False, False

    i = 0
    while i < len(tokens):
        command = tokens[i]
        count = _ARGS.get(command)
        if count is None:
            break
        try:
            args = [float(v) for v in tokens[i + 1 : i + 1 + count]]
        except ValueError:
            break
        if len(args) < count:
            break
        i += 1 + count
        if command in ("S", "M"):
            finish()
            points = [(args[0], args[1])]
        elif command in ("C", "Z"):
            if points:
                closed = True
                start = points[0]
                finish()
                points = [start]  # a following L continues from the start
        elif not points:
            continue  # a drawing command before any start point: nothing to draw from
        else:
            points.append((args[-2], args[-1]))
            curved = curved or command in ("Q", "B", "A")
    finish()
    return subpaths
