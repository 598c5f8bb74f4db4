"""The parts of the scanned-page reader: text normalisation, sniffing, deskew, rules,
settings, limits, confidence reports, unreadable pages and the bundled models."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extract.api import extract_bytes
from extract.errors import ExtractionError
from extract.ocr import engine
from extract.ocr.deskew import ink_mask, rotate, skew_angle
from extract.ocr.image import read_image
from extract.ocr.normalise import normalise_line
from extract.ocr.page import ocr_page
from extract.ocr.rules import find_rules
from extract.ocr.scanned import image_pages
from extract.ocr.settings import OcrSettings
from extract.sniff import JPEG, PNG, TIFF, content_type, sniff

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures/layouts/pdf"
DPI = 200


def _page(name: str, index: int) -> np.ndarray:
    pdf = pdfium.PdfDocument(str(LAYOUTS / name))
    try:
        return np.array(pdf[index].render(scale=DPI / 72, grayscale=True).to_numpy())
    finally:
        pdf.close()


def _image_bytes(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("read", "normalised"),
    [
        ('公开(一)工作,及时"发布"信息.', "公开（一）工作，及时“发布”信息。"),
        ("(1)做好", "（1）做好"),
        ("1.做好", "1.做好"),
        ("二O一七年六月三十日", "二〇一七年六月三十日"),
        ("二〇o九年", "二〇〇九年"),
        ("建成2000吨级", "建成2000吨级"),
        ("-3一", "—3—"),
        ("济政办字〔2021]18号)要求", "济政办字〔2021〕18号）要求"),
        ("梁政办字[2021]15号", "梁政办字〔2021〕15号"),
        ("www.gov.cn", "www.gov.cn"),
        ("局·县财政局", "局、县财政局"),
    ],
)
def test_ocr_text_is_normalised_like_the_text_layer(read: str, normalised: str) -> None:
    assert normalise_line(read) == normalised


@pytest.mark.parametrize(
    ("read", "normalised"),
    [
        # ningyang-2017.grid, both scanners: 局 of 县财政局 read 司
        ("县发改局、县人社局、县财政司、县国土局", "县发改局、县人社局、县财政局、县国土局"),
        ("县财政司按职责分工分别牵头落实", "县财政局按职责分工分别牵头落实"),
        # what stays: a company, 司法局, a ministry's department
        ("县国资中心、县供电公司", "县国资中心、县供电公司"),
        ("县司法局、市司法局", "县司法局、市司法局"),
        ("财政部预算司、民政部社会救助司", "财政部预算司、民政部社会救助司"),
    ],
)
def test_a_county_unit_read_ending_in_si_ends_in_ju(read: str, normalised: str) -> None:
    assert normalise_line(read) == normalised


@pytest.mark.parametrize(("fmt", "kind"), [("JPEG", JPEG), ("PNG", PNG), ("TIFF", TIFF)])
def test_images_are_sniffed_from_their_bytes(fmt: str, kind: str) -> None:
    data = _image_bytes(Image.new("L", (20, 20), 255), fmt)
    assert sniff(data) == kind
    assert content_type(kind).startswith("image/")


@pytest.mark.parametrize("angle", [0.3, -0.8, 1.0])
def test_skew_is_measured_and_undone(angle: float) -> None:
    page = _page("hrules-liangshan-2021.hrules.pdf", 0)
    skewed = rotate(page, angle)
    assert skew_angle(skewed) == pytest.approx(-angle, abs=0.06)
    assert skew_angle(rotate(skewed, skew_angle(skewed))) == pytest.approx(0.0, abs=0.06)


def test_table_with_horizontal_rules_only_has_no_vertical_rules() -> None:
    page = _page("hrules-liangshan-2021.hrules.pdf", 2)
    segments, mask = find_rules(ink_mask(page), DPI / 72)
    horizontal = [s for s in segments if s.horizontal]
    assert len(horizontal) >= 8
    # strokes of the 16 pt title's characters pass the kernel (the page reader drops them
    # inside text boxes); nothing longer than a character is vertical
    assert not [s for s in segments if not s.horizontal and s.end - s.start > 24 * DPI / 72]
    assert mask.any()


def test_ruled_table_has_both_kinds_of_rules() -> None:
    page = _page("panzhihua-2017.ruled.pdf", 2)
    segments, _ = find_rules(ink_mask(page), DPI / 72)
    vertical = [s for s in segments if not s.horizontal]
    assert len(vertical) >= 4
    # a table's vertical rules run through several rows, longer than any character
    assert max(s.end - s.start for s in vertical) > 100 * DPI / 72


def test_ocr_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTICES_OCR_DPI", "300")
    monkeypatch.setenv("NOTICES_OCR_THREADS", "2")
    monkeypatch.setenv("NOTICES_OCR_MAX_PAGES", "5")
    monkeypatch.setenv("NOTICES_OCR_MIN_CONFIDENCE", "0.7")
    assert OcrSettings.from_env() == OcrSettings(
        dpi=300, threads=2, max_pages=5, min_confidence=0.7
    )


def test_more_scanned_pages_than_the_limit_is_too_large() -> None:
    frames = [Image.new("L", (400, 560), 255) for _ in range(3)]
    data = _image_bytes(frames[0], "TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(ExtractionError) as raised:
        image_pages(data, OcrSettings(max_pages=2))
    assert raised.value.kind == "too_large"
    assert "3 scanned pages" in raised.value.message


def test_broken_image_is_corrupt() -> None:
    with pytest.raises(ExtractionError) as raised:
        extract_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20, name="scan.png")
    assert raised.value.kind == "corrupt"


def _text_image(lines: list[str]) -> Image.Image:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont("STSong-Light", 14)
    for i, line in enumerate(lines):
        canvas.drawString(80, 760 - 28 * i, line)
    canvas.showPage()
    canvas.save()
    pdf = pdfium.PdfDocument(buffer.getvalue())
    try:
        return pdf[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


@pytest.mark.ocr
def test_characters_below_the_confidence_threshold_are_reported_with_page_and_box() -> None:
    image = _text_image(["梁山县人民政府办公室", "2021年5月13日"])
    table = read_image(_image_bytes(image, "PNG"), OcrSettings(min_confidence=1.01))
    low = [p for p in table.problems if p.kind == "low_confidence"]
    assert len(low) == 2  # one per line
    assert all(p.page == 1 for p in low)
    assert "梁山县人民政府办公室" in low[0].text and "] pt" in low[0].text
    # at the normal threshold clean print is trusted
    assert not read_image(_image_bytes(image, "PNG")).problems


@pytest.mark.ocr
def test_scanned_page_without_readable_text_is_reported() -> None:
    """A text page, then a scanned page that holds nothing readable (noise only)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont("STSong-Light", 12)
    canvas.drawString(60, 760, "某县人民政府办公室关于印发2021年政务公开工作要点的通知")
    canvas.showPage()
    noise = np.random.default_rng(0).normal(235, 6, (600, 420)).clip(0, 255).astype(np.uint8)
    canvas.drawImage(ImageReader(Image.fromarray(noise)), 0, 0, 595, 842)
    canvas.showPage()
    canvas.save()
    extraction = extract_bytes(buffer.getvalue(), name="mixed.pdf")
    # the noise is 420 pixels across a 595 pt page (about 51 dpi): said first
    assert [(p.kind, p.page) for p in extraction.problems] == [
        ("low_confidence", 2),
        ("unreadable_page", 2),
    ]
    assert "about 51 dpi" in extraction.problems[0].text
    assert extraction.meta["title"]


