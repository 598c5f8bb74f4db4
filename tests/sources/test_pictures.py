"""Tables published as pictures: an <img> in a notice page's body is fetched like an
attachment (same client, limits and host rules) and read by OCR, giving the rows the OCR
reader gives for a scan of that page; site furniture is never fetched."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import yaml

from bench.accuracy import edit_distance, norm
from extract.sources.attachments import body_images
from pipeline import extracting, fetching
from pipeline.contracts import ExtractJob
from pipeline.settings import Settings
from tests.extract.conftest import extraction_of
from tests.fixtures.scans.make_scans import scanned_page_jpeg
from tests.sources.fetch_portal import (
    FURNITURE_PATHS,
    PICTURE_PATH,
    Portal,
    add_picture_notice,
    http_source,
)

REPO = Path(__file__).resolve().parents[2]
TABLE_PDF = REPO / "tests/fixtures/layouts/pdf/hrules-liangshan-2021.hrules.pdf"
PAGE = "http://gov.example/art/2023/notice.html"


def test_pictures_in_the_body_are_found_and_furniture_is_not() -> None:
    html = (
        '<div class="top"><img src="/img/head.png"></div><nav><img src="/a.png"></nav>'
        '<div class="content"><p><img src="/uploads/1.jpg" alt="任务分解表"></p>'
        '<img src="/uploads/2.png" width="1200px"><img src="/uploads/3.png" width="20">'
        '<img src="/images/logo.png"><img src="/images/ewm.jpg"><img src="/x/anim.gif">'
        '<img src="data:image/png;base64,AAAA"><img src="/uploads/1.jpg"></div>'
        '<footer><img src="/uploads/beian.png"></footer><div id="footer"><img src="/f.png"></div>'
    )
    assert [(link.url, link.title) for link in body_images(html, PAGE)] == [
        ("http://gov.example/uploads/1.jpg", "任务分解表"),
        ("http://gov.example/uploads/2.png", "正文图片4"),
    ]


def _table_picture() -> bytes:
    """The first table page of a notice, scanned (skewed, noisy, JPEG 70)."""
    return scanned_page_jpeg(TABLE_PDF, 2, seed=11)


@pytest.mark.ocr
def test_a_picture_of_a_table_on_a_notice_page_gives_the_ocr_rows(
    portal: Portal, tmp_path: Path
) -> None:
    picture = _table_picture()
    start = len(portal.hits)
    listing = add_picture_notice(portal, picture, furniture=picture)
    settings = Settings.from_env(tmp_path / "home")
    settings.ensure_dirs()
    config = tmp_path / "sources.yml"
    config.write_text(
        yaml.safe_dump(
            {"sources": [http_source("portal", portal.url(listing), max_bytes=5_000_000)]}
        ),
        encoding="utf-8",
    )
    fetching.fetch(settings, config)
    fetched = {hit.path for hit in portal.hits_since(start)}
    assert PICTURE_PATH in fetched and not fetched & set(FURNITURE_PATHS)

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        found = con.execute(
            "select document_id, notice_context from raw.documents where url = ?",
            [portal.url(PICTURE_PATH)],
        ).fetchone()
    assert found is not None
    document_id, context = found
    assert "宁阳县人民政府办公室" in context  # the page's notice, for the picture's rows
    (outcome,) = extracting.extract_many(
        settings, [ExtractJob(document_id, "task-table.jpg")], workers=1
    )
    assert (outcome.status, outcome.format) == ("extracted", "jpeg")
    rows = [
        json.loads(line)
        for line in (settings.extracted_dir / f"{document_id}.jsonl")
        .read_text("utf-8")
        .splitlines()
    ]
    # the rows the OCR reader gives for this scan: the table rows printed on that page of
    # the notice (its PDF twin's first rows), up to a rare misread character
    truth = extraction_of(TABLE_PDF).rows[: len(rows)]
    assert len(rows) >= 8
    for got, want in zip(rows, truth, strict=True):
        requirement = str(norm(want["requirement"]))
        assert edit_distance(str(norm(got["requirement"])), requirement) <= 0.01 * len(requirement)
        assert norm(got["responsible_units"]) == norm(want["responsible_units"])
