"""The PDFium reader's font metrics (extract/pdf/font_metrics.py): the quick reading of a
simple font's ToUnicode CMap gives what pdfminer's CMap parser gives, on every simple font
of the PDF fixtures and on a CMap using every form the quick reading accepts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdfminer.cmapdb import CMapParser, FileUnicodeMap
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from extract.pdf import font_metrics

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_PDFS = sorted((ROOT / "tests/fixtures").glob("**/pdf/*.pdf"))


def _pdfminer_map(cmap: bytes) -> dict[int, str]:
    unicode_map = FileUnicodeMap()
    CMapParser(unicode_map, io.BytesIO(cmap)).run()
    return dict(unicode_map.cid2unichr)


def test_every_simple_font_of_the_fixtures_reads_as_pdfminer_reads_it() -> None:
    quick = 0
    for path in FIXTURE_PDFS:
        document = PDFDocument(PDFParser(io.BytesIO(path.read_bytes())))
        found: list[tuple[int | None, dict[str, object]]] = []
        for page in PDFPage.create_pages(document):
            font_metrics._collect(page.resources, found, set())
        manager = PDFResourceManager(caching=True)
        for objid, spec in found:
            metrics = font_metrics._simple_font_metrics(spec)
            if metrics is None:
                continue
            quick += 1
            assert metrics == font_metrics._metrics(manager.get_font(objid, spec)), path.name
    assert quick >= 20  # the layout generator's TrueType subsets, at least


CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
3 beginbfchar
<20> <0020>
<21> <00A0>
<41> <D835DC00>
endbfchar
2 beginbfrange
<42> <44> <4E00>
<FE> <FF> <0066 00FF>
endbfrange
1 beginbfchar
<20> <00A0>
<4 2> <6C 34>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def test_a_cmap_of_single_codes_and_ranges_reads_as_pdfminer_reads_it() -> None:
    # ranges counting up in the target's last bytes, a surrogate pair, a no-break space
    # that does not replace a space, hex strings with blanks inside, a code mapped twice
    assert font_metrics._to_unicode(CMAP) == _pdfminer_map(CMAP)


@pytest.mark.parametrize(
    "other",
    [b"/Adobe-Japan1-UCS2 usecmap", b"1 begincidrange <00> <FF> 1 endcidrange"],
)
def test_a_cmap_holding_anything_else_is_left_to_pdfminer(other: bytes) -> None:
    assert font_metrics._to_unicode(CMAP.replace(b"endcmap", other + b"\nendcmap")) is None
