"""Text outside the table → paragraphs, with page numbers and running headers removed."""

from __future__ import annotations

import re

from extract.page.content import Char
from extract.page.lines import Line, group_lines
from extract.text import squeeze_line

_PAGE_NUMBER = re.compile(
    r"^[\s—\-–－_~·•]*(第\s*)?[0-9０-９]+(\s*页)?(\s*/\s*共?\s*[0-9０-９]+\s*页?)?[\s—\-–－_~·•]*$"
)


def is_page_furniture(text: str) -> bool:
    """Page numbers such as '— 2 —', '- 3 -', '第4页', '5/12'."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def page_lines(chars: list[Char]) -> list[Line]:
    return [line for line in group_lines(chars) if not is_page_furniture(line.text)]


def paragraphs(pages: list[list[Line]], page_width: float) -> list[str]:
    """Lines joined into paragraphs, across page breaks too.

    A line runs on into the next when it reaches the right margin and the next line has the
    same size, follows closely and is not indented (or both are centred, as a long title).
    """
    all_lines = [line for page in pages for line in page]
    if not all_lines:
        return []
    wide = [line for line in all_lines if len(line.chars) >= 12] or all_lines
    left = min(line.x0 for line in wide)
    right = max(line.x1 for line in wide)
    out: list[str] = []
    current: list[str] = []
    previous: Line | None = None
    previous_page = -1
    for page_index, page in enumerate(pages):
        for line in page:
            if previous is not None and _runs_on(
                previous, line, left, right, page_width, new_page=page_index != previous_page
            ):
                current.append(line.text)
            else:
                if current:
                    out.append(_join(current))
                current = [line.text]
            previous, previous_page = line, page_index
    if current:
        out.append(_join(current))
    return [p for p in out if p]


def _runs_on(
    previous: Line, line: Line, left: float, right: float, page_width: float, *, new_page: bool
) -> bool:
    size = max(previous.size, line.size)
    if abs(previous.size - line.size) > 0.6:
        return False
    # 0.5 pt of slack: coordinates rounded by the writer (OFD stores millimetres to
    # 0.001, summed along a run) must not decide whether a full line ends a paragraph.
    if previous.x1 < right - 1.5 * size - 0.5:
        return False
    if not new_page and line.top - previous.bottom > 1.3 * size:
        return False
    indented = line.x0 > left + 0.8 * size
    centred = (
        abs((line.x0 + line.x1) / 2 - (previous.x0 + previous.x1) / 2) <= size
        and abs((line.x0 + line.x1) / 2 - page_width / 2) <= 2 * size
    )
    return not indented or centred


def _join(texts: list[str]) -> str:
    joined = ""
    for text in texts:
        part = squeeze_line(text)
        if (
            joined
            and joined[-1].isascii()
            and joined[-1].isalnum()
            and part[:1].isascii()
            and part[:1].isalnum()
        ):
            joined += " "
        joined += part
    return joined
