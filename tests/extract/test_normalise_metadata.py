"""notice_metadata on the front matter of the corpus PDFs and of the seed notices."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from extract.metadata import notice_metadata
from extract.text import compact
from tests.extract.normalise_corpus import CORPUS, expected_metas

METAS = expected_metas()
STRING_FIELDS = ("title", "doc_number", "issuer", "publish_date", "table_title", "body")
_PAGE_NUMBER = re.compile(r"^[—\-\s]*\d+[—\-\s]*$")


def pdf_paragraphs(path: Path) -> list[str]:
    """Text lines before the table's header row, page numbers removed (real pdfplumber)."""
    lines: list[str] = []
    seen_attachment = False
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for line in (page.extract_text() or "").splitlines():
                squeezed = line.replace(" ", "")
                if seen_attachment and squeezed.startswith("工作"):
                    return lines
                seen_attachment = seen_attachment or squeezed == "附件"
                if not _PAGE_NUMBER.match(line):
                    lines.append(line)
            page.flush_cache()
    return lines


def seed_paragraphs(name: str, table_starts: str | None) -> list[str]:
    paragraphs: list[str] = []
    for line in (CORPUS / "seeds" / name).read_text(encoding="utf-8").splitlines():
        if table_starts is not None and re.sub(r"\s+", "", line).startswith(table_starts):
            break
        if line.strip():
            paragraphs.append(line)
    return paragraphs


def assert_meta(got: dict, want: dict) -> None:
    assert set(got) == set(want) - {"notice_id"}
    for field in STRING_FIELDS:
        assert (got[field] is None) == (want[field] is None), field
        assert compact(got[field]) == compact(want[field]), field
    for field in ("year", "region", "columns", "has_task_table"):
        assert got[field] == want[field], field


@pytest.mark.parametrize("pdf", sorted((CORPUS / "pdf").glob("*.pdf")), ids=lambda path: path.name)
def test_corpus_pdfs(pdf: Path) -> None:
    want = METAS[pdf.name.split(".")[0]]
    got = notice_metadata(
        pdf_paragraphs(pdf), columns=want["columns"], has_task_table=want["has_task_table"]
    )
    assert_meta(got, want)


@pytest.mark.parametrize(
    ("seed", "slug", "table_starts"),
    [
        ("000_06d1bf6413db4cb2.txt", "ningyang-2017", "工作任务及要求"),
        # title before the doc number, signature indented, 附件 alone on its line
        ("003_c02cc489cc03a2a4.txt", "liangshan-2021", "工作任务"),
    ],
)
def test_seed_paragraphs(seed: str, slug: str, table_starts: str) -> None:
    want = METAS[slug]
    got = notice_metadata(
        seed_paragraphs(seed, table_starts), columns=want["columns"], has_task_table=True
    )
    assert_meta(got, want)


def test_panzhihua_prefecture_notice_without_doc_number() -> None:
    columns = ["序号", "工作任务", "具体要求", "牵头落实单位", "完成时限"]
    got = notice_metadata(
        seed_paragraphs("002_29682c494441ef65.txt", "序号工作任务"),
        columns=columns,
        has_task_table=True,
    )
    assert (
        compact(got["title"])
        == "攀枝花市人民政府办公室关于印发攀枝花市2017年政务公开工作分工方案的通知"
    )
    assert got["doc_number"] is None
    assert got["issuer"] == "攀枝花市人民政府办公室"
    assert got["publish_date"] == "2017-07-03"
    assert got["year"] == 2017
    assert got["region"] == {
        "province": "四川省",
        "prefecture": "攀枝花市",
        "county": None,
        "adcode": "510400",
    }
    assert compact(got["table_title"]) == "攀枝花市2017年政务公开工作分工方案"
    assert got["columns"] == columns
    assert got["body"].startswith("各县（区）人民政府，市级各部门，各企事业单位：")
    assert got["body"].endswith("并纳入全市年度政务公开目标绩效考核。")


def test_shouguang_web_page() -> None:
    got = notice_metadata(
        seed_paragraphs("004_9009bcb397dbe7ce.txt", "工作任务"),
        columns=["工作任务", "具体要求", "责任单位", "时限要求"],
        has_task_table=True,
    )
    # the breadcrumb is not the title; the issuer comes from the signature
    assert compact(got["title"]) == "关于印发寿光市2019年政务公开重点工作任务分工的通知"
    assert got["issuer"] == "寿光市人民政府办公室"
    assert got["region"]["adcode"] == "370783"
    # the page lost the 年/月/日 glyphs of its date: "20197 9"
    assert got["publish_date"] == "2019-07-09"
    assert compact(got["table_title"]) == "寿光市2019年政务公开重点工作任务分工"
    assert compact(got["body"]).endswith("认真抓好贯彻落实。")
    assert "此件公开发布" not in got["body"]


