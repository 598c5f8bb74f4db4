"""A character the recogniser reads as its look-alike, put right by the notice itself.

The recogniser reads 市 as 币 now and then on office prints (币发改局, 币文旅局, 海洋强币 at
14 pt, the last at 0.94: not an unsure reading), and a notice prints the same words many
times: the unit list of one row is the unit list of the next, the title's words come back
in the requirements. Where the word read with the look-alike is read nowhere else in the
notice and the word with the meant character is, the notice itself says what was printed:
the two characters of context on one side, read with the meant character, stand elsewhere
in the notice's scanned text, and neither two-character word the read character makes
with its neighbours does. Words that hold the read character (货币, 人民币, …: a stated
vocabulary) keep it.

Every replacement is one character for one character: positions hold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from extract.page.content import Char, PageContent
from extract.text import is_cjk

# read → meant, measured on this project's scans (`docs/ocr_accuracy.md`)
LOOK_ALIKES = {"币": "市"}
# Words of a notice that hold a read character as printed: never put right.
_KEPT = ("货币", "人民币", "外币", "硬币", "纸币", "代币", "币种", "币值", "币制")
# Characters of context on one side of the read character that must stand elsewhere.
CONTEXT = 2


def _line_texts(pages: list[PageContent]) -> list[list[tuple[int, int]]]:
    """Each recogniser line as (page index, char index) pairs, left to right."""
    lines: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for p, page in enumerate(pages):
        for i, char in enumerate(page.chars):
            if char.line is not None:
                lines.setdefault((p, char.line), []).append((p, i))
    return [sorted(members, key=lambda m: pages[m[0]].chars[m[1]].x0) for members in lines.values()]


def _ngrams(texts: list[str], size: int) -> Counter[str]:
    return Counter(text[i : i + size] for text in texts for i in range(len(text) - size + 1))


def put_right(text: str, at: int, words: Counter[str], pairs: Counter[str]) -> str | None:
    """The meant character for ``text[at]`` where the notice's own readings (``words``:
    its strings of CONTEXT + 1 characters; ``pairs``: of two) say so, else None."""
    read = text[at]
    meant = LOOK_ALIKES.get(read)
    if meant is None:
        return None
    if any(word in text[max(0, at - 3) : at + 3] for word in _KEPT if read in word):
        return None
    left, right = text[max(0, at - CONTEXT) : at], text[at + 1 : at + 1 + CONTEXT]
    read_pairs = [
        p for p in (text[at - 1 : at + 1] if at else "", text[at : at + 2]) if len(p) == 2
    ]
    if any(pairs[p] > 1 and all(is_cjk(c) for c in p) for p in read_pairs):
        return None  # the notice reads the word with the read character elsewhere too
    sides = [left + meant] if len(left) == CONTEXT else []
    sides += [meant + right] if len(right) == CONTEXT else []
    for side in sides:
        if all(is_cjk(c) for c in side) and words[side] > 0:
            return meant
    return None


def with_look_alikes_put_right(pages: list[PageContent]) -> list[PageContent]:
    """The scanned pages with each look-alike the notice's own readings put right."""
    lines = _line_texts(pages)
    texts = ["".join(pages[p].chars[i].text for p, i in line) for line in lines]
    words, pairs = _ngrams(texts, CONTEXT + 1), _ngrams(texts, 2)
    changed: dict[tuple[int, int], str] = {}
    for line, text in zip(lines, texts, strict=True):
        for at, char in enumerate(text):
            if char in LOOK_ALIKES:
                meant = put_right(text, at, words, pairs)
                if meant is not None:
                    changed[line[at]] = meant
    if not changed:
        return pages
    out = list(pages)
    for p in {p for p, _ in changed}:
        chars: list[Char] = [
            replace(char, text=changed[(p, i)]) if (p, i) in changed else char
            for i, char in enumerate(pages[p].chars)
        ]
        out[p] = replace(pages[p], chars=chars, centres=None)
    return out
