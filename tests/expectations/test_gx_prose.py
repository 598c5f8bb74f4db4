"""The suites know prose rows: a prose task without units is the notice's choice (ok), an
interpretation that gives rows and an unknown layout are refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from expectations.checkpoint import validate_many
from tests.contract_json import records

PROSE = Path(__file__).resolve().parents[1] / "fixtures" / "prose" / "tune" / "expected"

Extraction = tuple[dict[str, Any], list[dict[str, Any]]]


def _read(slug: str) -> Extraction:
    meta = json.loads((PROSE / f"{slug}.meta.json").read_text(encoding="utf-8"))
    lines = (PROSE / f"{slug}.jsonl").read_text(encoding="utf-8").splitlines()
    return meta, [json.loads(line) for line in lines if line.strip()]


def test_prose_rows_with_and_without_units_and_national_notices_pass_bad_kinds_do_not() -> None:
    unassigned = _read("feixian-2019")  # names no unit at all
    assigned = _read("yinan-2018")
    assert all(not r["responsible_units"] for r in unassigned[1])
    meta, rows = _read("tujie-yinan-2018")
    talkative = (meta, [dict(assigned[1][0], notice_id=meta["notice_id"])])
    bad_layout = (
        dict(assigned[0], notice_id="bad-layout"),
        [dict(row, layout="paragraph") for row in assigned[1]],
    )
    national = _read("guoban-2018")  # the State Council: no region, no adcode
    assert national[0]["region"]["adcode"] is None
    results = validate_many(
        records([unassigned, assigned, talkative, bad_layout, national]), data_docs_dir=None
    )
    for result in (*results[:2], results[4]):
        assert result.notice_status == "ok" and result.success
        assert {status for status, _ in result.row_status.values()} == {"ok"}
    assert results[2].notice_status == "quarantined"
    assert "no_rows_in_interpretation" in results[2].notice_reasons
    assert {tuple(reasons) for _, reasons in results[3].row_status.values()} == {("layout_known",)}
