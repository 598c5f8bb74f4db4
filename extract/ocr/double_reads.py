"""One printed character read twice, by two text lines whose boxes overlap.

The detector boxes a row of text that runs up to a column rule on both sides as two
boxes; where the text of two cells stands close to the rule between them (a wrapped
merged cell of a Calc print, filled to its width), the two boxes overlap by a character
or two and each box's line reads the characters in the overlap: 降低要素成本信息的 in one
line, 息的查处结果 in the other, and the page holds 信息息 / 的的查处. Two lines that are
one printed line are kept once (`lines._distinct`), but these are two lines, each with
characters of its own.

A printed character has one place: two readings of the same character, from different
lines, centred within DOUBLE_PER_EM of each other on the same row (ROW_PER_EM), are one
character.
Two printed characters stand an em apart (centre to centre) at least, whatever the face:
a full-width character's advance is its em, and the two cells' texts on either side of
a rule are a rule's width and two paddings apart more.
"""

from __future__ import annotations

from extract.page.content import Char

# Two readings of one character: centres within this share of the character's size
# (the recogniser's positions jitter by a third of an em at most; neighbours are an em
# apart).
DOUBLE_PER_EM = 0.5
# ... on one row: the two lines' ink bands are cut from the same inked rows, so their
# middles agree within this share of the size. Two printed lines of a cell stand an em
# apart and more, but where single spacing packs them their ink bands (and so the sizes
# given their characters) can overlap by half an em: 方面的内容 lost its 的 to the 的 of
# the line above, 0.42 em higher, when half an em of the larger size was allowed.
ROW_PER_EM = 0.2


def without_double_reads(chars: list[Char]) -> list[Char]:
    """``chars`` (a page's, in the order read, line by line) without the second reading
    of a character another line read at the same place (see the module's note)."""
    by_text: dict[str, list[Char]] = {}
    out: list[Char] = []
    for char in chars:
        same = by_text.setdefault(char.text, [])
        if any(_one_printed(char, other) for other in same):
            continue
        same.append(char)
        out.append(char)
    return out


def _one_printed(a: Char, b: Char) -> bool:
    if a.line is None or a.line == b.line:
        return False  # one line's characters are read once each
    size = min(a.size, b.size)
    return abs(a.xc - b.xc) < DOUBLE_PER_EM * size and abs(a.yc - b.yc) < ROW_PER_EM * size
