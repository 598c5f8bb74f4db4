"""Hostile and broken HTML pages, generated (no binary fixtures): each is what a portal
really served, reduced to the property that broke a run."""

from __future__ import annotations

HEADER = (
    "<tr><td>序号</td><td>工作任务</td><td>具体要求</td><td>责任单位</td><td>完成时限</td></tr>"
)
UNITS = ("县财政局", "县发展改革局", "县教育局", "县民政局", "县卫生健康局")
CADENCES = ("每季度", "按月", "及时", "每年", "长期")


def _page(body: str, *, charset: str = "utf-8", title: str | None = None) -> str:
    heading = f"<h1>{title}</h1>" if title else ""
    return (
        f'<html><head><meta charset="{charset}"></head><body>{heading}'
        f"<table>{HEADER}{body}</table></body></html>"
    )


def _row(i: int, requirement: str) -> str:
    return (
        f"<tr><td>{i}</td><td>任务{i}</td><td>{requirement}</td>"
        f"<td>{UNITS[i % len(UNITS)]}</td><td>{CADENCES[i % len(CADENCES)]}</td></tr>"
    )


def span_bomb(target_bytes: int = 759 * 1024) -> bytes:
    """A task table whose every cell claims rowspan and colspan 99999 (issue 18.2): about
    759 KB, a few thousand rows."""
    cell = '<td rowspan="99999" colspan="99999">公开</td>'
    row = f"<tr>{cell * 5}</tr>"
    count = max(1, (target_bytes - 400) // len(row.encode()))
    title = "某县人民政府办公室关于印发2021年某县政务公开工作任务分解表的通知"
    return _page(row * count, title=title).encode("utf-8")


def long_table(rows: int, *, title: str) -> bytes:
    """A plain, well-formed task table of `rows` rows."""
    body = "".join(_row(i, f"按规定公开第{i}项财政预算执行情况") for i in range(1, rows + 1))
    return _page(body, title=title).encode("utf-8")


def untitled(requirements: list[str]) -> bytes:
    """A task table with no title, issuer or year anywhere on the page."""
    body = "".join(_row(i, text) for i, text in enumerate(requirements, start=1))
    return _page(body).encode("utf-8")


def broken_gbk_table(rows: int = 29) -> tuple[bytes, list[int]]:
    """A GBK page whose task table has rows that do not fit its spans (issue 18.5): a
    rowspan that claims three rows while the rows below still carry their own unit cell,
    and a row whose cells lost their closing tags and gained a stray cell. Returns the page
    and the 1-based table rows (header = row 1) that cannot be aligned."""
    lines = []
    bad: list[int] = []
    for i in range(1, rows + 1):
        table_row = i + 1  # the header is row 1
        requirement = f"按规定公开第{i}项政府信息"
        unit, cadence = UNITS[i % len(UNITS)], CADENCES[i % len(CADENCES)]
        if i == 5:  # a lying rowspan: rows 6 and 7 still bring their own unit cell
            lines.append(
                f"<tr><td>{i}</td><td>任务{i}</td><td>{requirement}</td>"
                f'<td rowspan="3">{unit}</td><td>{cadence}</td></tr>'
            )
        elif i in (6, 7):
            bad.append(table_row)
            lines.append(_row(i, requirement))
        elif i == 12:  # unclosed tags and a stray cell
            bad.append(table_row)
            lines.append(f"<tr><td>{i}<td>任务{i}<td>{requirement}<td>{unit}<td>{cadence}<td>备注")
        else:
            lines.append(_row(i, requirement))
    title = "某县人民政府办公室关于印发2019年某县政务公开工作任务分解表的通知"
    return _page("".join(lines), charset="gbk", title=title).encode("gbk"), bad


def lone_span_page(rows: int = 50) -> bytes:
    """A 4 KB page (issue 27.1): one cell claiming rowspan and colspan 99999 above `rows`
    ordinary rows. The notice is quarantined (`misaligned_rows`), its one row a unit "1"
    with no region: before the fix that row reached int_units_qualified and failed its
    not_null test, stopping every later publish."""
    body = "<tr><td rowspan='99999' colspan='99999'>1</td></tr>" + "".join(
        f"<tr><td>{i}</td><td>公开第{i}项</td></tr>" for i in range(1, rows + 1)
    )
    title = "某县人民政府办公室关于印发2022年某县政务公开工作任务分解表的通知"
    return _page(body, title=title).encode("utf-8")


def junk_unit_notice(year: int, rows: int = 10) -> bytes:
    """A valid notice of 梁山县 whose every unit name is junk (no alias can classify it)."""
    body = "".join(
        f"<tr><td>{i}</td><td>任务{i}</td><td>按规定公开第{i}项预算信息</td>"
        f"<td>乱码单位{year}{i}甲乙</td><td>每季度</td></tr>"
        for i in range(1, rows + 1)
    )
    title = f"梁山县人民政府办公室关于印发{year}年梁山县政务公开工作任务分解表的通知"
    return _page(body, title=title).encode("utf-8")
