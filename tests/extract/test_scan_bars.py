"""A column rule a scan's recogniser read as "|" is taken back as the rule.

The page is page 1 of our Calc tuning print calc-liangshan-late (numbered, sized by Calc)
as the second scanner's 200-dpi grey scan reads: the header row 序号 | 工作任务 is 13.5 pt
tall, the rule between the two labels was read as "|" on their one line, and the column
rule below starts at the header's bottom rule. Before, the header cell 序号|工作任务 spanned
the number and both category columns: no column was a category and all 18 categories of
the table were unplaced."""

from __future__ import annotations

from extract.page.content import Char, HRule, PageContent, VRule
from extract.page.scan_bars import bars_as_rules


def _page(bar: str, *, scanned: bool = True, rule_from: float = 99.0) -> PageContent:
    line = [("序", 56.0), ("号", 63.4), (bar, 125.5), ("工", 129.6), ("作", 135.9)]
    chars = [Char(x, x + 7.5, 88.1, 97.0, text, 8.9, line=1) for text, x in line]
    hrules = [HRule(85.5, 53.6, 736.9), HRule(99.0, 53.6, 736.9)]
    vrules = [VRule(54.0, 86.0, 482.4), VRule(127.1, rule_from, 482.4)]
    return PageContent(1, 842.0, 595.0, chars, hrules, vrules, has_images=scanned)


def test_a_bar_read_on_the_line_of_a_column_rule_is_the_rule() -> None:
    page = bars_as_rules(_page("|"))
    assert [c.text for c in page.chars] == ["序", "号", "工", "作"]
    assert VRule(127.1, 85.5, 482.4) in page.vrules


def test_a_bar_away_from_any_rule_or_on_a_text_layer_stays_text() -> None:
    assert "|" in [c.text for c in bars_as_rules(_page("|", rule_from=140.0)).chars]
    assert "|" in [c.text for c in bars_as_rules(_page("|", scanned=False)).chars]
    assert bars_as_rules(_page("一")).vrules == _page("一").vrules
