"""Text clean-up shared by the PDF and HTML paths.

Cell text reaches these functions with wrapped lines already joined by the layout code and
one ``\\n`` per line break that means something (one unit per line in a unit cell).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# CJK ideographs, CJK punctuation and full-width forms: a space next to one of these was put
# there by justification or by a PDF generator, never by the author.
_CJK = r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019\u300a-\u300f"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u00a0]+")
_ALL_WHITESPACE = re.compile(r"\s+")
_TERMINAL = "。；;！!？?…"
_CLOSERS = "”’\"'」』）)》〉】"


def squeeze_line(line: str) -> str:
    """One line with spaces inside Chinese removed and other runs of spaces collapsed."""
    line = _SPACE_NEAR_CJK.sub("", line.strip())
    return _SPACES.sub(" ", line)


def clean_cell(text: str | None) -> str | None:
    """Cell text with spaces inside Chinese removed and empty lines dropped; None when empty."""
    if text is None:
        return None
    lines = [squeeze_line(line) for line in text.replace("\r", "\n").split("\n")]
    cleaned = "\n".join(line for line in lines if line)
    return cleaned or None


def one_line(text: str | None) -> str | None:
    """Cell text as one line (sections, requirements): line breaks carry no meaning there."""
    cleaned = clean_cell(text)
    if cleaned is None:
        return None
    parts = cleaned.split("\n")
    joined = parts[0]
    for part in parts[1:]:
        # Two Latin/digit tokens meeting at a line break keep a separating space.
        if (
            joined[-1:].isascii()
            and joined[-1:].isalnum()
            and part[:1].isascii()
            and part[:1].isalnum()
        ):
            joined += " "
        joined += part
    return joined


def upper_median(values: list[float]) -> float | None:
    """The middle value (the upper one of an even count), None for no values."""
    return sorted(values)[len(values) // 2] if values else None


@lru_cache(maxsize=8192)
def compact(text: str | None) -> str:
    """NFKC without any whitespace: the form in which extraction output is compared.

    Cached: the table stages compact the same cell and label texts again for every grid
    and header they try, and NFKC of a long Chinese cell is the costliest call there."""
    if not text:
        return ""
    return _ALL_WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def ends_sentence(text: str | None) -> bool:
    """True when the text ends with closing punctuation (a finished requirement)."""
    stripped = (text or "").rstrip()
    while stripped and stripped[-1] in _CLOSERS:
        stripped = stripped[:-1].rstrip()
    return bool(stripped) and stripped[-1] in _TERMINAL


def is_cjk(char: str) -> bool:
    return bool(re.match(rf"[{_CJK}]", char))
