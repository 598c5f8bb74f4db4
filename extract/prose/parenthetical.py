"""Unit parentheticals of a 工作要点 paragraph (docs/extraction_schema.md, "Prose notices").

A prose task names its units in parentheses at the end of its item, sentence or clause:
``…信息。（县发改局、县财政局按职责分工负责）``, ``（牵头单位：A；责任单位：B、C）``,
``（A牵头，B、C配合）``. Parentheses that name no unit stay in the text: ``（试行）``,
``（2018-2022年）``, ``（以下简称…）``, ``（国办发〔2016〕19号）``, ``各乡镇（街道）``.

Roles come from the units module's marks (extract/units.py): one home for 牵头 / 负责 /
配合 and the boilerplate around them; this module only finds the parenthetical and its
labelled parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from extract.units import NAME_ENDINGS, Role, Unit, cell_units

OPENERS = "（("
CLOSERS = "）)"
# Labels of the parts of a parenthetical (牵头单位：A；责任单位：B), with the role of the
# units after them. 配合/参与/协办 parts are cooperating.
_LABEL = re.compile(
    r"(?P<word>牵头单位|牵头部门|牵头|责任单位|责任部门|主责单位|落实单位|配合单位|配合部门|"
    r"参与单位|参与部门|协办单位|协办部门|协助单位|协同单位|协同部门)\s*[:：]"
)
_LABEL_ROLES: dict[str, Role] = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "牵头": "lead",
    "配合单位": "cooperating",
    "配合部门": "cooperating",
    "参与单位": "cooperating",
    "协办单位": "cooperating",
    "协助单位": "cooperating",
    "参与部门": "cooperating",
    "协办部门": "cooperating",
    "协同单位": "cooperating",
    "协同部门": "cooperating",
}
# Role words that close a group of units (牵头, 按职责分工负责, 分别负责落实, 配合, 参与).
_ROLE_END = re.compile(r"(?:牵头|负责|落实|配合|参与|协助|协办)$")
# What a parenthetical that names no unit holds: a document number, a year span, a
# short name, a status of the text.
_NOT_UNITS = re.compile(
    r"^(?:包括|含|不含|如|即|例如|主要是|特别是)|简称|〔|\[|号$|试行|暂行|修订|草案|征求意见|^[\d\s\-—–~～至年月日、，,.．]+$"
)
# A clause of a parenthetical (up to and including its separator), and one that gives a
# deadline rather than units.
_CLAUSE = re.compile(r"[^，,；;]+[，,；;]?")
_DEADLINE_LABEL = re.compile(r"^(?:完成时限|时限要求|完成时间|时间要求|时限)[:：]")
_DEADLINE_CLAUSE = re.compile(
    r"^(?:完成时限|时限要求|完成时间|时间要求|时限)[:：]|\d{1,4}年|\d{1,2}月|年底|年内|底前|前完成|"
    r"^(?:长期|持续|全年|常态化)"
)
# Characters that may follow a clause-closing parenthetical.
_CLAUSE_END = "。；;，,！？!?"
_SENTENCE_END = "。；;！？!?"
_MIN_BARE_NAME = 3  # an unmarked name shorter than this (街道, 区) is not a unit list


@dataclass(frozen=True)
class UnitNote:
    """A unit parenthetical: where it stands in its text (parentheses included), the parts
    as printed and the units by role."""

    start: int
    end: int
    lead_units_text: str | None
    responsible_units_text: str | None
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    cooperating: tuple[str, ...]
    # a deadline printed with the units (（县发改局负责，2018年6月底前完成）)
    deadline_text: str | None = None


def unit_notes(text: str) -> list[UnitNote]:
    """Every parenthetical of ``text`` that names units and closes a clause, in order."""
    notes: list[UnitNote] = []
    for start, end in _parentheses(text):
        if not _closes_clause(text, start, end):
            continue
        note = parse_note(text[start + 1 : end - 1], start, end)
        if note is not None:
            notes.append(note)
    return notes


def is_unit_note(text: str) -> bool:
    """True when the whole text is one unit parenthetical (a line that only carries the
    units of the paragraph above it)."""
    spans = _parentheses(text.strip())
    return (
        len(spans) == 1
        and spans[0] == (0, len(text.strip()))
        and parse_note(text.strip()[1:-1], 0, len(text.strip())) is not None
    )


def open_depth(text: str) -> int:
    """How many parentheses are left open at the end of ``text`` (a wrapped parenthetical)."""
    depth = 0
    for char in text:
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS and depth:
            depth -= 1
    return depth


def parse_note(content: str, start: int = 0, end: int = 0) -> UnitNote | None:
    """The units of a parenthetical's content, or None when it names no unit."""
    inner = re.sub(r"\s+", "", content)
    if not inner or _NOT_UNITS.search(inner):
        return None
    inner, deadline = _without_deadline(inner)
    if not inner:
        return None
    labels = list(_LABEL.finditer(inner))
    if labels and labels[0].start() == 0:
        return replace(_labelled(inner, labels, start, end), deadline_text=deadline)
    units = cell_units(inner, "responsible")
    if not units or not _names_units(inner, units):
        return None
    lead_text, other_text = _split_by_role(inner)
    return UnitNote(
        start,
        end,
        lead_text,
        other_text,
        *_by_role((unit.name, unit.role) for unit in units if unit.role is not None),
        deadline_text=deadline,
    )


