"""OCR text in the form the text layer has: full-width punctuation inside Chinese text,
curly quotes, 〇 in Chinese-numeral dates.

Every replacement is one character for one character, so the positions the recogniser
gave each character still hold. Spaces are not touched here: the page content has no
space characters (a gap between two boxes becomes one, and `extract.text` removes it
next to Chinese as it does for the text layer).
"""

from __future__ import annotations

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


def normalise_line(text: str) -> str:
    """One recognised line with the text layer's punctuation."""
    chars = list(text)
    for i, char in enumerate(chars):
        before = _neighbour(chars, i, -1)
        after = _neighbour(chars, i, 1)
        if char in _FULL_WIDTH and (_chinese(before) or _chinese(after)):
            # 1.做好 and (1) keep their ASCII forms only between ASCII characters
            if char == ")" and before.isdigit() and not _has_open(chars, i, "(（"):
                continue
            chars[i] = _FULL_WIDTH[char]
        elif char == "." and _chinese(before) and not after.isdigit():
            chars[i] = "。"
        elif char in _ZERO_LOOKALIKES and _numeral(before) and _numeral(after):
            chars[i] = "〇"
    return _curly_quotes("".join(chars))


def _neighbour(chars: list[str], index: int, step: int) -> str:
    j = index + step
    while 0 <= j < len(chars) and chars[j] == " ":
        j += step
    return chars[j] if 0 <= j < len(chars) else ""


def _chinese(char: str) -> bool:
    return bool(char) and is_cjk(char)


def _numeral(char: str) -> bool:
    return bool(char) and (char in NUMERAL_CHARS or char in _ZERO_LOOKALIKES)


def _has_open(chars: list[str], index: int, opens: str) -> bool:
    return any(c in opens for c in chars[:index])


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
