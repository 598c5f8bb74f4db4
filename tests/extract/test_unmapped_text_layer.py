"""Regression: a text layer without a Unicode mapping came out as `(cid:2913)…` glyph
codes and passed silently as a notice without a task table (title full of cid codes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from extract.api import extract_file
from extract.errors import ExtractionError

TITLE = "宁阳县人民政府办公室关于印发2017年政务公开工作任务分解表的通知"


def _encrypted_cid_font_pdf(path: Path) -> Path:
    # reportlab's CID font behind owner-password encryption loses its Unicode mapping for
    # pdfminer: every glyph reads as (cid:N), as in PDFs whose fonts lack a ToUnicode map.
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    encrypt = pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=1)
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 700, TITLE)
    pdf.save()
    return path


def test_text_layer_without_unicode_mapping_is_no_text_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pdfplumber (the reference reader, and the fallback) cannot map this font
    monkeypatch.setenv("NOTICES_PDF_READER", "pdfplumber")
    with pytest.raises(ExtractionError) as caught:
        extract_file(_encrypted_cid_font_pdf(tmp_path / "unmapped.pdf"))
    assert caught.value.kind == "no_text_layer"
    assert "Unicode" in caught.value.message


def test_encrypted_cid_font_pdfminer_cannot_map_is_read_by_pdfium(tmp_path: Path) -> None:
    # PDFium decrypts the strings before mapping them through the font's CMap (UniGB-UCS2-H)
    extraction = extract_file(_encrypted_cid_font_pdf(tmp_path / "unmapped.pdf"))
    assert extraction.meta["title"] == TITLE
    assert not [p for p in extraction.problems if p.kind == "reader_fallback"]
