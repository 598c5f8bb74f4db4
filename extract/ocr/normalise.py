"""OCR text in the form the text layer has: full-width punctuation inside Chinese text,
curly quotes, 〇 in Chinese-numeral dates.

Every replacement is one character for one character, so the positions the recogniser
gave each character still hold. Spaces are not touched here: the page content has no
space characters (a gap between two boxes becomes one, and `extract.text` removes it
next to Chinese as it does for the text layer).
"""

from __future__ import annotations

import re

from extract.chinese_numbers import NUMERAL_CHARS
from extract.text import is_cjk

# ASCII punctuation the recogniser prints where a Chinese document has the full-width form.
_FULL_WIDTH = {
    ",": "，",
    ":": "：",
    ";": "；",
    "(": "（",
    ")": "）",
    "?": "？",
    "!": "！",
}
_ZERO_LOOKALIKES = "OoＯ0○零"  # 二O一七 / 二0一七 in a Chinese-numeral date is 二〇一七


# A page number between dashes (— 3 —), whose dashes the recogniser may read as 一.
_PAGE_NUMBER = re.compile(r"^[-—–－一]+\s*\d{1,4}\s*[-—–－一]+$")


# The year of a document number stands in 〔〕 (GB/T 9704), which OCR may read as [ ].
_DOC_YEAR = re.compile(r"[\[〔]((?:19|20)\d{2})[\]〕](?=\s*第?\s*\d{1,4}\s*号)")


# A county's, city's or district's unit ends in 局 (县财政局), never in 司 but for a company
# (公司): the recogniser reads a blurred 局 as 司 (县财政司, on both scanners' scans).
# The unit starts a line or follows a list separator, and ends at one (or at 按职责…).
_UNIT_AS_SI = re.compile(
    r"(^|[、，；：（(和及])([县市区][\u4e00-\u9fff]{1,7}?)(?<!公)司(?=[、，；。）)]|$|按|牵|负|配|等)"
)

# A heading's number 一 in brackets, read as an arrow or a dash: （一） read (→) on the
# second scanner's scans (a thin bar with a blurred serif at its end), and (—) on
# Augraphy's paper texture (`NoiseTexturize`: the same bar, alone on a narrow cell's line,
# with nothing beside it to tell 一 from a dash; at 150 dpi as the minus sign −). A notice
# prints no arrow, dash or minus inside brackets alone.
_ONE_AS_BAR = re.compile(r"(?<=[(（])[→—–―‒‐‑−－﹣-](?=[)）])")


# Words the recogniser misreads on office-typeset scans, each read form no word of a
# notice: 成效 (results achieved) read 或效 in a narrow cell's line 成效、 (0.54 and 0.61 on
# the second scanner's 200-dpi scan of liangshan-2021.grid, the same cell printed on two
# pages). 或效果, 或效率, 或效益, 或效应, 或效能 ("or the effect …") are words, and stay.
# 二手 (second-hand) read 三手 (0.59, “二手商用车” in a requirement of liangshan-2021.ruled).
# Applied only to a character the recogniser was unsure of (`UNSURE_BELOW`): a 或 it
# read with confidence is what was printed.
_MISREAD_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"或(?=效(?![果率益应能]))"), "成"),
    (re.compile(r"(?<![第十])三(?=手)"), "二"),
)
# A character read below this confidence may be a misreading (the 或 of 或效 scored
# 0.54–0.61; the page's other characters are read at 0.9 and more but for punctuation).
UNSURE_BELOW = 0.8


def unsure_words(text: str, confidences: list[float]) -> str:
    """``text`` (one recognised line, a confidence per character) with a word of
    `_MISREAD_WORDS` read as printed where its misread character scored low."""
    chars = list(text)
    for pattern, meant in _MISREAD_WORDS:
        for found in pattern.finditer(text):
            at = found.start()
            if at < len(confidences) and confidences[at] < UNSURE_BELOW:
                chars[at] = meant
    return "".join(chars)


def cell_words(text: str) -> str:
    """A scanned cell's text (its recogniser lines joined, `extract.page.lines.cell_text`)
    with the unit rule of `normalise_line` applied across its line breaks: a unit wrapped
    县财 / 政局 whose 局 was read 司 (司、县国土局、) is 县…司 only once the lines are one."""
    return "\n".join(_UNIT_AS_SI.sub(r"\1\2局", part) for part in text.split("\n"))


def normalise_line(text: str) -> str:
    """One recognised line with the text layer's punctuation."""
    if _PAGE_NUMBER.match(text):
        return "".join("—" if c in "-–－一" else c for c in text)
    text = _DOC_YEAR.sub(r"〔\1〕", text)
    text = _UNIT_AS_SI.sub(r"\1\2局", text)
    text = _ONE_AS_BAR.sub("一", text)
    if text in _FULL_WIDTH:
        # a mark alone on a line of its own (a line-final ，wrapped in a narrow cell,
        # `lines.lone_marks`): a Chinese document's, full-width
        return _FULL_WIDTH[text]
    chars = list(text)
    chinese_line = any(_chinese(c) for c in chars)
    for i, char in enumerate(chars):
        before = _neighbour(chars, i, -1)
        after = _neighbour(chars, i, 1)
        if char in "()" and chinese_line:
            chars[i] = _FULL_WIDTH[char]  # a Chinese line's brackets are full-width: （1）
        elif char in _FULL_WIDTH and (_chinese(before) or _chinese(after)):
            chars[i] = _FULL_WIDTH[char]
        elif char == "." and _chinese(before) and not after.isdigit():
            chars[i] = "。"
        elif char in "·•" and _chinese(before) and _chinese(after):
            # the enumeration comma of a unit list (县发展和改革局、县财政局) read small
            # and round; a notice's 间隔号 stands between transliterated names only
            chars[i] = "、"
        elif char in _ZERO_LOOKALIKES and _zero_between(before, after):
            chars[i] = "〇"
    return _curly_quotes("".join(chars))


def _neighbour(chars: list[str], index: int, step: int) -> str:
    j = index + step
    while 0 <= j < len(chars) and chars[j] == " ":
        j += step
    return chars[j] if 0 <= j < len(chars) else ""


def _chinese(char: str) -> bool:
    return bool(char) and is_cjk(char)


def _zero_between(before: str, after: str) -> bool:
    """A zero inside a Chinese numeral run: a Chinese numeral on one side (二O一七, 二〇O七)."""
    numerals = NUMERAL_CHARS + _ZERO_LOOKALIKES
    if not before or not after or before not in numerals or after not in numerals:
        return False
    return before in NUMERAL_CHARS or after in NUMERAL_CHARS


def _curly_quotes(text: str) -> str:
    """Straight double quotes alternate between “ and ” (the line's own pairing)."""
    if '"' not in text:
        return text
    out: list[str] = []
    opened = False
    for char in text:
        if char == '"':
            out.append("”" if opened else "“")
            opened = not opened
        else:
            out.append(char)
    return "".join(out)
