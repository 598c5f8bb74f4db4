"""Chinese numerals in dates and counts: 二〇一七 → 2017, 三十 → 30, 十一 → 11.

Notices write dates either with Arabic digits (2017年6月30日) or, on the signature line
of many official documents, with Chinese numerals (二〇一七年六月三十日). The date parsers
first turn every Chinese numeral run into Arabic digits so they need one grammar only.
"""

from __future__ import annotations

import re
import unicodedata

DIGITS: dict[str, int] = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}

NUMERAL_CHARS = "".join(DIGITS) + "".join(_UNITS)
_NUMERAL_RUN = re.compile(f"[{NUMERAL_CHARS}]+")


def chinese_to_int(text: str) -> int:
    """Value of a run of Chinese numerals.

    Digit-by-digit runs without 十/百/千 are read positionally (二〇一七 → 2017), the way
    years are written; runs with units are read as quantities (三十一 → 31, 十 → 10).
    """
    if not text or any(ch not in DIGITS and ch not in _UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if not any(ch in _UNITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0
    current = 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        else:
            # a bare unit (十一) means one of it
            total += (current or 1) * _UNITS[ch]
            current = 0
    return total + current


def arabise(text: str) -> str:
    """NFKC-normalise (full-width digits → ASCII) and replace Chinese numeral runs by digits.

    Only runs that stand next to a date or count word (年 月 日 号 个 周 天 小时 季度 次) are
    converted, so words such as 一律, 统一 or 十三五 stay intact.
    """
    text = unicodedata.normalize("NFKC", text)

    def replace(match: re.Match[str]) -> str:
        run = match.group(0)
        after = text[match.end() : match.end() + 2]
        if after[:1] in "年月日号个周天次" or after.startswith(("小时", "季度")):
            try:
                return str(chinese_to_int(run))
            except ValueError:
                return run
        return run

    return _NUMERAL_RUN.sub(replace, text)
