"""Archives opened like folders: members stored by sha256 and registered with their parent
archive and path; GBK names decoded; bombs, deep nesting and zip-slip names harmless.

RAR and 7z go through bsdtar (libarchive-tools): these tests fail without it, never skip.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
import yaml

from extract.sources.archives import ArchiveLimits, expand_archives, open_tree
from extract.sources.content_type import ZIP
from extract.sources.landing import sha256_hex, store_bytes
from extract.sources.report import FetchedDocument
from pipeline import extracting, fetching, loading
from pipeline.settings import Settings
from tests.fixtures.archives.make_archives import gbk_zip, seven_zip, utf8_zip
from tests.fixtures.archives.rar4 import rar4_bytes
from tests.fixtures.zip_bytes import zip_bytes
from tests.sources.fetch_portal import Portal, add_archive_notices, http_source

REPO = Path(__file__).resolve().parents[2]
WORD_TABLE = REPO / "tests/fixtures/office/docx/att-panzhihua-2017.attachment.docx"
NAME = "附件/2023年政务公开工作任务分解表.docx"


def _paths(data: bytes, limits: ArchiveLimits | None = None) -> list[str]:
    return [entry.member.path for entry in open_tree(data, limits or ArchiveLimits())]


def test_gbk_member_names_without_the_utf8_flag_are_decoded() -> None:
    data = gbk_zip({NAME: b"table", "说明.txt": b"readme"})
    # what a reader that trusts ZIP's default (cp437) shows: mojibake
    assert NAME not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert _paths(data) == [NAME, "说明.txt"]


def test_utf8_flagged_names_are_kept() -> None:
    assert _paths(utf8_zip({NAME: b"table"})) == [NAME]


def test_rar_members_are_read_with_their_gbk_names() -> None:
    data = rar4_bytes({NAME: b"word bytes", "b.txt": b"x" * 10})
    entries = open_tree(data, ArchiveLimits())
    assert [(e.member.path, e.member.data) for e in entries] == [
        (NAME, b"word bytes"),
        ("b.txt", b"x" * 10),
    ]


def test_7z_members_are_read() -> None:
    entries = open_tree(seven_zip({NAME: b"word bytes", "表2.pdf": b"%PDF-1.4"}), ArchiveLimits())
    assert sorted((e.member.path, e.member.data) for e in entries) == sorted(
        [(NAME, b"word bytes"), ("表2.pdf", b"%PDF-1.4")]
    )


def test_nested_archives_are_opened_to_a_fixed_depth() -> None:
    deepest = utf8_zip({"d.txt": b"4"})
    third = utf8_zip({"c.zip": deepest, "c.txt": b"3"})
    second = gbk_zip({"内层.zip": third, "b.txt": b"2"})
    outer = utf8_zip({"外层/b.zip": second, "a.txt": b"1"})
    entries = open_tree(outer, ArchiveLimits(max_depth=3))
    found = {e.member.path: (e.parent, e.error.kind if e.error else None) for e in entries}
    assert found == {
        "外层/b.zip": (sha256_hex(outer), None),
        "内层.zip": (sha256_hex(second), None),
        "c.zip": (sha256_hex(third), "too_large"),  # a fourth level is not opened
        "c.txt": (sha256_hex(third), None),
        "b.txt": (sha256_hex(second), None),
        "a.txt": (sha256_hex(outer), None),
    }


@pytest.mark.parametrize(
    ("members", "limits"),
    [
        ({"zeros.bin": bytes(2 * 1024 * 1024)}, ArchiveLimits(max_total_bytes=1024 * 1024)),
        ({"zeros.bin": bytes(12 * 1024 * 1024)}, ArchiveLimits()),  # 1000:1
        ({f"{i}.txt": b"x" for i in range(6)}, ArchiveLimits(max_members=5)),
        (
            {"inner.zip": utf8_zip({"zeros.bin": bytes(2 * 1024 * 1024)})},
            ArchiveLimits(max_total_bytes=1024 * 1024),
        ),
    ],
    ids=["unpacked-size", "ratio", "member-count", "nested"],
)
def test_a_bomb_is_too_large_and_nothing_of_it_is_stored(
    members: dict[str, bytes], limits: ArchiveLimits, tmp_path: Path
) -> None:
    landing = tmp_path / "landing"
    archive = zip_bytes(members)
    (document,) = expand_archives([_fetched(archive, landing)], landing, limits)
    assert document.error_kind == "too_large"
    assert [p.name for p in landing.rglob("*") if p.is_file()] == [Path(document.landing_path).name]


def test_member_names_are_never_paths(tmp_path: Path) -> None:
    landing = tmp_path / "store" / "landing"
    archive = utf8_zip(
        {
            "../../escaped.txt": b"slip",
            "/etc/absolute.txt": b"abs",
            "..\\..\\windows.txt": b"win",
            "ok/\x1b[31mred.txt": b"ctl",
        }
    )
    documents = expand_archives([_fetched(archive, landing)], landing, ArchiveLimits())
    members = documents[1:]
    assert [(d.member_path, d.original_name) for d in members] == [
        ("../../escaped.txt", "escaped.txt"),
        ("etc/absolute.txt", "absolute.txt"),
        ("../../windows.txt", "windows.txt"),
        ("ok/ [31mred.txt", "[31mred.txt"),
    ]
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert all(re.fullmatch(r"store/landing/[0-9a-f]{2}/[0-9a-f]{64}\.\w+", p) for p in written)
    assert len(written) == 5


def test_broken_encrypted_and_unreadable_archives_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = tmp_path / "landing"

    def kind(data: bytes) -> str | None:
        (document,) = expand_archives([_fetched(data, landing)], landing, ArchiveLimits())[:1]
        return document.error_kind

    rar = rar4_bytes({"a.txt": b"abc" * 100})
    assert kind(rar[: len(rar) // 2]) == "corrupt"
    locked = bytearray(utf8_zip({"a.txt": b"secret"}))
    locked[6] |= 1  # the local header's "encrypted" flag
    central = locked.find(b"PK\x01\x02")
    locked[central + 8] |= 1
    assert kind(bytes(locked)) == "encrypted"
    monkeypatch.setenv("NOTICES_BSDTAR", str(tmp_path / "no-bsdtar"))
    assert kind(rar) == "converter_missing"


def _fetched(data: bytes, landing: Path) -> FetchedDocument:
    from extract.sources.content_type import sniff

    kind = sniff(data)
    sha, path = store_bytes(landing, data, kind)
    return FetchedDocument(
        document_id=sha,
        source_id="s",
        url="http://127.0.0.1/downfile.jsp?id=1",
        fetched_at="2023-03-01T00:00:00+00:00",
        content_type=kind,
        bytes=len(data),
        landing_path=str(path),
        original_name="附件.zip",
        notice_context={"title": "通知"},
    )


# ------------------------------------------------------------------ through the pipeline

ROW_COLUMNS = (
    "row, seq, section, requirement, lead_units_text, responsible_units_text, deadline_text, "
    "lead_units, responsible_units, cooperating_units, frequencies, deadline_date"
)


@pytest.mark.slow
def test_a_notice_whose_only_attachment_is_a_zip_or_rar_loads_the_word_rows(
    portal: Portal, tmp_path: Path
) -> None:
    """Three notices, each with one attachment behind an extension-less URL: the Word
    table itself, 附件.zip (GBK names) and 附件.rar holding it."""
    word = WORD_TABLE.read_bytes()
    packed_zip = gbk_zip({NAME: _copy(word, 2), "说明.txt": "请查收".encode()})
    packed_rar = rar4_bytes({NAME: _copy(word, 3)})
    listing = add_archive_notices(
        portal,
        [
            (word, "任务分解表.docx"),
            (packed_zip, "附件.zip"),
            (packed_rar, "附件.rar"),
        ],
    )
    settings = Settings.from_env(tmp_path / "home")
    settings.ensure_dirs()
    config = tmp_path / "sources.yml"
    config.write_text(
        yaml.safe_dump({"sources": [http_source("portal", portal.url(listing))]}),
        encoding="utf-8",
    )
    fetching.fetch(settings, config)
    outcomes = extracting.extract_many(settings, extracting.pending_documents(settings), workers=1)
    loading.validate_and_load(settings, outcomes)

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rows = {
            number: con.execute(
                f"select {ROW_COLUMNS} from raw.task_rows join raw.notices n using (notice_id) "
                "where n.doc_number = ? order by row",
                [f"宁政办发〔2023〕{number}号"],
            ).fetchall()
            for number in (1, 2, 3)
        }
        documents = con.execute(
            "select original_name, content_type, status, member_path, parent_document_id "
            "from raw.documents where content_type <> 'text/html' order by fetch_seq"
        ).fetchall()
    assert len(rows[1]) > 10
    assert rows[2] == rows[1] and rows[3] == rows[1]
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert documents == [
        ("任务分解表.docx", docx, "extracted", None, None),
        ("附件.zip", ZIP, "unpacked", None, None),
        ("2023年政务公开工作任务分解表.docx", docx, "extracted", NAME, sha256_hex(packed_zip)),
        ("说明.txt", "text/plain", "failed", "说明.txt", sha256_hex(packed_zip)),
        ("附件.rar", "application/vnd.rar", "unpacked", None, None),
        ("2023年政务公开工作任务分解表.docx", docx, "extracted", NAME, sha256_hex(packed_rar)),
    ]


def _copy(docx: bytes, number: int) -> bytes:
    """The same Word file with other bytes (a ZIP comment): a document of its own, since
    documents are registered once by sha256."""
    buffer = io.BytesIO(docx)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = f"copy {number}".encode()
    return buffer.getvalue()


def test_a_bomb_is_recorded_failed_too_large_at_registration(tmp_path: Path) -> None:
    settings = Settings.from_env(tmp_path / "home")
    settings.ensure_dirs()
    bomb = zip_bytes({"zeros.bin": bytes(12 * 1024 * 1024)})
    good = utf8_zip({"附件/表.pdf": b"%PDF-1.4 not really"})
    documents = [_fetched(bomb, settings.landing_dir), _fetched(good, settings.landing_dir)]
    documents[1] = replace(documents[1], url=documents[1].url + "2")
    registered = fetching.register_fetched(settings, documents)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rows = con.execute(
            "select url, status, error_kind, format, member_path from raw.documents order by fetch_seq"
        ).fetchall()
    assert [r[:5] for r in rows] == [
        ("http://127.0.0.1/downfile.jsp?id=1", "failed", "too_large", "zip", None),
        ("http://127.0.0.1/downfile.jsp?id=12", "unpacked", None, "zip", None),
        ("http://127.0.0.1/downfile.jsp?id=12#附件/表.pdf", "fetched", None, None, "附件/表.pdf"),
    ]
    assert len(registered.new_documents) == 3


def test_an_archive_registered_before_archives_were_opened_is_opened_by_the_next_fetch(
    tmp_path: Path,
) -> None:
    from warehouse.db import connect
    from warehouse.registry import register_fetched

    settings = Settings.from_env(tmp_path / "home")
    settings.ensure_dirs()
    archive = gbk_zip({NAME: b"%PDF-1.4 table"})
    old = replace(
        _fetched(archive, settings.landing_dir),
        error_kind="unsupported_format",
        error_message="a ZIP archive (application/zip): no reader handles this format yet",
    )
    with connect(settings.warehouse_path) as con:  # as the release before wrote it
        register_fetched(con, [old], parser_version="old")

    fetching.register_fetched(settings, [])

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rows = con.execute(
            "select status, error_kind, parser_version, member_path, parent_document_id "
            "from raw.documents order by fetch_seq"
        ).fetchall()
    assert rows == [
        ("unpacked", None, None, None, None),
        ("fetched", None, None, NAME, sha256_hex(archive)),
    ]
