"""Two counties' notices and the publication histories of their units' columns, with the
status of every obligation-period written by hand (a reader's verdict, not the code's).

LIANGSHAN is the history the matching rules were tuned on. NINGYANG was written once,
with its expectations, before the code ever ran on it, and is only reported on.

Each task row is owed by its lead and responsible units; an expectation is keyed by
(row, unit as the notice prints it) and lists the status of each period in order
(the notice's periods: those of its year ending after its publication date). A
not-assessable obligation is one ("not_assessable",).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tests.sources.publication_portal import Column, Item

D = dt.date
K, L, M, N = "kept", "late", "missed", "not_due"
NA = "not_assessable"


@dataclass(frozen=True)
class Task:
    requirement: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...] = ()
    frequency: str = "monthly"
    deadline: dt.date | None = None
    responsible_text: str | None = None  # as printed, when it says more (分别)


@dataclass
class History:
    slug: str
    adcode: str
    province: str
    prefecture: str
    county: str
    publish_date: dt.date
    as_of: dt.date
    tasks: list[Task]
    columns: list[Column]
    # sources.yml entries of each column: (column key, {unit/path/topic})
    column_config: dict[str, dict[str, str]]
    expected: dict[tuple[int, str], tuple[str, ...]]
    grace_days: int | None = None
    unit_aliases: dict[str, str] = field(default_factory=dict)

    def extraction(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The notice as the extractor would emit it (Contract 1)."""
        year = self.publish_date.year
        notice_id = f"{self.slug}-{year}"
        meta = {
            "notice_id": notice_id,
            "title": f"{self.county}人民政府办公室关于印发{year}年政务公开工作任务分解表的通知",
            "doc_number": f"{self.county[:2]}政办字〔{year}〕9号",
            "issuer": f"{self.county}人民政府办公室",
            "publish_date": self.publish_date.isoformat(),
            "year": year,
            "region": {
                "province": self.province,
                "prefecture": self.prefecture,
                "county": self.county,
                "adcode": self.adcode,
            },
            "table_title": f"{year}年{self.county}政务公开工作任务分解表",
            "columns": ["工作任务", "牵头单位", "责任单位", "完成时限"],
            "has_task_table": True,
            "body": "各乡镇人民政府，县政府各部门：现将任务分解表印发给你们，请认真贯彻落实。",
        }
        rows = []
        for i, task in enumerate(self.tasks, start=1):
            rows.append(
                {
                    "notice_id": notice_id,
                    "row": i,
                    "seq": str(i),
                    "section": ["一、重点领域信息公开"],
                    "requirement": task.requirement,
                    "lead_units_text": "、".join(task.lead) or None,
                    "responsible_units_text": task.responsible_text
                    or ("、".join(task.responsible) or None),
                    "deadline_text": f"{task.deadline.month}月底前" if task.deadline else None,
                    "lead_units": list(task.lead),
                    "responsible_units": list(task.responsible),
                    "cooperating_units": [],
                    "frequencies": [task.frequency],
                    "deadline_date": task.deadline.isoformat() if task.deadline else None,
                }
            )
        return meta, rows


# ---------------------------------------------------------------- 梁山县 (tuned on)

