"""A signing date under a grey seal that no single cut reads, put together from readings
at several cuts (extract/ocr/under_seal.py, `dates_under_seals`), and a line-final 。
just above the seal's ring kept (extract/ocr/seal.py, `_apart_outside`).

The pages are cut as they are from copier scans (tests/fixtures/scans/copier.py) of
tuning inputs, the seal page alone with the seal forced, blurred and brightened
(bench/seal_pages.py, seeds 21000–21999): LibreOffice's exports of the office fixtures
wp-ningyang-2017.nested.docx (page 2, seed 21055: blur 0.96 px, +33.8, contrast 0.77)
and wp-shouguang-2019.pagebreak.docx (page 1, seed 21501: blur 0.73 px, +22.5, contrast
0.76), and the layout fixtures panzhihua-2017.ruled.pdf (page 2, seed 21664: blur 0.82
px, +33.4, contrast 0.78) and shouguang-2019.ruled.pdf (page 1, seed 21428).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.api import extract_bytes
from extract.metadata import _date_of
from extract.ocr.engine import Recognised
from extract.ocr.under_seal import voted_date
from tests.extract.scanned_page_lines import page_lines

pytestmark = pytest.mark.ocr

SCANS = Path(__file__).parents[1] / "fixtures/scans"


@pytest.mark.parametrize(
    ("name", "date", "issuer"),
    [
        # the cut read 二一七年六月三一日 (〇 and 十 taken with the seal), the page with
        # the thin strokes kept 二〇十七年六月屈十日 (the seal's strokes across 一 and 三)
        (
            "copier-wp-ningyang-2017.nested.p2.200grey.s21055.pdf",
            "2017-06-30",
            "宁阳县人民政府办公室",
        ),
        # 二一九年七月九ヨ on the cut, 二〇一九年七月九ヨ where the thin strokes are kept
        (
            "copier-wp-shouguang-2019.pagebreak.p1.200grey.s21501.pdf",
            "2019-07-09",
            "寿光市人民政府办公室",
        ),
    ],
)
def test_a_signing_date_no_single_cut_reads_is_voted_from_several(
    name: str, date: str, issuer: str
) -> None:
    meta = extract_bytes((SCANS / name).read_bytes(), name="scan.pdf").meta
    assert meta["publish_date"] == date
    assert meta["issuer"] == issuer


def test_a_date_the_metadata_takes_is_not_voted_on() -> None:
    """Page 1 of a copier scan of the layout fixture shouguang-2019.ruled.pdf (seed 21428:
    blur 1.0 px, +22.3, contrast 0.81): the cut reads 二一九年七月九日, which the metadata
    takes as 2019 (its 〇 lost under the seal). Voted on, a stray 二 of one reading made it
    二二一九年七月九日, and no date at all."""
    name = "copier-shouguang-2019.ruled.p1.200grey.s21428.pdf"
    meta = extract_bytes((SCANS / name).read_bytes(), name="scan.pdf").meta
    assert meta["publish_date"] == "2019-07-09"


def test_a_line_final_full_stop_just_above_the_seals_ring_is_kept() -> None:
    """The seal's ring stands just under the body's last line; everything lighter than the
    cut a little past the ring was made paper, the light 。 and the foot of 核 with it:
    考核。 read 考核, and the body lost its last 。."""
    lines = page_lines(SCANS / "copier-panzhihua-2017.ruled.p2.200grey.s21664.pdf")
    assert any(line.endswith("目标绩效考核。") for line in lines)


def _reading(text: str, confs: list[float], xs: list[float]) -> Recognised:
    chars = tuple((c, p, x, False) for c, p, x in zip(text, confs, xs, strict=True))
    return Recognised(text, sum(confs) / len(confs), chars)


def test_the_vote_makes_a_date_of_the_readings_characters_or_nothing() -> None:
    """Readings of 二〇一七年六月三十日 under a seal as the recogniser gave them: the cut
    loses 〇 and 十, the page with thin strokes reads the seal's strokes as 十 and 屈;
    placed by their x and voted, they make the date (as the metadata takes it). Readings of which no date can be made
    give nothing (the date is then reported unread, never guessed)."""
    xs = [26.0, 72.0, 118.0, 164.0, 210.0, 256.0, 302.0, 339.0, 385.0, 431.0]
    cut = _reading("二一七年六月三一日", [1, 0.99, 1, 1, 1, 1, 1, 0.83, 1], xs[:1] + xs[2:])
    thin = _reading("二〇十七年六月屈十日", [1, 0.85, 0.93, 1, 1, 1, 1, 0.28, 1, 1], xs)
    darker = _reading("二、一七年六月三十日", [1, 0.6, 1, 1, 1, 1, 1, 1, 0.99, 1], xs)
    voted = voted_date([cut, thin, darker], 48.0)
    # 二一七年 (its 〇 lost) is a year the metadata takes: 2017
    assert voted is not None and _date_of(voted.text) == "2017-06-30"
    assert voted_date([cut], 48.0) is None
