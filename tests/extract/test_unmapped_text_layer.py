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


def test_text_layer_without_unicode_mapping_is_no_text_layer(tmp_path: Path) -> None:
    # reportlab's CID font behind owner-password encryption loses its Unicode mapping for
    # pdfminer: every glyph reads as (cid:N), as in PDFs whose fonts lack a ToUnicode map.
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "unmapped.pdf"
    encrypt = pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=1)
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 700, "宁阳县人民政府办公室关于印发2017年政务公开工作任务分解表的通知")
    pdf.save()
    with pytest.raises(ExtractionError) as caught:
        extract_file(path)
    assert caught.value.kind == "no_text_layer"
    assert "Unicode" in caught.value.message
