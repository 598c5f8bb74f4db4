"""Heading marks of a 工作要点 and the short title an item may open with.

Official documents number their levels ``一、`` > ``（一）`` > ``1.`` > ``（1）`` (GB/T 9704);
a paragraph that starts with one of these marks is a heading or a numbered item of that
level. An item may open with its own short title, closed by ``。``
(``（一）推进重点工作信息公开。围绕…``): the title is a heading, the rest is task text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMERAL = "一二三四五六七八九十百"
# (level, pattern of the mark at the start of a paragraph), broadest level first.
_MARKS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^[{_NUMERAL}]+\s*[、.．]")),
    (2, re.compile(rf"^[（(]\s*[{_NUMERAL}]+\s*[）)]\s*[、.．]?")),
    (3, re.compile(r"^\d{1,2}\s*[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*[、.．]?")),
    (5, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),
)
# Bullets of a web page's list items: not a level, dropped from the text.
BULLET = re.compile(r"^[-•●·▪■◆]\s*")
# An item's own title: at most this long, without the marks that make a sentence a task.
_MAX_TITLE = 40
_TITLE_BREAKERS = "，,；;：:"


@dataclass(frozen=True)
class Mark:
    """A paragraph's heading mark: its level (1 = 一、) and the mark as printed."""

    level: int
    text: str


def heading_mark(paragraph: str) -> Mark | None:
    for level, pattern in _MARKS:
        match = pattern.match(paragraph)
        if match is not None:
            return Mark(level, match.group(0))
    return None


def item_title(body: str) -> tuple[str, str] | None:
    """(title, rest) when ``body`` opens with a short title sentence closed by ``。`` and goes
    on; the title without its ``。``."""
    stop = body.find("。")
    if stop <= 0:
        return None
    title, rest = body[:stop], body[stop + 1 :].strip()
    if not rest or not is_title_like(title):
        return None
    return title, rest


def is_title_like(text: str) -> bool:
    """A short phrase without clause marks (推进重大行政决策公开), not a sentence."""
    text = text.rstrip("。")
    return 0 < len(text) <= _MAX_TITLE and not any(mark in text for mark in _TITLE_BREAKERS)