@pytest.mark.ocr
def test_image_without_any_readable_text_is_no_text_layer() -> None:
    blank = Image.fromarray(np.full((842, 595), 250, dtype=np.uint8))
    with pytest.raises(ExtractionError) as raised:
        extract_bytes(_image_bytes(blank, "JPEG"), name="scan.jpg")
    assert raised.value.kind == "no_text_layer"


@pytest.mark.ocr
def test_models_come_from_the_wheel_and_nothing_is_downloaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rapidocr.utils import download_file

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("RapidOCR tried to download a model")

    monkeypatch.setattr(download_file.DownloadFile, "run", classmethod(refuse))
    engine._engine.cache_clear()
    try:
        image = np.asarray(_text_image(["政务公开"]))
        content, problems = ocr_page(image, 1, 595.0, 842.0, OcrSettings())
        assert "".join(char.text for char in content.chars) == "政务公开"
        assert problems == []
        assert engine.model_dir().parent.name == "rapidocr"
    finally:
        engine._engine.cache_clear()


def test_a_scanned_page_with_only_a_stamped_page_number_is_still_a_scan() -> None:
    from extract.ocr.scanned import is_scanned
    from extract.page.content import Char, PageContent

    def page(chars: list[Char], images: bool = True) -> PageContent:
        return PageContent(1, 595, 842, chars, [], [], images)

    number = [Char(290, 296, 800, 810, "3", 10.0)]
    words = [Char(60 + 10 * i, 70 + 10 * i, 100, 110, c, 10.0) for i, c in enumerate("政务公开")]
    assert is_scanned(page([]))
    assert is_scanned(page(number))
    assert not is_scanned(page(words))
    assert not is_scanned(page([], images=False))


