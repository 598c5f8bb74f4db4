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
    return _one_place(a, b)


def _one_place(a: Char, b: Char) -> bool:
    size = min(a.size, b.size)
    return abs(a.xc - b.xc) < DOUBLE_PER_EM * size and abs(a.yc - b.yc) < ROW_PER_EM * size


def split_off(read: list[Char]) -> list[Char]:
    """The characters of one detected line that a column rule through it put in another
    cell than most of the line's (`page._split_at_rules` gives each side a line number of
    its own): a box that ran past the rule, or two cells' texts read as one line."""
    sides: dict[int | None, list[Char]] = {}
    for char in read:
        sides.setdefault(char.line, []).append(char)
    if len(sides) < 2:
        return []
    main = max(sides.values(), key=len)
    return [char for side in sides.values() if side is not main for char in side]


def without_glyphs_read_across(
    chars: list[Char], across: dict[Char, set[int | None]]
) -> list[Char]:
    """``chars`` without each character of ``across`` (`split_off`, mapped to the line
    numbers of every side of its detected line) standing where another detected line,
    of that cell, read a character of its own (same row, centred within DOUBLE_PER_EM).

    Where the texts of two cells stand close to the rule between them, the detector's
    two boxes run past it into each other, and each box's end reads part of the other
    cell's glyph as a character (Noto Serif, Calc: the line …信息公开 ended in 么, the top
    of the next cell's 公, and that cell's line 公告公示 began with 干, the right of 开:
    信息公开干 and 本级么公告). The glyph is printed once, whole, in the line of its own
    cell, which reads it as a character at the same place; the part the other box saw
    lies across the rule from that box's line. Texts may differ (so not
    `without_double_reads`): a part of a glyph reads as another character. A character
    across a rule that no other line read (two cells' texts read as one line where a
    faded rule parts them) is kept, and so is one beside its own line's other side (the
    7 of 27 next to 改, read by one box across the rule)."""
    if not across:
        return chars
    own = [char for char in chars if char not in across]
    return [
        char
        for char in chars
        if char not in across
        or not any(other.line not in across[char] and _one_place(char, other) for other in own)
    ]
