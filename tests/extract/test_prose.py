"""Prose notices (工作要点): paragraphs under numbered headings become Contract 1 rows
with ``layout: prose``; interpretations (解读, 图解) yield none."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.accuracy import UNIT_LIST_FIELDS, fixture_files, load_expected, norm, score_file
from extract.prose.document import joined_paragraphs, read_prose
from extract.prose.items import prose_tasks
from extract.prose.parenthetical import parse_note, unit_notes
from extract.vocabulary import NoticeKind
from tests.extract.conftest import ROOT, extraction_of
from tests.soffice_gate import needs_soffice, require_soffice

TUNE = ROOT / "tests/fixtures/prose/tune"
CASES = fixture_files(TUNE)


def test_every_format_has_prose_fixtures() -> None:
    assert {case[0].name.rsplit(".", 1)[1] for case in CASES} == {"pdf", "html", "docx", "doc"}


@pytest.mark.parametrize(
    ("document", "rows_path", "meta_path"), CASES, ids=[c[0].name for c in CASES]
)
def test_prose_rows_and_metadata_are_exact(
    document: Path, rows_path: Path, meta_path: Path
) -> None:
    if needs_soffice(document):
        require_soffice()
    expected_rows, expected_meta = load_expected(rows_path, meta_path)
    extraction = extraction_of(document)
    score = score_file(
        document.name, extraction.rows, extraction.meta, expected_rows, expected_meta
    )
    assert score.mismatches == []
    assert (score.exact_rows, score.got_rows) == (len(expected_rows), len(expected_rows))
    assert [k for k, ok in score.meta_hits.items() if not ok] == []
    for got, want in zip(extraction.rows, expected_rows, strict=True):
        for name in (*UNIT_LIST_FIELDS, "frequencies", "deadline_date", "layout"):
            assert norm(got[name]) == norm(want[name]), (got["row"], name)


def test_the_yishui_explainer_is_an_interpretation_with_no_rows() -> None:
    extraction = extraction_of(ROOT / "tests/fixtures/corpus/pdf/yishui-2018.pdf")
    assert extraction.meta["kind"] == "interpretation"
    assert extraction.meta["has_task_table"] is False
    assert extraction.rows == []
    seed = next((ROOT / "tests/fixtures/corpus/seeds").glob("001_*.txt"))
    assert (
        read_prose(seed.read_text(encoding="utf-8").splitlines()).kind is NoticeKind.INTERPRETATION
    )


def test_table_rows_say_their_layout() -> None:
    extraction = extraction_of(ROOT / "tests/fixtures/corpus/pdf/ningyang-2017.ruled.pdf")
    assert {row["layout"] for row in extraction.rows} == {"table"}
    assert extraction.meta["kind"] == "notice"


@pytest.mark.parametrize(
    "text",
    [
        "落实《政策文件解读实施办法（试行）》要求。",
        "公开《乡村振兴战略规划（2018-2022年）》实施进展。",
        "建立政务公开考核制度（以下简称“考核制度”），按年度开展考核。",
        "按照《通知》（国办发〔2016〕19号）要求，做好公开工作。",
        "各乡镇（街道）要及时公开扶贫资金使用情况。",
        "推进政府网站部署互联网协议第六版（IPv6）。",
    ],
)
def test_parentheses_that_name_no_unit_stay_in_the_text(text: str) -> None:
    assert unit_notes(text) == []
    [task] = prose_tasks(["一、公开", text])
    assert (task.requirement, task.note) == (text, None)


def test_roles_of_each_parenthetical_pattern() -> None:
    shared = parse_note("县发改局、县自然资源局按职责分工负责")
    assert shared is not None and shared.responsible == ("县发改局", "县自然资源局")
    labelled = parse_note("牵头单位：县政府办公室；责任单位：各乡镇人民政府、县直各部门")
    assert labelled is not None
    assert labelled.lead == ("县政府办公室",)
    assert labelled.responsible == ("各乡镇人民政府", "县直各部门")
    assert (labelled.lead_units_text, labelled.responsible_units_text) == (
        "县政府办公室",
        "各乡镇人民政府、县直各部门",
    )
    marked = parse_note("市发展改革委牵头，市财政局、市统计局配合")
    assert marked is not None
    assert (marked.lead, marked.responsible, marked.cooperating) == (
        ("市发展改革委",),
        (),
        ("市财政局", "市统计局"),
    )
    # the parenthetical's parts as printed: the lead clause, the others
    assert (marked.lead_units_text, marked.responsible_units_text) == (
        "市发展改革委牵头",
        "市财政局、市统计局配合",
    )
    council = parse_note("国务院审改办、人力资源社会保障部等按职责分工负责")
    assert council is not None and council.responsible == ("国务院审改办", "人力资源社会保障部")
    joining = parse_note("县教育局负责，县财政局参与")
    assert joining is not None and joining.cooperating == ("县财政局",)


def test_clauses_that_close_with_their_own_units_are_rows_of_their_own() -> None:
    tasks = prose_tasks(
        [
            "一、加强政府重点工作信息公开",
            "（一）围绕重点工作做好信息公开。制定发布城市规划信息。（市规划局负责落实）推进区域"
            "合作信息公开。（市发展改革委、市教委分别负责落实）及时公开重大项目建设情况。",
        ]
    )
    assert [t.requirement for t in tasks] == [
        "制定发布城市规划信息。",
        "推进区域合作信息公开。",
        "及时公开重大项目建设情况。",
    ]
    assert [t.note.responsible if t.note else () for t in tasks] == [
        ("市规划局",),
        ("市发展改革委", "市教委"),
        (),
    ]
    assert {t.section for t in tasks} == {
        ("一、加强政府重点工作信息公开", "（一）围绕重点工作做好信息公开")
    }


def test_a_sentence_without_its_own_units_stays_in_its_row() -> None:
    [task] = prose_tasks(
        ["一、公开", "及时公开重大项目审批信息。推进项目实施信息公开。（县发改局负责）"]
    )
    assert task.requirement == "及时公开重大项目审批信息。推进项目实施信息公开。"


def test_a_unit_parenthetical_wrapped_onto_the_next_line_or_page_is_joined() -> None:
    paragraphs = joined_paragraphs(
        [
            "一、公开",
            "及时公开重大项目审批信息。（县发改局、",
            "县自然资源局按职责分工负责）",
            "- 3 -",
        ]
    )
    assert paragraphs == [
        "一、公开",
        "及时公开重大项目审批信息。（县发改局、县自然资源局按职责分工负责）",
    ]
    alone = joined_paragraphs(["一、公开", "及时公开重大项目审批信息。", "（县发改局负责）"])
    assert alone == ["一、公开", "及时公开重大项目审批信息。（县发改局负责）"]


def test_a_prose_task_without_units_is_a_row_with_empty_unit_lists() -> None:
    from extract.rows import prose_rows

    [row] = prose_rows(
        prose_tasks(["一、公开", "各级各部门要定期公开扶贫资金使用情况。"]),
        notice_id="n",
        year=2019,
    )
    assert (row.lead_units, row.responsible_units, row.cooperating_units) == ((), (), ())
    assert (row.layout, row.frequencies) == ("prose", ("periodic",))


def test_a_notice_s_own_requests_before_its_attached_plan_are_no_tasks() -> None:
    reading = read_prose(
        [
            "XX县人民政府办公室关于印发2019年XX县政务公开工作要点的通知",
            "各乡镇人民政府：",
            "现将要点印发给你们，并提出以下要求：",
            "一、加强组织领导。各乡镇要高度重视。",
            "XX县人民政府办公室",
            "2019年3月1日",
            "2019年XX县政务公开工作要点",
            "一、推进重点领域公开",
            "（一）推进财政信息公开。按月公开财政收支情况。（县财政局负责）",
        ]
    )
    assert [t.requirement for t in reading.tasks] == ["按月公开财政收支情况。"]
    assert reading.title == "2019年XX县政务公开工作要点"


def test_a_numbered_sentence_closed_by_its_units_is_a_task_not_a_title() -> None:
    tasks = prose_tasks(
        [
            "一、公开",
            "（一）推进脱贫攻坚信息公开",
            "1.每半年公开一次扶贫对象调整情况。（县扶贫办负责）",
        ]
    )
    assert [(t.seq, t.requirement) for t in tasks] == [("1.", "每半年公开一次扶贫对象调整情况。")]
    assert tasks[0].section == ("一、公开", "（一）推进脱贫攻坚信息公开")


def test_a_department_signing_its_own_plan_is_its_issuer_and_no_task() -> None:
    from extract.metadata import notice_metadata

    lines = [
        "山东省教育厅2019年政务公开工作要点",
        "为做好全省教育系统政务公开工作，制定本要点。",
        "一、加强重点领域信息公开",
        "（一）推进教育经费信息公开。公开部门预算。（财务处负责）",
        "山东省教育厅",
        "2019年4月30日",
    ]
    reading = read_prose(lines)
    assert [t.requirement for t in reading.tasks] == ["公开部门预算。"]
    meta = notice_metadata([*reading.front, *reading.trailer], columns=[], has_task_table=False)
    assert (meta["issuer"], meta["publish_date"]) == ("山东省教育厅", "2019-04-30")


def test_a_unit_parenthetical_cut_by_a_page_break_keeps_all_its_units() -> None:
    from tests.fixtures.prose.make_pagewrap import UNITS, _cut_by_page

    pdf = TUNE / "pdf" / "pagewrap-lanling-2019.word.pdf"
    assert _cut_by_page(pdf)  # the fixture does what it is for
    row = extraction_of(pdf).rows[0]
    assert (tuple(row["responsible_units"]), row["lead_units"]) == (UNITS, [])
    assert row["requirement"].endswith("等领域信息。")


@pytest.mark.ocr
def test_a_scanned_prose_notice_gives_the_same_rows() -> None:
    """The page-cut fixture scanned (skew, noise, JPEG): OCR lines become the same
    paragraphs, the parenthetical cut by the page is still joined."""
    from extract.api import extract_bytes
    from tests.fixtures.prose.scan import scanned_pdf

    stem = "pagewrap-lanling-2019"
    data = scanned_pdf(TUNE / "pdf" / f"{stem}.word.pdf", seed=7)
    extraction = extract_bytes(data, name=f"{stem}.pdf")
    expected_rows, expected_meta = load_expected(
        TUNE / "expected" / f"{stem}.jsonl", TUNE / "expected" / f"{stem}.meta.json"
    )
    score = score_file(stem, extraction.rows, extraction.meta, expected_rows, expected_meta)
    assert score.mismatches == []
    assert (score.exact_rows, score.got_rows) == (len(expected_rows), len(expected_rows))
    assert score.unit_lists_exact == len(expected_rows)


def test_a_line_the_reader_left_unjoined_goes_back_to_its_paragraph() -> None:
    tasks = prose_tasks(
        [
            "一、推进重点领域信息公开",
            "（二）推进财政信息公开。按季度公开县级财政预算执行",
            "情况。（县财政局负责）",
            "二、加强政策解读",
            "各部门要做好政策解读，解读材料与政策文件同",
            "步发布。",
        ]
    )
    assert [(t.requirement, t.note.responsible if t.note else ()) for t in tasks] == [
        ("按季度公开县级财政预算执行情况。", ("县财政局",)),
        ("各部门要做好政策解读，解读材料与政策文件同步发布。", ()),
    ]


def _page_with_table(prose: str) -> bytes:
    return f"""<html><head><meta charset="utf-8"></head><body>