def test_signature_date_in_chinese_numerals_and_red_head() -> None:
    paragraphs = [
        "某某县人民政府办公室文件",
        "某政办发〔2019〕12号",
        "宁阳县人民政府办公室",
        "关于印发2019年宁阳县政务公开工作要点的通知",
        "各乡镇人民政府，县政府各部门：",
        "现将要点印发给你们，请认真贯彻落实。",
        "附件：2019年宁阳县政务公开工作任务分解表",
        "宁阳县人民政府办公室",
        "二〇一九年三月五日",
        "附件",
        "2019年宁阳县政务公开工作",
        "任务分解表",
    ]
    got = notice_metadata(paragraphs, columns=["工作任务", "责任单位"], has_task_table=True)
    assert got["title"] == "宁阳县人民政府办公室关于印发2019年宁阳县政务公开工作要点的通知"
    assert got["doc_number"] == "某政办发〔2019〕12号"
    assert got["publish_date"] == "2019-03-05"
    assert got["year"] == 2019
    assert got["region"]["adcode"] == "370921"
    assert got["body"] == "各乡镇人民政府，县政府各部门：\n现将要点印发给你们，请认真贯彻落实。"
    # a table title wrapped over two lines is one title
    assert got["table_title"] == "2019年宁阳县政务公开工作任务分解表"


def test_a_signing_date_whose_zero_was_lost_is_still_the_date() -> None:
    """OCR under a seal loses the thin ring of 〇 (二一九年七月九日): the year is 2019,
    and the signature block stays out of the body."""
    paragraphs = [
        "关于印发寿光市2019年政务公开重点工作任务分工的通知",
        "各镇人民政府、街道办事处：",
        "现将分工印发给你们，请认真抓好贯彻落实。",
        "寿光市人民政府办公室",
        "二一九年七月九日",
    ]
    got = notice_metadata(paragraphs, columns=[], has_task_table=False)
    assert got["publish_date"] == "2019-07-09"
    assert got["issuer"] == "寿光市人民政府办公室"
    assert got["body"] == "各镇人民政府、街道办事处：\n现将分工印发给你们，请认真抓好贯彻落实。"
    # a count is no year: 二十一年 stays what it is
    assert (
        notice_metadata(["二十一年七月九日"], columns=[], has_task_table=False)["publish_date"]
        is None
    )


def test_nothing_to_read() -> None:
    got = notice_metadata([], columns=[], has_task_table=False)
    assert got["title"] is None and got["body"] is None and got["year"] is None
    assert got["region"] == {"province": None, "prefecture": None, "county": None, "adcode": None}


def test_a_title_wrapped_after_a_title_word_goes_on_to_its_notice_ending() -> None:
    # panzhihua typeset at 14 pt: the first line ends with 分工 (a title ending of its own),
    # the title goes on to 方案的通知.
    got = notice_metadata(
        ["攀枝花市人民政府办公室关于印发攀枝花市2017年政务公开工作分工", "方案的通知"]
        + ["各县（区）人民政府，市级各部门：", "为贯彻落实要求，现印发给你们。"],
        columns=[],
        has_task_table=False,
    )
    assert got["title"] == "攀枝花市人民政府办公室关于印发攀枝花市2017年政务公开工作分工方案的通知"
    assert got["body"] == "各县（区）人民政府，市级各部门：\n为贯彻落实要求，现印发给你们。"


def test_a_title_whose_last_character_wrapped_alone_keeps_it() -> None:
    # ningyang typeset at 12 pt: 知 of 通知 wrapped onto a line of its own.
    got = notice_metadata(
        ["宁阳县人民政府办公室关于印发2017年宁阳县政务公开重点工作任务分解表的通", "知"]
        + ["各乡镇人民政府：", "现印发你们，请认真抓好贯彻落实。"],
        columns=[],
        has_task_table=False,
    )
    assert (
        got["title"] == "宁阳县人民政府办公室关于印发2017年宁阳县政务公开重点工作任务分解表的通知"
    )


def test_a_plan_title_is_not_joined_to_the_sentence_below_it() -> None:
    # the opposite case: 方案 ends the title; the next line is the body, not more title.
    got = notice_metadata(
        ["攀枝花市2017年政务公开工作分工方案", "为贯彻落实国务院的通知，现制定本方案。"],
        columns=[],
        has_task_table=False,
    )
    assert got["title"] == "攀枝花市2017年政务公开工作分工方案"