def test_an_ocr_problem_inside_the_table_names_its_cell() -> None:
    """A low-confidence line at a place in the table is reported with the cell it is in:
    the column's label and the cell's text (the pages here are a text layer's, the
    problem placed where a unit cell is)."""
    from extract.errors import Problem
    from extract.limits import Limits
    from extract.page.layout import document_from_contents
    from extract.page.lines import group_lines
    from extract.pdf.document import _read_pages
    from extract.pdf.open_pdf import open_pdf
    from extract.vocabulary import NoteKind

    data = (Path(__file__).parents[1] / "fixtures/corpus/pdf/ningyang-2017.ruled.pdf").read_bytes()
    with open_pdf(data, Limits()) as pdf:
        contents = _read_pages(pdf)
    page = next(
        p for p in contents if any("县财政局" in line.text for line in group_lines(p.chars))
    )
    line = next(line for line in group_lines(page.chars) if "县财政局" in line.text)
    texts = "".join(c.text for c in line.chars)
    unit = line.chars[texts.index("县财政局") : texts.index("县财政局") + 4]
    where = (unit[0].x0, unit[0].top, unit[-1].x1, unit[-1].bottom)
    outside = (10.0, 10.0, 20.0, 20.0)  # above the table
    document = document_from_contents(
        contents,
        [
            Problem(NoteKind.LOW_CONFIDENCE, page.number, "OCR is unsure", where),
            Problem(NoteKind.LOW_CONFIDENCE, page.number, "OCR is unsure", outside),
        ],
    )
    inside, above = document.problems
    assert "in the table cell under “" in inside.text and "县财政局" in inside.text
    assert above.text == "OCR is unsure"


def test_copier_scans_are_deterministic_image_only_and_stamped() -> None:
    """The copier generator: the same PDF, degradation and seed give the same pages (the
    PDF's object numbering aside); the scanned pages keep no text layer."""
    from tests.fixtures.scans.copier import draw, scan_pdf

    data = (Path(__file__).parents[1] / "fixtures/corpus/pdf/yishui-2018.pdf").read_bytes()
    degradation = draw(5, 100, "colour", "沂水县人民政府办公室")
    assert degradation == draw(5, 100, "colour", "沂水县人民政府办公室")
    pdf = pdfium.PdfDocument(scan_pdf(data, degradation, 5, pages=(1,)))
    again = pdfium.PdfDocument(scan_pdf(data, degradation, 5, pages=(1,)))
    try:
        assert pdf[0].get_textpage().get_text_range() == ""
        assert pdf[1].get_textpage().get_text_range() != ""  # a page not scanned
        first, second = (np.array(d[0].render(scale=0.5).to_numpy()) for d in (pdf, again))
        assert np.array_equal(first, second)
    finally:
        pdf.close()
        again.close()
