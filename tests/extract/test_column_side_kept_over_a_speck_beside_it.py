"""Of two column boundaries closer than the narrowest column, the one more of the table's
rules agree on is kept (`extract/page/columns.cluster_boundaries`), not whichever lies
further left.

A bad photocopy's speck in the number column of a scanned attachment was found as a short
vertical rule 7 pt left of the column's side; the side (drawn on every page, the row
rules ending at it) was dropped as too close to it, the number column ran into the
section column, and every row of the table lost its number and read the numbers into its
section: ``1 2以政3务公开助力稳增长84`` (twelfth round, issue 24, part al;
docs/ocr_accuracy.md). The fixture is page 1 of Augraphy's scan of the TUNE file
att-panzhihua-2017.attachment (the shared corpus PDF, rasterised by poppler at 400 dpi and
averaged to 200 dpi grey; Augraphy 8.2.6's full pipeline at seed 30553, then rotation and
JPEG: `python -m bench.augraphy_scans --seeds tune --dpi 200`), cut as scanned.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.api import extract_file
from extract.page.columns import cluster_boundaries

SCANS = Path(__file__).parents[1] / "fixtures/scans"
SPECK_IN_NUMBER_COLUMN = "augraphy-att-panzhihua-2017.attachment.p1.200grey.s30553.pdf"


def test_the_boundary_more_candidates_agree_on_is_kept() -> None:
    # the speck's one candidate at 101.9 before the column side's four at 108.7
    assert cluster_boundaries([84.6, 101.9, 108.7, 108.8, 108.7, 108.6, 150.0]) == [
        84.6,
        108.7,
        150.0,
    ]
    # on a tie the first is kept, as before
    assert cluster_boundaries([10.0, 50.0, 55.0, 90.0]) == [10.0, 50.0, 90.0]


@pytest.mark.ocr
def test_a_speck_beside_a_column_side_leaves_the_numbers_in_their_column() -> None:
    rows = extract_file(SCANS / SPECK_IN_NUMBER_COLUMN).rows
    assert [row.get("seq") for row in rows[:3]] == ["1", "2", "3"]
    for row in rows:
        assert (row.get("section") or [""])[0] == "以政务公开助力稳增长"
