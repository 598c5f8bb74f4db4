"""A row rule erased by a printer's low-ink stripe still parts its two rows.

Pages 3-4 of wp-shouguang-2019.pagebreak (LibreOffice's export of the python-docx
fixture), degraded by Augraphy's `LowInkPeriodicLines` alone at seed 30862, 150 dpi grey
(`python -m bench.augraphy_scans --seeds tune --dpi 150 --only LowInkPeriodicLines`),
committed as cut (the page image, JPEG in a PDF). On page 4 a pale stripe lies on the
0.5-pt rule between the task 5.优化涉企服务 and 6.加强…: the rule keeps 5-9 grey levels of
its darkness and was found neither as ink nor as a faint rule, and the two tasks read as
one (5.优化涉企服务6.加强, deadline 全年全年). The stripe lifts the column rules at the same
pixel row, which tells where to look (`extract/ocr/stripes.py`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.api import extract_bytes
from extract.ocr.rules import Segment
from extract.ocr.stripes import stripe_rows

SCANS = Path(__file__).parents[1] / "fixtures/scans"
STRIPED = "augraphy-wp-shouguang-2019.pagebreak.p3-4.150grey.lowink.s30862.pdf"


@pytest.mark.ocr
def test_a_row_rule_under_a_low_ink_stripe_parts_its_rows() -> None:
    extraction = extract_bytes((SCANS / STRIPED).read_bytes(), name="scan.pdf")
    last = [row["section"][-1] for row in extraction.rows]
    assert last[-2:] == ["5.优化涉企服务", "6.加强"]
    assert [row["deadline_text"] for row in extraction.rows[-2:]] == ["全年", "全年"]


def test_a_row_where_the_column_rules_are_pale_together_is_a_stripe() -> None:
    """Four column rules, dark but for one pixel row they share (a stripe) and a taller
    gap of one of them alone (a break of its own): only the shared row is a stripe."""
    page = np.full((400, 400), 250, np.uint8)
    columns = (50, 150, 250, 350)
    for x in columns:
        page[20:380, x] = 40
    page[200, :] = 235  # the stripe lifts every rule's ink on its row
    page[100:130, 150] = 250  # one rule broken on its own
    rules = [Segment(False, float(x), 20.0, 380.0) for x in columns]
    assert stripe_rows(rules, page, 2.0) == [200]
