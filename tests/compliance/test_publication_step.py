"""The pipeline's publications step (what `notices fetch` / `notices run` call): sources.yml
`publications:` → raw.publication_listings, raw.publication_sources, raw.fetch_faults;
incremental, idempotent, and a raw change the marts notice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from pipeline import fetching
from pipeline.settings import Settings
from tests.compliance.histories import LIANGSHAN
from tests.compliance.portal_config import publications_config, serve_histories
from tests.sources.fetch_portal import Portal
from warehouse.versions import raw_fingerprint


@pytest.fixture
def columns_portal() -> Iterator[Portal]:
    portal = Portal()
    serve_histories(portal, (LIANGSHAN,))
    portal.start()
    try:
        yield portal
    finally:
        portal.stop()


def _sources_yml(tmp_path: Path, portal: Portal) -> Path:
    config = publications_config(portal, (LIANGSHAN,))
    (source,) = config.publications
    entry = {
        "id": source.id,
        "region_adcode": source.region_adcode,
        "min_interval_s": 0,
        "retries": 0,
        "unit_aliases": dict(source.unit_aliases),
        "columns": [{k: v for k, v in vars(c).items() if v is not None} for c in source.columns],
    }
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = tmp_path / "sources.yml"
    path.write_text(
        yaml.safe_dump(
            {"sources": [{"id": "empty", "type": "dir", "path": "inbox"}], "publications": [entry]},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    return path


def _counts(settings: Settings) -> tuple[int, int, int, str]:
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        listings, publications = con.execute(
            "select count(*), count(distinct publication_id) from raw.publication_listings"
        ).fetchone()
        (sources,) = con.execute("select count(*) from raw.publication_sources").fetchone()
        return listings, publications, sources, raw_fingerprint(con)
    finally:
        con.close()


def test_fetch_stores_the_columns_once_and_a_second_fetch_reads_first_pages_only(
    tmp_path: Path, columns_portal: Portal
) -> None:
    settings = Settings.from_env(tmp_path / "home")
    config = _sources_yml(tmp_path, columns_portal)
    first = fetching.fetch(settings, config)
    published = first.publications
    assert published is not None
    items = sum(len(c.items) for c in LIANGSHAN.columns)
    assert published.new_listings == items
    assert published.listing_pages == len(LIANGSHAN.columns) + 2  # cz1 has three pages
    assert [f.error_kind for f in first.faults] == ["undated_item"]
    listings, publications, sources, version = _counts(settings)
    assert (listings, publications, sources) == (items, items - 1, 1)  # one repost

    again = fetching.fetch(settings, config).publications
    assert again is not None
    assert again.new_listings == 0
    assert again.listing_pages == len(LIANGSHAN.columns)
    assert _counts(settings) == (listings, publications, sources, version)
