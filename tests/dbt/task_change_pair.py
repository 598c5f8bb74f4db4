"""Notice pairs with known edits: an expected corpus notice as printed, and a "next year"
notice made from a copy of it by the edits in tests/fixtures/task_changes/*.edits.json.
Every year in the copy is bumped (2017 → 2018, 2016 → 2017, deadlines a year later),
which must not count as an edit; the edits that must count are listed with the row they
touch, so the truth is known by construction.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.expected_corpus import EXPECTED_DIR, read_expected

REPO = Path(__file__).resolve().parents[2]
EDITS_DIR = REPO / "tests" / "fixtures" / "task_changes"
NINGYANG = EDITS_DIR / "ningyang-2018.edits.json"
LIANGSHAN = EDITS_DIR / "liangshan-2022.edits.json"
YEAR = re.compile(r"(?<![0-9])(19|20)([0-9]{2})(?![0-9])")


@dataclass
class Truth:
    """The edits a reader of both notices would list, by 2017 row (or new requirement)."""

    added: set[str] = field(default_factory=set)  # requirements of new tasks
    dropped: set[int] = field(default_factory=set)  # 2017 rows
    units: set[int] = field(default_factory=set)  # 2017 rows whose units really changed
    cadence: set[int] = field(default_factory=set)
    deadline: set[int] = field(default_factory=set)
    text: set[int] = field(default_factory=set)
    section: set[int] = field(default_factory=set)
    alias_only: set[int] = field(default_factory=set)  # renamed units, nothing else

    def events(self) -> set[tuple[str, str]]:
        """The events F1 is measured on: added, dropped, unit and cadence changes."""
        return (
            {("added", text) for text in self.added}
            | {("dropped", str(row)) for row in self.dropped}
            | {("units", str(row)) for row in self.units}
            | {("cadence", str(row)) for row in self.cadence}
        )


def bump_years(text: str | None) -> str | None:
    if text is None:
        return None
    return YEAR.sub(lambda m: str(int(m.group(0)) + 1), text)


def _bumped_row(row: dict[str, Any]) -> dict[str, Any]:
    row = copy.deepcopy(row)
    row["requirement"] = bump_years(row["requirement"])
    row["section"] = [bump_years(s) for s in row["section"]]
    row["deadline_text"] = bump_years(row["deadline_text"])
    if row["deadline_date"]:
        day = dt.date.fromisoformat(row["deadline_date"])
        row["deadline_date"] = day.replace(year=day.year + 1).isoformat()
    return row


def _bumped_meta(meta: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    meta = copy.deepcopy(meta)
    for key in ("title", "table_title", "body", "issuer"):
        meta[key] = bump_years(meta[key])
    meta.update(edits["meta"])
    return meta


def _rename(units: list[str], renames: dict[str, str]) -> list[str]:
    return [renames.get(unit, unit) for unit in units]


def next_year_pair(
    edits_path: Path = NINGYANG,
) -> tuple[
    tuple[dict[str, Any], list[dict[str, Any]]], tuple[dict[str, Any], list[dict[str, Any]]], Truth
]:
    """(the notice, its next-year copy, truth): each notice as (meta, rows)."""
    edits = json.loads(edits_path.read_text(encoding="utf-8"))
    base = read_expected(EXPECTED_DIR / edits["base"])
    meta, rows = base.meta, base.rows
    renamed_sections = edits.get("section_renames", {})
    truth = Truth()
    by_row = {row["row"]: _bumped_row(row) for row in rows}

    for row_no, renames in edits["alias_renames"].items():
        row = by_row[int(row_no)]
        for role in ("lead_units", "responsible_units", "cooperating_units"):
            row[role] = _rename(row[role], renames)
        for text_field in ("lead_units_text", "responsible_units_text"):
            for old, new in renames.items():
                if row[text_field]:
                    row[text_field] = row[text_field].replace(old, new)
        truth.alias_only.add(int(row_no))
    for row_no, change in edits["unit_changes"].items():
        by_row[int(row_no)].update(change)
        truth.units.add(int(row_no))
    for row_no, change in edits["cadence_changes"].items():
        by_row[int(row_no)].update(change)
        truth.cadence.add(int(row_no))
        truth.text.add(int(row_no))  # the cadence is read from the reworded text
    for row_no, change in edits["deadline_changes"].items():
        by_row[int(row_no)].update(change)
        truth.deadline.add(int(row_no))
        if "requirement" in change:
            truth.text.add(int(row_no))
    for row_no, change in edits["rewordings"].items():
        by_row[int(row_no)].update(change)
        truth.text.add(int(row_no))
    for row in by_row.values():  # a heading renumbered (（三） → （四）) is no edit
        row["section"] = [renamed_sections.get(s, s) for s in row["section"]]
    for row_no, moved_to in edits["section_moves"].items():
        by_row[int(row_no)]["section"] = copy.deepcopy(by_row[int(moved_to)]["section"])
        truth.section.add(int(row_no))
    for row_no in edits["dropped"]:
        del by_row[row_no]
        truth.dropped.add(row_no)

    ordered: list[dict[str, Any]] = []
    additions = {int(after): new for after, new in edits["added_after"].items()}
    for row_no in sorted({r["row"] for r in rows}):
        if row_no in by_row:
            ordered.append(by_row[row_no])
        if row_no in additions:
            new = additions[row_no]
            base = by_row.get(row_no) or _bumped_row(rows[row_no - 1])
            ordered.append({**base, "seq": None, **new})
            truth.added.add(new["requirement"])

    next_meta = _bumped_meta(meta, edits)
    for index, row in enumerate(ordered, start=1):
        row["row"] = index
        row["notice_id"] = next_meta["notice_id"]
    return (meta, rows), (next_meta, ordered), truth
