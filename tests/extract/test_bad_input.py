"""Each bad-input kind gets its error kind; a run over a mix still extracts the good files."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from extract.api import extract_file
from extract.cli_extract import extract_paths
from extract.errors import ExtractionError
from extract.limits import Limits
from tests.extract.conftest import ROOT

GOOD = ROOT / "tests/fixtures/corpus/pdf/liangshan-2021.grid.pdf"


def _pdf(draw, **options) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, **options)
    draw(page)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _scanned(page: canvas.Canvas) -> None:
    image = Image.new("RGB", (200, 100), "white")
    page.drawImage(ImageReader(image), 50, 500, 400, 200)


BAD_FILES: dict[str, bytes] = {
    "empty": b"",
    "not_pdf": b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>",
    "corrupt": GOOD.read_bytes()[:4000],
    "encrypted": _pdf(
        lambda p: p.drawString(100, 100, "secret"),
        encrypt=pdfencrypt.StandardEncryption("pw", canPrint=0),
    ),
    "no_text_layer": _pdf(_scanned),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_gets_its_kind(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"bad-{kind}.pdf"
    path.write_bytes(BAD_FILES[kind])
    with pytest.raises(ExtractionError) as caught:
        extract_file(path)
    assert caught.value.kind == kind
    assert caught.value.message


def test_garbage_bytes_are_not_pdf(tmp_path: Path) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ExtractionError) as caught:
        extract_file(path)
    assert caught.value.kind == "not_pdf"


@pytest.mark.parametrize(
    "limits", [Limits(max_pages=3), Limits(max_bytes=10_000)], ids=["pages", "bytes"]
)
def test_limits_give_too_large(limits: Limits, tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_file(GOOD, limits=limits)
    assert caught.value.kind == "too_large"


def test_run_over_a_mix_reports_each_bad_file_and_extracts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for kind, data in BAD_FILES.items():
        (inputs / f"bad-{kind}.pdf").write_bytes(data)
    shutil.copy(GOOD, inputs / "good.pdf")
    out = tmp_path / "out"
    code = extract_paths(sorted(inputs.iterdir()), out, workers=2)
    captured = capsys.readouterr()
    assert code == 1
    for kind in BAD_FILES:
        assert f"bad-{kind}.pdf: {kind}: " in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert sorted(p.name for p in out.iterdir()) == ["good.jsonl", "good.meta.json"]
    assert len((out / "good.jsonl").read_text(encoding="utf-8").splitlines()) == 64


def test_run_of_good_files_exits_zero(tmp_path: Path) -> None:
    assert extract_paths([GOOD], tmp_path, workers=1) == 0
    assert (tmp_path / "liangshan-2021.grid.meta.json").exists()


def test_an_unexpected_error_is_parser_error_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Anything but an extraction error (here: the output folder is a file) is named
    `parser_error` by extract.api.extract_to, the one rule `notices extract` and the
    pipeline share; the file still gets one line and the run exit code 1."""
    blocked = tmp_path / "out"
    blocked.write_text("a file where the output folder should be", encoding="utf-8")
    assert extract_paths([GOOD], blocked, workers=1) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{GOOD}: parser_error: ")
