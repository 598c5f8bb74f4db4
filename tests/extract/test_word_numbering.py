"""Word automatic numbering as Word displays it (extract/office/word_numbering.py), and the
bug it fixes: 序号 cells and 一、二、 headings numbered by Word read as empty / unnumbered."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import nsdecls
from lxml import etree

from extract.api import extract_bytes, extract_file
from extract.office.word_numbering import (
    definitions,
    format_number,
    paragraph_labels,
)
from tests.extract.word_numbering_docs import task_table_docx
from tests.fixtures.layouts.wordproc.make_wordproc import soffice_convert
from tests.soffice_gate import require_soffice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _xml(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


def _lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def _numbering(abstracts: dict[int, str], nums: str) -> etree._Element:
    body = "".join(
        f'<w:abstractNum w:abstractNumId="{key}">{levels}</w:abstractNum>'
        for key, levels in abstracts.items()
    )
    return _xml(f"<w:numbering {nsdecls('w')}>{body}{nums}</w:numbering>")


def _num(num_id: int, abstract: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{overrides}</w:num>'


def _p(num_id: int | None = None, ilvl: int | None = None, style: str | None = None) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None:
        level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        props += f'<w:numPr>{level}<w:numId w:val="{num_id}"/></w:numPr>'
    return f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t>x</w:t></w:r></w:p>"


def _labels(
    numbering: etree._Element, paragraphs: list[str], styles: etree._Element | None = None
) -> list[str]:
    """The label of each paragraph ('' when it shows none), in order."""
    body = _xml(f"<w:body {nsdecls('w')}>{''.join(paragraphs)}</w:body>")
    found = list(body.iter(f"{{{W}}}p"))
    labels = paragraph_labels(found, definitions(numbering, styles))
    return [labels.get(p, "") for p in found]


@pytest.mark.parametrize(
    ("fmt", "numbers", "shown"),
    [
        ("decimal", (1, 12), ("1", "12")),
        ("decimalZero", (3, 12), ("03", "12")),
        (
            "chineseCounting",
            (1, 10, 11, 20, 21, 105),
            ("一", "十", "十一", "二十", "二十一", "一百零五"),
        ),
        ("chineseCountingThousand", (9, 10, 19, 99), ("九", "十", "十九", "九十九")),
        ("japaneseCounting", (3, 14), ("三", "十四")),
        ("ideographTraditional", (1, 4, 10), ("甲", "丁", "癸")),
        ("lowerLetter", (1, 26, 27, 100_000), ("a", "z", "aa", "100000")),
        ("upperLetter", (2, 28), ("B", "BB")),
        ("upperRoman", (4, 9, 1994, 10**9), ("IV", "IX", "MCMXCIV", "1000000000")),
        ("decimalEnclosedCircle", (1, 20, 21), ("①", "⑳", "21")),
        ("decimalEnclosedCircleChinese", (3,), ("③",)),
        ("decimalEnclosedParen", (2,), ("⑵",)),
        ("chineseLegalSimplified", (3, 12), ("叁", "拾贰")),
        ("bullet", (1, 2), ("", "")),
        ("none", (1,), ("",)),
        ("someFutureFormat", (7,), ("7",)),
    ],
)
def test_each_number_format_prints_as_word_shows_it(
    fmt: str, numbers: tuple[int, ...], shown: tuple[str, ...]
) -> None:
    assert tuple(format_number(n, fmt) for n in numbers) == shown


def test_lvl_text_frames_the_number_and_bullets_print_nothing() -> None:
    numbering = _numbering(
        {
            0: _lvl(0, "chineseCounting", "%1、"),
            1: _lvl(0, "chineseCounting", "（%1）"),
            2: _lvl(0, "bullet", "\uf0b7"),
        },
        _num(1, 0) + _num(2, 1) + _num(3, 2),
    )
    labels = _labels(numbering, [_p(1, 0), _p(2, 0), _p(3, 0), _p(1, 0), _p(), _p(2, 0)])
    assert labels == ["一、", "（一）", "", "二、", "", "（二）"]


def test_undefined_lists_and_malformed_levels_number_nothing_and_never_fail() -> None:
    numbering = _numbering(
        {0: '<w:lvl w:ilvl="x"><w:start w:val="oops"/><w:lvlText w:val="%1)"/></w:lvl>'},
        _num(1, 0) + _num(2, 7),  # num 2 names an abstract list that does not exist
    )
    labels = _labels(numbering, [_p(9, 0), _p(1, 0), _p(2, 0), _p(1, 0), _p(0, 0)])
    assert labels == ["", "1)", "", "2)", ""]


def test_deeper_levels_restart_when_a_shallower_level_advances_multilevel_labels() -> None:
    levels = _lvl(0, "decimal", "%1.") + _lvl(1, "decimal", "%1.%2") + _lvl(2, "decimal", "(%3)")
    numbering = _numbering({0: levels}, _num(1, 0))
    paragraphs = [_p(1, 0), _p(1, 1), _p(1, 1), _p(1, 2), _p(1, 0), _p(1, 1), _p(1, 2)]
    assert _labels(numbering, paragraphs) == ["1.", "1.1", "1.2", "(1)", "2.", "2.1", "(1)"]


def test_lvl_restart_zero_never_restarts_and_start_values_count_from_there() -> None:
    levels = _lvl(0, "chineseCounting", "%1、", start=3) + _lvl(
        1, "decimal", "%2.", extra='<w:lvlRestart w:val="0"/>'
    )
    numbering = _numbering({0: levels}, _num(1, 0))
    paragraphs = [_p(1, 0), _p(1, 1), _p(1, 1), _p(1, 0), _p(1, 1)]
    assert _labels(numbering, paragraphs) == ["三、", "1.", "2.", "四、", "3."]


def test_is_lgl_prints_every_number_of_the_label_in_decimal() -> None:
    levels = _lvl(0, "chineseCounting", "%1、") + _lvl(
        1, "decimal", "%1.%2", extra='<w:isLgl w:val="1"/>'
    )
    numbering = _numbering({0: levels}, _num(1, 0))
    assert _labels(numbering, [_p(1, 0), _p(1, 0), _p(1, 1)]) == ["一、", "二、", "2.1"]


def test_nums_of_one_abstract_list_continue_it_and_a_start_override_restarts_it() -> None:
    numbering = _numbering(
        {0: _lvl(0, "decimal", "%1.")},
        _num(1, 0)
        + _num(2, 0)
        + _num(3, 0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
        + _num(
            4,
            0,
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/>'
            '<w:lvl w:ilvl="0"><w:numFmt w:val="upperLetter"/></w:lvl></w:lvlOverride>',
        ),
    )
    paragraphs = [_p(1, 0), _p(1, 0), _p(2, 0), _p(3, 0), _p(3, 0), _p(4, 0)]
    # The overriding level keeps the lvlText it does not restate ("%1.").
    assert _labels(numbering, paragraphs) == ["1.", "2.", "3.", "1.", "2.", "E."]


def test_numbering_from_the_paragraph_style_through_based_on_and_num_id_zero() -> None:
    numbering = _numbering(
        {0: _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）")},
        _num(1, 0),
    )
    styles = _xml(
        f"<w:styles {nsdecls('w')}>"
        '<w:style w:type="paragraph" w:styleId="Group"><w:pPr><w:numPr>'
        '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Sub"><w:basedOn w:val="Group"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Plain"><w:basedOn w:val="Group"/>'
        '<w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>'
        "</w:styles>"
    )
    paragraphs = [
        _p(style="Group"),
        _p(style="Sub"),
        _p(style="Plain"),
        _p(style="Sub"),
        _p(style="Group"),
        _p(1, 1, style="Group"),  # the paragraph's own level wins over the style's
    ]
    assert _labels(numbering, paragraphs, styles) == [
        "一、",
        "（一）",
        "",
        "（二）",
        "二、",
        "（一）",
    ]


def test_style_linked_level_is_the_level_naming_the_style() -> None:
    levels = _lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="H1"/>') + _lvl(
        1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="H2"/>'
    )
    numbering = _numbering({0: levels}, _num(1, 0))
    styles = _xml(
        f"<w:styles {nsdecls('w')}>"
        + "".join(
            f'<w:style w:type="paragraph" w:styleId="{s}"><w:pPr><w:numPr>'
            '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
            for s in ("H1", "H2")
        )
        + "</w:styles>"
    )
    paragraphs = [_p(style="H1"), _p(style="H2"), _p(style="H2"), _p(style="H1"), _p(style="H2")]
    assert _labels(numbering, paragraphs, styles) == ["一、", "（一）", "（二）", "二、", "（一）"]


def test_a_list_in_a_table_column_continues_down_the_cells_in_document_order() -> None:
    numbering = _numbering({0: _lvl(0, "decimal", "%1")}, _num(1, 0))
    row = f"<w:tr><w:tc>{_p(1, 0)}</w:tc><w:tc>{_p()}</w:tc></w:tr>"
    table = f"<w:tbl>{row * 3}</w:tbl>"
    labels = _labels(numbering, [_p(1, 0), table, _p(1, 0)])
    assert [label for label in labels if label] == ["1", "2", "3", "4", "5"]


# ------------------------------------------------------------------ the bug


def _rows(extraction: object) -> list[dict[str, object]]:
    fields = ("seq", "section", "requirement", "lead_units_text", "deadline_text")
    return [{k: row[k] for k in fields} for row in extraction.rows]  # type: ignore[attr-defined]


def test_auto_numbered_seq_column_and_category_headings_extract_as_typed_numbers() -> None:
    """序号 cells numbered by Word (a list down the column, continuing across the groups),
    一、二、 group headings numbered through their paragraph style and （一） categories
    numbered at level 2: the same rows as the twin with the numbers typed in."""
    typed = _rows(extract_bytes(task_table_docx(auto=False)))
    auto = _rows(extract_bytes(task_table_docx(auto=True)))
    assert [row["seq"] for row in typed] == ["1", "2", "3", "4", "5"]
    assert typed[3]["section"] == ["二、提升政务公开平台水平", "（一）政府网站"]
    assert len(auto) == len(typed)
    for auto_row, typed_row in zip(auto, typed, strict=True):
        assert auto_row == typed_row


def test_auto_numbered_task_table_saved_as_doc_extracts_as_typed_numbers(tmp_path: Path) -> None:
    """The same document through LibreOffice: saved as .doc, read back (LibreOffice
    converts it to .docx, writing the lists as numPr again)."""
    require_soffice()
    source = tmp_path / "auto.docx"
    source.write_bytes(task_table_docx(auto=True))
    soffice_convert([source], "doc", tmp_path)
    extraction = extract_file(tmp_path / "auto.doc")
    assert extraction.kind == "doc"
    assert _rows(extraction) == _rows(extract_bytes(task_table_docx(auto=False)))
