"""Regression tests for tables printed without any rules (bench/layout_fuzz.py --rules none):
before, no table was found and the notice came out as one without a task table. Each case
fixes a seed and the variations that broke a first version of the rule drawing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.layout_fuzz import make_notice, mismatches
from extract.api import extract_file

UNRULED: dict[str, tuple[int, dict[str, Any]]] = {
    # Narrow two-level category cells whose text runs past the first row of the merge,
    # group headings, the header repeated on every page and rows broken by the page.
    "merged-category-text-runs-past-its-row": (
        402,
        dict(
            merge_categories=True,
            category_levels=2,
            headings=True,
            header_every_page=True,
            split_rows=True,
            order="task-req-lead-resp-deadline",
        ),
    ),
    # A unit cell taller than the requirement beside it: the row ends below the unit.
    "unit-cell-taller-than-the-requirement": (
        410,
        dict(merge_categories=True, category_levels=2, split_rows=False),
    ),
    # A row cut by the page goes on at the top of the next page in the unit column only,
    # before the first requirement of that page.
    "row-cut-by-the-page-goes-on-in-the-unit-column": (
        420,
        dict(merge_categories=True, category_levels=2, split_rows=True, headings=False),
    ),
    # The merged category text reprinted under the repeated header of the next page.
    "reprinted-category-under-the-repeated-header": (
        409,
        dict(
            merge_categories=True,
            repeat_merged_text=True,
            header_every_page=True,
            split_rows=True,
            order="taskreq-lead-resp",
        ),
    ),
    "repeated-category-cells-header-once": (
        403,
        dict(merge_categories=False, header_every_page=False, order="seq-task-req-resp-deadline"),
    ),
}


@pytest.mark.parametrize("case", sorted(UNRULED))
def test_unruled_table_rows_exact(case: str, tmp_path: Path) -> None:
    seed, overrides = UNRULED[case]
    # Merged unit cells need rules to be told from empty ones (see the report): none here.
    truth = make_notice(
        tmp_path / f"{case}.pdf", seed, rules="none", merge_units=False, **overrides
    )
    extraction = extract_file(tmp_path / f"{case}.pdf")
    assert extraction.meta["has_task_table"] is True
    assert mismatches(truth, extraction.meta, extraction.rows) == []
    assert len(extraction.rows) == len(truth["rows"]) > 0
