"""The PDFium reader maps the box font where PDFium would map a system font for a font the
PDF does not embed (extract/pdf/system_fonts.py): it reads the same characters, boxes and
rules as with the machine's fonts, and rendering (OCR) afterwards still draws real glyphs."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extract.limits import Limits
from extract.page.content import PageContent
from extract.pdf import document, system_fonts

ROOT = Path(__file__).resolve().parents[2]
CORPUS_PDFS = sorted((ROOT / "tests/fixtures/corpus/pdf").glob("*.pdf"))


def _read(data: bytes, *, boxed: bool, monkeypatch: pytest.MonkeyPatch) -> list[PageContent]:
    switch = system_fonts.without_system_fonts if boxed else contextlib.nullcontext
    with monkeypatch.context() as patched:
        patched.setattr(document, "without_system_fonts", switch)
        return document.read_pages_pdfium(data, Limits())


def _generated_notice(tmp_path: Path, seed: int) -> bytes:
    """A notice of the layout generator (bench/layout_fuzz.py): its text in STSong-Light,
    not embedded, many cells holding a one-character text object (a row number, the last
    character of a wrapped line), which PDFium skips when its font gives it no box."""
    from bench.layout_fuzz import make_notice

    path = tmp_path / "notice.pdf"
    make_notice(path, seed, rows=12)
    return path.read_bytes()


@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.name)
def test_a_corpus_pdf_reads_the_same_with_the_box_font(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    assert _read(data, boxed=True, monkeypatch=monkeypatch) == _read(
        data, boxed=False, monkeypatch=monkeypatch
    )


@pytest.mark.parametrize("seed", [11, 29])
def test_one_character_text_objects_are_read_with_the_box_font(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PageContent compares every character's box and text and every rule
    data = _generated_notice(tmp_path, seed)
    boxed = _read(data, boxed=True, monkeypatch=monkeypatch)
    assert boxed == _read(data, boxed=False, monkeypatch=monkeypatch)
    assert sum(len(page.chars) for page in boxed) > 500


def _rendered(data: bytes) -> bytes:
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        bitmap = page.render(scale=0.5, grayscale=True)
        pixels = bytes(bitmap.buffer)
        bitmap.close()
        page.close()
        return pixels
    finally:
        pdf.close()


def test_rendering_after_a_text_read_draws_the_real_glyphs(tmp_path: Path) -> None:
    data = _generated_notice(tmp_path, 11)
    before = _rendered(data)
    document.read_pages_pdfium(data, Limits())
    assert _rendered(data) == before
    # the box font, were it left mapped, would draw every character as a black square
    with system_fonts.without_system_fonts():
        assert _rendered(data) != before


def test_the_box_font_has_a_square_glyph_for_every_code_point() -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    font = ttlib.TTFont(str(system_fonts.BOX_FONT))
    mapping = font.getBestCmap()
    for code in (0x20, 0x31, 0x4E2D, 0x3000, 0xFF08, 0x20000):
        assert mapping[code] == "box"
    glyphs = font["glyf"]
    for name in (".notdef", "box"):
        glyph = glyphs[name]
        assert (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax) == (0, -120, 1000, 880)
