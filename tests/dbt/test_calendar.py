"""Deadline calendars written from a snapshot of the real dbt build over the corpus:
they parse with icalendar, hold one event per dated obligation of each unit, keep their
UIDs when written again, and are swapped in whole."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from icalendar import Calendar

from tests.dbt.corpus_warehouse import BuiltWarehouse, publish_copy
from warehouse.calendar import (
    ALL_FILE,
    INDEX_FILE,
    publish_calendars,
    safe_file_name,
    stage,
    summary,
    unit_files,
)

pytestmark = pytest.mark.slow

DATED_OBLIGATIONS = """
select unit_key, count(distinct (task_row_id, unit_role))
from marts.fct_disclosure_obligations
where deadline_date is not null
group by unit_key
"""


@pytest.fixture(scope="module")
def snapshot(built_warehouse: BuiltWarehouse) -> Path:
    return publish_copy(built_warehouse)


def _events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def _uids(folder: Path) -> dict[str, set[str]]:
    return {
        path.name: {str(event["UID"]) for event in _events(path)}
        for path in sorted(folder.glob("*.ics"))
    }


def test_each_unit_calendar_holds_its_dated_obligations(snapshot: Path, tmp_path: Path) -> None:
    target = tmp_path / "calendar"
    index = publish_calendars(snapshot, target)
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        expected = dict(con.execute(DATED_OBLIGATIONS).fetchall())
        deadlines = set(
            con.execute(
                "select distinct deadline_date from marts.fct_disclosure_obligations"
                " where deadline_date is not null"
            ).fetchall()
        )
    finally:
        con.close()
    assert expected, "the corpus has dated obligations"
    written = {unit["unit_key"]: len(_events(target / unit["file"])) for unit in index["units"]}
    assert written == expected
    all_events = _events(target / ALL_FILE)
    assert len(all_events) == sum(expected.values()) == index["events"]
    for event in all_events:
        start = event.decoded("DTSTART")
        assert (start,) in deadlines
        assert not hasattr(start, "hour"), "an all-day event has a date, not a time"
        assert event.decoded("DTEND") - start == timedelta(days=1)
        assert str(event["SUMMARY"]) and "角色 role:" in str(event["DESCRIPTION"])
        assert str(event["DESCRIPTION"]).startswith(str(event["SUMMARY"]).rstrip("…"))
    uids = [str(event["UID"]) for event in all_events]
    assert len(set(uids)) == len(uids)


def test_the_description_names_role_notice_doc_number_and_section(
    snapshot: Path, tmp_path: Path
) -> None:
    target = tmp_path / "calendar"
    publish_calendars(snapshot, target)
    descriptions = [str(e["DESCRIPTION"]) for e in _events(target / ALL_FILE)]
    ningyang = [d for d in descriptions if "宁政办字〔2017〕3号" in d]
    assert ningyang
    assert all("宁阳县人民政府办公室关于印发2017年" in d and "类别 section:" in d for d in ningyang)


def test_writing_again_keeps_every_uid_and_every_byte(snapshot: Path, tmp_path: Path) -> None:
    target = tmp_path / "calendar"
    publish_calendars(snapshot, target)
    first_uids = _uids(target)
    first_bytes = {p.name: p.read_bytes() for p in target.iterdir()}
    publish_calendars(snapshot, target)
    assert _uids(target) == first_uids
    assert {p.name: p.read_bytes() for p in target.iterdir()} == first_bytes
    # the swap leaves one link and the folder it points at, no leftovers
    assert target.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "calendar") == [
        target.resolve().name
    ]


def test_an_unswapped_stage_leaves_the_published_calendars_alone(
    snapshot: Path, tmp_path: Path
) -> None:
    target = tmp_path / "calendar"
    publish_calendars(snapshot, target)
    published = target.resolve()
    with pytest.raises(RuntimeError), stage(snapshot, target):
        raise RuntimeError("the snapshot failed")
    assert target.resolve() == published
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".calendar-")] == [
        published.name
    ]


def test_a_unit_is_found_by_canonical_name_spelling_or_key(snapshot: Path, tmp_path: Path) -> None:
    target = tmp_path / "calendar"
    publish_calendars(snapshot, target)
    index = json.loads((target / INDEX_FILE).read_text(encoding="utf-8"))
    unit = index["units"][0]
    by_name = unit_files(target, unit["canonical_unit"])
    assert target / unit["file"] in by_name
    assert unit_files(target, unit["unit_key"]) == [target / unit["file"]]
    for spelling in unit["names"]:  # qualified (宁阳县财政局) and printed (县财政局)
        assert target / unit["file"] in unit_files(target, spelling)
    assert unit_files(target, "没有这个单位") == []
    files = Counter(u["file"] for u in index["units"])
    assert max(files.values()) == 1


def test_file_names_are_safe_and_summaries_short() -> None:
    assert safe_file_name("宁阳县 发展改革", "0123456789abcdef") == "宁阳县-发展改革-01234567.ics"
    assert safe_file_name("../a/b c", "ffffffff00") == "a-b-c-ffffffff.ics"
    assert summary("公开预算。并及时更新") == "公开预算。"
    long = "公" * 100
    assert summary(long) == "公" * 39 + "…"
