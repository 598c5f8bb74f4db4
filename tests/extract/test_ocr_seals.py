"""No character of a seal (公章) reaches the output of a scanned notice.

Seeded copier scans (tests/fixtures/scans/copier.py, 200 dpi, degradations drawn from the
seed, the seal always stamped) of two LibreOffice exports of python-docx files: the
notice page of ``wp-shouguang-2019.pagebreak.docx``, where the seal lands over the
signature and its date, and the one-page task table of
``tests/fixtures/scans/office_cells.py``, where it lands over the last rows. Red on a
colour scan, middle grey on a greyscale one. The seal's ring carries a name whose
characters the documents do not hold, so any of them in the output came from the seal.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from extract.api import Extraction, extract_bytes
from tests.fixtures.scans.copier import Mode, draw, scan_pdf
from tests.fixtures.scans.office_cells import office_table_pdf
from tests.fixtures.scans.office_notice import notice_pdf
from tests.soffice_gate import require_soffice

pytestmark = pytest.mark.ocr

# A seal whose name shares no character with either document (checked below).
SEAL = "黔滇桂琼藏鄂豫皖档馆"
META_TEXTS = ("title", "doc_number", "issuer", "table_title", "body")


@cache
def _pdf(document: str) -> bytes:
    return notice_pdf() if document == "notice" else office_table_pdf()


@cache
def _extraction(document: str, mode: Mode, seed: int | None) -> Extraction:
    if seed is None:
        return extract_bytes(_pdf(document), name=f"{document}.pdf")
    copier = replace(draw(seed, 200, mode, SEAL), seal=True, faint_rules=False)
    pages = (1,) if document == "notice" else None
    return extract_bytes(scan_pdf(_pdf(document), copier, seed, pages), name="scan.pdf")


def _texts(extraction: Extraction) -> dict[str, str]:
    """Every text of the output a reader sees: the meta's texts, each row's values."""
    out = {name: str(extraction.meta.get(name) or "") for name in META_TEXTS}
    for number, row in enumerate(extraction.rows):
        out[f"row {number}"] = "".join(str(value) for value in row.values())
    return out


@pytest.mark.parametrize(
    ("document", "mode", "seed"),
    [
        ("notice", "colour", 11),
        ("notice", "grey", 12),
        ("table", "colour", 13),
        ("table", "grey", 14),
        # a dark greyscale scan (brightness -20, blur 0.6), where the seal's grey is as
        # dark as the blurred strokes of the units under it: its 藏 reached a unit cell
        # until this round's line rules (it passes since the scan-row branches merged)
        ("table", "grey", 21),
    ],
)
def test_no_seal_text_anywhere_in_the_output(document: str, mode: Mode, seed: int) -> None:
    require_soffice()
    text_layer = _extraction(document, mode, None)
    printed = "".join(_texts(text_layer).values())
    assert not set(SEAL) & set(printed)  # the seal's characters are the seal's only
    scan = _extraction(document, mode, seed)
    if document == "table":
        # the seal lay over the rows, and they were read
        assert len(scan.rows) == len(text_layer.rows)
    else:
        assert scan.meta["title"] == text_layer.meta["title"]
    leaked = {name: text for name, text in _texts(scan).items() if set(SEAL) & set(text)}
    assert leaked == {}
