"""A heading's number （一） alone on a narrow cell's line, on textured paper: Augraphy's
`NoiseTexturize` (a library this project did not write; `bench/augraphy_degrade.py` with
ONLY=NoiseTexturize, document seed 30953, page 3 drawn at 30955) over poppler's 200-dpi
rendering of LibreOffice's export of wp-ningyang-2017.nested.docx, then Augraphy's JPEG
and a seeded rotation (`python -m bench.augraphy_scans --seeds tune --dpi 200 --only
NoiseTexturize`). The page is plain to the eye; the texture's grain is a few levels.

Before the fix the recogniser read the line （一） as （—）: the bar alone in brackets, with
nothing beside it to tell 一 from a dash. Every row under it (7 of the page's 13) had the
section path （—）推进扶贫脱贫和社会救助信息公开 and none was exact. The same page at 150 dpi
with `NoiseTexturize` and `SubtleNoise` together (document seed 30357, `--dpi 150 --only
NoiseTexturize,SubtleNoise`) read it （−）, the minus sign, with the same 7 rows lost."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extract.api import Extraction, extract_bytes
from extract.ocr.normalise import normalise_line

SCANS = Path(__file__).parents[1] / "fixtures/scans"
TEXTURED = (
    "augraphy-wp-ningyang-2017.nested.p3.200grey.texture.s30953.pdf",
    "augraphy-wp-ningyang-2017.nested.p3.150grey.texture-noise.s30357.pdf",
)


@cache
def _extraction(name: str) -> Extraction:
    return extract_bytes((SCANS / name).read_bytes())


@pytest.mark.ocr
@pytest.mark.parametrize("name", TEXTURED)
def test_a_bracketed_heading_number_one_is_not_read_as_a_dash(name: str) -> None:
    sections = [row["section"] for row in _extraction(name).rows]
    assert len(sections) == 13
    assert [s[1] for s in sections[:7]] == ["（一）推进扶贫脱贫和社会救助信息公开"] * 7
    assert [s[1] for s in sections[7:]] == ["（二）推进环境保护信息公开"] * 6


def test_a_dash_stays_a_dash_outside_brackets_alone() -> None:
    """Only a bar that stands alone between brackets is the number: a dash in running text,
    a page number's dashes and a bracket holding more than the bar keep their dash."""
    assert normalise_line("(—)") == "（一）"
    assert normalise_line("(−)") == "（一）"
    assert normalise_line("（-）推进") == "（一）推进"
    assert normalise_line("— 3 —") == "— 3 —"
    assert normalise_line("时间—地点") == "时间—地点"
    assert normalise_line("（——）") == "（——）"
