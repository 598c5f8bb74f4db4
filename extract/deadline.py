"""The absolute deadline of a task row (docs/extraction_schema.md, "deadline_date").

The deadline cell is read first, then the requirement text; the first absolute date
mentioned wins. Recurring dates (每年3月31日前) and relative ones (印发后30个工作日内)
are not deadlines and are skipped.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from extract.chinese_numbers import arabise

# A year written before the phrase: 2017年底前, 2021年年底前, 2017年11月底前.
_YEAR = r"(?P<year>\d{4})年"
# The year-end phrases need the character 年 right before 底/末/内; when the year is not
# written, a digit before 年 means a duration (3年内), not this year.
_YEAR_END = re.compile(rf"(?:{_YEAR}年?|(?<![\d年])(?P<rel>今|本|当|明|次|去)?年)(?:底|末|内)")
_MONTH = re.compile(
    rf"(?:{_YEAR})?(?<!\d)(?P<month>\d{{1,2}})月份?"
    r"(?:(?P<part>底|末|上旬|中旬|下旬)|(?P<day>\d{1,2})[日号](?P<suffix>之?前|以前|为止|止|内|完成|截止)?)"
)
# Words that make the next date recurring rather than absolute.
_RECURRING_BEFORE = re.compile(r"(?:每|逐)(?:年度?|个?月|季度?|个)?$")
_RELATIVE_YEAR = {"今": 0, "本": 0, "当": 0, "明": 1, "次": 1, "去": -1}
_PART_DAY = {"上旬": 10, "中旬": 20}


@dataclass(frozen=True)
class _Found:
    start: int
    iso: str | None


def deadline_date(deadline_text: str | None, requirement: str, year: int | None) -> str | None:
    """ISO date of the first absolute deadline in the deadline cell, else the requirement."""
    for text, strict_days in ((deadline_text, False), (requirement, True)):
        if text:
            found = _first_date(text, year, strict_days=strict_days)
            if found is not None:
                return found
    return None


def _first_date(raw: str, year: int | None, *, strict_days: bool) -> str | None:
    text = re.sub(r"\s+", "", arabise(raw))
    candidates = sorted(
        [*_year_end_dates(text, year), *_month_dates(text, year, strict_days=strict_days)],
        key=lambda found: found.start,
    )
    for found in candidates:
        if found.iso is not None:
            return found.iso
    return None


def _is_recurring(text: str, start: int) -> bool:
    return _RECURRING_BEFORE.search(text[max(0, start - 4) : start]) is not None


def _year_end_dates(text: str, year: int | None) -> list[_Found]:
    found: list[_Found] = []
    for match in _YEAR_END.finditer(text):
        if _is_recurring(text, match.start()):
            continue
        if match.group("year"):
            target: int | None = int(match.group("year"))
        elif year is None:
            target = None
        else:
            target = year + _RELATIVE_YEAR.get(match.group("rel") or "", 0)
        found.append(_Found(match.start(), None if target is None else f"{target:04d}-12-31"))
    return found


def _month_dates(text: str, year: int | None, *, strict_days: bool) -> list[_Found]:
    found: list[_Found] = []
    for match in _MONTH.finditer(text):
        if _is_recurring(text, match.start()):
            continue
        # In prose a bare day (2017年6月30日印发的…) is usually a reference, not a deadline.
        if strict_days and match.group("day") and not match.group("suffix"):
            continue
        target_year = int(match.group("year")) if match.group("year") else year
        found.append(_Found(match.start(), _month_iso(match, target_year)))
    return found


def _month_iso(match: re.Match[str], year: int | None) -> str | None:
    month = int(match.group("month"))
    if year is None or not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    part = match.group("part")
    if part is not None:
        day = _PART_DAY.get(part, last)
    else:
        day = int(match.group("day"))
        if not 1 <= day <= last:
            return None
    return date(year, month, day).isoformat()
