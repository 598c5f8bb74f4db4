"""Publication cadence labels of a task row (docs/extraction_schema.md, "Frequencies").

Every specific period found in the requirement and deadline texts is output, in the fixed
label order; when there is none, exactly one fallback label is given.
"""

from __future__ import annotations

import re

from extract.chinese_numbers import arabise
from extract.text import compact
from extract.vocabulary import Frequency

# Label → trigger words, in output order.
SPECIFIC_PERIODS: tuple[tuple[Frequency, tuple[str, ...]], ...] = (
    (Frequency.DAILY, ("每日", "每天", "逐日")),
    (Frequency.EVERY_5_DAYS, ("每五日", "每5日")),
    (Frequency.WEEKLY, ("每周", "按周", "逐周")),
    (Frequency.MONTHLY, ("按月", "每月", "月度", "逐月")),
    (Frequency.QUARTERLY, ("每季度", "按季度", "季度", "每季")),
    (Frequency.SEMIANNUAL, ("每半年", "半年")),
    (Frequency.ANNUAL, ("每年", "每年度", "按年度", "逐年", "年度报告")),
)
FALLBACK_LABELS: tuple[Frequency, ...] = (
    Frequency.PERIODIC,
    Frequency.ONE_OFF,
    Frequency.EVENT_DRIVEN,
    Frequency.CONTINUOUS,
    Frequency.UNSPECIFIED,
)
ALL_LABELS: tuple[Frequency, ...] = tuple(label for label, _ in SPECIFIC_PERIODS) + FALLBACK_LABELS

_PERIODIC = ("定期", "常态化")
_EVENT = ("及时", "适时", "第一时间", "随时")
_CONTINUOUS = ("实时", "动态", "持续", "长期")
_CONTINUOUS_DEADLINE = ("全年", "持续推进")
# 年内/年底前 close this year; after a short number (3年内) 年内 is a duration instead.
_WITHIN_YEAR_RE = re.compile(r"(?:^|\D|\d{4})年(?:内|底)")
# A deadline counted from an event: 印发后30个工作日内, 5小时内, 20日内.
_RELATIVE_DEADLINE = re.compile(r"\d+个?(?:工作日|小时|日|天)(?:之)?内|后\d+个月(?:之)?内")


def frequencies(
    requirement: str, deadline_text: str | None, deadline_date: str | None
) -> list[str]:
    """Labels for a row; ``deadline_date`` is the row's absolute deadline, if any."""
    text = compact(requirement) + "\n" + compact(deadline_text or "")
    found = [label for label, words in SPECIFIC_PERIODS if any(word in text for word in words)]
    if not found:
        found = [_fallback(text, compact(deadline_text or ""), deadline_date)]
    return [label.value for label in found]  # plain strings: rows travel as JSON and XCom


def _fallback(text: str, deadline_cell: str, deadline_date: str | None) -> Frequency:
    numeric = arabise(text)
    if any(word in text for word in _PERIODIC):
        return Frequency.PERIODIC
    if deadline_date is not None or _WITHIN_YEAR_RE.search(numeric):
        return Frequency.ONE_OFF
    if any(word in text for word in _EVENT) or _RELATIVE_DEADLINE.search(numeric):
        return Frequency.EVENT_DRIVEN
    if any(word in text for word in _CONTINUOUS) or any(
        word in deadline_cell for word in _CONTINUOUS_DEADLINE
    ):
        return Frequency.CONTINUOUS
    return Frequency.UNSPECIFIED
