"""run_sources against a real test portal: what is fetched, what is recorded, and that
a second run over the unchanged portal downloads nothing and asks conditionally."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from extract.sources import FetchReport, run_sources
from extract.sources.config import SourcesConfig
from tests.sources.fetch_portal import (
    EXPECTED_DOCUMENTS,
    FAULT_PATHS,
    LISTINGS,
    NAME_A1,
    NAME_A2,
    NAME_C1,
    NOTICE_PAGES,
    Portal,
    http_source,
    make_config,
    publish_new_notice,
)


def landing_snapshot(landing: Path) -> dict[str, tuple[int, int, str]]:
    return {
        str(p.relative_to(landing)): (
            p.stat().st_mtime_ns,
            p.stat().st_size,
            hashlib.sha256(p.read_bytes()).hexdigest(),
        )
        for p in sorted(landing.rglob("*"))
        if p.is_file()
    }


def setup_sources(
    portal: Portal, closed_port: int, samples: Path, tmp_path: Path
) -> tuple[SourcesConfig, Path]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(
        samples / "yishui-2018.pdf", inbox / "yishui-2018.pdf"
    )  # same bytes as the portal's
    (inbox / "inbox-only.pdf").write_bytes((samples / "yishui-2018.pdf").read_bytes() + b"\n%x\n")
    (inbox / "readme.txt").write_text("not a notice", encoding="utf-8")
    os.symlink(tmp_path / "gone.pdf", inbox / "broken-link.pdf")
    config = make_config(
        http_source("portal", portal.url("/col/col1/index.html")),
        http_source("down", f"http://127.0.0.1:{closed_port}/col/col1/index.html"),
        {"id": "inbox", "type": "dir", "path": "inbox"},
        base_dir=tmp_path,
    )
    return config, inbox


def faults_by_url(report: FetchReport) -> dict[str, str]:
    return {f.url: f.error_kind for f in report.faults}


def test_first_run_fetches_each_notice_and_attachment_once_and_records_faults(
    portal: Portal, closed_port: int, samples: Path, tmp_path: Path
) -> None:
    config, inbox = setup_sources(portal, closed_port, samples, tmp_path)
    landing, state = tmp_path / "landing", tmp_path / "state.json"

    report = run_sources(config, landing, set(), state)

    portal_docs = [d for d in report.documents if d.source_id == "portal"]
    assert sorted(d.url for d in portal_docs) == sorted(portal.url(p) for p in EXPECTED_DOCUMENTS)
    for doc in portal_docs:
        path = doc.url.removeprefix(portal.base)
        stored = Path(doc.landing_path).read_bytes()
        assert hashlib.sha256(stored).hexdigest() == doc.document_id
        assert Path(doc.landing_path).parent.parent == landing
        assert Path(doc.landing_path).name.startswith(doc.document_id)
        assert doc.bytes == len(stored)
        if EXPECTED_DOCUMENTS[path] is None:
            assert doc.content_type == "text/html"
            assert "序号" in stored.decode("gbk")
        else:
            assert doc.content_type == "application/pdf"
            assert stored == (samples / EXPECTED_DOCUMENTS[path]).read_bytes()
    names = {d.url.removeprefix(portal.base): d.original_name for d in portal_docs}
    assert names["/module/download/downfile.jsp?classid=0&filename=8f3c2a71e0"] == NAME_A1
    assert names["/module/download/downfile.jsp?classid=0&filename=8f3c2a71e1"] == NAME_A2
    assert names["/module/download/downfile.jsp?classid=0&filename=flaky500"] == NAME_C1
    assert len({d.document_id for d in report.documents}) == len(report.documents)

    expected_faults = {portal.url(p): kind for kind, p in FAULT_PATHS.items()}
    expected_faults |= {
        "http://www.other-county.gov.cn/art/x.html": "foreign_link",
        "http://cdn.elsewhere.example/att.pdf": "foreign_link",
        f"http://127.0.0.1:{closed_port}/col/col1/index.html": "source_down",
        str(inbox / "broken-link.pdf"): "symlink",
    }
    assert faults_by_url(report) == expected_faults
    assert all(f.error_message for f in report.faults)

    # The inbox copy of yishui has the same bytes as the portal's: returned once, not twice.
    # A file someone dropped in the inbox is registered whatever it holds, so extraction
    # records why it fails on the document itself (readme.txt → not_pdf).
    inbox_docs = [d for d in report.documents if d.source_id == "inbox"]
    assert [(d.url, d.original_name, d.content_type) for d in inbox_docs] == [
        (str(inbox / "inbox-only.pdf"), "inbox-only.pdf", "application/pdf"),
        (str(inbox / "readme.txt"), "readme.txt", "text/plain"),
    ]

    hits = portal.hits_since(0)
    requested = [h.path for h in hits]
    assert "/art/2017/sports.html" not in requested  # title does not match
    for path in LISTINGS + NOTICE_PAGES:
        assert requested.count(path) == 1, path
    assert requested.count("/module/download/downfile.jsp?classid=0&filename=flaky500") == 2
    assert all(h.user_agent and h.user_agent.startswith("notices-warehouse/0.1") for h in hits)
    assert json.loads(state.read_text(encoding="utf-8"))["entries"]


def test_second_run_downloads_nothing_and_sends_conditional_requests(
    portal: Portal, closed_port: int, samples: Path, tmp_path: Path
) -> None:
    config, _ = setup_sources(portal, closed_port, samples, tmp_path)
    landing, state = tmp_path / "landing", tmp_path / "state.json"
    first = run_sources(config, landing, set(), state)
    known = {d.document_id for d in first.documents}
    before = landing_snapshot(landing)
    start = len(portal.hits)

    second = run_sources(config, landing, known, state)

    assert second.documents == []
    assert faults_by_url(second) == faults_by_url(first)  # still failing, still recorded
    assert landing_snapshot(landing) == before
    fault_paths = set(FAULT_PATHS.values())
    for hit in portal.hits_since(start):
        if hit.path in fault_paths:
            continue
        assert hit.conditional, hit.path
        assert hit.status in (302, 304), hit.path  # a redirect hop, then the 304
        assert hit.body_bytes == 0
    asked = {h.path for h in portal.hits_since(start)}
    for path in [*LISTINGS, *NOTICE_PAGES, *EXPECTED_DOCUMENTS, "/files/dup/ningyang-copy"]:
        assert path in asked, path
    assert second.stats["not_modified"] >= len(LISTINGS) + len(NOTICE_PAGES)

    # A new notice appears: only it is fetched, the rest stays a 304.
    new_attachment = publish_new_notice(portal, samples)
    start = len(portal.hits)
    third = run_sources(config, landing, known | {d.document_id for d in second.documents}, state)
    assert [d.url for d in third.documents] == [portal.url(new_attachment)]
    downloads = [h.path for h in portal.hits_since(start) if h.status == 200]
    assert set(downloads) - set(FAULT_PATHS.values()) == {
        "/col/col1/index.html",
        "/art/2022/notice_e.html",
        new_attachment,
    }
    assert set(before) <= set(landing_snapshot(landing))
    assert all(landing_snapshot(landing)[k] == v for k, v in before.items())
