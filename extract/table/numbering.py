"""Item numbering as printed at the start of a heading or category cell (一、 （一） 1. （1））."""

from __future__ import annotations

import re

_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^[一二三四五六七八九十百零〇]+\s*[、.．]")),
    (2, re.compile(r"^[（(]\s*[一二三四五六七八九十百零〇]+\s*[)）]")),
    (3, re.compile(r"^\d+\s*[、.．](?!\d)")),
    (4, re.compile(r"^[（(]\s*\d+\s*[)）]")),
    (4, re.compile(r"^[①-⑳]")),
)


def numbering_level(text: str | None) -> int:
    """1 for 一、, 2 for （一）, 3 for 1., 4 for （1）/①; 0 when the text is not numbered."""
    stripped = re.sub(r"\s+", "", text or "")
    for level, pattern in _LEVELS:
        if pattern.match(stripped):
            return level
    return 0


def is_numbered(text: str | None) -> bool:
    return numbering_level(text) > 0
