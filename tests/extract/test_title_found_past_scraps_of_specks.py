"""A scan's specks read as short scraps before the title (常, 1:, hede, 134 above and
between the red head and the 文号) must not take the title's place.

Before the fix the front was read as a run from its first line that is no header: the
first scrap became the title (常1:), the real title and the 文号 went into the body, and
the 文号 was lost (`extract.metadata._past_scraps` reads the front line by line). The
lines are those the OCR read on page 1 of Augraphy's full pipeline over the LibreOffice
print of wp-ningyang-2017.nested.docx (`bench.augraphy_scans --seeds tune`, seed 30953,
200 dpi), with the scraps the specks filter (`extract.ocr.specks`) keeps."""

from __future__ import annotations

from extract.metadata import notice_metadata

TITLE = "宁阳县人民政府办公室关于印发2017年宁阳县政务公开重点工作任务分解表的通知"
FRONT = [
    "1:",
    "常",
    "4",
    "宁阳县人民政府办公室文件",
    "134",
    "宁政办字〔2017〕3号",
    "hede",
    "宁阳县人民政府办公室关于印发2017年宁",
    "阳县政务公开重点工作任务分解表的通知",
    "各乡镇人民政府（街道办事处），宁阳经济开发区、环城科技产业园管委会，县政府各部门：",
    "《2017年宁阳县政务公开重点工作任务分解表》已经县政府同意，现印发你们。",
    "宁阳县人民政府办公室",
    "2017年6月30日",
]


def test_title_found_past_scraps_of_specks() -> None:
    meta = notice_metadata(FRONT, columns=[], has_task_table=False)
    assert meta["title"] == TITLE
    assert meta["doc_number"] == "宁政办字〔2017〕3号"
    assert meta["issuer"] == "宁阳县人民政府办公室"
    assert meta["body"].startswith("各乡镇人民政府（街道办事处）")


def test_a_long_line_before_the_title_is_no_scrap() -> None:
    """A line a third as long as the title's first line or longer is read as before this
    change, as the title's first line: only scraps are read past."""
    front = ["关于进一步做好政务公开", *FRONT[7:]]
    meta = notice_metadata(front, columns=[], has_task_table=False)
    assert meta["title"] == "关于进一步做好政务公开" + TITLE
