"""Word documents whose task table is numbered by Word (``w:numPr`` + numbering.xml), and
their twins with the same numbers typed in: python-docx writes the document, the lists
are raw WordprocessingML (python-docx has no API for numbering definitions)."""

from __future__ import annotations

import io

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

HEADER = ["序号", "工作任务", "具体要求", "牵头单位", "完成时限"]
# (group heading, category, [(requirement, lead unit)]); the 序号 runs on across groups.
GROUPS = (
    (
        "加强重点领域信息公开",
        "财政信息",
        [
            ("公开财政预算。", "县财政局"),
            ("公开决算。", "县财政局"),
            ("公开审计结果。", "县审计局"),
        ],
    ),
    (
        "提升政务公开平台水平",
        "政府网站",
        [("完善政府网站栏目。", "县政府办公室"), ("做好政务新媒体管理。", "县政府办公室")],
    ),
)
CHINESE = "一二三四五六七八九"

# List 1: 一、 (level 0) and （一） (level 1, restarts under each 一、); list 2: the 序号 column.
NUMBERING_XML = f"""<w:numbering {nsdecls("w")}>
  <w:abstractNum w:abstractNumId="10">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
      <w:lvlText w:val="%1、"/><w:pStyle w:val="TaskGroup"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
      <w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="20">
    <w:multiLevelType w:val="singleLevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
      <w:lvlText w:val="%1"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
</w:numbering>"""


def _number(paragraph: Paragraph, num_id: int, ilvl: int) -> None:
    num_pr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    paragraph._p.get_or_add_pPr().append(num_pr)


def task_table_docx(*, auto: bool) -> bytes:
    """附件, a title and the task table. ``auto``: the 序号 cells, the group headings
    (through their paragraph style TaskGroup) and the categories are numbered by Word
    and hold no number of their own; else the same numbers are typed in."""
    document = docx.Document()
    if auto:
        document.part.numbering_part._element = parse_xml(NUMBERING_XML)
        style = document.styles.add_style("TaskGroup", WD_STYLE_TYPE.PARAGRAPH)
        style.element.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="1"/></w:numPr>')
        )
    document.add_paragraph("附件")
    document.add_paragraph("某县2020年政务公开工作任务分解表")
    rows = 1 + sum(1 + len(items) for _, _, items in GROUPS)
    table = document.add_table(rows=rows, cols=len(HEADER))
    for c, label in enumerate(HEADER):
        table.cell(0, c).text = label
    r, seq = 1, 0
    for g, (heading, category, items) in enumerate(GROUPS):
        cell = table.cell(r, 0).merge(table.cell(r, len(HEADER) - 1))
        if auto:
            cell.text = heading
            cell.paragraphs[0].style = document.styles["TaskGroup"]
        else:
            cell.text = f"{CHINESE[g]}、{heading}"
        r += 1
        merged = table.cell(r, 1).merge(table.cell(r + len(items) - 1, 1))
        merged.text = category if auto else f"（一）{category}"
        if auto:
            _number(merged.paragraphs[0], 1, 1)
        for requirement, lead in items:
            seq += 1
            if auto:
                _number(table.cell(r, 0).paragraphs[0], 2, 0)
            else:
                table.cell(r, 0).text = str(seq)
            table.cell(r, 2).text = requirement
            table.cell(r, 3).text = lead
            table.cell(r, 4).text = "全年"
            r += 1
    document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
