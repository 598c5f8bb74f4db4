"""OFD documents read into the page model give exactly their PDF twins' rows.

The twins are made here from PDF fixtures (tests/fixtures/ofd/make_ofd.py: the PDF's
characters with their baseline origins and its rules, written the way OFD writers write
them); the edge cases are small hand-written pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.accuracy import edit_distance, norm
from extract.api import Extraction, extract_bytes, extract_file
from extract.errors import ExtractionError
from extract.limits import Limits
from extract.ofd import package as ofd_package
from extract.ofd.document import ofd_pages
from extract.ofd.geometry import parse_deltas, parse_path
from extract.sniff import sniff
from tests.extract.conftest import ROOT, extraction_of
from tests.fixtures.ofd.make_ofd import NS, make_ofd, make_scanned_ofd
from tests.fixtures.scans.make_scans import scanned_page_jpeg
from tests.fixtures.zip_bytes import zip_bytes

LAYOUTS = ROOT / "tests/fixtures/layouts/pdf"
# One PDF per writer style: per-character objects, runs with DeltaX (and g), rules on a
# template page, coordinates in points under a scaling CTM, a seal over the page.
TWINS = [
    (LAYOUTS / "panzhihua-2017.ruled.pdf", "chars"),
    (LAYOUTS / "hrules-liangshan-2021.hrules.pdf", "runs"),
    (LAYOUTS / "headonce-liangshan-2021.headonce.pdf", "template"),
    (LAYOUTS / "shouguang-2019.grid.pdf", "ctm"),
    (LAYOUTS / "wp-panzhihua-2017.word.pdf", "sealed"),
]


def _without_ids(extraction: Extraction) -> tuple[list[dict], dict]:
    # the notice id falls back to the file's sha256 only when the notice names nothing
    rows = [{k: v for k, v in row.items() if k != "notice_id"} for row in extraction.rows]
    meta = {k: v for k, v in extraction.meta.items() if k != "notice_id"}
    return rows, meta


@pytest.mark.parametrize(("pdf", "style"), TWINS, ids=[f"{p.stem}-{s}" for p, s in TWINS])
def test_ofd_twin_gives_exactly_the_pdf_rows(pdf: Path, style: str) -> None:
    expected = extraction_of(pdf)
    ofd = extract_bytes(make_ofd(pdf.read_bytes(), style), name="notice.ofd")
    assert ofd.kind == "ofd"
    assert len(expected.rows) > 10
    assert _without_ids(ofd) == _without_ids(expected)
    assert ofd.pages == expected.pages


def test_twins_are_byte_identical_on_every_build() -> None:
    source = (LAYOUTS / "hrules-liangshan-2021.hrules.pdf").read_bytes()
    assert make_ofd(source, "sealed") == make_ofd(source, "sealed")


def test_seal_and_stamp_annotation_are_never_text() -> None:
    data = make_ofd((LAYOUTS / "wp-panzhihua-2017.word.pdf").read_bytes(), "sealed")
    pages = ofd_pages(data, Limits())
    text = "".join(c.text for page in pages for c in page.chars)
    assert "专用印章" not in text  # the stamp annotation's appearance
    assert all(page.has_images for page in pages)  # the seal image is seen, not read


def test_ofd_file_is_sniffed_and_extracted_by_name_or_without(tmp_path: Path) -> None:
    data = make_ofd((LAYOUTS / "hrules-liangshan-2021.hrules.pdf").read_bytes(), "runs")
    assert sniff(data) == "ofd"
    path = tmp_path / "download"
    path.write_bytes(data)
    assert extract_file(path).kind == "ofd"


# ------------------------------------------------------------------ hand-written pages


def _ofd(layers: str, *, template: str | None = None, extra: dict | None = None) -> bytes:
    page_template = '<ofd:Template TemplateID="9" ZOrder="Background"/>' if template else ""
    members: dict[str, bytes | str] = {
        "OFD.xml": f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
        "</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        + ('<ofd:TemplatePage ID="9" BaseLoc="Tpls/T.xml"/>' if template else "")
        + "</ofd:CommonData><ofd:Pages>"
        '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        "Doc_0/PublicRes.xml": f'<ofd:Res xmlns:ofd="{NS}"><ofd:Fonts>'
        '<ofd:Font ID="2" FontName="宋体"/></ofd:Fonts></ofd:Res>',
        "Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page xmlns:ofd="{NS}">{page_template}'
        f'<ofd:Content><ofd:Layer ID="3">{layers}</ofd:Layer></ofd:Content></ofd:Page>',
    }
    if template:
        members["Doc_0/Tpls/T.xml"] = (
            f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="8">{template}'
            "</ofd:Layer></ofd:Content></ofd:Page>"
        )
    members.update(extra or {})
    return zip_bytes(members)


def test_g_shorthand_repeats_an_offset() -> None:
    assert parse_deltas("g 3 4.2 5") == [4.2, 4.2, 4.2, 5.0]
    assert parse_deltas("1 g 2 3") == [1.0, 3.0, 3.0]
    layer = (
        '<ofd:TextObject ID="4" Boundary="10 20 100 10" Font="2" Size="5">'
        '<ofd:TextCode X="0" Y="5" DeltaX="g 2 6 12">通知附件</ofd:TextCode></ofd:TextObject>'
    )
    (page,) = ofd_pages(_ofd(layer), Limits())
    mm = 72 / 25.4
    assert [c.text for c in page.chars] == list("通知附件")
    assert [round(c.x0 / mm, 3) for c in page.chars] == [10, 16, 22, 34]
    assert {round(c.size, 1) for c in page.chars} == {round(5 * mm, 1)}
    # on the baseline y = 20 + 5 mm, one em tall
    assert all(c.top < 25 * mm < c.bottom for c in page.chars)


def test_ctm_scales_positions_and_sizes() -> None:
    layer = (
        '<ofd:TextObject ID="4" Boundary="50 100 60 20" Font="2" Size="10" CTM="0.5 0 0 0.5 0 0">'
        '<ofd:TextCode X="0" Y="10" DeltaX="10">任务</ofd:TextCode></ofd:TextObject>'
    )
    (page,) = ofd_pages(_ofd(layer), Limits())
    mm = 72 / 25.4
    first, second = page.chars
    assert (round(first.x0 / mm, 3), round(second.x0 / mm, 3)) == (50, 55)
    assert round(first.x1 / mm, 3) == 55  # a 10-unit glyph at scale 0.5: 5 mm
    assert first.size == round(5 * mm, 1)
    assert round(first.bottom / mm, 2) == round(100 + 5 + 0.14 * 5, 2)


def test_rotated_text_is_left_out_as_in_a_pdf() -> None:
    layer = (
        '<ofd:TextObject ID="4" Boundary="50 100 60 20" Font="2" Size="10" CTM="0 1 -1 0 0 0">'
        '<ofd:TextCode X="0" Y="10">竖排</ofd:TextCode></ofd:TextObject>'
    )
    (page,) = ofd_pages(_ofd(layer), Limits())
    assert page.chars == []


def test_seal_image_over_text_leaves_the_text_whole() -> None:
    layer = (
        '<ofd:TextObject ID="4" Boundary="20 20 100 10" Font="2" Size="5">'
        '<ofd:TextCode X="0" Y="5" DeltaX="g 5 5">县人民政府办公室</ofd:TextCode></ofd:TextObject>'
        '<ofd:ImageObject ID="5" Boundary="15 10 40 40" CTM="40 0 0 40 0 0" ResourceID="7"/>'
    )
    (page,) = ofd_pages(_ofd(layer), Limits())
    assert "".join(c.text for c in page.chars) == "县人民政府办公室"
    assert page.has_images


def test_paths_give_rules_from_lines_rectangles_and_template_pages() -> None:
    rect = (
        '<ofd:PathObject ID="5" Boundary="20 30 100 50">'
        "<ofd:AbbreviatedData>M 0 0 L 100 0 L 100 50 L 0 50 C</ofd:AbbreviatedData>"
        "</ofd:PathObject>"
    )
    line = (
        '<ofd:PathObject ID="6" Boundary="20 55 100 1">'
        "<ofd:AbbreviatedData>M 0 0 L 100 0</ofd:AbbreviatedData></ofd:PathObject>"
    )
    seal = (
        '<ofd:PathObject ID="7" Boundary="150 200 40 40"><ofd:AbbreviatedData>'
        "M 0 20 A 20 20 0 1 1 40 20 A 20 20 0 1 1 0 20 M 5 20 L 35 20"
        " B 35 25 30 30 20 30 C</ofd:AbbreviatedData></ofd:PathObject>"
    )
    (page,) = ofd_pages(_ofd(line + seal, template=rect), Limits())
    mm = 72 / 25.4
    assert [round(r.y / mm, 1) for r in page.hrules] == [30, 55, 80]
    assert [round(r.x / mm, 1) for r in page.vrules] == [20, 120]
    assert parse_path("M 0 0 L 10 0 Q 1 1 2 2 C")[0].curved


def test_broken_or_hostile_packages_fail_with_their_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    def kind(data: bytes) -> str:
        with pytest.raises(ExtractionError) as caught:
            extract_bytes(data, name="x.ofd")
        return caught.value.kind

    assert kind(zip_bytes({"OFD.xml": "<ofd:OFD/>"})) == "corrupt"  # no DocRoot
    assert kind(zip_bytes({"OFD.xml": f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody>'})) == "corrupt"
    page = '<ofd:TextObject ID="4" Boundary="0 0 9 9" Font="2" Size="5"><ofd:TextCode X="0" Y="5">字</ofd:TextCode></ofd:TextObject>'
    monkeypatch.setattr(ofd_package, "MAX_PART_BYTES", 300)
    assert kind(_ofd(page * 10)) == "too_large"  # one part
    monkeypatch.undo()
    monkeypatch.setattr(ofd_package, "MAX_TOTAL_BYTES", 800)
    assert kind(_ofd(page * 3)) == "too_large"  # the parts together
    monkeypatch.undo()


def test_external_entities_are_never_resolved() -> None:
    hostile = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
        f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="3">'
        '<ofd:TextObject ID="4" Boundary="0 0 90 9" Font="2" Size="5">'
        '<ofd:TextCode X="0" Y="5">文&e;字</ofd:TextCode></ofd:TextObject>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )
    data = _ofd("", extra={"Doc_0/Pages/Page_0/Content.xml": hostile})
    (page,) = ofd_pages(data, Limits())
    host = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else "@"
    assert host not in "".join(c.text for c in page.chars)


def test_a_page_with_only_a_seal_is_not_taken_for_a_scan() -> None:
    seal = '<ofd:ImageObject ID="5" Boundary="150 230 40 40" CTM="40 0 0 40 0 0" ResourceID="7"/>'
    with pytest.raises(ExtractionError) as caught:
        extract_bytes(_ofd(seal), name="x.ofd")
    assert caught.value.kind == "no_text_layer"


@pytest.mark.ocr
def test_an_ofd_made_from_a_scan_is_read_by_ocr() -> None:
    table = LAYOUTS / "hrules-liangshan-2021.hrules.pdf"
    extraction = extract_bytes(
        make_scanned_ofd([scanned_page_jpeg(table, 2, seed=11)]), name="scan.ofd"
    )
    assert extraction.kind == "ofd"
    # the rows printed on that page: the PDF twin's first rows, up to a rare misread
    truth = extraction_of(table).rows[: len(extraction.rows)]
    assert len(extraction.rows) >= 8
    for got, want in zip(extraction.rows, truth, strict=True):
        requirement = str(norm(want["requirement"]))
        assert edit_distance(str(norm(got["requirement"])), requirement) <= 0.01 * len(requirement)
        assert norm(got["responsible_units"]) == norm(want["responsible_units"])