<h1>XX县人民政府办公室关于印发2019年政务公开工作任务分解表的通知</h1>
<p>各乡镇人民政府，县政府各部门：</p>
<p>现将任务分解表印发给你们，并提出以下要求：</p>
<p>一、加强组织领导</p>
<p>{prose}</p>
<p>XX县人民政府办公室</p><p>2019年3月1日</p>
<table>
<tr><th>序号</th><th>工作任务</th><th>责任单位</th></tr>
<tr><td>1</td><td>按月公开财政收支情况。</td><td>县财政局</td></tr>
<tr><td>2</td><td>及时公开重大项目审批信息。</td><td>县发改局</td></tr>
</table></body></html>""".encode()


def test_a_notice_with_a_table_gives_prose_rows_only_when_the_prose_names_units() -> None:
    from extract.api import extract_bytes

    restating = extract_bytes(_page_with_table("各乡镇、各部门要高度重视，明确专人负责。"))
    assert [row["layout"] for row in restating.rows] == ["table", "table"]
    assigning = extract_bytes(_page_with_table("年底前完成政务公开专栏改版。（县政府办公室负责）"))
    assert [(row["layout"], row["row"]) for row in assigning.rows] == [
        ("prose", 1),
        ("table", 2),
        ("table", 3),
    ]
    assert assigning.rows[0]["responsible_units"] == ["县政府办公室"]
    assert assigning.meta["has_task_table"] is True


def test_a_deadline_printed_with_the_units_is_the_row_s_deadline() -> None:
    from extract.rows import prose_rows

    tasks = prose_tasks(
        [
            "一、公开",
            "（一）规范目录。编制主动公开基本目录。（县政府办公室牵头，县直各部门负责，2019年9月底前完成）",
        ]
    )
    [row] = (r.to_json() for r in prose_rows(tasks, notice_id="n", year=2019))
    assert row["requirement"] == "编制主动公开基本目录。"
    assert (row["lead_units"], row["responsible_units"]) == (["县政府办公室"], ["县直各部门"])
    assert (row["lead_units_text"], row["responsible_units_text"]) == (
        "县政府办公室牵头",
        "县直各部门负责",
    )
    assert (row["deadline_text"], row["deadline_date"], row["frequencies"]) == (
        "2019年9月底前完成",
        "2019-09-30",
        ["one_off"],
    )


def test_a_notice_whose_page_names_its_interpretation_stays_a_notice() -> None:
    reading = read_prose(
        [
            "相关解读：图解2019年XX县政务公开工作要点",
            "XX县人民政府办公室关于印发2019年XX县政务公开工作要点的通知",
            "X政办字〔2019〕3号",
            "一、推进重点领域公开",
            "（一）推进财政信息公开。按月公开财政收支情况。（县财政局负责）",
        ]
    )
    assert reading.kind is NoticeKind.NOTICE
    assert [t.requirement for t in reading.tasks] == ["按月公开财政收支情况。"]


def test_an_interpretation_never_shares_the_id_of_the_notice_it_explains() -> None:
    from extract.ids import notice_id

    same = ("沂水县人民政府办公室", None, "2018年沂水县政务公开工作要点", 2018)
    assert notice_id(*same) != notice_id(*same, kind="interpretation")
    assert notice_id(*same) == notice_id(*same, kind="notice")
    explainer = extraction_of(ROOT / "tests/fixtures/corpus/pdf/yishui-2018.pdf").meta
    assert explainer["notice_id"] == notice_id(
        explainer["issuer"],
        explainer["doc_number"],
        explainer["title"],
        explainer["year"],
        kind="interpretation",
    )
