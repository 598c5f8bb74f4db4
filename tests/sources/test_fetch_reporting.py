"""Issue 18, fetch side: outside text never parsed as markup (item 1), an unchanged
fault is one row (item 4), nothing a source lists is passed over silently (item 6)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import yaml
from typer.testing import CliRunner

from pipeline import fetching
from pipeline.cli import app
from pipeline.settings import Settings
from tests.sources.fetch_portal import Portal, Resource, gbk_page, http_source, listing

TITLE = "政务公开工作任务分解表"


def write_config(tmp_path: Path, *sources: dict) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump({"sources": list(sources)}, allow_unicode=True), "utf-8")
    return path


def test_markup_in_a_file_name_link_title_or_url_prints_as_plain_text(
    portal: Portal, tmp_path: Path
) -> None:
    hostile_title = f"{TITLE}[/]"
    hostile_url = "http://elsewhere.example/[/bold]notice.html"
    portal.routes["/col/m/index.html"] = Resource(
        gbk_page("x", listing([(hostile_url, hostile_title)], "")), "text/html"
    )
    inbox = tmp_path / "in[" / "]box"  # the path reads .../in[/]box
    (inbox / "[red]报表.pdf").mkdir(parents=True)  # a folder: a not_a_file fault naming it
    config = write_config(
        tmp_path,
        http_source("markup", portal.url("/col/m/index.html")),
        {"id": "inbox", "type": "dir", "path": str(inbox)},
    )

    result = CliRunner().invoke(
        app, ["fetch", "--config", str(config), "--home", str(tmp_path / "home")]
    )

    assert result.exception is None, result.output
    assert result.exit_code == 0
    printed = "".join(result.output.split())  # rich wraps long lines, even inside words
    for text in (hostile_title, "[/bold]notice.html", "in[/]box/[red]报表.pdf", "2 fault(s)"):
        assert "".join(text.split()) in printed, text


def test_an_unchanged_fault_is_one_row_updated_not_a_new_row_per_run(
    portal: Portal, tmp_path: Path
) -> None:
    # 10,000 links: 5,000 to another host (a foreign_link fault each) and 5,000 on the
    # portal, of which max_notices lets one through (its page is missing: not_found).
    items = []
    for i in range(5_000):
        items.append((f"http://other.example/art/{i}.html", f"{TITLE}{i}"))
        items.append((f"/art/missing/{i}.html", f"{TITLE}{i}"))
    portal.routes["/col/big/index.html"] = Resource(
        gbk_page("x", listing(items, "")), "text/html", etag='"big"'
    )
    settings = Settings.from_env(tmp_path / "home")
    config = write_config(
        tmp_path, http_source("big", portal.url("/col/big/index.html"), max_notices=1)
    )

    def fault_table() -> list[tuple]:
        with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
            return con.execute(
                "select url, error_kind, first_seen_at, times_seen from raw.fetch_faults "
                "order by url, error_kind"
            ).fetchall()

    fetching.fetch(settings, config)
    first = fault_table()
    fetching.fetch(settings, config)
    fetching.fetch(settings, config)
    third = fault_table()

    kinds = [kind for _, kind, _, _ in first]
    assert (len(first), kinds.count("foreign_link")) == (5_002, 5_000)
    assert kinds.count("listing_cut") == kinds.count("not_found") == 1
    # The same rows, first sighting kept, each seen three times.
    assert [row[:3] for row in third] == [row[:3] for row in first]
    assert {row[3] for row in first} == {1}
    assert {row[3] for row in third} == {3}


def test_every_entry_a_folder_source_lists_and_does_not_load_is_recorded_with_a_kind(
    samples: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(samples / "yishui-2018.pdf", inbox / "yishui.pdf")
    shutil.copy(samples / "ningyang-2017.grid.pdf", inbox / "vanishing.pdf")
    (inbox / "x.pdf").mkdir()  # a folder named like a document
    (inbox / "empty.pdf").write_bytes(b"")
    settings = Settings.from_env(tmp_path / "home")
    config = write_config(tmp_path, {"id": "inbox", "type": "dir", "path": str(inbox)})

    # The Airflow path: discover, fetch each candidate, register.
    candidates = fetching.discover(settings, config)
    (inbox / "vanishing.pdf").unlink()  # gone (or unreadable) between listing and reading
    results = [fetching.fetch_one(settings, c) for c in candidates]
    registered = fetching.register_fetched(settings, results)

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        documents = {r[0] for r in con.execute("select url from raw.documents").fetchall()}
        faults = dict(con.execute("select url, error_kind from raw.fetch_faults").fetchall())
    listed = {str(p) for p in inbox.iterdir()} | {str(inbox / "vanishing.pdf")}
    assert documents | set(faults) == listed  # every entry accounted for
    assert faults == {
        str(inbox / "x.pdf"): "not_a_file",
        str(inbox / "vanishing.pdf"): "unreadable",
    }
    assert documents == {str(inbox / "yishui.pdf"), str(inbox / "empty.pdf")}
    assert len(registered.faults) == 2


def test_a_warehouse_path_holding_markup_prints_as_plain_text_in_status(
    tmp_path: Path,
) -> None:
    from warehouse.db import connect

    home = tmp_path / "wh[" / "]"  # the path reads .../wh[/]
    settings = Settings.from_env(home)
    settings.ensure_dirs()
    connect(settings.warehouse_path).close()

    result = CliRunner().invoke(app, ["status", "--home", str(home)])

    assert result.exception is None, result.output
    assert "wh[/]" in "".join(result.output.split())
