"""sources.yml `publications:`: what a column listing is mapped to, and clear errors for
what cannot be; dates as portals print them; the period a title names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from extract.sources.config import ConfigError, SourcesConfig, load_config
from extract.sources.publication_config import PublicationColumn, column_identity
from extract.sources.publication_dates import (
    TitlePeriod,
    parse_listing_date,
    parse_page_date,
    title_period,
)
from extract.sources.publications import parse_column_page

URL = "http://www.example.gov.cn/col/col11/index.html"


def _parse(entry: dict[str, Any]) -> SourcesConfig:
    return SourcesConfig.from_dict({"publications": [entry]})


def test_a_publication_source_takes_the_defaults_and_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(
        "defaults:\n  min_interval_s: 2.5\n  max_index_pages: 3\n"
        "sources: []\n"
        "publications:\n"
        "  - id: ls\n    region_adcode: 370832\n    grace_days: 20\n"
        "    unit_aliases: {县工商局: 县市场监管局}\n"
        f"    columns:\n      - url: {URL}\n        path: 县财政局 > 财政预决算\n"
        f"      - {URL.replace('11', '12')}\n",
        encoding="utf-8",
    )
    (source,) = load_config(path).publications
    assert source.min_interval_s == 2.5 and source.region_adcode == "370832"
    assert source.grace_days == 20 and source.allowed_hosts == ("www.example.gov.cn",)
    assert source.columns[0] == PublicationColumn(URL, None, "县财政局 > 财政预决算", None)
    assert source.columns[1].path is None
    assert source.canonical_unit("县工商局") == "县市场监管局"
    assert source.http().min_interval_s == 2.5


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "x"}, "'columns' must be a non-empty list"),
        ({"id": "x", "columns": [{"url": "ftp://a/b"}]}, "'url' must be an http(s) URL"),
        ({"id": "x", "columns": [URL, URL]}, "is listed twice"),
        ({"id": "x", "columns": [{"url": URL, "path": "财政预决算"}]}, "no unit in path"),
        ({"id": "x", "columns": [{"url": URL, "unt": "县财政局"}]}, "unknown keys ['unt']"),
        ({"id": "x", "colums": [URL]}, "unknown keys ['colums']"),
        ({"id": "x", "columns": [URL], "grace_days": 400}, "'grace_days' must be"),
        ({"id": "x", "columns": [URL], "grace_days": "15"}, "'grace_days' must be"),
        ({"id": "x", "columns": [URL], "unit_aliases": ["县工商局"]}, "'unit_aliases' must map"),
        ({"id": "x", "columns": [URL], "region_adcode": "999999"}, "not a known division code"),
        ({"id": "x y", "columns": [URL]}, "'id' must be a word"),
        ({"id": "x", "columns": [URL], "item_pages": "yes"}, "'item_pages' must be true"),
    ],
)
def test_a_bad_publication_source_is_a_config_error_naming_it(
    entry: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=None) as raised:
        _parse(entry)
    assert message in str(raised.value)
    assert "publication source #1" in str(raised.value)


def test_publications_must_be_a_list() -> None:
    with pytest.raises(ConfigError, match="'publications' must be a list"):
        SourcesConfig.from_dict({"publications": {"id": "x"}})


@pytest.mark.parametrize(
    ("column", "page_path", "unit", "topic"),
    [
        (PublicationColumn(URL, path="县财政局 > 财政预决算"), None, "县财政局", "财政预决算"),
        (
            PublicationColumn(URL),
            "当前位置：首页 > 政府信息公开 > 法定主动公开内容 > 各乡镇 > 社会救助",
            "各乡镇",
            "社会救助",
        ),
        (PublicationColumn(URL, unit="县统计局"), "首页 > 统计数据", "县统计局", "统计数据"),
        (PublicationColumn(URL, path="部门信息公开 › 县政府办公室"), None, "县政府办公室", None),
        (
            PublicationColumn(URL, path="城关镇人民政府/社会救助", topic="低保"),
            None,
            "城关镇人民政府",
            "低保",
        ),
    ],
)
def test_unit_and_topic_of_a_column(
    column: PublicationColumn, page_path: str | None, unit: str, topic: str | None
) -> None:
    identity = column_identity(column, page_path)
    assert (identity.unit, identity.topic) == (unit, topic)


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2021-03-05", None, dt.date(2021, 3, 5)),
        ("2021年3月5日", None, dt.date(2021, 3, 5)),
        ("2021/3/5", None, dt.date(2021, 3, 5)),
        ("2021.03.05", None, dt.date(2021, 3, 5)),
        ("[03-05]", 2021, dt.date(2021, 3, 5)),
        ("（3月5日）", 2020, dt.date(2020, 3, 5)),
        ("[03-05]", None, None),  # month-day with no year heading above it
        ("2021-02-30", None, None),  # no such day
        ("浏览次数：1203", 2021, None),
    ],
)
def test_listing_dates_in_every_printed_form(
    text: str, year: int | None, expected: dt.date | None
) -> None:
    assert parse_listing_date(text, year) == expected


def test_an_item_page_date_comes_from_its_meta_or_its_label_not_its_body() -> None:
    assert parse_page_date('<meta name="PubDate" content="2021-07-12 09:30">') == dt.date(
        2021, 7, 12
    )
    assert parse_page_date("<div>发布时间：2021年7月12日</div>") == dt.date(2021, 7, 12)
    assert parse_page_date("<p>请于2021年8月1日前报送材料。</p>") is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2021年3月全县财政收支情况", TitlePeriod("monthly", 2021, 3)),
        ("宁阳县2021年10月份财政收入完成情况", TitlePeriod("monthly", 2021, 10)),
        ("2021年1-3月统计数据", TitlePeriod("monthly", 2021, 3)),
        ("第一季度城乡低保对象公示", TitlePeriod("quarterly", 2020, 1)),  # the date's year
        ("2021年第二季度食品安全抽检信息", TitlePeriod("quarterly", 2021, 2)),
        ("2021年上半年政府采购招标情况", TitlePeriod("semiannual", 2021, 1)),
        ("梁山县2020年政府信息公开工作年度报告", TitlePeriod("annual", 2020, 1)),
        ("关于3月5日召开座谈会的通知", None),  # a day, not a period
        ("中标结果公示", None),
    ],
)
def test_the_period_a_title_names(title: str, expected: TitlePeriod | None) -> None:
    assert title_period(title, 2020) == expected


def test_a_listing_row_date_is_read_without_the_title_and_under_its_year_heading() -> None:
    html = (
        "<div><a href='/'>首页</a></div><h3>2021年</h3><ul>"
        "<li><a href='/a.html'>2020年12月统计数据</a> <span>[01-12]</span></li></ul>"
        "<h3>2020年</h3><ul><li><a href='/b.html'>2020年11月统计数据</a> [12-10]</li>"
        "<li><a href='/c.html'>政务公开</a></li></ul>"
        "<div class='pager'><a href='index_2.html'>下一页</a></div>"
    )
    page = parse_column_page(html, "http://x.gov.cn/col/1/index.html")
    assert [(i.title, i.published_on) for i in page.items] == [
        ("2020年12月统计数据", dt.date(2021, 1, 12)),
        ("2020年11月统计数据", dt.date(2020, 12, 10)),
    ]
    assert page.next_url == "http://x.gov.cn/col/1/index_2.html"
