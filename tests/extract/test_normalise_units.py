"""Unit splitting and roles on cells from the seeds (攀枝花 2017, 寿光 2019) and edge cases."""

from __future__ import annotations

import pytest

from extract.units import assign_roles, split_units

# (lead cell, responsible cell, has lead column, lead, responsible, cooperating)
CASES: list[tuple[str | None, str | None, bool, list[str], list[str], list[str]]] = [
    # 攀枝花: 牵头落实单位 column, marks decide inside it
    (
        "市财政局、发展改革委分别牵头，人力资源社会保障局、地税局等部门配合",
        None,
        True,
        ["市财政局", "发展改革委"],
        [],
        ["人力资源社会保障局", "地税局"],
    ),
    (
        "市发展改革委、公共资源交易中心牵头，会同市农牧局、林业局、水务局、环保局等部门落实",
        None,
        True,
        ["市发展改革委", "公共资源交易中心"],
        [],
        ["市农牧局", "林业局", "水务局", "环保局"],
    ),
    (
        "市农牧局牵头，人力资源社会保障局、国土资源局按照职责分工分别落实",
        None,
        True,
        ["市农牧局"],
        ["人力资源社会保障局", "国土资源局"],
        [],
    ),
    (
        "各县(区)人民政府， 市级各部门负责落实， 市政府新闻办配合",
        None,
        True,
        [],
        ["各县(区)人民政府", "市级各部门"],
        ["市政府新闻办"],
    ),
    (
        "市发展改革委、人力资源和社会保障局、财政局、金融办、人民银行攀枝花中心支行等部门按照职责分工分别牵头落实",
        None,
        True,
        ["市发展改革委", "人力资源和社会保障局", "财政局", "金融办", "人民银行攀枝花中心支行"],
        [],
        [],
    ),
    ("市审计局落实", None, True, [], ["市审计局"], []),
    (
        "市扶贫移民局、财政局、民政局、按照职责分工分别牵头落实",
        None,
        True,
        ["市扶贫移民局", "财政局", "民政局"],
        [],
        [],
    ),
    # a mark with the next unit run on, no separator between them
    (
        "市电子政务办、市政府新闻办和政务服务中心按照职责分工分别牵头落实各县（区）人民政府、市级各部门负责落实",
        None,
        True,
        ["市电子政务办", "市政府新闻办和政务服务中心"],
        ["各县（区）人民政府", "市级各部门"],
        [],
    ),
    # 寿光: only a 责任单位 column (two sub-cells joined by a line break); marks decide
    (
        None,
        "市发改局牵头落实;市工信局、市教体局、市投资促进中心按职责分工分别落实\n各镇(街区)分别落实",
        False,
        ["市发改局"],
        ["市工信局", "市教体局", "市投资促进中心", "各镇(街区)"],
        [],
    ),
    (
        None,
        "市财政局、市审计局、市行政审批服务局牵头落实;\n市直各有关部门按职责分工分别落实",
        False,
        ["市财政局", "市审计局", "市行政审批服务局"],
        ["市直各有关部门"],
        [],
    ),
    (
        None,
        "市体育事业发展服务中心、各镇(街区)分别落实",
        False,
        [],
        ["市体育事业发展服务中心", "各镇(街区)"],
        [],
    ),
    # unmarked units after a 牵头 group keep their column's role
    (None, "市发改局牵头，市财政局、市统计局", False, ["市发改局"], ["市财政局", "市统计局"], []),
    # 会同 ends with its clause
    (
        "县发改局会同县财政局、县统计局，县审计局牵头",
        None,
        True,
        ["县发改局", "县审计局"],
        [],
        ["县财政局", "县统计局"],
    ),
    ("县教育局牵头，县卫健局协助", None, True, ["县教育局"], [], ["县卫健局"]),
    # collective units stay whole, brackets protect their separators
    (
        None,
        "各县（区、市）人民政府，县政府有关部门（单位）",
        False,
        [],
        ["各县（区、市）人民政府", "县政府有关部门（单位）"],
        [],
    ),
    # duplicates within one list are dropped, across lists kept
    ("县财政局、县财政局牵头落实", "县财政局", True, ["县财政局"], ["县财政局"], []),
    # a wrapped line inside a name is joined; a line per unit is split
    ("县发改局、县经\n信局牵头落实", None, True, ["县发改局", "县经信局"], [], []),
    ("县新华书店\n县电影公司", None, True, ["县新华书店", "县电影公司"], [], []),
    ("县人民政府办\n公室", None, True, ["县人民政府办公室"], [], []),
    # empty cells
    (None, None, True, [], [], []),
    ("  ", "、，", True, [], [], []),
]


@pytest.mark.parametrize(
    ("lead", "responsible", "has_lead", "want_lead", "want_resp", "want_coop"), CASES
)
def test_roles(
    lead: str | None,
    responsible: str | None,
    has_lead: bool,
    want_lead: list[str],
    want_resp: list[str],
    want_coop: list[str],
) -> None:
    roles = assign_roles(lead, responsible)
    assert (roles.lead, roles.responsible, roles.cooperating) == (want_lead, want_resp, want_coop)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "县发展改革局\n县工业和信息化局\n县能源事业发展中心县科技局",
            ["县发展改革局", "县工业和信息化局", "县能源事业发展中心", "县科技局"],
        ),
        # a branch or a word is not a second name
        ("市生态环境局梁山分局", ["市生态环境局梁山分局"]),
        ("市公安局县分局", ["市公安局县分局"]),
        ("宁阳经济开发区市场监管局", ["宁阳经济开发区市场监管局"]),
        (
            "公共资源交易中心及有关市属国有企业主管部门或履行出资人职责的部门按照职责分工分别牵头落实",
            ["公共资源交易中心及有关市属国有企业主管部门或履行出资人职责的部门"],
        ),
        ("县科技局等", ["县科技局"]),
        ("由市国资委牵头", ["市国资委"]),
    ],
)
def test_split_units(text: str, names: list[str]) -> None:
    assert split_units(text) == names


def test_unit_roles_is_frozen() -> None:
    roles = assign_roles("县财政局牵头落实", None)
    with pytest.raises(AttributeError):
        roles.lead = []  # type: ignore[misc]
