"""Issue 14, fetch side: folder sources stay inside their folder (item 3), every network
read has one deadline (item 4), short bodies and cut listings are faults (item 5)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import yaml

from extract.sources import run_sources
from pipeline import extracting, fetching
from pipeline.settings import Settings
from tests.sources.fetch_portal import Portal, Resource, gbk_page, http_source, listing, make_config

PASSWD_LIKE = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


def test_folder_source_never_follows_links_out_opens_special_files_or_quotes_contents(
    samples: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text(PASSWD_LIKE, encoding="utf-8")
    inbox = tmp_path / "inbox"
    (inbox / "kept").mkdir(parents=True)
    (inbox / "kept" / "grid.pdf").write_bytes((samples / "ningyang-2017.grid.pdf").read_bytes())
    os.symlink(secret, inbox / "a.pdf")  # ln -s /etc/passwd inbox/a.pdf
    os.symlink(inbox / "kept" / "grid.pdf", inbox / "inside.pdf")
    os.mkfifo(inbox / "pipe.pdf")
    (inbox / "notes.pdf").write_text(PASSWD_LIKE, encoding="utf-8")  # text named .pdf
    home = tmp_path / "home"
    settings = Settings.from_env(home)

    def fetch_with(follow_links: str) -> dict:
        config = tmp_path / f"sources-{follow_links}.yml"
        source = {"id": "inbox", "type": "dir", "path": str(inbox), "follow_links": follow_links}
        config.write_text(yaml.safe_dump({"sources": [source]}), encoding="utf-8")
        return fetching.fetch(settings, config)

    first = fetch_with("none")
    faults = {Path(f.url).name: f.error_kind for f in first.faults}
    assert faults == {
        "a.pdf": "symlink",
        "inside.pdf": "symlink",
        "pipe.pdf": "special_file",
        "kept": "not_a_file",
    }
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        urls = {r[0] for r in con.execute("select url from raw.documents").fetchall()}
    assert urls == {str(inbox / "notes.pdf")}
    landed = b"".join(p.read_bytes() for p in settings.landing_dir.rglob("*") if p.is_file())
    assert b"root:x:0:0" not in landed.replace((inbox / "notes.pdf").read_bytes(), b"")

    # follow_links: inside reads a link that resolves inside the folder, never one out.
    second = fetch_with("inside")
    faults = {Path(f.url).name: f.error_kind for f in second.faults}
    assert faults["a.pdf"] == "symlink" and "inside.pdf" not in faults
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        urls = {r[0] for r in con.execute("select url from raw.documents").fetchall()}
    assert str(inbox / "inside.pdf") in urls

    # An error message says what the bytes are, never what they say.
    (notes,) = [d for d in extracting.pending_documents(settings) if d.original_name == "notes.pdf"]
    outcome = extracting.extract_one(settings, notes)
    assert outcome.error_kind == "not_pdf" and outcome.error_message
    assert "root" not in outcome.error_message and "bash" not in outcome.error_message
    assert "plain text" in outcome.error_message


def test_a_server_sending_headers_one_byte_at_a_time_is_cut_by_the_request_deadline(
    portal: Portal, tmp_path: Path
) -> None:
    pdf = b"%PDF-1.4\n" + b"0" * 100
    # Every byte arrives well within the read timeout (0.4 s): only a deadline for the
    # whole request (1 s) stops a head that takes ~12 s to arrive.
    portal.routes["/files/slow"] = Resource(pdf, "application/pdf", drip_s=0.1)
    portal.routes["/art/slow.html"] = Resource(
        gbk_page("政务公开工作任务分解表", '<a href="/files/slow">附件</a>'), "text/html"
    )
    portal.routes["/col/slow/index.html"] = Resource(
        gbk_page("x", listing([("/art/slow.html", "政务公开工作任务分解表")], "")), "text/html"
    )
    config = make_config(
        http_source("slow", portal.url("/col/slow/index.html"), total_timeout_s=1.0),
        base_dir=tmp_path,
    )

    report = run_sources(config, tmp_path / "landing", set(), tmp_path / "state.json")

    assert report.documents == []
    (fault,) = report.faults
    assert (fault.url, fault.error_kind) == (portal.url("/files/slow"), "timeout")
    assert "connect, headers and body" in fault.error_message
    # Cut, not retried: one request for the slow file.
    assert [h.path for h in portal.hits].count("/files/slow") == 1


def test_a_short_body_is_truncated_and_a_cut_listing_names_the_links_left(
    portal: Portal, samples: Path, tmp_path: Path
) -> None:
    pdf = (samples / "ningyang-2017.grid.pdf").read_bytes()
    portal.routes["/files/short"] = Resource(pdf, "application/octet-stream", short_by=1000)
    items = [(f"/art/n{i}.html", f"第{i}号政务公开工作任务分解表") for i in range(7)]
    portal.routes["/art/n0.html"] = Resource(
        gbk_page(items[0][1], '<a href="/files/short">附件</a>'), "text/html"
    )
    portal.routes["/col/many/index.html"] = Resource(gbk_page("x", listing(items, "")), "text/html")
    config = make_config(
        http_source("many", portal.url("/col/many/index.html"), max_notices=2),
        base_dir=tmp_path,
    )

    report = run_sources(config, tmp_path / "landing", set(), tmp_path / "state.json")

    assert report.documents == []  # the short body is not a document
    faults = {f.url: (f.error_kind, f.error_message) for f in report.faults}
    kind, message = faults[portal.url("/files/short")]
    assert kind == "truncated"
    assert f"of {len(pdf)} declared bytes" in message
    kind, message = faults[portal.url("/col/many/index.html")]
    assert kind == "listing_cut"
    assert "7 matching links" in message and "5 links left" in message
    assert not list((tmp_path / "landing").rglob("*.pdf"))
