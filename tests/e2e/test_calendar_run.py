"""`notices run` writes the deadline calendars beside the snapshot; `notices calendar`
finds a unit's file; a reprocess (every document re-extracted, the marts rebuilt and
published again) keeps every UID, so subscribed clients update instead of duplicating."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from icalendar import Calendar

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
NOTICES = Path(sys.executable).with_name("notices")
SAMPLE = "ningyang-2017.grid.pdf"  # the sample with dated (年内, 年底前) obligations


def _notices(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NOTICES_HOME": str(home)}
    return subprocess.run(
        [str(NOTICES), *args], env=env, capture_output=True, text=True, timeout=600
    )


def _uids(folder: Path) -> dict[str, list[str]]:
    return {
        path.name: sorted(
            str(event["UID"]) for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        )
        for path in sorted(folder.glob("*.ics"))
    }


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("calendar_run")
    (root / "files").mkdir()
    shutil.copy(REPO / "samples" / SAMPLE, root / "files" / SAMPLE)
    (root / "sources.yml").write_text(
        "sources:\n  - id: inbox\n    type: dir\n    path: files\n", encoding="utf-8"
    )
    home = root / "home"
    run = _notices(["run", "--config", str(root / "sources.yml")], home)
    assert run.returncode == 0, run.stderr[-3000:]
    return home


def test_run_publishes_a_calendar_per_unit_with_a_dated_obligation(home: Path) -> None:
    folder = home / "calendar"
    uids = _uids(folder)
    con = duckdb.connect(str(home / "reporting.duckdb"), read_only=True)
    try:
        units = con.execute(
            "select count(distinct unit_key), count(distinct (task_row_id, unit_key, unit_role))"
            " from marts.fct_disclosure_obligations where deadline_date is not null"
        ).fetchone()
    finally:
        con.close()
    assert units[0] > 0
    assert len(uids) == units[0] + 1  # one file per unit, plus all.ics
    assert len(uids["all.ics"]) == units[1]


def test_notices_calendar_prints_the_path_of_a_units_file(home: Path) -> None:
    found = _notices(["calendar", "--unit", "宁阳县政府办公室"], home)
    assert found.returncode == 0, found.stderr
    path = Path(found.stdout.strip())
    assert path.parent == home / "calendar" and path.suffix == ".ics"
    assert Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    missing = _notices(["calendar", "--unit", "没有这个单位"], home)
    assert missing.returncode == 1 and "no calendar" in missing.stderr


def test_a_second_run_and_a_reprocess_keep_every_uid(home: Path) -> None:
    before = _uids(home / "calendar")
    again = _notices(["run", "--config", str(home.parent / "sources.yml")], home)
    assert again.returncode == 0, again.stderr[-3000:]
    assert _uids(home / "calendar") == before
    reprocessed = _notices(["reprocess"], home)
    assert reprocessed.returncode == 0, reprocessed.stderr[-3000:]
    assert _uids(home / "calendar") == before
    leftovers = [p.name for p in home.iterdir() if p.name.startswith(".calendar")]
    assert leftovers == [(home / "calendar").resolve().name]
