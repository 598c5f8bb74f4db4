"""pdfminer's PDF document, reading plain indirect objects with one regular expression.

The PDFium reader asks pdfminer for the fonts' dictionaries (extract/pdf/font_metrics.py):
a font's /Widths or /W array holds a number per glyph, and the layout generator's PDFs
hold a font subset per 256 characters. pdfminer's parser reads a token per call of a
Python state machine (~7 µs a number), so that reading the fonts cost about as much as
PDFium's whole page parse. `FastPDFDocument` reads an indirect object that is a plain
dictionary or array (names without # escapes, numbers, references, hex strings, true,
false, null) at its offset with one regular expression, into exactly the objects
pdfminer's parser makes of it; anything else (streams, literal strings, comments, a
number or name alone, anything unusual) is left to pdfminer's parser.
tests/extract/test_font_metrics.py holds the two to the same objects on every PDF fixture.
"""

from __future__ import annotations

import re

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psparser import LIT, PSLiteral

# "12 0 obj" at the object's offset
_HEAD = re.compile(rb"\s*(\d+)\s+\d+\s+obj(?=[#/%\[\]()<>{}\s]|\Z)")
# One token: a group per kind, split where pdfminer's parser splits (its END_LITERAL,
# END_NUMBER and END_KEYWORD); a number or keyword must end at a delimiter (pdfminer
# would read "1.5.2", "12a" or "true\x00" otherwise than here: those are left to it).
_NUMBER_END = rb"(?=[\x00\s/\[\]<>()%{}]|\Z)"
_KEYWORD_END = rb"(?=[#/%\[\]()<>{}\s]|\Z)"
_TOKEN = re.compile(
    rb"[\x00\s]*(?:"
    rb"(<<|>>|\[|\])"  # 1: brackets
    rb"|/([^#/%\[\]()<>{}\s]*)"  # 2: a name
    rb"|([+-]?\d+)"
    + _NUMBER_END
    + rb"|([+-]?(?:\d+\.\d*|\.\d+))"
    + _NUMBER_END  # 3, 4
    + rb"|<([0-9A-Fa-f\s]*)>"  # 5: a hex string
    rb"|(true|false|null|R|endobj|stream)"
    + _KEYWORD_END  # 6: a keyword
    + rb")"
)
_SPACE = re.compile(rb"\s")
_KEYWORDS: dict[bytes, object] = {b"true": True, b"false": False, b"null": None}


class _Declined(Exception):
    """The object is not plain: pdfminer's parser reads it."""


class _Start:
    """Where an array or dictionary began on the stack."""

    __slots__ = ("kind",)

    def __init__(self, kind: bytes) -> None:
        self.kind = kind


class FastPDFDocument(PDFDocument):
    """A PDFDocument over ``data`` whose plain indirect objects are read by `plain_object`."""

    def __init__(self, data: bytes, parser: PDFParser) -> None:
        self._data = data
        super().__init__(parser)

    def _getobj_parse(self, pos: int, objid: int) -> object:
        try:
            return plain_object(self._data, pos, objid, self)
        except _Declined:
            return super()._getobj_parse(pos, objid)


def plain_object(data: bytes, pos: int, objid: int, doc: PDFDocument | None) -> object:
    """The dictionary or array of object ``objid`` at ``pos``, as pdfminer's parser makes
    it (a dictionary's null values left out, a reference by its object number alone);
    raises _Declined for anything else."""
    head = _HEAD.match(data, pos)
    if head is None or int(head.group(1)) != objid:
        raise _Declined
    at = head.end()
    stack: list[object] = []
    while True:
        token = _TOKEN.match(data, at)
        if token is None:
            raise _Declined
        at = token.end()
        bracket, name, whole, real, hexes, keyword = token.groups()
        if name is not None:
            try:
                stack.append(LIT(name.decode("utf-8")))
            except UnicodeDecodeError:
                raise _Declined from None
        elif whole is not None:
            stack.append(int(whole))
        elif real is not None:
            stack.append(float(real))
        elif bracket == b"[" or bracket == b"<<":
            stack.append(_Start(bracket))
        elif bracket == b"]":
            stack.append(_end(stack, b"["))
        elif bracket == b">>":
            stack.append(_dictionary(_end(stack, b"<<")))
        elif hexes is not None:
            digits = _SPACE.sub(b"", hexes)
            if len(digits) % 2:
                raise _Declined  # pdfminer keeps an odd last digit as it is
            stack.append(bytes.fromhex(digits.decode("ascii")))
        elif keyword == b"R":
            number, generation = stack[-2:] if len(stack) >= 2 else (None, None)
            if type(number) is not int or type(generation) is not int:
                raise _Declined
            del stack[-2:]
            stack.append(PDFObjRef(doc, number))
        elif keyword in _KEYWORDS:
            stack.append(_KEYWORDS[keyword])
        elif keyword == b"endobj":
            if len(stack) != 1 or not isinstance(stack[0], dict | list):
                raise _Declined  # a number, name or reference alone: pdfminer's way
            return stack[0]
        else:  # a stream: pdfminer reads it
            raise _Declined


def _end(stack: list[object], kind: bytes) -> list[object]:
    """The items since the last open bracket, which must be ``kind``."""
    for i in range(len(stack) - 1, -1, -1):
        item = stack[i]
        if isinstance(item, _Start):
            if item.kind != kind:
                raise _Declined
            items = stack[i + 1 :]
            del stack[i:]
            return items
    raise _Declined


def _dictionary(items: list[object]) -> dict[str, object]:
    """pdfminer's dictionary of key, value items: names as keys, null values left out."""
    if len(items) % 2:
        raise _Declined
    out: dict[str, object] = {}
    for key, value in zip(items[::2], items[1::2], strict=True):
        if not isinstance(key, PSLiteral) or not isinstance(key.name, str):
            raise _Declined
        if value is not None:
            out[key.name] = value
    return out
