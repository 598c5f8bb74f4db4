"""A grid whose rules a copier faded to 15-18 grey levels on a brightened page
(tests/fixtures/scans/copier.py with ``faint_rules``: 45-70% of a rule's darkness taken,
then the contrast lowered; the paper clipped at white). The rule finder asked 18 levels
below the paper around a pixel on every page, which is 1.8 σ of the noisiest copier's
paper; here the paper has almost no visible noise, and a rule 17 levels dark is plain.

Page 4 of the copier's scan of wp-liangshan-2021.word (LibreOffice's export of the
Word-typeset layout fixture; seed 20865, 200 dpi grey, faint rules forced), committed as
cut from the scan (a greyscale JPEG in a PDF).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.api import extract_bytes
from extract.ocr import rules

SCANS = Path(__file__).parents[1] / "fixtures/scans"
LIANGSHAN_P4 = "copier-wp-liangshan-2021.word.p4.200grey.s20865.pdf"


@pytest.mark.ocr
def test_a_grid_of_rules_fainter_than_the_fixed_contrast_is_read() -> None:
    """Failed before the fix: the page gave ``no_task_table`` (a header but no table
    rules: its right side and row rules were not found), and in the whole notice its
    seven rows were lost with no problem naming them."""
    extraction = extract_bytes((SCANS / LIANGSHAN_P4).read_bytes())
    assert len(extraction.rows) == 3
    for row in extraction.rows:
        assert row["section"] == [
            "一、深化重点领域政府信息公开",
            "（七）主动公开2021年重点任务公开承诺事项的工作进展、取得成效、后续举措和落实情况",
        ]
    starts = [str(row["requirement"])[:6] for row in extraction.rows]
    assert starts == ["深入开展交通", "落实藏粮于地", "继续推进美丽"]


PANZHIHUA_P4 = "copier-wp-panzhihua-2017.autonum.p4.200grey.s20093.pdf"


@pytest.mark.ocr
def test_a_faint_row_rule_on_quiet_paper_is_found_by_its_ridge() -> None:
    """Page 4 of the copier's faint-rules scan of wp-panzhihua-2017.autonum (LibreOffice's
    export of the python-docx fixture; seed 20093, brightened): the header's bottom rule
    stands 14 levels darker than the paper beside it at 85% of the way (16.7 at 70%), under
    the faint-row test's 16 (20) measured against the noisiest copier's paper. Failed
    before the fix: the header ran into the first rows, and in the whole notice the page's
    five rows and the next page's seven were lost with no problem naming them."""
    extraction = extract_bytes((SCANS / PANZHIHUA_P4).read_bytes())
    starts = [str(row["requirement"])[:6] for row in extraction.rows]
    assert starts == [
        "加强政务信息",
        "围绕出台的积",
        "加强市内外舆",
        "按月公开财政",
        "通过部门网站",
    ]
    for row in extraction.rows:
        assert row["section"] == ["以政务公开助力稳增长", "加强预期引导"]


def _page(noise: float, level: float = 250.0) -> np.ndarray:
    """Paper at ``level`` with normal noise of σ ``noise``, clipped at white, and a block
    of text-dark ink (so the page has an ink threshold)."""
    rng = np.random.default_rng(7)
    page = rng.normal(level, noise, (400, 300))
    page[100:140, 50:250] = 40.0
    return np.clip(page, 0, 255).astype(np.uint8)


def test_the_rule_contrast_follows_the_papers_noise() -> None:
    """Quiet paper asks the floor; paper as noisy as the copier's worst asks the fixed
    contrast that was tuned on it, never more."""
    assert rules.rule_contrast(_page(0.5)) == rules.MIN_RULE_CONTRAST
    assert rules.rule_contrast(_page(10.0, 230.0)) == rules.RULE_CONTRAST
    middle = rules.rule_contrast(_page(8.0, 230.0))
    assert rules.MIN_RULE_CONTRAST < middle < rules.RULE_CONTRAST