LIANGSHAN = History(
    slug="liangshan-columns",
    adcode="370832",
    province="山东省",
    prefecture="济宁市",
    county="梁山县",
    publish_date=D(2021, 3, 20),  # periods from March (monthly), Q1, H1, the year
    as_of=D(2021, 12, 1),
    tasks=[
        Task("按月公开全县财政收支情况", ("县财政局",)),
        Task(
            "每季度公开城乡低保对象名单及保障金发放情况",
            ("县民政局",),
            ("城关镇人民政府", "馆驿镇人民政府"),
            "quarterly",
            responsible_text="城关镇人民政府、馆驿镇人民政府分别负责",
        ),
        Task("及时公开行政处罚信息", ("县市场监管局",), frequency="event_driven"),
        Task("每年公开部门预算", ("县财政局",), frequency="annual"),
        Task("按月公开统计数据", ("县统计局",)),
        Task(
            "公开政府信息公开工作年度报告",
            ("县政府办公室",),
            frequency="one_off",
            deadline=D(2021, 5, 31),
        ),
        Task("每半年公开政府采购和招标信息", ("县公共资源交易中心",), frequency="semiannual"),
        Task("每季度公开食品安全抽检信息", ("县市场监管局",), frequency="quarterly"),
        Task(
            "按季度公开财政专项资金使用情况",
            ("县财政局",),
            ("县农业农村局",),
            "quarterly",
        ),
        Task("持续公开政策解读信息", ("县政府办公室",), frequency="continuous"),
    ],
    columns=[
        Column(
            "cz1",
            "dash",
            [
                Item("2021年2月全县财政收支情况", D(2021, 3, 10)),  # before the notice's periods
                Item("2021年3月全县财政收支情况", D(2021, 4, 12)),
                Item("2021年4月全县财政收支情况", D(2021, 5, 25)),  # late: due 15 May
                Item("2021年6月全县财政收支情况", D(2021, 7, 8)),
                Item("全县财政收支情况通报", D(2021, 8, 10)),  # July's, by its date
                Item("2021年8月全县财政收支情况", D(2021, 9, 9)),
                Item("2021年9月全县财政收支情况", D(2021, 10, 9)),
                Item("关于开展2021年财政专项资金绩效评价的通知", D(2021, 6, 1)),  # near miss
                Item("2021年县财政局部门预算公开", D(2021, 3, 2)),  # re-posted from cz2
                Item("2021年第二季度财政专项资金使用情况", D(2021, 7, 10)),
                Item("2021年8月统计数据", D(2021, 9, 10)),  # the statistics bureau's, wrong column
                Item("财政局开展廉政教育活动", D(2021, 4, 20)),
                Item("财政局召开党史学习教育动员会", D(2021, 5, 6)),
            ],
            per_page=5,
        ),
        Column(
            "cz2",
            "chinese",
            [
                Item("2021年县财政局部门预算公开", D(2021, 3, 2)),
                Item("2020年县财政局部门决算公开", D(2021, 8, 20)),  # near miss: 决算
            ],
        ),
        Column(
            "mz1",
            "heading",
            [
                Item("第四季度城乡低保对象公示", D(2020, 12, 30)),  # last year's
                Item("第一季度城乡低保对象公示", D(2021, 4, 8)),
                Item("2021年第二季度城乡低保名单", D(2021, 7, 30)),  # late: due 15 July
                Item("特困人员救助供养名单公示", D(2021, 9, 10)),  # near miss
                Item("第三季度城乡低保对象公示", D(2021, 9, 28)),
            ],
        ),
        Column(
            "cg1",
            "slash",
            [
                Item("城关镇2021年第一季度低保对象名单", D(2021, 4, 10)),
                Item("城关镇2021年第三季度低保名单", D(2021, 9, 30)),
            ],
        ),
        Column(
            "gy1",
            "undated",
            [
                Item("馆驿镇第一季度低保对象名单", D(2021, 4, 9)),
                Item("馆驿镇第二季度低保对象名单", D(2021, 7, 12)),
                Item("馆驿镇低保政策解读", D(2021, 8, 1), page_has_date=False),
            ],
        ),
        Column(
            "tj1",
            "dash",
            [
                Item("2021年3月统计数据", D(2021, 4, 15)),
                Item("2021年4月统计数据", D(2021, 5, 14)),
                Item("2021年5月统计数据", D(2021, 6, 10)),
                Item("2021年6月统计数据", D(2021, 7, 16)),  # one day late
                Item("2021年7月统计数据", D(2021, 8, 12)),
                Item("关于开展统计执法检查的通知", D(2021, 8, 20)),  # near miss
            ],
            breadcrumb="首页 > 政府信息公开 > 县统计局 > 统计数据",
        ),
        Column(
            "zfb1",
            "dotted",
            [Item("梁山县2020年政府信息公开工作年度报告", D(2021, 6, 20))],  # late: due 15 June
        ),
        Column(
            "ggzy1",
            "dash",
            [
                Item("中标结果公示", D(2021, 5, 1)),  # near miss: 中标 is not 招标
                Item("2021年上半年政府采购招标情况", D(2021, 7, 5)),
            ],
        ),
        Column("gs1", "dash", [Item("2021年第一季度食品安全抽检信息", D(2021, 4, 10))]),
        Column(
            "scjg1",
            "dash",
            [
                Item("2021年第二季度食品安全抽检信息", D(2021, 7, 9)),
                Item("行政处罚决定书（梁市监罚〔2021〕12号）", D(2021, 7, 20)),
            ],
        ),
    ],
    column_config={
        "cz1": {"path": "县财政局 > 财政数据"},
        "cz2": {"path": "政府信息公开 > 县财政局 > 财政预决算"},
        "mz1": {"unit": "县民政局", "topic": "社会救助"},
        "cg1": {"path": "城关镇人民政府 > 社会救助"},
        "gy1": {"path": "馆驿镇人民政府 > 社会救助"},
        "tj1": {},  # the unit is read from the page's 当前位置
        "zfb1": {"path": "县政府办公室 > 政府信息公开年报"},
        "ggzy1": {"path": "县公共资源交易中心 > 交易信息"},
        "gs1": {"path": "县工商局 > 抽检信息"},  # renamed: unit_aliases
        "scjg1": {"path": "县市场监督管理局 > 食品安全"},  # another spelling of the notice's
    },
    unit_aliases={"县工商局": "县市场监管局"},
    expected={
        # as of 1 December 2021; monthly, March to December, due the 15th of the next month
        (1, "县财政局"): (K, L, M, K, K, K, K, M, N, N),
        (2, "县民政局"): (K, L, K, N),
        (2, "城关镇人民政府"): (K, M, K, N),
        (2, "馆驿镇人民政府"): (K, K, M, N),
        (3, "县市场监管局"): (NA,),
        (4, "县财政局"): (K,),
        (5, "县统计局"): (K, K, K, L, K, M, M, M, N, N),
        (6, "县政府办公室"): (L,),
        (7, "县公共资源交易中心"): (K, N),
        (8, "县市场监管局"): (K, K, M, N),
        (9, "县财政局"): (M, K, M, N),
        (9, "县农业农村局"): (M, K, M, N),  # a joint task: the lead's publication counts
        (10, "县政府办公室"): (NA,),
    },
)


