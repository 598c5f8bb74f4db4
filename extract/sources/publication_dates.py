"""Dates as portals print them, and the period a publication's title names.

Listings print a date beside each item in one of a few forms: `2021-03-05`,
`2021年3月5日`, `2021/3/5`, `2021.03.05`, or only `[03-05]` under a year heading
(`2021年`). An item page says `发布日期：2021-03-05` or carries `<meta name="PubDate">`.
A title often names the period it reports (`2021年3月财政收支情况`, `2021年第一季度`,
`2021年上半年`, `2021年度`), which is stronger evidence than its date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extract.chinese_numbers import chinese_to_int

_FULL = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
)
_MONTH_DAY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?")
YEAR_HEADING = re.compile(r"^\s*((?:19|20)\d\d)\s*年?度?\s*$")
_PAGE_DATE_LABEL = re.compile(
    r"(?:发布日期|发布时间|发文日期|成文日期|公开日期|日期|时间)\s*[:：]?\s*"
)
_META_DATE = re.compile(
    r"<meta[^>]+name=[\"'](?:PubDate|pubdate|publishdate|firstpublishedtime|ArticlePublishDate)"
    r"[\"'][^>]*content=[\"']([^\"']+)[\"']",
    re.I,
)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_full_date(text: str) -> dt.date | None:
    """The first complete date in `text` (year, month, day), or None."""
    for m in _FULL.finditer(text):
        found = _date(int(m[1]), int(m[2]), int(m[3]))
        if found:
            return found
    return None


def parse_listing_date(text: str, year: int | None) -> dt.date | None:
    """A listing row's date: a complete date, else month-day under the year heading."""
    found = parse_full_date(text)
    if found or year is None:
        return found
    for m in _MONTH_DAY.finditer(text):
        found = _date(year, int(m[1]), int(m[2]))
        if found:
            return found
    return None


def parse_page_date(html: str) -> dt.date | None:
    """An item page's publication date: its meta tag, else a labelled date, else none
    (an unlabelled date in a page's body may be anything: a deadline, a meeting)."""
    meta = _META_DATE.search(html)
    if meta:
        found = parse_full_date(meta[1])
        if found:
            return found
    for label in _PAGE_DATE_LABEL.finditer(html):
        found = parse_full_date(html[label.end() : label.end() + 40])
        if found:
            return found
    return None


# ---------------------------------------------------------------- periods named in titles


@dataclass(frozen=True)
class TitlePeriod:
    """The period a title names: grain (monthly, quarterly, semiannual, annual, the
    cadence labels of extract/vocabulary.Frequency), year and 1-based index within it."""

    grain: str
    year: int
    index: int


_NUM = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"((?:19|20)\d\d)\s*年"
_MAYBE_YEAR = r"(?:" + _YEAR + r")?"
_MONTH_RANGE = re.compile(
    _MAYBE_YEAR + r"\s*" + _NUM + r"\s*(?:-|—|－|~|～|至)\s*" + _NUM + r"\s*月"
)
_MONTH = re.compile(_MAYBE_YEAR + r"\s*" + _NUM + r"\s*月(?:份)?(?![\d日])")
_QUARTER = re.compile(_MAYBE_YEAR + r"\s*(?:第)?" + _NUM + r"\s*季度")
_HALF = re.compile(_MAYBE_YEAR + r"\s*(上|下)半年")
_ANNUAL = re.compile(_YEAR + r"(?:度)?")


def _num(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    try:
        return chinese_to_int(text)
    except (ValueError, KeyError):
        return None


def title_period(title: str, default_year: int | None = None) -> TitlePeriod | None:
    """The finest period the title names, with its year (or `default_year` when the
    title names none). `1-3月` is the first quarter's cumulative report, read as its
    last month's; a day (`3月5日`) names a date, not a period."""
    text = re.sub(r"\s+", "", title)
    for pattern, grain in ((_MONTH_RANGE, "monthly"), (_MONTH, "monthly")):
        m = pattern.search(text)
        if m:
            year = int(m[1]) if m[1] else default_year
            month = _num(m[m.lastindex or 2])
            if year and month and 1 <= month <= 12:
                return TitlePeriod(grain, year, month)
    m = _QUARTER.search(text)
    if m:
        year = int(m[1]) if m[1] else default_year
        quarter = _num(m[2])
        if year and quarter and 1 <= quarter <= 4:
            return TitlePeriod("quarterly", year, quarter)
    m = _HALF.search(text)
    if m:
        year = int(m[1]) if m[1] else default_year
        if year:
            return TitlePeriod("semiannual", year, 1 if m[2] == "上" else 2)
    m = _ANNUAL.search(text)
    if m:
        return TitlePeriod("annual", int(m[1]), 1)
    return None
