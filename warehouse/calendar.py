"""Deadline calendars: one iCalendar file (RFC 5545) per canonical unit, plus all.ics.

Every obligation with an absolute deadline (a task row × canonical unit × role whose row
has a deadline_date) is an all-day VEVENT on that date. Its UID is a hash of the notice
key, the task's row in the notice and the unit with its role, so a rebuilt or reprocessed
warehouse gives the same UIDs and a subscribed calendar client updates its events
instead of adding copies. DTSTAMP comes from the data too (the notice's publication
date), so an unchanged warehouse writes byte-identical files.

The folder is published like the snapshot: written in full under a temporary name beside
it, then swapped in by renaming a symlink (`calendar` → `.calendar-<id>`), which is atomic
on one filesystem. A reader that opens `calendar/x.ics` sees the old set or the new set,
never a mix and never a half-written file; a file already open stays readable after the
swap. `stage()` writes the new set before the snapshot is published and swaps it right
after, so the two change together (two renames apart).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
from icalendar import Calendar, Event

from warehouse.db import one_row

CALENDAR_DIR = "calendar"
INDEX_FILE = "index.json"
ALL_FILE = "all.ics"
PRODID = "-//disclosure-obligations warehouse//notices calendar//ZH"
SUMMARY_CHARS = 40
ROLE_NAMES = {
    "lead": "牵头 lead",
    "responsible": "责任 responsible",
    "cooperating": "配合 cooperating",
}

# The fact rows with a deadline; its grain adds the frequency label, which a deadline
# does not depend on, so read_obligations keeps one row per task row × unit × role.
OBLIGATIONS_SQL = """
select
    facts.unit_key,
    units.canonical_unit,
    facts.unit_name_qualified,
    facts.unit_name_printed,
    facts.unit_role,
    facts.task_row_id,
    facts.row_in_notice,
    facts.deadline_date,
    facts.requirement,
    facts.section_path,
    notices.notice_key,
    notices.title,
    notices.doc_number,
    notices.publish_date
from marts.fct_disclosure_obligations as facts
inner join marts.dim_unit as units on facts.unit_key = units.unit_key
inner join marts.dim_notice as notices on facts.notice_id = notices.notice_id
where facts.deadline_date is not null
order by facts.deadline_date, notices.notice_key, facts.row_in_notice, facts.unit_key,
    facts.unit_role, facts.unit_position, facts.frequency_label
