"""The signature's issuer under a seal, misread by one character, is the name the title
and the red head print (extract/metadata.py, `_as_named_in_front`).

Pages 1-2 of a copier scan (tests/fixtures/scans/copier.py, 200 dpi grey, seed 22444:
blur 0.98 px, +17.3, contrast 0.91, faint rules, the seal forced over the signing date)
of the layout fixture headonce-liangshan-2021.headonce.pdf, from the metadata tuning set
(bench/metadata_scans.py, tenth round, issue 24 part y): the seal's grey over the
signature turned 府 into 付 (梁山县人民政付办公室), a guess where the title and the red
head, clear of the seal, both print 梁山县人民政府办公室.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.api import extract_bytes
from extract.metadata import notice_metadata

SCANS = Path(__file__).parents[1] / "fixtures/scans"


@pytest.mark.ocr
def test_the_signature_misread_under_a_seal_is_the_titles_issuer() -> None:
    name = "copier-headonce-liangshan-2021.headonce.p1-2.200grey.s22444.pdf"
    meta = extract_bytes((SCANS / name).read_bytes(), name="scan.pdf").meta
    assert meta["issuer"] == "梁山县人民政府办公室"


def _meta(signature: str, red_head: str = "梁山县人民政府办公室文件") -> dict[str, object]:
    paragraphs = [
        red_head,
        "梁政办字〔2021〕15号",
        "梁山县人民政府办公室关于印发2021年梁山县政务公开工作任务分解表的通知",
        "各乡镇人民政府（街道办事处），县政府各部门：",
        "现将《2021年梁山县政务公开工作任务分解表》印发给你们，请认真贯彻落实。",
        signature,
        "2021年5月13日",
    ]
    return notice_metadata(paragraphs, columns=[], has_task_table=False)


def test_a_signature_naming_another_office_is_kept() -> None:
    """Two characters apart is another office's name, not a misreading; and where the
    front's own names disagree the signature is kept as read."""
    assert _meta("梁山县财政局办公室")["issuer"] == "梁山县财政局办公室"
    assert _meta("梁山县人民政付办公室")["issuer"] == "梁山县人民政府办公室"
    assert (
        _meta("梁山县人民政付办公室", red_head="梁山县人民政存办公室文件")["issuer"]
        == "梁山县人民政付办公室"
    )
