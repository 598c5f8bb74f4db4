"""The quick reading of plain PDF objects (extract/pdf/pdf_objects.py) makes exactly the
objects pdfminer's parser makes: on every indirect object of every PDF fixture, and on
objects written with each form it accepts or leaves to pdfminer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef

from extract.pdf.pdf_objects import _Declined, plain_object

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_PDFS = sorted((ROOT / "tests/fixtures").glob("**/*.pdf"))


def _same(ours: object, theirs: object) -> bool:
    """Equal objects; a reference by its object number (PDFObjRef has no equality)."""
    if isinstance(ours, PDFObjRef):
        return isinstance(theirs, PDFObjRef) and ours.objid == theirs.objid
    if isinstance(ours, dict):
        return (
            isinstance(theirs, dict)
            and ours.keys() == theirs.keys()
            and all(_same(ours[k], theirs[k]) for k in ours)
        )
    if isinstance(ours, list):
        return (
            isinstance(theirs, list)
            and len(ours) == len(theirs)
            and all(_same(a, b) for a, b in zip(ours, theirs, strict=True))
        )
    # a name is one interned object; a number keeps its type (1 is not 1.0)
    return type(ours) is type(theirs) and (ours is theirs or ours == theirs)


def _pdfminer_object(data: bytes, pos: int) -> object:
    """What PDFDocument._getobj_parse reads at ``pos`` (its object number, generation and
    "obj", then one object), without a document."""
    parser = PDFParser(io.BytesIO(data))
    parser.seek(pos)
    for _ in range(3):
        parser.nexttoken()
    return parser.nextobject()[1]


def test_every_plain_object_of_the_fixtures_reads_as_pdfminer_reads_it() -> None:
    quick = 0
    for path in FIXTURE_PDFS:
        data = path.read_bytes()
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        for xref in document.xrefs:
            for objid in xref.get_objids():
                stream, pos, _ = xref.get_pos(objid)
                if stream is not None:
                    continue  # inside an object stream: pdfminer reads those
                try:
                    ours = plain_object(data, pos, objid, document)
                except _Declined:
                    continue
                quick += 1
                theirs = document._getobj_parse(pos, objid)
                assert _same(ours, theirs), (path.name, objid)
    assert quick >= 500  # fonts, descriptors, width arrays, pages, resources


@pytest.mark.parametrize(
    "body",
    [
        b"<< /Type /Font /Widths [ 0 1000 500.5 -.25 +3 7. ] /FirstChar 32 >>",
        b"<</A 1 0 R/B[2 0 R 3 0 R]/C true/D false/E null/F<4E6f 20>/G<>>>",
        b"[ << /K /V >> [ ] [ [ 1 ] ] /A /A ]",
    ],
)
def test_a_plain_object_reads_as_pdfminer_reads_it(body: bytes) -> None:
    data = b"%PDF-1.4\n7 0 obj\n" + body + b"\nendobj\n"
    assert _same(plain_object(data, 9, 7, None), _pdfminer_object(data, 9))


@pytest.mark.parametrize(
    "body",
    [
        b"[ /N#20ame ]",  # an escaped name
        b"<< /Info (a string) >>",  # a literal string
        b"<< /Length 3 >>\nstream\nabc\nendstream",  # a stream
        b"<< /A 1.5.2 >>",  # pdfminer reads two numbers
        b"<< /A 12a >>",  # pdfminer reads a number and a keyword
        b"<< /A <ABC> >>",  # an odd hex digit: pdfminer keeps it
        b"[ 1 R ]",  # a reference without a generation: pdfminer ignores the R
        b"42",  # a number alone
        b"<< /A 1 /B >>",  # a key without a value
        b"<< /A 1 >> << /B 2 >>",  # two objects
        b"<< /A 1 % a comment\n >>",
    ],
)
def test_anything_else_is_left_to_pdfminer(body: bytes) -> None:
    data = b"%PDF-1.4\n7 0 obj\n" + body + b"\nendobj\n"
    with pytest.raises(_Declined):
        plain_object(data, 9, 7, None)


def test_an_object_not_at_its_offset_is_left_to_pdfminer() -> None:
    data = b"%PDF-1.4\n8 0 obj\n<< /A 1 >>\nendobj\n"
    with pytest.raises(_Declined):
        plain_object(data, 9, 7, None)
