"""deadline_date and frequencies on deadline cells of the 攀枝花 and 寿光 seeds and edge cases."""

from __future__ import annotations

import pytest

from extract.chinese_numbers import arabise, chinese_to_int
from extract.deadline import deadline_date
from extract.frequency import ALL_LABELS, frequencies

# (deadline cell, requirement, notice year, deadline_date, frequencies)
CASES: list[tuple[str | None, str, int | None, str | None, list[str]]] = [
    ("2017 年 11 月底前完成", "做好公开工作", 2017, "2017-11-30", ["one_off"]),
    ("每月、每季度 后 20 日内完成", "公开经济运行情况", 2017, None, ["monthly", "quarterly"]),
    ("全年工作", "推进信息公开", 2017, None, ["continuous"]),
    ("全年工作", "及时公开执行情况", 2017, None, ["event_driven"]),
    ("2017年11月中旬前", "建立公开机制", 2017, "2017-11-20", ["one_off"]),
    ("3月上旬前", "公布名单", 2018, "2018-03-10", ["one_off"]),
    ("6月底前/全年", "公布清单", 2019, "2019-06-30", ["one_off"]),
    ("2月底前", "公布清单", 2020, "2020-02-29", ["one_off"]),
    ("国家指导意见印发后 60 日内完成", "出台指导意见", 2017, None, ["event_driven"]),
    ("及时转载发布", "做好农产品价格信息公开工作", 2017, None, ["event_driven"]),
    ("按月度、季度公布", "公开价格信息", 2017, None, ["monthly", "quarterly"]),
    ("按季度、月度公布", "定期公布抽检信息", 2017, None, ["monthly", "quarterly"]),
    ("每季度第一周内", "按季度公布用地数据", 2017, None, ["quarterly"]),
    (None, "原则上每半年至少举办1次新闻发布会", 2017, None, ["semiannual"]),
    (
        None,
        "每日发布空气质量，每周汇总，每年发布年度报告",
        2017,
        None,
        ["daily", "weekly", "annual"],
    ),
    (None, "夏秋粮收购旺季每5日发布收购进度", 2017, None, ["every_5_days"]),
    # recurring dates are not deadlines
    (None, "于每年3月31日前公布政府信息公开年度报告", 2017, None, ["annual"]),
    (None, "各县（区）于每年3月底前确定并公开名录", 2017, None, ["annual"]),
    # the first absolute date mentioned; the cell before the requirement
    (None, "2018年底前对全市政务公开工作人员完成一遍轮训", 2017, "2018-12-31", ["one_off"]),
    (None, "年内完成编制，2017年8月25日前报送", 2017, "2017-12-31", ["one_off"]),
    ("2017年7月底前", "年内完成", 2017, "2017-07-31", ["one_off"]),
    (None, "二〇一七年十二月十五日前报市政府办公室", 2017, "2017-12-15", ["one_off"]),
    ("１２月上旬前", "汇总", 2018, "2018-12-10", ["one_off"]),
    # 年内/年底前 without a notice year: no date, still one-off
    (None, "年底前完成目录编制", None, None, ["one_off"]),
    # a duration is not 年内; a bare reference date in prose is not a deadline
    (None, "三年内完成改造", 2017, None, ["unspecified"]),
    (None, "落实2017年6月30日印发的文件", 2017, None, ["unspecified"]),
    (None, "做好本地历史规划的归集整理", 2021, None, ["unspecified"]),
    (None, "实现企业开办2小时办结", 2021, None, ["unspecified"]),
    (None, "最迟5小时内发布权威信息", 2017, None, ["event_driven"]),
    # periodic comes before one_off among the fallbacks, the date stays
    (None, "要在年内完成，建立定期审查机制", 2017, "2017-12-31", ["periodic"]),
    (None, "落实低保长期公示制度", 2017, None, ["continuous"]),
    (None, "在年度预算中统筹考虑", 2021, None, ["unspecified"]),
    ("全年", "推进公开", 2019, None, ["continuous"]),
    ("持续推进", "推进公开", 2019, None, ["continuous"]),
]


@pytest.mark.parametrize(("cell", "requirement", "year", "want_date", "want_labels"), CASES)
def test_deadline_and_labels(
    cell: str | None,
    requirement: str,
    year: int | None,
    want_date: str | None,
    want_labels: list[str],
) -> None:
    found = deadline_date(cell, requirement, year)
    assert found == want_date
    labels = frequencies(requirement, cell, found)
    assert labels == want_labels
    assert set(labels) <= set(ALL_LABELS)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("二〇一七", 2017), ("十", 10), ("十一", 11), ("三十", 30), ("三十一", 31), ("一百零五", 105)],
)
def test_chinese_numbers(numeral: str, value: int) -> None:
    assert chinese_to_int(numeral) == value


def test_arabise_converts_only_counts_and_dates() -> None:
    assert arabise("二〇一七年六月三十日") == "2017年6月30日"
    assert arabise("统一发布“十三五”期末一律公开") == "统一发布“十三五”期末一律公开"
    assert arabise("２０１７年") == "2017年"


def test_not_a_numeral() -> None:
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        chinese_to_int("年")
