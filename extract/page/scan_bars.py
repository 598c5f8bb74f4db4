"""A scanned column rule the recogniser read as a character ("|" in 序号 | 工作任务).

On a scan, a header row one line tall holds short pieces of the column rules; where the
detector boxes the labels on both sides of a piece as one line, the recogniser reads the
piece as "|" and the rule finder leaves it to the text. The header cell then spans both
columns (序号|工作任务 over the number and category columns), no column is a category and
every category cell of the table is unplaced. A "|" read exactly where a vertical rule of
the page runs on from just below (or above) the line is that rule: the rule is carried
over the line, up (or down) to the row rule, and the "|" is not text.
"""

from __future__ import annotations

from dataclasses import replace

from extract.page.content import Char, HRule, PageContent, VRule

BARS = frozenset("|丨｜")
# how far (in ems of the "|") the rule's end may be from the line, and its x from the bar
REACH_EM = 1.0
ALIGN_EM = 0.3


def bars_as_rules(page: PageContent) -> PageContent:
    """The page with each bar read on the line of a vertical rule taken back as rule."""
    if not page.has_images or not any(c.text in BARS for c in page.chars):
        return page
    vrules = list(page.vrules)
    dropped: set[int] = set()
    for index, char in enumerate(page.chars):
        if char.text not in BARS:
            continue
        carried = _carried(char, vrules, page.hrules)
        if carried is None:
            continue
        old, new = carried
        vrules[vrules.index(old)] = new
        dropped.add(index)
    if not dropped:
        return page
    chars = [c for i, c in enumerate(page.chars) if i not in dropped]
    return replace(page, chars=chars, vrules=vrules, centres=None)


def _carried(char: Char, vrules: list[VRule], hrules: list[HRule]) -> tuple[VRule, VRule] | None:
    """(the rule, the rule carried over the bar's line to the row rule beyond it)."""
    x = (char.x0 + char.x1) / 2
    size = max(char.size, char.bottom - char.top)
    for rule in vrules:
        if abs(rule.x - x) > ALIGN_EM * size:
            continue
        if 0 <= rule.y0 - char.bottom <= REACH_EM * size:  # the rule runs on below
            above = [h.y for h in hrules if h.x0 - 1 <= x <= h.x1 + 1 and h.y <= char.top]
            if above and char.top - max(above) <= REACH_EM * size:
                return rule, VRule(rule.x, max(above), rule.y1)
        if 0 <= char.top - rule.y1 <= REACH_EM * size:  # the rule runs on above
            below = [h.y for h in hrules if h.x0 - 1 <= x <= h.x1 + 1 and h.y >= char.bottom]
            if below and min(below) - char.bottom <= REACH_EM * size:
                return rule, VRule(rule.x, rule.y0, min(below))
    return None
