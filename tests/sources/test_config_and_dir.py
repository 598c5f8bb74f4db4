"""sources.yml loading, and folder sources (skips, faults, the landing store)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from extract.sources import (
    ConfigError,
    DirSourceConfig,
    HttpSourceConfig,
    discover,
    load_config,
    run_sources,
)
from extract.sources.landing import store_bytes
from tests.sources.fetch_portal import make_config

REPO = Path(__file__).resolve().parents[2]


def test_shipped_config_lists_only_the_samples_folder() -> None:
    config = load_config(REPO / "sources.yml")
    assert [(s.id, s.type) for s in config.sources] == [("samples", "dir")]
    source = config.sources[0]
    assert isinstance(source, DirSourceConfig)
    assert source.path == REPO / "samples"


def test_defaults_apply_and_sources_override(tmp_path: Path) -> None:
    (tmp_path / "s.yml").write_text(
        "defaults: {min_interval_s: 2.5, max_bytes: 1000, retries: 1}\n"
        "sources:\n"
        "  - {id: a, type: http, index_url: 'http://www.x.gov.cn/col/1/index.html', retries: 4}\n"
        "  - {id: b, type: dir, path: inbox}\n",
        encoding="utf-8",
    )
    a, b = load_config(tmp_path / "s.yml").sources
    assert isinstance(a, HttpSourceConfig) and isinstance(b, DirSourceConfig)
    assert (a.min_interval_s, a.max_bytes, a.retries) == (2.5, 1000, 4)
    assert a.allowed_hosts == ("www.x.gov.cn",)  # the index host unless told otherwise
    assert a.user_agent.startswith("notices-warehouse/0.1 (+")
    assert (b.path, b.max_bytes) == (tmp_path / "inbox", 1000)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: [{id: a, type: ftp}]", "'type' must be 'dir' or 'http'"),
        ("sources: [{id: a, type: dir}]", "needs 'path'"),
        ("sources: [{id: a, type: dir, path: x, colour: red}]", "unknown keys ['colour']"),
        ("sources: [{id: a, type: http, index_url: 'ftp://x'}]", "http(s) URL"),
        (
            "sources: [{id: a, type: http, index_url: 'http://x/', title_pattern: '('}]",
            "not a valid regex",
        ),
        ("sources: [{id: a, type: http, index_url: 'http://x/', retries: -1}]", "'retries'"),
        (
            "sources: [{id: a, type: dir, path: x}, {id: a, type: dir, path: y}]",
            "duplicate source id",
        ),
        ("sources: [{id: 'a b', type: dir, path: x}]", "'id' must be"),
        ("sources: [", "not valid YAML"),
        (
            "sources: [{id: a, type: dir, path: x, region_adcode: 999999}]",
            "'region_adcode' 999999 is not a known division code",
        ),
        (
            "sources: [{id: a, type: dir, path: x, follow_links: always}]",
            "'follow_links' must be 'none' or 'inside'",
        ),
    ],
)
def test_bad_configs_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "s.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(tmp_path / "s.yml")


def test_dir_source_skips_registered_files_without_copying_and_records_faults(
    samples: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("ningyang-2017.grid.pdf", "yishui-2018.pdf"):
        shutil.copy(samples / name, inbox / name)
    (inbox / "big.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 500_000)
    (inbox / ".hidden.pdf").write_bytes(b"%PDF-1.4\n")
    (inbox / "sub").mkdir()
    config = make_config(
        {"id": "inbox", "type": "dir", "path": str(inbox), "max_bytes": 400_000}, base_dir=tmp_path
    )
    landing, state = tmp_path / "landing", tmp_path / "state.json"

    first = run_sources(config, landing, set(), state)
    assert sorted(d.original_name or "" for d in first.documents) == [
        "ningyang-2017.grid.pdf",
        "yishui-2018.pdf",
    ]
    # A folder the (non-recursive) source lists is recorded, never passed over silently.
    assert [(Path(f.url).name, f.error_kind) for f in first.faults] == [
        ("big.pdf", "too_large"),
        ("sub", "not_a_file"),
    ]

    # The next run neither re-reads nor re-copies: the landing store is left alone.
    stored = {
        Path(d.landing_path): Path(d.landing_path).stat().st_mtime_ns for d in first.documents
    }
    known = {d.document_id for d in first.documents}
    second = run_sources(config, landing, known, state)
    assert second.documents == []
    assert second.stats["skipped_known"] == 2
    assert {p: p.stat().st_mtime_ns for p in stored} == stored

    # A changed file is a new document.
    (inbox / "yishui-2018.pdf").write_bytes((samples / "yishui-2018.pdf").read_bytes() + b"\n%v2\n")
    third = run_sources(config, landing, known, state)
    assert [d.original_name for d in third.documents] == ["yishui-2018.pdf"]
    assert third.documents[0].document_id not in known


def test_missing_folder_fails_discovery_as_a_config_error(tmp_path: Path) -> None:
    """A folder that does not exist is a mistake in sources.yml, not a fault to retry:
    discovery stops at once and nothing is fetched from the other sources either."""
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.pdf").write_bytes(b"%PDF-1.4 a")
    config = make_config(
        {"id": "here", "type": "dir", "path": "inbox"},
        {"id": "gone", "type": "dir", "path": "nowhere"},
        base_dir=tmp_path,
    )
    with pytest.raises(ConfigError, match=r"'gone'.*nowhere does not exist"):
        run_sources(config, tmp_path / "landing", set(), tmp_path / "state.json")
    with pytest.raises(ConfigError, match="'gone'"):
        discover(config, tmp_path / "state.json")
    assert not (tmp_path / "landing").exists()


def test_unresolvable_host_fails_discovery_as_a_config_error(tmp_path: Path) -> None:
    """A portal whose host name does not exist (.invalid never resolves, RFC 2606)."""
    config = make_config(
        {"id": "typo", "type": "http", "index_url": "http://portal.invalid/col/1/index.html"},
        base_dir=tmp_path,
    )
    with pytest.raises(ConfigError, match=r"'typo': the host portal\.invalid .* does not exist"):
        discover(config, tmp_path / "state.json")


def test_landing_store_is_content_addressed_and_write_once(tmp_path: Path) -> None:
    sha, path = store_bytes(tmp_path, b"%PDF-1.4 a", "application/pdf")
    assert path == tmp_path / sha[:2] / f"{sha}.pdf"
    mtime = path.stat().st_mtime_ns
    assert store_bytes(tmp_path, b"%PDF-1.4 a", "application/pdf") == (sha, path)
    assert path.stat().st_mtime_ns == mtime
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left