# ---------------------------------------------------------------- 宁阳县 (held out)

NINGYANG = History(
    slug="ningyang-columns",
    adcode="370921",
    province="山东省",
    prefecture="泰安市",
    county="宁阳县",
    publish_date=D(2021, 6, 30),  # owes nothing of May; monthly from June
    as_of=D(2021, 12, 1),
    grace_days=20,
    tasks=[
        Task("每月公开财政收入完成情况", ("县财政局",)),
        Task("每季度公开最低生活保障资金发放情况", ("县民政局",), frequency="quarterly"),
        Task("适时公开重大项目招标投标信息", ("县发展改革局",), frequency="event_driven"),
        Task("按年度公开政府债务情况", ("县财政局",), frequency="annual"),
        Task(
            "每半年公开就业补贴发放情况",
            ("县人力资源和社会保障局",),
            frequency="semiannual",
        ),
        Task("每月公开空气质量状况", ("市生态环境局宁阳分局",)),
        Task(
            "2021年9月底前公开三公经费决算",
            ("县财政局",),
            frequency="one_off",
            deadline=D(2021, 9, 30),
        ),
        Task("定期公开食品安全抽检结果", ("县市场监管局",), frequency="periodic"),
    ],
    columns=[
        Column(
            "nczj",
            "chinese",
            [
                Item("宁阳县2021年5月份财政收入完成情况", D(2021, 6, 12)),
                Item("宁阳县2021年6月份财政收入完成情况", D(2021, 7, 15)),
                Item("宁阳县2021年7月份财政收入完成情况", D(2021, 8, 27)),  # late: due 20 Aug
                Item("宁阳县2021年9月份财政收入完成情况", D(2021, 10, 11)),
                Item("宁阳县2021年10月份财政收入完成情况", D(2021, 11, 9)),
                Item("2020年度政府债务限额及余额情况", D(2021, 7, 30)),
                Item("宁阳县2021年三公经费决算公开", D(2021, 9, 25)),
                Item("关于做好2022年预算编制工作的通知", D(2021, 11, 20)),
                Item("宁阳县财政局2021年政府信息公开指南", D(2021, 7, 2)),
            ],
            per_page=4,
        ),
        Column(
            "nmz",
            "undated",
            [
                Item("2021年第三季度最低生活保障资金发放情况", D(2021, 10, 14)),
                Item("2021年第二季度最低生活保障资金发放情况", D(2021, 7, 8)),
                Item("临时救助对象公示", D(2021, 8, 18)),
            ],
        ),
        Column(
            "nrs",
            "heading",
            [
                Item("2021年上半年就业补贴发放情况公示", D(2021, 7, 28)),  # H1: not owed
                Item("2021年第一批就业见习单位名单", D(2021, 4, 2)),
            ],
            breadcrumb="首页 > 部门信息公开 > 县人力资源和社会保障局 > 就业创业",
        ),
        Column(
            "nhb",
            "slash",
            [
                Item("6月份全县空气质量状况", D(2021, 7, 5)),
                Item("7月份全县空气质量状况", D(2021, 8, 6)),
                Item("8月份全县空气质量状况", D(2021, 9, 3)),
                Item("宁阳县2021年9月水质监测情况", D(2021, 10, 8)),  # near miss: 水质
            ],
        ),
        Column(
            "nfg",
            "dash",
            [Item("宁阳县重大项目招标投标信息公开", D(2021, 8, 1))],
        ),
    ],
    column_config={
        "nczj": {"path": "县财政局 > 财政资金"},
        "nmz": {"unit": "县民政局", "topic": "社会救助"},
        "nrs": {},
        "nhb": {"path": "市生态环境局宁阳分局 > 环境质量"},
        "nfg": {"path": "县发改局 > 重大项目"},
    },
    expected={
        # monthly from July (June ends on the notice's day, not after it); due the 20th
        (1, "县财政局"): (L, M, K, K, N, N),
        (2, "县民政局"): (K, N),  # from Q3
        (3, "县发展改革局"): (NA,),
        (4, "县财政局"): (K,),
        (5, "县人力资源和社会保障局"): (N,),  # H1 ended on the notice's day: only H2
        (6, "市生态环境局宁阳分局"): (K, K, M, M, N, N),
        (7, "县财政局"): (K,),
        (8, "县市场监管局"): (NA,),
    },
)

HISTORIES = (LIANGSHAN, NINGYANG)
