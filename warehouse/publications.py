"""Storing column listings (raw.publication_listings) and publication sources
(raw.publication_sources). Fetches are incremental, so a store only adds or updates rows:
an item a column no longer lists keeps its row (it was published)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

_LISTING_COLUMNS = (
    "source_id",
    "column_url",
    "item_url",
    "publication_id",
    "column_path",
    "unit_name",
    "topic",
    "region_adcode",
    "title",
    "published_on",
    "date_source",
    "title_period_grain",
    "title_period_year",
    "title_period_index",
    "listing_page",
    "fetched_at",
)


@dataclass(frozen=True)
class StoredListing:
    """One listing row as the warehouse takes it (fields of PublicationListing)."""

    source_id: str
    column_url: str
    item_url: str
    publication_id: str
    column_path: str | None
    unit_name: str | None
    topic: str | None
    region_adcode: str | None
    title: str
    published_on: str | None
    date_source: str | None
    title_period_grain: str | None
    title_period_year: int | None
    title_period_index: int | None
    listing_page: int
    fetched_at: str


@dataclass(frozen=True)
class StoredSource:
    source_id: str
    region_adcode: str | None
    grace_days: int | None
    columns: int


def store_publications(
    con: duckdb.DuckDBPyConnection,
    listings: Iterable[StoredListing],
    sources: Iterable[StoredSource],
) -> int:
    """Upsert listings and sources in one transaction; returns the listing rows written."""
    rows = [tuple(getattr(item, name) for name in _LISTING_COLUMNS) for item in listings]
    now = dt.datetime.now(dt.UTC)
    placeholders = ", ".join("?" for _ in _LISTING_COLUMNS)
    updates = ", ".join(
        f"{name} = excluded.{name}"
        for name in _LISTING_COLUMNS
        if name not in ("source_id", "column_url", "item_url")
    )
    con.execute("begin")
    try:
        if rows:
            con.executemany(
                f"insert into raw.publication_listings ({', '.join(_LISTING_COLUMNS)}, loaded_at) "
                f"values ({placeholders}, ?) "
                f"on conflict (source_id, column_url, item_url) do update set {updates}, "
                "loaded_at = excluded.loaded_at",
                [(*row, now) for row in rows],
            )
        for source in sources:
            # Unchanged settings leave the row alone: raw's version (warehouse/versions.py)
            # stays the same and the marts are not rebuilt for nothing.
            con.execute(
                "insert into raw.publication_sources "
                "(source_id, region_adcode, grace_days, columns, loaded_at) values (?, ?, ?, ?, ?) "
                "on conflict (source_id) do update set region_adcode = excluded.region_adcode, "
                "grace_days = excluded.grace_days, columns = excluded.columns, "
                "loaded_at = excluded.loaded_at "
                "where raw.publication_sources.region_adcode is distinct from excluded.region_adcode "
                "or raw.publication_sources.grace_days is distinct from excluded.grace_days "
                "or raw.publication_sources.columns is distinct from excluded.columns",
                [source.source_id, source.region_adcode, source.grace_days, source.columns, now],
            )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return len(rows)
