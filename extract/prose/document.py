"""A document's paragraphs → its prose tasks, the lines around them, the 要点's title and
the document's kind: what extract/api.py needs from the prose stages.

The tasks of a 工作要点 start at its first heading; when a notice wraps the 要点 (title,
body, signature, date, then the 要点 itself), they start at the first heading after the
wrapper's signature, so the notice's own numbered requests (一、强化组织领导…) are not read as
the 要点's tasks. The signature, date and distribution lines that close the document are
no task either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.metadata import (
    _ATTACHMENT_LABEL,
    _PUBLISHED_MARK,
    _date_of,
    _is_signature_name,
    is_department_signature,
)
from extract.page.paragraphs import is_page_furniture
from extract.prose.headings import BULLET, heading_mark
from extract.prose.items import ProseTask, prose_tasks
from extract.prose.kind import document_kind
from extract.prose.parenthetical import is_unit_note, open_depth
from extract.text import squeeze_line
from extract.vocabulary import NoticeKind

# What a 要点's own title line ends with.
_PLAN_TITLE = re.compile(r"(?:要点|方案|安排|计划|分工|清单|任务)$")
_MAX_PLAN_TITLE = 60
_MAX_WRAP = 4  # paragraphs a parenthetical may wrap over (lines, pages)
_CLOSING = re.compile(r"^(?:抄送|抄报|主送)[:：]|印发$|^[（(]?此件")


@dataclass(frozen=True)
class ProseReading:
    """The prose of a document: its tasks, the lines before them (notice, 要点 title,
    introduction), the lines after them (signature, date), the 要点's title, its kind."""

    tasks: tuple[ProseTask, ...]
    front: tuple[str, ...]
    trailer: tuple[str, ...]
    title: str | None
    kind: NoticeKind


def read_prose(raw_paragraphs: Sequence[str]) -> ProseReading:
    paragraphs = joined_paragraphs(raw_paragraphs)
    headings = [i for i, p in enumerate(paragraphs) if heading_mark(BULLET.sub("", p))]
    start = _start(paragraphs, headings)
    end = _end(paragraphs, start)
    front = paragraphs[:start]
    kind = document_kind(front if headings else paragraphs)
    tasks = () if kind is NoticeKind.INTERPRETATION else tuple(prose_tasks(paragraphs[start:end]))
    return ProseReading(
        tasks=tasks,
        front=tuple(front),
        trailer=tuple(paragraphs[end:]),
        title=_plan_title(front),
        kind=kind,
    )


def joined_paragraphs(raw: Sequence[str]) -> list[str]:
    """Paragraph lines cleaned, page numbers dropped, and a unit parenthetical that wraps
    onto the next line or page joined to the paragraph it closes."""
    lines = [
        squeeze_line(line)
        for paragraph in raw
        for line in paragraph.splitlines()
        if line.strip() and not is_page_furniture(line)
    ]
    out: list[str] = []
    pending = 0  # lines still to join while a parenthesis is open
    for line in lines:
        if out and (pending or is_unit_note(line)):
            out[-1] += line
        else:
            out.append(line)
        pending = _MAX_WRAP if open_depth(out[-1]) else 0
    return out


def _start(paragraphs: list[str], headings: list[int]) -> int:
    if not headings:
        return len(paragraphs)
    start = headings[0]
    markers = [i for i, p in enumerate(paragraphs) if _is_marker(p)]
    later = [m for m in markers if m > start and any(h > m for h in headings)]
    if later:
        start = next(h for h in headings if h > later[-1])
    return start


def _end(paragraphs: list[str], start: int) -> int:
    end = len(paragraphs)
    while end > start and (
        _is_closing(paragraphs[end - 1])
        # a department's name right above the closing date is its signature
        or (
            end < len(paragraphs)
            and _date_of(paragraphs[end])
            and is_department_signature(re.sub(r"\s+", "", paragraphs[end - 1]))
        )
    ):
        end -= 1
    return end


def _is_marker(paragraph: str) -> bool:
    """A line that closes a wrapper notice: its date, 此件公开发布, an 附件 label."""
    compact = re.sub(r"\s+", "", paragraph)
    return bool(
        _date_of(paragraph) or _PUBLISHED_MARK.match(compact) or _ATTACHMENT_LABEL.match(compact)
    )


def _is_closing(paragraph: str) -> bool:
    compact = re.sub(r"\s+", "", paragraph)
    return bool(_is_marker(paragraph) or _is_signature_name(compact) or _CLOSING.search(compact))


def _plan_title(front: Sequence[str]) -> str | None:
    """The 要点's own title: the last short line before the tasks named like a plan, after
    the wrapper's signature when there is one."""
    for line in reversed(front):
        compact = re.sub(r"\s+", "", line)
        if _is_marker(line):
            break
        if len(compact) <= _MAX_PLAN_TITLE and _PLAN_TITLE.search(compact) and "。" not in compact:
            return compact
    return None
