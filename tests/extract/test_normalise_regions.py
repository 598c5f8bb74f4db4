"""resolve_region against the committed dim_region seed, and the seed itself."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from extract.regions import DIM_REGION_CSV, Region, RegionIndex, resolve_region


@pytest.mark.parametrize(
    ("text", "province", "prefecture", "county", "adcode"),
    [
        ("宁阳县人民政府办公室", "山东省", "泰安市", "宁阳县", "370921"),
        ("梁山县人民政府办公室", "山东省", "济宁市", "梁山县", "370832"),
        ("沂水县人民政府办公室", "山东省", "临沂市", "沂水县", "371323"),
        ("寿光市人民政府办公室", "山东省", "潍坊市", "寿光市", "370783"),
        ("攀枝花市人民政府办公室", "四川省", "攀枝花市", None, "510400"),
        ("山东省人民政府办公厅", "山东省", None, None, "370000"),
        ("北京市人民政府办公厅", "北京市", "北京市", None, "110000"),
        ("北京市东城区人民政府", "北京市", "北京市", "东城区", "110101"),
        ("南京市鼓楼区人民政府办公室", "江苏省", "南京市", "鼓楼区", "320106"),
        ("福建省福州市鼓楼区政府", "福建省", "福州市", "鼓楼区", "350102"),
        ("济南市市中区人民政府", "山东省", "济南市", "市中区", "370103"),
        ("凉山州人民政府办公室", "四川省", "凉山彝族自治州", None, "513400"),
        ("单县人民政府办公室", "山东省", "菏泽市", "单县", "371722"),
        ("仙桃市人民政府", "湖北省", None, "仙桃市", "429004"),
        ("关于印发2018年沂水县政务公开工作要点的通知", "山东省", "临沂市", "沂水县", "371323"),
        # a county that no longer exists keeps its code for older notices
        ("济阳县人民政府办公室", "山东省", "济南市", "济阳县", "370125"),
    ],
)
def test_resolves(
    text: str, province: str, prefecture: str | None, county: str | None, adcode: str
) -> None:
    assert resolve_region(text) == {
        "province": province,
        "prefecture": prefecture,
        "county": county,
        "adcode": adcode,
    }


@pytest.mark.parametrize(
    "text",
    [
        "鼓楼区人民政府办公室",  # several 鼓楼区
        "江苏省鼓楼区",  # two of them in 江苏省 (南京, 徐州)
        "市中区人民政府",
        "县政府办公室",
        "关于召开县政府常务会议的通知",  # 开县 inside a word
        "",
    ],
)
def test_ambiguous_or_absent_gives_none(text: str) -> None:
    assert resolve_region(text) is None


def test_index_on_own_rows() -> None:
    index = RegionIndex(
        [
            Region("990000", "甲省", None, None, "province"),
            Region("990100", "甲省", "乙市", None, "prefecture"),
            Region("990101", "甲省", "乙市", "丙区", "county"),
            Region("990200", "甲省", "丁市", None, "prefecture"),
            Region("990201", "甲省", "丁市", "丙区", "county"),
        ]
    )
    assert index.resolve("丙区人民政府") is None
    found = index.resolve("丁市丙区人民政府")
    assert found is not None and found.adcode == "990201"


@pytest.fixture(scope="module")
def seed_rows() -> list[dict[str, str]]:
    with DIM_REGION_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_seed_shape(seed_rows: list[dict[str, str]]) -> None:
    assert list(seed_rows[0]) == ["adcode", "province", "prefecture", "county", "level"]
    levels = Counter(row["level"] for row in seed_rows)
    assert set(levels) == {"province", "prefecture", "county"}
    assert levels["province"] == 34
    assert 330 <= levels["prefecture"] <= 360
    assert 2800 <= levels["county"] <= 3100
    codes = [row["adcode"] for row in seed_rows]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 6 and code.isdigit() for code in codes)


def test_seed_levels_are_consistent(seed_rows: list[dict[str, str]]) -> None:
    by_code = {row["adcode"]: row for row in seed_rows}
    for row in seed_rows:
        code = row["adcode"]
        assert by_code[code[:2] + "0000"]["province"] == row["province"]
        if row["level"] == "province":
            assert code.endswith("0000") and not row["prefecture"] and not row["county"]
        elif row["level"] == "prefecture":
            assert code.endswith("00") and row["prefecture"] and not row["county"]
        else:
            assert row["county"]
            # a county's prefecture is the prefecture row of its code, when it has one
            parent = by_code.get(code[:4] + "00")
            if parent is not None and code[2:4] != "90":
                assert row["prefecture"] == parent["prefecture"]