def _split_by_role(inner: str) -> tuple[str | None, str | None]:
    """An unlabelled parenthetical's parts as printed: the clauses that name lead units
    (县发改局牵头) and the others (县财政局、县统计局配合), marks kept."""
    lead: list[str] = []
    other: list[str] = []
    for match in _CLAUSE.finditer(inner):
        clause = match.group(0).rstrip("，,；;")
        roles = {unit.role for unit in cell_units(clause, "responsible")}
        (lead if roles == {"lead"} else other).append(match.group(0))
    return "".join(lead).rstrip("，,；;") or None, "".join(other).rstrip("，,；;") or None


def _without_deadline(inner: str) -> tuple[str, str | None]:
    """The parenthetical without the clauses that give its deadline, and those clauses
    (（县发改局负责，2018年6月底前完成） → 县发改局负责, 2018年6月底前完成)."""
    kept: list[str] = []
    deadlines: list[str] = []
    for match in _CLAUSE.finditer(inner):
        clause = match.group(0)
        body = clause.rstrip("，,；;")
        if _DEADLINE_CLAUSE.search(body) and not _ROLE_END.search(_without_tail(body)):
            deadlines.append(_DEADLINE_LABEL.sub("", body))
        else:
            kept.append(clause)
    if not deadlines:
        return inner, None
    return "".join(kept).rstrip("，,；;"), "，".join(deadlines)


def _labelled(inner: str, labels: list[re.Match[str]], start: int, end: int) -> UnitNote:
    """``牵头单位：A；责任单位：B、C``: each part's units take its label's role."""
    lead_parts: list[str] = []
    other_parts: list[str] = []
    found: list[tuple[str, Role]] = []
    for index, label in enumerate(labels):
        stop = labels[index + 1].start() if index + 1 < len(labels) else len(inner)
        part = inner[label.end() : stop].strip("；;，,。 ")
        role = _LABEL_ROLES.get(label["word"], "responsible")
        if role == "lead":
            lead_parts.append(part)
        elif role == "responsible":
            other_parts.append(part)
        else:  # a cooperating part keeps its label: the text says why they are there
            other_parts.append(inner[label.start() : stop].strip("；;，,。 "))
        for unit in cell_units(part, role):
            # a mark inside a part (A牵头) decides over the label, as in a table cell
            found.append((unit.name, unit.role or role))
    return UnitNote(
        start,
        end,
        "；".join(lead_parts) or None,
        "；".join(other_parts) or None,
        *_by_role(found),
    )


def _names_units(inner: str, units: list[Unit]) -> bool:
    """A parenthetical names units when its groups close with a role word (…负责,
    A牵头，B配合) or, unmarked, when every piece is a unit-like name."""
    groups = [g for g in re.split(r"[，,；;]", inner) if g]
    if groups and all(_ROLE_END.search(_without_tail(g)) for g in groups[-1:]):
        return True
    return all(
        len(unit.name) >= _MIN_BARE_NAME and unit.name[-1] in NAME_ENDINGS for unit in units
    ) and any(len(unit.name) >= _MIN_BARE_NAME + 1 for unit in units)


def _without_tail(group: str) -> str:
    """A group without the words after its units that are not role words (等部门, 等)."""
    for word in ("等有关部门", "等相关部门", "等部门", "等单位", "等"):
        group = group.removesuffix(word)
    return group


def _by_role(
    units: Iterable[tuple[str, Role]],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    roles: dict[Role, list[str]] = {"lead": [], "responsible": [], "cooperating": []}
    for name, role in units:
        if name and name not in roles[role]:
            roles[role].append(name)
    return tuple(roles["lead"]), tuple(roles["responsible"]), tuple(roles["cooperating"])


def _parentheses(text: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost parenthesis pair, end exclusive."""
    spans: list[tuple[int, int]] = []
    depth = 0
    opened = 0
    for index, char in enumerate(text):
        if char in OPENERS:
            if depth == 0:
                opened = index
            depth += 1
        elif char in CLOSERS and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, index + 1))
    return spans


def _closes_clause(text: str, start: int, end: int) -> bool:
    """A unit parenthetical ends its item, sentence or clause: the text ends or a clause
    mark follows it, or a sentence ended right before it (…信息。（A负责）推进…)."""
    after = text[end:].lstrip()
    before = text[:start].rstrip()
    return not after or after[0] in _CLAUSE_END or (not before or before[-1] in _SENTENCE_END)
