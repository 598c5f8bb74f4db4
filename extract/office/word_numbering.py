"""Word automatic numbering as displayed: the label ("1", "一、", "（2）", "1.1") of each
numbered paragraph, from ``word/numbering.xml`` and ``word/styles.xml``.

The numbers of a 序号 column or of 一、二、 category headings made with Word's numbering are
not text of the XML; only this count over the document recovers them. Word counts per
abstract list (every ``w:num`` pointing at the same ``w:abstractNum`` continues it), over
every paragraph in document order, body and table cells alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml.etree import _Element

# The WordprocessingML namespace, as lxml spells qualified names (shared with docx.py).
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""  # w:lvlText, e.g. "%1." or "（%2）"
    restart: int | None = None  # w:lvlRestart: None = after any shallower level, 0 = never
    legal: bool = False  # w:isLgl: every number of the label in decimal
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


@dataclass(frozen=True)
class Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride per level
    levels: dict[int, Level] = field(default_factory=dict)  # w:lvlOverride/w:lvl


@dataclass(frozen=True)
class StyleNumbering:
    num_id: str | None
    ilvl: int | None
    based_on: str | None


@dataclass(frozen=True)
class Definitions:
    abstracts: dict[str, dict[int, Level]]
    nums: dict[str, Num]
    styles: dict[str, StyleNumbering]
    default_style: str | None = None

    def levels_of(self, num_id: str) -> dict[int, Level]:
        num = self.nums[num_id]
        return {**self.abstracts.get(num.abstract, {}), **num.levels}


def _val(element: _Element | None, name: str = "val") -> str | None:
    return None if element is None else element.get(f"{W}{name}")


def _int(element: _Element | None, default: int | None) -> int | None:
    try:
        return int(_val(element) or "")
    except ValueError:
        return default


def _level(lvl: _Element, base: Level | None = None) -> Level:
    """A w:lvl; what it leaves out comes from ``base`` (the abstract level it overrides)."""
    base = base or Level()
    text = lvl.find(f"{W}lvlText")
    legal = lvl.find(f"{W}isLgl")
    return Level(
        start=_int(lvl.find(f"{W}start"), base.start) or 0,
        fmt=_val(lvl.find(f"{W}numFmt")) or base.fmt,
        text=base.text if text is None else _val(text) or "",
        restart=_int(lvl.find(f"{W}lvlRestart"), base.restart),
        legal=base.legal if legal is None else _val(legal) not in ("0", "false", "off"),
        style=_val(lvl.find(f"{W}pStyle")) or base.style,
    )


def definitions(numbering: _Element | None, styles: _Element | None) -> Definitions:
    """The lists of ``numbering.xml`` and the numbering of the paragraph styles."""
    style_map, default_style = _style_numbering(styles)
    if numbering is None:
        return Definitions({}, {}, style_map, default_style)
    abstracts = {
        abstract.get(f"{W}abstractNumId", ""): {
            _ilvl(lvl): _level(lvl) for lvl in abstract.findall(f"{W}lvl")
        }
        for abstract in numbering.findall(f"{W}abstractNum")
    }
    abstract_of = {
        num.get(f"{W}numId", ""): _val(num.find(f"{W}abstractNumId")) or ""
        for num in numbering.findall(f"{W}num")
    }
    # A list defined by a numbering style (w:numStyleLink): its levels are those of the
    # list the style's own w:numPr names.
    for abstract in numbering.findall(f"{W}abstractNum"):
        target = style_map.get(_val(abstract.find(f"{W}numStyleLink")) or "")
        linked = abstract_of.get(target.num_id or "") if target else None
        if linked is not None and linked in abstracts:
            abstracts[abstract.get(f"{W}abstractNumId", "")] = abstracts[linked]
    nums = {num.get(f"{W}numId", ""): _num(num, abstracts) for num in numbering.findall(f"{W}num")}
    return Definitions(abstracts, nums, style_map, default_style)


def _num(num: _Element, abstracts: dict[str, dict[int, Level]]) -> Num:
    """A w:num: its abstract list, the levels it restarts and the levels it redefines."""
    abstract = _val(num.find(f"{W}abstractNumId")) or ""
    base = abstracts.get(abstract, {})
    starts: dict[int, int] = {}
    levels: dict[int, Level] = {}
    for override in num.findall(f"{W}lvlOverride"):
        ilvl = _ilvl(override)
        start = _int(override.find(f"{W}startOverride"), None)
        if start is not None:
            starts[ilvl] = start
        lvl = override.find(f"{W}lvl")
        if lvl is not None:
            levels[ilvl] = _level(lvl, base.get(ilvl))
    return Num(abstract, starts, levels)


def _ilvl(element: _Element) -> int:
    """The w:ilvl attribute, 0–8 (Word's nine levels)."""
    try:
        return max(0, min(int(element.get(f"{W}ilvl", "0")), 8))
    except ValueError:
        return 0


def _style_numbering(styles: _Element | None) -> tuple[dict[str, StyleNumbering], str | None]:
    out: dict[str, StyleNumbering] = {}
    default: str | None = None
    if styles is None:
        return out, None
    for style in styles.findall(f"{W}style"):
        style_id = style.get(f"{W}styleId", "")
        num_pr = style.find(f"{W}pPr/{W}numPr")
        out[style_id] = StyleNumbering(
            _val(num_pr.find(f"{W}numId")) if num_pr is not None else None,
            _int(num_pr.find(f"{W}ilvl"), None) if num_pr is not None else None,
            _val(style.find(f"{W}basedOn")),
        )
        if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
            default = style_id
    return out, default


def _paragraph_list(paragraph: _Element, defs: Definitions) -> tuple[str, int] | None:
    """(numId, level) of a paragraph: its own w:numPr, else its style's (through basedOn);
    numId 0 switches a style's numbering off."""
    num_pr = paragraph.find(f"{W}pPr/{W}numPr")
    num_id = _val(num_pr.find(f"{W}numId")) if num_pr is not None else None
    ilvl = _int(num_pr.find(f"{W}ilvl"), None) if num_pr is not None else None
    style_id = _val(paragraph.find(f"{W}pPr/{W}pStyle")) or defs.default_style
    linked_style: str | None = None
    seen: set[str] = set()
    while style_id and style_id not in seen and (num_id is None or ilvl is None):
        seen.add(style_id)
        style = defs.styles.get(style_id)
        if style is None:
            break
        if num_id is None and style.num_id is not None:
            num_id, linked_style = style.num_id, style_id
        if ilvl is None:
            ilvl = style.ilvl
        style_id = style.based_on
    if num_id is None or num_id == "0" or num_id not in defs.nums:
        return None
    if ilvl is None:
        # A style-linked list: the level is the one that names the paragraph's style.
        levels = defs.levels_of(num_id)
        named = (i for i, lvl in levels.items() if linked_style and lvl.style == linked_style)
        ilvl = next(named, 0)
    return num_id, max(0, min(ilvl, 8))


def paragraph_labels(paragraphs: Iterable[_Element], defs: Definitions) -> dict[_Element, str]:
    """The displayed label of every numbered paragraph (bullets and 'none' give '' and are
    left out). ``paragraphs`` must be every paragraph of the document in document order."""
    counters: dict[str, dict[int, int]] = {}  # abstractNum → level → current number
    started: set[str] = set()  # numIds whose start overrides have been applied
    labels: dict[_Element, str] = {}
    for paragraph in paragraphs:
        found = _paragraph_list(paragraph, defs)
        if found is None:
            continue
        num_id, ilvl = found
        num = defs.nums[num_id]
        levels = defs.levels_of(num_id)
        count = counters.setdefault(num.abstract, {})
        if num_id not in started:
            started.add(num_id)
            for level, start in num.starts.items():
                count[level] = start - 1
        current = levels.get(ilvl, Level())
        count[ilvl] = count[ilvl] + 1 if ilvl in count else current.start
        for deeper in [k for k in count if k > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart > 0 and ilvl < restart):
                del count[deeper]
        label = render_label(current, levels, count)
        if label:
            labels[paragraph] = label
    return labels


def render_label(level: Level, levels: dict[int, Level], count: dict[int, int]) -> str:
    """w:lvlText with each %N replaced by level N-1's number in that level's format."""
    if level.fmt == "bullet":
        return ""
    out: list[str] = []
    text = level.text
    i = 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
            k = int(text[i + 1]) - 1
            shown = levels.get(k, Level())
            number = count.get(k, shown.start)
            fmt = "decimal" if level.legal and shown.fmt != "none" else shown.fmt
            out.append(format_number(number, fmt))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out).strip()


