"""A scanned notice's metadata (title, 文号, issuer, date, region) read as its text layer's.

The notice is the office fixture ``wp-shouguang-2019.pagebreak.docx`` (written by
python-docx: a 30 pt red head 寿光市人民政府办公室文件, a 22 pt title over two lines, the
body, the signature and a signing date in Chinese numerals, 二〇一九年七月九日), exported
to PDF by LibreOffice. Its first page (head to signing date) is scanned by the copier
(tests/fixtures/scans/copier.py) at 200 dpi grey; the other pages keep their text layer.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extract.api import Extraction, extract_bytes
from tests.fixtures.scans.copier import Degradation, scan_pdf
from tests.fixtures.scans.office_notice import expected_meta, notice_pdf
from tests.soffice_gate import require_soffice

pytestmark = pytest.mark.ocr

ISSUER = "寿光市人民政府办公室"
META = ("title", "doc_number", "issuer", "publish_date", "region", "body")


def _copier(*, seal: bool, blur: float = 0.3, shadow: bool = False) -> Degradation:
    """A greyscale office copier at 200 dpi, slightly turned, JPEG quality 70."""
    return Degradation(
        dpi=200,
        mode="grey",
        skew=0.56,
        blur=blur,
        jpeg_quality=70,
        brightness=8.0,
        contrast=0.8,
        noise=8.0,
        seal=seal,
        seal_text=ISSUER,
        shadow=shadow,
        faint_rules=False,
    )


@cache
def _scan(degradation: Degradation, seed: int) -> Extraction:
    return extract_bytes(scan_pdf(notice_pdf(), degradation, seed, pages=(1,)), name="scan.pdf")


@pytest.fixture(scope="module")
def expected() -> dict[str, object]:
    require_soffice()
    meta: dict[str, object] = expected_meta()
    text_layer = extract_bytes(notice_pdf(), name="notice.pdf").meta
    # the export reads as the expected file says (so a miss below is the scan's)
    assert {k: _plain(text_layer[k]) for k in META} == {k: _plain(meta[k]) for k in META}
    return meta


def _plain(value: object) -> object:
    if isinstance(value, str):
        return "".join(value.replace(",", "，").replace(":", "：").split())
    return value


def test_a_large_red_head_character_is_not_taken_for_a_rule(expected: dict[str, object]) -> None:
    """The long upright stroke of 件 in the 30 pt red head (grey on a grey scan) reaches a
    pixel past the detector's box of the line: erased as a vertical rule, 文件 read 文牛,
    the head was no longer a head and became the title's first line."""
    meta = _scan(_copier(seal=False, shadow=True), seed=980).meta
    assert {k: _plain(meta[k]) for k in META} == {k: _plain(expected[k]) for k in META}


@pytest.mark.parametrize("seed", [780, 1180])
def test_a_signing_date_under_a_grey_seal_is_read(expected: dict[str, object], seed: int) -> None:
    """The seal over 二〇一九年七月九日 on a greyscale scan: the seal is taken out, the thin
    ring of 〇 (lighter than the text's thick strokes once blurred) stays, the date and
    the issuer are read, and the body stops above the signature."""
    meta = _scan(_copier(seal=True, blur=0.3 + seed / 2000), seed=seed).meta
    assert {k: _plain(meta[k]) for k in META} == {k: _plain(expected[k]) for k in META}


CUT_PAGE = Path(__file__).parents[1] / "fixtures/scans/copier-liangshan-2021.ruled.p2.200grey.pdf"


def test_a_signing_date_under_a_grey_seal_on_a_blurred_bright_scan_is_read() -> None:
    """Page 2 of the copier's 200-dpi grey scan of the corpus's liangshan-2021.ruled.pdf
    (reporting seed 9418: blur 0.82 px, brightness +21, contrast 0.87), cut from the scan
    as it is: 梁山县人民政府办公室 / 2021年5月13日 under the grey seal. Everything lighter
    than the cut between the text's grey and the seal's is made paper, and with it most
    of the date's thin strokes: it reads 20211年511311 (no date, no issuer). Read with
    the seal left in, the seal's stroke across 3 makes it 18. The date line is read with
    the seal taken out at several cuts and left in, and the date its readings vote for,
    character by character, is kept (extract/ocr/under_seal.py, `dates_under_seals`)."""
    meta = extract_bytes(CUT_PAGE.read_bytes(), name="scan.pdf").meta
    assert meta["publish_date"] == "2021-05-13"
    assert meta["issuer"] == "梁山县人民政府办公室"


SIGNED_PAGE = (
    Path(__file__).parents[1] / "fixtures/scans/copier-wp-liangshan-2021.word.p3.200grey.s307.pdf"
)


def test_a_signing_date_whose_thin_strokes_are_as_light_as_the_grey_seal_is_read() -> None:
    """Page 3 of a copier scan of the Word twin wp-liangshan-2021.word.pdf (a tuning file,
    seed 307 with the seal forced: blur 0.67 px, brightness +29, contrast 0.81), cut from
    the scan as it is: 梁山县人民政府办公室 / 2021年5月13日 under the grey seal. Taking out
    everything lighter than the cut between the text's grey and the seal's took the
    horizontals of 日 with it: 2021年5月131, no date. The lines the seal touched are read
    again with the text's thin strokes kept (extract/ocr/under_seal.py)."""
    meta = extract_bytes(SIGNED_PAGE.read_bytes(), name="scan.pdf").meta
    assert meta["publish_date"] == "2021-05-13"
    assert meta["issuer"] == "梁山县人民政府办公室"