"""


@dataclass(frozen=True)
class Obligation:
    unit_key: str
    canonical_unit: str
    unit_name: str
    printed_name: str
    role: str
    task_row_id: str
    row_in_notice: int
    deadline: date
    requirement: str
    section_path: str | None
    notice_key: str
    title: str | None
    doc_number: str | None
    publish_date: date | None

    @property
    def uid(self) -> str:
        key = "|".join((self.notice_key, str(self.row_in_notice), self.unit_key, self.role))
        return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@notices"


def calendar_dir(home: Path) -> Path:
    """Where the calendars of a warehouse folder (NOTICES_HOME) are published."""
    return Path(home) / CALENDAR_DIR


def read_obligations(database: Path) -> list[Obligation]:
    """The dated obligations of a warehouse or snapshot; none when the marts are not built."""
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.ConnectionException:
        # this process already holds the file read-write (DuckDB allows one configuration
        # per file and process): share that instance, as warehouse.publish does
        con = duckdb.connect(str(database))
    try:
        (built,) = one_row(
            con,
            "select count(*) from information_schema.tables"
            " where table_schema = 'marts' and table_name = 'fct_disclosure_obligations'",
        )
        if not built:
            return []
        rows = con.execute(OBLIGATIONS_SQL).fetchall()
    finally:
        con.close()
    seen: dict[tuple[str, str, str], Obligation] = {}
    for row in rows:
        obligation = Obligation(*row)
        # two spellings of one body in one cell are one obligation: the first is kept
        seen.setdefault((obligation.task_row_id, obligation.unit_key, obligation.role), obligation)
    return list(seen.values())


def summary(requirement: str) -> str:
    """The start of a requirement: its first sentence, at most SUMMARY_CHARS characters."""
    text = " ".join(requirement.split())
    sentence = re.split(r"(?<=[。；;！？])", text, maxsplit=1)[0]
    if len(sentence) <= SUMMARY_CHARS:
        return sentence
    return sentence[: SUMMARY_CHARS - 1] + "…"


def description(obligation: Obligation) -> str:
    lines = [
        obligation.requirement,
        "",
        f"单位 unit: {obligation.unit_name}（{obligation.canonical_unit}）",
        f"角色 role: {ROLE_NAMES.get(obligation.role, obligation.role)}",
        f"通知 notice: {obligation.title or obligation.notice_key}",
        f"文号 doc number: {obligation.doc_number or '无 none'}",
        f"类别 section: {obligation.section_path or '-'}",
    ]
    return "\n".join(lines)


def event(obligation: Obligation) -> Event:
    stamp_day = obligation.publish_date or obligation.deadline
    item = Event()
    item.add("uid", obligation.uid)
    item.add("dtstamp", datetime(stamp_day.year, stamp_day.month, stamp_day.day, tzinfo=UTC))
    item.add("dtstart", obligation.deadline)  # a date: an all-day event
    item.add("dtend", obligation.deadline + timedelta(days=1))
    item.add("summary", summary(obligation.requirement))
    item.add("description", description(obligation))
    item.add("categories", [obligation.role])
    item.add("transp", "TRANSPARENT")
    return item


def calendar(name: str, obligations: list[Obligation]) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for obligation in obligations:
        cal.add_component(event(obligation))
    return cal


def safe_file_name(canonical_unit: str, unit_key: str) -> str:
    """A file name any filesystem and URL takes: the unit's name with every character but
    letters (CJK included), digits, - and _ replaced, and a piece of its key (two units
    whose names read alike after cleaning stay apart)."""
    cleaned = re.sub(r"[^\w-]+", "-", canonical_unit, flags=re.UNICODE).strip("-_")[:60]
    return f"{cleaned or 'unit'}-{unit_key[:8]}.ics"


def write_folder(folder: Path, obligations: list[Obligation]) -> dict[str, Any]:
    """Write every unit's file, all.ics and index.json into `folder`; returns the index."""
    folder.mkdir(parents=True, exist_ok=True)
    by_unit: dict[str, list[Obligation]] = defaultdict(list)
    for obligation in obligations:
        by_unit[obligation.unit_key].append(obligation)
    units = []
    for unit_key, items in sorted(by_unit.items(), key=lambda kv: (kv[1][0].canonical_unit, kv[0])):
        name = items[0].canonical_unit
        file_name = safe_file_name(name, unit_key)
        (folder / file_name).write_bytes(calendar(name, items).to_ical())
        units.append(
            {
                "unit_key": unit_key,
                "canonical_unit": name,
                "names": sorted({o.unit_name for o in items} | {o.printed_name for o in items}),
                "file": file_name,
                "events": len(items),
            }
        )
    (folder / ALL_FILE).write_bytes(calendar("全部单位 all units", obligations).to_ical())
    index = {"all": ALL_FILE, "events": len(obligations), "units": units}
    (folder / INDEX_FILE).write_text(
        json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return index


def _swap(target: Path, staged: Path) -> None:
    """Point `target` at `staged` in one rename; remove what it pointed at before."""
    previous = target.resolve() if target.is_symlink() else None
    if target.exists() and not target.is_symlink():
        # a plain folder from an older layout: moved aside once, then replaced by the link
        aside = target.with_name(f".{target.name}-old-{uuid.uuid4().hex[:8]}")
        target.rename(aside)
        previous = aside
    link = target.with_name(f".{target.name}-link-{uuid.uuid4().hex[:8]}")
    link.symlink_to(staged.name)  # relative: the home folder may be mounted elsewhere
    os.replace(link, target)
    if previous is not None and previous != staged.resolve():
        shutil.rmtree(previous, ignore_errors=True)


@contextlib.contextmanager
def stage(database: Path, target: Path) -> Iterator[Callable[[], dict[str, Any]]]:
    """Write the calendars of `database` into a new folder beside `target`; yields a
    function that swaps them in. Left unswapped (e.g. the snapshot failed), the new folder
    is removed and `target` keeps the previous calendars."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}-{uuid.uuid4().hex[:12]}")
    index = write_folder(staged, read_obligations(database))
    swapped = False

    def swap() -> dict[str, Any]:
        nonlocal swapped
        _swap(target, staged)
        swapped = True
        return index

    try:
        yield swap
    finally:
        if not swapped:
            shutil.rmtree(staged, ignore_errors=True)


def publish_calendars(database: Path, target: Path) -> dict[str, Any]:
    """Write and swap in the calendars of `database` at once; returns the index."""
    with stage(database, target) as swap:
        return swap()


def unit_files(target: Path, name: str) -> list[Path]:
    """The calendar files of the units called `name`: the canonical name, a spelling
    (region-qualified or as printed, which may name units of several regions), or a unit
    key; empty when none has a dated obligation."""
    index_path = Path(target) / INDEX_FILE
    if not index_path.exists():
        raise FileNotFoundError(f"no calendars at {target}: run `notices run` or `notices publish`")
    index = json.loads(index_path.read_text(encoding="utf-8"))
    wanted = name.strip()
    return [
        Path(target) / unit["file"]
        for unit in index["units"]
        if wanted in (unit["canonical_unit"], unit["unit_key"], *unit["names"])
    ]