_DIGITS = "〇一二三四五六七八九"
_COUNTING = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def format_number(n: int, fmt: str) -> str:
    """One number in a w:numFmt (unknown formats print as decimal, as Word falls back)."""
    if fmt == "none":
        return ""
    if fmt == "bullet":
        return ""
    if n <= 0 and fmt not in ("decimal", "decimalZero"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and n <= 780:  # aaa…: 30 letters at most
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n < 4000:
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"):  # fmt: skip
        return chinese_counting(n, _COUNTING, "十百千")
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, _LEGAL_DIGITS, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return chr(0x2460 + n - 1) if n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if n <= 20 else f"{n}."
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def chinese_counting(n: int, digits: str, units: str) -> str:
    """十一, 二十, 一百零五 (below 10000; larger numbers as digits)."""
    if n >= 10000:
        return "".join(digits[int(d)] for d in str(n))
    if n < 10:
        return digits[n]
    parts: list[str] = []
    place = [(1000, units[2]), (100, units[1]), (10, units[0]), (1, "")]
    gap = False
    for value, unit in place:
        d = (n // value) % 10
        if d == 0:
            gap = bool(parts)
            continue
        if gap:
            parts.append(digits[0])
            gap = False
        parts.append(digits[d] + unit)
    text = "".join(parts)
    # 十一, not 一十一, when ten is the highest place.
    return text[1:] if 10 <= n < 20 else text
