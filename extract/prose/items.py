"""Paragraphs under numbered headings → prose tasks (docs/extraction_schema.md, "Prose
notices").

A heading opens a section of its level and closes every section of its level or deeper.
A paragraph under a heading is one task unless the text divides it itself: items numbered
``1.`` ``2.`` inside it, or clauses that each close with their own unit parenthetical
(one task per parenthetical, holding the text since the previous one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.prose.headings import BULLET, heading_mark, is_title_like, item_title
from extract.prose.parenthetical import UnitNote, unit_notes
from extract.text import ends_sentence

# A number that opens an item inside a paragraph: at its start or after a clause mark.
_INLINE_ITEM = re.compile(
    r"(?:^|(?<=[。；;：:]))\s*(?P<mark>(?P<n>\d{1,2})[.．、](?!\d)|[（(](?P<p>\d{1,2})[）)])"
)
# Punctuation right after a parenthetical belongs to the text it closes.
_TRAILING = "。；;，,、 "


@dataclass(frozen=True)
class ProseTask:
    """One prose row before normalisation: section path, printed item number (an item
    without a title of its own), task text and its unit parenthetical."""

    section: tuple[str, ...]
    seq: str | None
    requirement: str
    note: UnitNote | None


def prose_tasks(paragraphs: Sequence[str]) -> list[ProseTask]:
    """Tasks of the paragraphs from the first heading on; text before it is no task."""
    stack: list[tuple[int, str]] = []
    tasks: list[ProseTask] = []
    paragraphs = rejoined(paragraphs)
    for index, raw in enumerate(paragraphs):
        text = BULLET.sub("", raw).strip()
        if not text:
            continue
        mark = heading_mark(text)
        if mark is None:
            if stack:
                tasks.extend(split_tasks(text, _path(stack), None))
            continue
        while stack and stack[-1][0] >= mark.level:
            stack.pop()
        body = text[len(mark.text) :].strip()
        notes = unit_notes(body)
        titled = item_title(body)
        if (
            titled is not None
            and _has_text(titled[1])
            and (not notes or notes[0].start > len(titled[0]))
        ):
            stack.append((mark.level, mark.text + titled[0]))
            tasks.extend(split_tasks(titled[1], _path(stack), None))
        elif not notes and _is_heading(body, mark.level, paragraphs[index + 1 :]):
            stack.append((mark.level, text.rstrip("。")))
        else:
            tasks.extend(split_tasks(body, _path(stack), _seq(mark.text)))
    return tasks


def rejoined(paragraphs: Sequence[str]) -> list[str]:
    """Paragraphs with a line the reader did not join to its paragraph joined back (an OCR
    line or a PDF line that stopped short of the margin): a line that is no title, does
    not close its sentence, and is followed by a line without a heading mark."""
    out: list[list[str]] = []  # each paragraph's lines, joined once at the end
    cut = False  # whether the last paragraph stops mid-sentence
    for raw in paragraphs:
        text = raw.strip()
        if cut and text and heading_mark(BULLET.sub("", text)) is None:
            out[-1].append(text)
            # a paragraph that was no title stays none as it grows: only its end decides
            cut = _open_end(text)
        else:
            out.append([text])
            cut = _is_cut(text)
    return ["".join(lines) for lines in out]


def _open_end(text: str) -> bool:
    return bool(text) and not ends_sentence(text) and not text.endswith(("：", ":", "）", ")"))


def _is_cut(text: str) -> bool:
    if not _open_end(text):
        return False
    body = text[len(mark.text) :] if (mark := heading_mark(text)) else text
    return "。" in body or not is_title_like(body)


def split_tasks(text: str, section: tuple[str, ...], seq: str | None) -> list[ProseTask]:
    """One paragraph's tasks: its inline numbered items, each divided at its unit
    parentheticals."""
    items = _inline_items(text)
    if not items:
        return by_notes(text, section, seq)
    lead_in = text[: items[0][1]].strip().rstrip("：:")
    if lead_in:
        section = (*section, lead_in)
    pieces = [
        (mark, text[start : items[i + 1][1] if i + 1 < len(items) else len(text)])
        for i, (mark, start) in enumerate(items)
    ]
    tasks = [
        task
        for mark, piece in pieces
        for task in by_notes(piece.strip()[len(mark) :].strip(), section, _seq(mark))
    ]
    shared = tasks[-1].note
    if shared is not None and all(task.note is None for task in tasks[:-1]):
        # one parenthetical closing the whole paragraph names the units of all its items
        tasks = [ProseTask(t.section, t.seq, t.requirement, shared) for t in tasks]
    return tasks


def by_notes(text: str, section: tuple[str, ...], seq: str | None) -> list[ProseTask]:
    """A text divided at its unit parentheticals: each task holds the text since the
    previous one; text after the last is a task without units."""
    notes = unit_notes(text)
    if not notes:
        return [ProseTask(section, seq, text.strip(), None)]
    tasks: list[ProseTask] = []
    position = 0
    for note in notes:
        after = note.end
        while after < len(text) and text[after] in _TRAILING:
            after += 1
        requirement = (text[position : note.start] + text[note.end : after]).strip()
        if requirement.strip(_TRAILING):
            tasks.append(ProseTask(section, seq, requirement, note))
        elif tasks:  # two parentheticals in a row: the second names more units of the task
            tasks[-1] = ProseTask(section, seq, tasks[-1].requirement, _merged(tasks[-1], note))
        position = after
    rest = text[position:].strip()
    if rest.strip(_TRAILING):
        tasks.append(ProseTask(section, seq, rest, None))
    return tasks


def _merged(task: ProseTask, note: UnitNote) -> UnitNote:
    first = task.note
    assert first is not None
    texts = [t for t in (first.responsible_units_text, note.responsible_units_text) if t]
    leads = [t for t in (first.lead_units_text, note.lead_units_text) if t]
    return UnitNote(
        first.start,
        note.end,
        "；".join(leads) or None,
        "；".join(texts) or None,
        tuple(dict.fromkeys((*first.lead, *note.lead))),
        tuple(dict.fromkeys((*first.responsible, *note.responsible))),
        tuple(dict.fromkeys((*first.cooperating, *note.cooperating))),
        first.deadline_text or note.deadline_text,
    )


def _inline_items(text: str) -> list[tuple[str, int]]:
    """(mark, start) of items numbered 1, 2, 3… inside a paragraph; none unless at least
    two, counted from 1 without a gap."""
    items: list[tuple[str, int]] = []
    for match in _INLINE_ITEM.finditer(text):
        number = int(match["n"] or match["p"])
        if number == len(items) + 1:
            items.append((match["mark"], match.start("mark")))
    return items if len(items) >= 2 else []


def _is_heading(body: str, level: int, following: Sequence[str]) -> bool:
    """A numbered paragraph without units is a heading when text of its own goes on
    under it (a paragraph without a mark, or a deeper level) and it reads as a title:
    no closing punctuation, or a short phrase closed by 。."""
    if ends_sentence(body) and not is_title_like(body):
        return False
    for raw in following:
        text = BULLET.sub("", raw).strip()
        if not text:
            continue
        mark = heading_mark(text)
        return mark is None or mark.level > level
    return False


def _has_text(rest: str) -> bool:
    """Text beyond unit parentheticals: an item that is one sentence and its units
    (1.每半年公开一次…。（县扶贫办负责）) has no title of its own, it is the task."""
    for note in reversed(unit_notes(rest)):
        rest = rest[: note.start] + rest[note.end :]
    return bool(rest.strip(_TRAILING))


def _path(stack: list[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(text for _, text in stack)


def _seq(mark: str) -> str:
    return re.sub(r"\s+", "", mark)
