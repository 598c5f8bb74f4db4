"""Column listings read from a real portal on 127.0.0.1: dates in every printed form,
item pages only for undated items, reposts as one publication, and incremental fetches
that read only each column's first page when nothing is new."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from extract.sources.config import USER_AGENT, SourcesConfig
from extract.sources.publications import PublicationsReport, run_publication_sources
from extract.sources.state import load_state
from tests.compliance.histories import LIANGSHAN
from tests.compliance.portal_config import publications_config, serve_histories
from tests.sources.fetch_portal import Portal, Resource
from tests.sources.publication_portal import Item, add_items, listing_paths, serve_columns

D = dt.date
HISTORY = (LIANGSHAN,)


def _config(portal: Portal) -> SourcesConfig:
    return publications_config(portal, HISTORY)


def _fetch(portal: Portal, state: Path) -> tuple[PublicationsReport, list[str]]:
    start = len(portal.hits)
    report = run_publication_sources(_config(portal).publications, state)
    return report, [hit.path for hit in portal.hits_since(start)]


@pytest.fixture
def columns_portal() -> Iterator[Portal]:
    portal = Portal()
    serve_histories(portal, HISTORY)
    portal.start()
    try:
        yield portal
    finally:
        portal.stop()


def test_every_printed_date_form_is_read(columns_portal: Portal, tmp_path: Path) -> None:
    report, _ = _fetch(columns_portal, tmp_path / "state.json")
    dates = {
        (row.column_url.split("/")[-2], row.title): row.published_on for row in report.listings
    }
    assert dates[("cz1", "2021年4月全县财政收支情况")] == "2021-05-25"  # 2021-05-25
    assert dates[("cz2", "2020年县财政局部门决算公开")] == "2021-08-20"  # 2021年8月20日
    assert dates[("cg1", "城关镇2021年第三季度低保名单")] == "2021-09-30"  # 2021/9/30
    assert dates[("zfb1", "梁山县2020年政府信息公开工作年度报告")] == "2021-06-20"  # 2021.06.20
    # [12-30] under the 2020年 heading, [04-08] under 2021年
    assert dates[("mz1", "第四季度城乡低保对象公示")] == "2020-12-30"
    assert dates[("mz1", "第一季度城乡低保对象公示")] == "2021-04-08"
    # undated in the listing: read from the item page
    assert dates[("gy1", "馆驿镇第二季度低保对象名单")] == "2021-07-12"
    assert dates[("gy1", "馆驿镇低保政策解读")] is None
    expected = {
        (column.key, item.title): item.date.isoformat()
        if item.date and item.page_has_date
        else None
        for column in LIANGSHAN.columns
        for item in column.items
    }
    assert dates == expected


def test_item_pages_are_opened_only_for_undated_items(
    columns_portal: Portal, tmp_path: Path
) -> None:
    report, paths = _fetch(columns_portal, tmp_path / "state.json")
    opened = sorted(p for p in paths if p.startswith("/art/"))
    assert opened and all(p.startswith("/art/gy1/") for p in opened)
    assert len(opened) == 3
    sources = {
        row.date_source for row in report.listings if row.column_url.endswith("/gy1/index.html")
    }
    assert sources == {"page", None}


def test_the_unit_is_read_from_the_column_path_or_the_page_and_aliases_apply(
    columns_portal: Portal, tmp_path: Path
) -> None:
    report, _ = _fetch(columns_portal, tmp_path / "state.json")
    units = {row.column_url.split("/")[-2]: (row.unit_name, row.topic) for row in report.listings}
    assert units["cz2"] == ("县财政局", "财政预决算")  # declared path
    assert units["tj1"] == ("县统计局", "统计数据")  # the page's 当前位置
    assert units["mz1"] == ("县民政局", "社会救助")  # declared
    assert units["gs1"] == ("县市场监管局", "抽检信息")  # 县工商局, renamed


def test_a_repost_in_two_columns_has_one_publication_id(
    columns_portal: Portal, tmp_path: Path
) -> None:
    report, _ = _fetch(columns_portal, tmp_path / "state.json")
    ids = {
        row.publication_id for row in report.listings if row.title == "2021年县财政局部门预算公开"
    }
    columns = {
        row.column_url for row in report.listings if row.title == "2021年县财政局部门预算公开"
    }
    assert len(ids) == 1 and len(columns) == 2


@pytest.mark.parametrize("etags", [True, False], ids=["conditional", "no-validators"])
def test_a_second_fetch_reads_only_each_columns_first_page(
    columns_portal: Portal, tmp_path: Path, etags: bool
) -> None:
    serve_columns(columns_portal, LIANGSHAN.columns, etags=etags)
    state = tmp_path / "state.json"
    first, first_paths = _fetch(columns_portal, state)
    cz1 = next(c for c in LIANGSHAN.columns if c.key == "cz1")
    assert len(listing_paths(cz1)) == 3  # paginated: 13 items, 5 a page
    assert set(listing_paths(cz1)) <= set(first_paths)

    start = len(columns_portal.hits)
    second, second_paths = _fetch(columns_portal, state)
    assert second.listings == []
    assert sorted(second_paths) == sorted(c.path for c in LIANGSHAN.columns)
    assert set(second.pages_read.values()) == {1}
    hits = columns_portal.hits_since(start)
    if etags:  # asked conditionally, answered 304: nothing downloaded
        assert all(h.conditional and h.status == 304 for h in hits)
        assert sum(h.body_bytes for h in hits) == 0
    else:
        assert not any(h.conditional for h in hits)
    # the notices' client: its User-Agent on every request
    assert {h.user_agent for h in columns_portal.hits} == {USER_AGENT}


def test_new_items_are_read_down_to_the_first_known_one(
    columns_portal: Portal, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    _fetch(columns_portal, state)
    columns = LIANGSHAN.columns
    fresh = [Item(f"2022年{m}月全县财政收支情况", D(2022, m + 1, 10)) for m in range(1, 3)]
    add_items(columns_portal, columns, "cz1", fresh)
    report, paths = _fetch(columns_portal, state)
    assert sorted(row.title for row in report.listings) == sorted(i.title for i in fresh)
    assert "/col/cz1/index_2.html" not in paths  # page 1 still held a known item

    more = [Item(f"2023年{m}月全县财政收支情况", D(2023, m + 1, 10)) for m in range(1, 8)]
    add_items(columns_portal, columns, "cz1", more)
    report, paths = _fetch(columns_portal, state)
    assert sorted(row.title for row in report.listings) == sorted(i.title for i in more)
    cz1_pages = [p for p in paths if p.startswith("/col/cz1/")]
    assert cz1_pages == ["/col/cz1/index.html", "/col/cz1/index_2.html"]
    # put the history back for the other tests of the session
    next(c for c in columns if c.key == "cz1").items[-9:] = []


def test_a_walk_cut_short_by_a_fault_goes_on_past_known_items_next_time(
    columns_portal: Portal, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    good = columns_portal.routes["/col/cz1/index_2.html"]
    columns_portal.routes["/col/cz1/index_2.html"] = Resource(b"busy", status=404)
    first, _ = _fetch(columns_portal, state)
    assert {f.error_kind for f in first.faults} >= {"not_found"}
    assert not load_state(state).get("publications:" + columns_portal.url("/col/cz1/index.html"))[
        "complete"
    ]

    columns_portal.routes["/col/cz1/index_2.html"] = good
    second, paths = _fetch(columns_portal, state)
    assert "/col/cz1/index_3.html" in paths
    assert {row.listing_page for row in second.listings} == {2, 3}
    third, _ = _fetch(columns_portal, state)
    assert third.pages_read[columns_portal.url("/col/cz1/index.html")] == 1


def test_a_listing_longer_than_max_listing_pages_is_a_fault_and_read_on_next_time(
    columns_portal: Portal, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    (source,) = _config(columns_portal).publications
    cz1 = next(c for c in source.columns if c.url.endswith("/cz1/index.html"))
    short = replace(source, columns=(cz1,), max_listing_pages=2)
    first = run_publication_sources((short,), state)
    assert [f.error_kind for f in first.faults] == ["listing_cut"]
    assert {row.listing_page for row in first.listings} == {1, 2}
    second = run_publication_sources((short,), state)
    # page 1 and 2 known, but the walk was cut: it goes on to page 3
    assert {row.listing_page for row in second.listings} == {3}
    assert second.faults == []
