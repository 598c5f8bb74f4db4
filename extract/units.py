"""Unit cells → unit lists with roles (docs/extraction_schema.md, "Units: splitting and roles").

A unit cell is a list of units separated by 、，,；; or line breaks, in groups that end with
a role mark (县发改局、县财政局按职责分工分别牵头落实 → both lead). Marks: 牵头 → lead;
配合/协助, or introduced by 会同 → cooperating; 落实/负责 without 牵头 → responsible. An
unmarked unit takes the role of its column.

Input: the cell text as the table extractor gives it (`extract.text.clean_cell`): lines that
only wrap inside a unit name already joined, line breaks that separate units kept. As a
safety net, a line break that cannot be a separator (it falls inside a unit name such as
县经\\n信局) is joined here as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["lead", "responsible", "cooperating"]

SEPARATORS = "、，,；;\n"
_OPEN = "（(【〔[<《"
_CLOSE = "）)】〕]>》"

# Role boilerplate at the end of a unit or group; stripped repeatedly, longest first.
BOILERPLATE: tuple[str, ...] = tuple(
    sorted(
        {
            # docs/extraction_schema.md
            "按职责分工分别牵头落实",
            "按照职责分工分别牵头落实",
            "按职责分工牵头落实",
            "按职责分工分别落实",
            "分别牵头落实",
            "牵头落实",
            "分别牵头",
            "牵头",
            "负责落实",
            "分别落实",
            "落实",
            "等部门",
            "等",
            "配合",
            # the same marks in their other printed pieces, so that any combination of
            # them (按职责分工落实, 按照职责分工分别负责落实, 协助配合) is removed
            "按照职责分工",
            "按职责分工",
            "根据职责分工",
            "按照职责",
            "按职责",
            "分别",
            "负责",
            "共同",
            "具体",
            "协助",
            "参与",
            "等单位",
            "等有关部门",
            "等相关部门",
            "等有关单位",
            "等相关单位",
        },
        key=len,
        reverse=True,
    )
)
_LEAD_MARKS = ("牵头",)
_COOPERATING_MARKS = ("配合", "协助", "参与")
_RESPONSIBLE_MARKS = ("落实", "负责")
# A role mark followed by another unit without a separator: …分别牵头落实各县（区）人民政府.
_MID_MARK = re.compile(
    r"(?:(?:按照?|根据)职责(?:分工)?)?(?:分别|共同)?(?:牵头落实|负责落实|牵头|负责|落实|配合|协助)"
)
_COOPERATING_INTRO = "会同"
# Last characters of unit names (局, 办公室, 中心, 街道办事处, 各镇(街区)…): a line break or a
# missing separator right after one of them can end a unit.
_NAME_ENDINGS = "局办委室院会心司行部处社馆团站所队府区镇道联协组门位台园场校厅署村庭店）)"
# How a unit name starts: a new line or a run-on name beginning like this is a new unit.
_NAME_STARTS = (
    "县",
    "市",
    "区",
    "省",
    "州",
    "旗",
    "各",
    "乡",
    "镇",
    "街",
    "人民",
    "中国",
    "国家",
    "驻",
)
# Two names printed without a separator: 县能源事业发展中心县科技局. The second must look
# like a whole name (县科技局), not a branch or a modifier (县分局, 市场监管局, 市属企业).
_RUN_ON = re.compile(rf"(?<=[{_NAME_ENDINGS}])(?=[县市区](?!分|场|属|直|级|辖|域|内|外))")
_MIN_RUN_ON_PART = 3


@dataclass(frozen=True)
class UnitRoles:
    """Units of one task row by role, each list in document order without duplicates."""

    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    name: str
    cooperating_intro: bool  # introduced by 会同
    role: Role | None = None


def assign_roles(
    lead_units_text: str | None,
    responsible_units_text: str | None,
) -> UnitRoles:
    """Split the lead and responsible cells of a row into units and give each its role.

    Role marks decide wherever they are printed, whether or not the table has a lead-unit
    column, so a 责任单位-only table whose cell says X牵头…Y落实 yields X as lead; unmarked
    units take their column's role.
    """
    roles: dict[Role, list[str]] = {"lead": [], "responsible": [], "cooperating": []}
    cells: tuple[tuple[str | None, Role], ...] = (
        (lead_units_text, "lead"),
        (responsible_units_text, "responsible"),
    )
    for text, column_role in cells:
        for unit in cell_units(text, column_role):
            assert unit.role is not None
            if unit.name not in roles[unit.role]:
                roles[unit.role].append(unit.name)
    return UnitRoles(
        lead=roles["lead"], responsible=roles["responsible"], cooperating=roles["cooperating"]
    )


def split_units(text: str | None) -> list[str]:
    """The unit names of one cell, boilerplate removed, in order (roles ignored)."""
    return [unit.name for unit in cell_units(text, "responsible")]


def cell_units(text: str | None, column_role: Role) -> list[_Unit]:
    """Units of one cell with their roles; unmarked units get ``column_role``."""
    if not text:
        return []
    group: list[_Unit] = []
    done: list[_Unit] = []
    # 会同 makes every unit after it cooperating, up to the end of its group.
    cooperating_intro = False
    for piece, separator in _pieces(_join_wrapped_lines(text)):
        for part, is_intro in _split_intro(piece):
            cooperating_intro = cooperating_intro or is_intro
            for chunk in _split_mid_marks(part):
                name, marks = _strip_boilerplate(chunk)
                for single in _split_run_on(name):
                    group.append(_Unit(single, cooperating_intro))
                if marks:
                    _close_group(group, _role_of(marks), done)
                    group = []
                    cooperating_intro = False
        if separator != "、":
            # a clause ends at ，；or a line break; 会同 lists its units with 、
            cooperating_intro = False
    _close_group(group, column_role, done)
    return done


def _split_run_on(name: str) -> list[str]:
    """Split names printed without a separator, when both halves are plausible names."""
    names: list[str] = []
    start = 0
    for match in _RUN_ON.finditer(name):
        cut = match.start()
        left, right = name[start:cut], name[cut:]
        if (
            len(left) >= _MIN_RUN_ON_PART
            and len(right) > _MIN_RUN_ON_PART
            and right[-1] in _NAME_ENDINGS
        ):
            names.append(left)
            start = cut
    names.append(name[start:])
    return [single for single in names if single]


def _close_group(group: list[_Unit], role: Role, done: list[_Unit]) -> None:
    for unit in group:
        unit.role = "cooperating" if unit.cooperating_intro else role
        done.append(unit)


def _role_of(marks: list[str]) -> Role:
    joined = "".join(marks)
    if any(mark in joined for mark in _LEAD_MARKS):
        return "lead"
    if any(mark in joined for mark in _COOPERATING_MARKS):
        return "cooperating"
    return "responsible"


def _strip_boilerplate(chunk: str) -> tuple[str, list[str]]:
    """Remove role words from the end of a unit name; return the name and the words."""
    name = chunk.strip()
    if name.startswith("由"):
        name = name[1:]
    marks: list[str] = []
    stripped = True
    # (one endswith over the whole tuple, in C, before looking for which word it is:
    # most names end in none of them)
    while stripped and name.endswith(BOILERPLATE):
        stripped = False
        for word in BOILERPLATE:
            if name.endswith(word) and len(name) >= len(word):
                name = name[: -len(word)]
                marks.append(word)
                stripped = True
                break
    role_marks = [
        mark
        for mark in marks
        if any(m in mark for m in (*_LEAD_MARKS, *_COOPERATING_MARKS, *_RESPONSIBLE_MARKS))
    ]
    return name.strip(), role_marks


def _split_intro(piece: str) -> list[tuple[str, bool]]:
    """Split at 会同: the units after it cooperate (市发改委牵头，会同市农牧局…落实)."""
    if _COOPERATING_INTRO not in piece:
        return [(piece, False)]
    before, _, after = piece.partition(_COOPERATING_INTRO)
    parts: list[tuple[str, bool]] = [(before, False)] if before else []
    return parts + [(after, True)]


def _split_mid_marks(part: str) -> list[str]:
    """Split after a role mark that another unit follows without a separator."""
    chunks: list[str] = []
    start = 0
    for match in _MID_MARK.finditer(part):
        rest = part[match.end() :]
        if len(rest) >= 2 and not _is_boilerplate_only(rest) and match.start() > start:
            chunks.append(part[start : match.end()])
            start = match.end()
    chunks.append(part[start:])
    return [chunk for chunk in chunks if chunk]


def _is_boilerplate_only(text: str) -> bool:
    name, _ = _strip_boilerplate(text)
    return not name


def _pieces(text: str) -> list[tuple[str, str]]:
    """Split on separators outside brackets (各县（区、市）人民政府 stays whole).

    Returns (piece, the separator after it, "" at the end).
    """
    pieces: list[tuple[str, str]] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in SEPARATORS and depth == 0:
            pieces.append(("".join(current), ch))
            current = []
        else:
            current.append(ch)
    pieces.append(("".join(current), ""))
    return [(re.sub(r"\s+", "", piece), sep) for piece, sep in pieces if piece.strip()]


def _join_wrapped_lines(text: str) -> str:
    """Keep line breaks between units; join those that fall inside a unit name."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        out += "\n" + line if _breaks_between_units(out, line) else line
    return out


def _breaks_between_units(before: str, after: str) -> bool:
    if before[-1] in SEPARATORS or after[0] in SEPARATORS:
        return True
    tail = re.split(f"[{SEPARATORS}]", before)[-1]
    head = re.split(f"[{SEPARATORS}]", after)[0]
    if len(tail) < 2 or len(head) < 3:
        return False
    ends_like_name = tail[-1] in _NAME_ENDINGS or _strip_boilerplate(tail)[1] != []
    return ends_like_name or head.startswith(_NAME_STARTS)


# The names the prose stages (extract/prose/parenthetical.py) read a unit parenthetical with.
NAME_ENDINGS = _NAME_ENDINGS
Unit = _Unit
