"""Every corpus file and every layout fixture extracts 100% row-exact and metadata-exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.accuracy import fixture_files, load_expected, score_file
from tests.extract.conftest import FIXTURE_SETS, extraction_of
from tests.soffice_gate import needs_soffice, require_soffice

CASES = [files for fixture_set in FIXTURE_SETS for files in fixture_files(fixture_set)]


def test_fixture_sets_are_found() -> None:
    names = {case[0].name for case in CASES}
    assert {"ningyang-2017.ruled.pdf", "liangshan-2021.grid.pdf", "yishui-2018.pdf"} <= names
    # every format has its twins of known notices
    assert {name.rsplit(".", 1)[1] for name in names} == {
        "pdf",
        "html",
        "docx",
        "doc",
        "xlsx",
        "xls",
    }


@pytest.mark.parametrize(
    ("document", "rows_path", "meta_path"), CASES, ids=[c[0].name for c in CASES]
)
def test_rows_and_metadata_are_exact(document: Path, rows_path: Path, meta_path: Path) -> None:
    if needs_soffice(document):
        require_soffice()
    expected_rows, expected_meta = load_expected(rows_path, meta_path)
    extraction = extraction_of(document)
    score = score_file(
        document.name, extraction.rows, extraction.meta, expected_rows, expected_meta
    )
    assert score.mismatches == []
    assert (score.exact_rows, score.got_rows) == (len(expected_rows), len(expected_rows))
    assert [k for k, ok in score.meta_hits.items() if not ok] == []
    assert extraction.problems == []
    assert [row["row"] for row in extraction.rows] == list(range(1, len(expected_rows) + 1))
    assert all(row["notice_id"] == extraction.meta["notice_id"] for row in extraction.rows)


def test_score_counts_a_wrong_section_as_a_miss() -> None:
    row = {
        "requirement": "公开A。",
        "section": ["一、X"],
        "lead_units_text": "县局",
        "responsible_units_text": None,
        "deadline_text": None,
        "seq": None,
    }
    other = dict(row, section=["一、Y"])
    score = score_file("t", [other], {}, [row], {})
    assert (score.exact_rows, score.matched_rows, score.f1) == (0, 1, 0.0)
    assert score_file("t", [dict(row, section=["一、 X"])], {}, [row], {}).exact_rows == 1
