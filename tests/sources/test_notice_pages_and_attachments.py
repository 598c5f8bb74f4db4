"""Issue 10, fetch side: no attachment is lost at fetch (item 4), and an attachment
inherits its notice page's metadata (item 5). Through the pipeline's fetch and extract
steps against a real portal on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import duckdb
import yaml

from pipeline import extracting, fetching
from pipeline.contracts import ExtractJob
from pipeline.settings import PARSER_VERSION, Settings
from tests.sources.fetch_portal import (
    FAULT_PATHS,
    FORMAT_PATHS,
    FORMATS_LISTING,
    NOTICE_F,
    NOTICE_F_ISSUER,
    NOTICE_F_NUMBER,
    Portal,
    add_formats_notice,
    format_files,
    http_source,
)
from warehouse.registry import documents_to_extract

# The content type each attachment must be registered with, judged from its bytes.
SNIFFED = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd",
    "zip": "application/zip",
    "png": "image/png",
    "hostile_pdf": "application/pdf",
    "html_table": "text/html",
}


def write_config(tmp_path: Path, *sources: dict) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump({"sources": list(sources)}, allow_unicode=True), "utf-8")
    return path


def documents(settings: Settings) -> dict[str, dict]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        cur = con.execute(
            "select url, document_id, original_name, landing_path, content_type, status, "
            "error_kind, error_message, parser_version, notice_context, parent_document_id, "
            "member_path from raw.documents"
        )
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def test_fetch_never_loses_a_file_every_attachment_format_is_stored_and_registered(
    portal: Portal, samples: Path, tmp_path: Path
) -> None:
    add_formats_notice(portal, samples)
    settings = Settings.from_env(tmp_path / "home")
    config = write_config(tmp_path, http_source("formats", portal.url(FORMATS_LISTING)))

    fetched = fetching.fetch(settings, config)

    assert fetched.faults == ()
    files = format_files(samples)
    registered = documents(settings)
    for key, path in FORMAT_PATHS.items():
        doc = registered[portal.url(path)]
        stored = Path(doc["landing_path"])
        # Stored by sha256 under the landing store, byte for byte, whatever its name.
        assert stored.read_bytes() == files[key], key
        assert doc["document_id"] == hashlib.sha256(files[key]).hexdigest()
        assert stored.parent.parent == settings.landing_dir
        assert stored.name.startswith(doc["document_id"])
        assert doc["content_type"] == SNIFFED[key], key
    # A ZIP is opened like a folder: the archive is `unpacked`, its member a document of
    # its own, stored by sha256, with its parent and its path inside the archive.
    archive = registered[portal.url(FORMAT_PATHS["zip"])]
    assert (archive["status"], archive["error_kind"]) == ("unpacked", None)
    member = registered[portal.url(FORMAT_PATHS["zip"]) + "#任务分解表.pdf"]
    assert (member["status"], member["content_type"]) == ("fetched", "application/pdf")
    assert (member["parent_document_id"], member["member_path"]) == (
        archive["document_id"],
        "任务分解表.pdf",
    )
    assert Path(member["landing_path"]).read_bytes() == (samples / "yishui-2018.pdf").read_bytes()
    # A PNG is a scan for OCR (extract/ocr/), an OFD is read by extract/ofd/: handed to
    # extraction like any document.
    for key in ("hostile_pdf", "html_table", "png", "ofd"):
        assert registered[portal.url(FORMAT_PATHS[key])]["status"] == "fetched"
    # The archive is never extracted (its members are), by this parser, the next, or a
    # reprocess; a member is extracted like any document.
    zip_id = archive["document_id"]
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        for version in (PARSER_VERSION, PARSER_VERSION + "+1"):
            pending = {d.document_id for d in documents_to_extract(con, version)}
            assert zip_id not in pending and member["document_id"] in pending
    assert zip_id not in {d.document_id for d in extracting.documents_to_reprocess(settings)}

    # A hostile server-given name never becomes a path and never costs the file.
    hostile = registered[portal.url(FORMAT_PATHS["hostile_pdf"])]
    assert hostile["original_name"] == "x [31m.pdf"
    stored_names = [
        p.relative_to(settings.landing_dir).as_posix()
        for p in settings.landing_dir.rglob("*")
        if p.is_file() and not p.name.startswith("http_state")
    ]
    assert stored_names and all(
        re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{64}\.\w+", n) for n in stored_names
    )
    assert registered[portal.url(FORMAT_PATHS["docx"])]["original_name"] == "任务分解表.docx"

    # The ../-named PDF goes through extraction like any other PDF.
    outcome = extracting.extract_one(
        settings, ExtractJob(hostile["document_id"], hostile["original_name"])
    )
    assert outcome.status == "extracted" and outcome.rows > 0


def test_second_run_downloads_no_known_bytes_and_a_recurring_fault_is_not_downloaded_again(
    portal: Portal, samples: Path, tmp_path: Path
) -> None:
    add_formats_notice(portal, samples)
    settings = Settings.from_env(tmp_path / "home")
    config = write_config(
        tmp_path,
        http_source("formats", portal.url(FORMATS_LISTING)),
        http_source("portal", portal.url("/col/col1/index.html")),
    )
    first = fetching.fetch(settings, config)
    first_faults = {f.url: f.error_kind for f in first.faults}
    error_page, huge = (
        portal.url(FAULT_PATHS["bad_content_type"]),
        portal.url(FAULT_PATHS["too_large"]),
    )
    assert first_faults[error_page] == "bad_content_type"
    assert first_faults[huge] == "too_large"
    start = len(portal.hits)

    second = fetching.fetch(settings, config)

    assert second.new_documents == ()
    hits = portal.hits_since(start)
    for path in FORMAT_PATHS.values():
        (hit,) = [h for h in hits if h.path == path]
        assert hit.conditional and hit.status == 304, path
    # The error page served as PDF is asked about conditionally (its ETag), the file
    # streamed past the size limit without validators is not asked for at all; both
    # faults are still reported.
    (asked,) = [h for h in hits if h.path == FAULT_PATHS["bad_content_type"]]
    assert asked.conditional and asked.status == 304
    assert FAULT_PATHS["too_large"] not in {h.path for h in hits}
    again = {f.url: f.error_kind for f in second.faults}
    assert again[error_page] == "bad_content_type"
    assert again[huge] == "too_large"
    # Nothing known is downloaded again (the hanging URL is a timeout, tried every run).
    downloads = {h.path for h in hits if h.status == 200}
    assert downloads <= {FAULT_PATHS["timeout"]}


def test_an_attachment_inherits_its_notice_pages_metadata(
    portal: Portal, samples: Path, tmp_path: Path
) -> None:
    add_formats_notice(portal, samples)
    settings = Settings.from_env(tmp_path / "home")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "table.html").write_bytes(
        format_files(samples)["html_table"].replace(b"<p>\xe9\x99\x84\xe4\xbb\xb6</p>", b"")
    )
    config = write_config(
        tmp_path,
        http_source("formats", portal.url(FORMATS_LISTING)),
        {"id": "county", "type": "dir", "path": str(inbox), "region_adcode": 370921},
    )
    fetching.fetch(settings, config)
    registered = documents(settings)
    attachment = registered[portal.url(FORMAT_PATHS["html_table"])]
    # Captured at fetch, recorded with the document.
    context = json.loads(attachment["notice_context"])
    assert context["title"] == NOTICE_F
    assert context["doc_number"] == NOTICE_F_NUMBER
    assert context["issuer"] == NOTICE_F_ISSUER
    assert context["publish_date"] == "2023-03-01"

    # Applied by the extract step (and therefore by reprocess).
    for docs in (
        extracting.pending_documents(settings),
        extracting.documents_to_reprocess(settings),
    ):
        by_id = {d.document_id: d for d in docs}
        outcome = extracting.extract_one(settings, by_id[attachment["document_id"]])
        assert outcome.status == "extracted", outcome
        meta = json.loads(Path(str(outcome.meta_path)).read_text("utf-8"))
        assert meta["title"] == NOTICE_F  # the file's own title was only "附件"
        assert meta["doc_number"] == NOTICE_F_NUMBER
        assert meta["issuer"] == NOTICE_F_ISSUER
        assert meta["publish_date"] == "2023-03-01"
        assert meta["year"] == 2023
        assert meta["region"]["adcode"] == "370921"
        rows = [
            json.loads(line)
            for line in Path(str(outcome.rows_path)).read_text("utf-8").split("\n")
            if line
        ]
        assert rows and {r["notice_id"] for r in rows} == {meta["notice_id"]}
        # "6月底前" only becomes a date once the year is known from the page.
        assert rows[0]["deadline_date"] == "2023-06-30"

    # A folder source's declared region fills a file naming none; a missing title stays null.
    (county_doc,) = [d for d in registered.values() if d["url"].startswith(str(inbox))]
    outcome = extracting.extract_one(
        settings,
        ExtractJob(
            county_doc["document_id"],
            county_doc["original_name"],
            json.loads(county_doc["notice_context"]),
        ),
    )
    meta = json.loads(Path(str(outcome.meta_path)).read_text("utf-8"))
    assert meta["region"]["adcode"] == "370921"
    assert meta["region"]["county"] == "宁阳县"
    assert meta["title"] is None

    # Without the page, the same file has no title (附件 is never a title) and no region.
    bare = extracting.extract_one(
        settings, ExtractJob(attachment["document_id"], attachment["original_name"])
    )
    assert bare.meta_path is not None
    bare_meta = json.loads(Path(bare.meta_path).read_text("utf-8"))
    assert bare_meta["title"] is None
    assert bare_meta["region"]["adcode"] is None


def test_known_bytes_at_a_url_without_validators_are_not_read_again(
    portal: Portal, samples: Path, tmp_path: Path
) -> None:
    from extract.sources import run_sources
    from tests.sources.fetch_portal import DOWNFILE, Resource, gbk_page, listing, make_config

    data = format_files(samples)["docx"]
    # No ETag, no Last-Modified: only the length tells the file has not changed.
    portal.routes[DOWNFILE + "plain"] = Resource(data, "application/octet-stream")
    portal.routes["/art/plain.html"] = Resource(
        gbk_page(NOTICE_F, f'<a href="{DOWNFILE}plain">附件</a>'), "text/html"
    )
    portal.routes["/col/plain/index.html"] = Resource(
        gbk_page("x", listing([("/art/plain.html", NOTICE_F)], "")), "text/html"
    )
    config = make_config(
        http_source("plain", portal.url("/col/plain/index.html")), base_dir=tmp_path
    )
    landing, state = tmp_path / "landing", tmp_path / "state.json"
    first = run_sources(config, landing, set(), state)
    assert [d.content_type for d in first.documents] == [SNIFFED["docx"]]

    second = run_sources(config, landing, {d.document_id for d in first.documents}, state)

    assert second.documents == [] and second.faults == []
    assert second.stats["skipped_unchanged_length"] == 1
    # Changed bytes (another length) are a new document.
    portal.routes[DOWNFILE + "plain"] = Resource(data + b"\0", "application/octet-stream")
    third = run_sources(config, landing, {d.document_id for d in first.documents}, state)
    assert [d.url for d in third.documents] == [portal.url(DOWNFILE + "plain")]


def test_the_attachments_own_values_win_over_the_page() -> None:
    from extract.contract import NoticeRecords
    from extract.sources.notice_context import inherit

    own = {
        "notice_id": "own-id",
        "title": "泰安市2023年政务公开工作要点",
        "doc_number": None,
        "issuer": "泰安市人民政府办公室",
        "publish_date": None,
        "year": 2023,
        "region": {
            "province": "山东省",
            "prefecture": "泰安市",
            "county": None,
            "adcode": "370900",
        },
    }
    page = {
        "title": NOTICE_F,
        "doc_number": NOTICE_F_NUMBER,
        "issuer": NOTICE_F_ISSUER,
        "publish_date": "2023-03-01",
        "year": 2022,
        "region": {
            "province": "山东省",
            "prefecture": "泰安市",
            "county": "宁阳县",
            "adcode": "370921",
        },
        "source_region_adcode": "370921",
    }
    rows = [
        {
            "notice_id": "own-id",
            "row": 1,
            "deadline_text": "6月底前",
            "requirement": "x",
            "deadline_date": "2023-06-30",
        }
    ]

    notice = NoticeRecords.from_json(own, rows)
    meta, out_rows = inherit(notice.meta, notice.rows, page)

    assert (meta.title, meta.issuer, meta.year) == (own["title"], own["issuer"], 2023)
    assert meta.region.adcode == "370900"
    assert (meta.doc_number, meta.publish_date) == (NOTICE_F_NUMBER, "2023-03-01")
    # The 文号 joined the identity: a new id, carried by every row.
    assert meta.notice_id != "own-id"
    assert [r.notice_id for r in out_rows] == [meta.notice_id]
    assert out_rows[0].deadline_date == "2023-06-30"
    # Nothing to inherit and an own title: the extractor's id stands.
    assert inherit(notice.meta, notice.rows, None)[0].notice_id == "own-id"


def test_inherited_identity_too_thin_to_tell_notices_apart_keeps_documents_apart() -> None:
    """Two title-less attachments whose page gives only a year: inheriting must not give
    them one notice id (one would silently supersede the other), as extract/ids.py rules
    for a file alone."""
    from extract.contract import NoticeMeta
    from extract.sources.notice_context import inherit

    own = NoticeMeta(notice_id="own")
    page = {"year": 2023}
    first, _ = inherit(own, [], page, document_sha256="a" * 64)
    second, _ = inherit(own, [], page, document_sha256="b" * 64)
    assert first.year == second.year == 2023
    assert first.notice_id != second.notice_id
