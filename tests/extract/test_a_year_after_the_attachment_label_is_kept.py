"""An attachment's name after 附件： keeps the year it starts with (extract/metadata.py,
`_ATTACHMENT_PREFIX`).

The paragraphs are those a copier scan gave (bench/metadata_scans.py, tenth round, issue
24 part y: wp-liangshan-2021.word.pdf, 200 dpi grey, seed 22734, its table page not read
as a table): with the table's text after the attachment's title, the table title is taken
from the 附件： line, and the number a 附件：1. line may carry was taken with the year:
年梁山县政务公开工作任务分解表.
"""

from __future__ import annotations

from extract.metadata import notice_metadata

LONG_TEXT = "深入开展交通违法行为专项整治，对城区2.6万个公共停车位进行规范化管理。" * 3


def _table_title(attachment_line: str) -> object:
    paragraphs = [
        "梁山县人民政府办公室关于印发2021年梁山县政务公开工作任务分解表的通知",
        "各乡镇人民政府（街道办事处），县政府各部门：",
        "现将《2021年梁山县政务公开工作任务分解表》印发给你们，请认真贯彻落实。",
        attachment_line,
        "梁山县人民政府办公室",
        "2021年5月13日",
        "附件",
        "2021年梁山县政务公开工作任务分解表",
        LONG_TEXT,
    ]
    return notice_metadata(paragraphs, columns=[], has_task_table=True)["table_title"]


def test_the_year_starting_an_attachments_name_is_kept() -> None:
    assert _table_title("附件:2021年梁山县政务公开工作任务分解表") == (
        "2021年梁山县政务公开工作任务分解表"
    )
    assert _table_title("附件：2021年梁山县政务公开工作任务分解表") == (
        "2021年梁山县政务公开工作任务分解表"
    )
    assert _table_title("附件：1.2021年梁山县政务公开工作任务分解表") == (
        "2021年梁山县政务公开工作任务分解表"
    )
