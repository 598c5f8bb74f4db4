"""`group_lines` on a text layer's characters: clustered run by run (characters of one top
and bottom at a time), it must give the lines the character-by-character clustering gives."""

from __future__ import annotations

import random
from operator import attrgetter

import pytest

from extract.page.content import Char
from extract.page.lines import Line, group_lines


def _lines_char_by_char(chars: list[Char]) -> list[Line]:
    """The clustering as written before it went run by run: each character, in (top, x0)
    order, joins the last line when it overlaps it by more than half the shorter height."""
    lines: list[list[Char]] = []
    bounds: list[tuple[float, float]] = []
    for char in sorted(chars, key=attrgetter("top", "x0")):
        if lines:
            top, bottom = bounds[-1]
            overlap = min(bottom, char.bottom) - max(top, char.top)
            if overlap > 0.5 * min(bottom - top, char.bottom - char.top):
                lines[-1].append(char)
                bounds[-1] = (min(top, char.top), max(bottom, char.bottom))
                continue
        lines.append([char])
        bounds.append((char.top, char.bottom))
    return [
        Line(tuple(sorted(line, key=attrgetter("x0"))), top, bottom)
        for line, (top, bottom) in zip(lines, bounds, strict=True)
    ]


def _cell(rng: random.Random) -> list[Char]:
    """A cell's characters: lines of one or two font sizes, superscripts, characters
    without height, equal tops at several bottoms, in a shuffled order."""
    chars: list[Char] = []
    y = rng.choice([0.0, 10.5])
    for _ in range(rng.randint(1, 5)):
        size = rng.choice([9.0, 10.5, 12.0])
        x = 0.0
        for _ in range(rng.randint(1, 12)):
            height = rng.choice([size, size, size, 0.6 * size, 0.0])
            top = y + rng.choice([0.0, 0.0, 0.0, size - height, rng.uniform(-4, 4)])
            top = round(top, 1)
            chars.append(Char(x, x + size, top, round(top + height, 1), "字", size))
            x += rng.choice([size, size, 0.0, -size / 2])
        y += size * rng.choice([0.4, 0.9, 1.2, 1.5])
    rng.shuffle(chars)
    return chars


@pytest.mark.parametrize("seed", range(5))
def test_runs_cluster_as_characters_one_by_one(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        chars = _cell(rng)
        assert group_lines(chars) == _lines_char_by_char(chars)
