"""A ruled table's header rule found only in pieces (`extract/page/partial.py`)."""

from __future__ import annotations

from extract.page.content import Char, HRule, PageContent, VRule
from extract.page.layout import table_areas
from extract.page.partial import with_header_rules

SIZE = 10.0
COLUMNS = (50.0, 150.0, 350.0, 450.0, 550.0)


def _line(texts: list[str], top: float) -> list[Char]:
    """One text line: each text centred in its column."""
    chars = []
    for text, x0, x1 in zip(texts, COLUMNS, COLUMNS[1:], strict=False):
        start = (x0 + x1 - SIZE * len(text)) / 2
        for i, c in enumerate(text):
            left = start + i * SIZE
            chars.append(Char(left, left + SIZE, top, top + SIZE, c, SIZE))
    return chars


def _page(chars: list[Char], hrules: list[HRule]) -> PageContent:
    verticals = [VRule(x, 100.0, 400.0) for x in COLUMNS]
    rules = [HRule(100.0, 50.0, 550.0), *hrules, HRule(400.0, 50.0, 550.0)]
    for y in (200.0, 300.0):
        rules.append(HRule(y, 50.0, 550.0))
    return PageContent(1, 600.0, 800.0, chars, sorted(rules, key=lambda r: r.y), verticals, True)


def test_a_header_rule_found_in_a_piece_is_drawn_across_the_table() -> None:
    """Under the header line 工作任务 具体要求 牵头单位 责任单位 a rule was found from the
    second column to the third only (the rest faded under a shaded header): it is drawn
    from the table's left side to its right, and its piece gives way to it."""
    chars = _line(["工作任务", "具体要求", "牵头单位", "责任单位"], 104.0)
    chars += _line(["以政务公开", "及时公开", "县房管局", "各乡镇"], 120.0)
    page = _page(chars, [HRule(116.0, 150.0, 450.0)])
    out = with_header_rules([page], table_areas([page]))[0]
    assert HRule(116.0, 50.0, 550.0) in out.hrules
    assert HRule(116.0, 150.0, 450.0) not in out.hrules


def test_a_header_whose_labels_wrap_onto_a_second_line_gets_no_rule_between_them() -> None:
    """Two lines of one header row (牵头 / 单位) have no rule between them: nothing is
    drawn there, and a header rule found whole is left as it is."""
    chars = _line(["工作任务", "具体要求", "牵头", "责任"], 104.0)
    chars += _line(["", "", "单位", "单位"], 114.0)
    page = _page(chars, [HRule(126.0, 50.0, 550.0)])
    out = with_header_rules([page], table_areas([page]))[0]
    assert out == page
