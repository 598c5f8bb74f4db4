"""The header rows of a table, the label of each column and what each column holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.table.grid import PageGrid
from extract.text import compact

HEADER_WORDS = (
    "序号",
    "任务",
    "要求",
    "牵头",
    "责任",
    "单位",
    "部门",
    "时限",
    "时间",
    "措施",
    "内容",
    "事项",
    "分工",
    "科室",
    "类别",
    "项目",
    "备注",
    "期限",
    "主体",
)
MAX_LABEL = 14

SEQ, CATEGORY, REQUIREMENT, LEAD, RESPONSIBLE, DEADLINE, OTHER = (
    "seq",
    "category",
    "requirement",
    "lead",
    "responsible",
    "deadline",
    "other",
)


@dataclass
class ColumnRoles:
    roles: list[str]
    requirement: int
    categories: list[int] = field(default_factory=list)
    lead: list[int] = field(default_factory=list)
    responsible: list[int] = field(default_factory=list)
    deadline: list[int] = field(default_factory=list)
    seq: int | None = None

    @property
    def has_lead_column(self) -> bool:
        return bool(self.lead)


def is_header_band(texts: list[str]) -> bool:
    """Short labels, at least one of them a typical column name."""
    labels = [compact(t) for t in texts if compact(t)]
    if not labels or any(len(label) > MAX_LABEL for label in labels):
        return False
    return any(word in label for label in labels for word in HEADER_WORDS)


def header_band_count(grid: PageGrid, start: int = 0) -> int:
    """Number of header bands from ``start``: the first header band, the bands its cells
    span, and sub-header bands right below."""
    if start >= len(grid.bands) or not is_header_band([c.text for c in grid.band_cells(start)]):
        return 0
    end = max(cell.rows[1] for cell in grid.band_cells(start)) + 1
    while end < len(grid.bands) and _sub_header(grid, end):
        end = max(cell.rows[1] for cell in grid.band_cells(end)) + 1
    return end - start


def _sub_header(grid: PageGrid, band: int) -> bool:
    """Labels that split a header cell spanning several columns (责任单位 over 牵头 | 配合).
    Text under a header cell of one column is the body (a row cut by the page, whose unit
    text can look like a label: 按职责分工牵头落实)."""
    if not is_header_band([c.text for c in grid.band_cells(band)]):
        return False
    above = grid.slots[band - 1]
    labels_under: dict[int, int] = {}
    for cell in grid.band_cells(band):
        if not compact(cell.text):
            continue
        parents = {id(above[col]) for col in range(cell.cols[0], cell.cols[1] + 1)}
        spans = [above[col].cols for col in range(cell.cols[0], cell.cols[1] + 1)]
        if len(parents) != 1 or spans[0][0] == spans[0][1] or cell.cols == spans[0]:
            return False
        parent = parents.pop()
        labels_under[parent] = labels_under.get(parent, 0) + 1
    # A sub-header names the parts of what it splits; a lone text under a spanning header
    # cell is the rest of a cut row (措施执行情况公开工作 under 工作任务).
    return all(count >= 2 for count in labels_under.values())


def find_header(grid: PageGrid, *, look_ahead: int = 3) -> tuple[int, int]:
    """(first header band, number of header bands); (0, 0) when the page has no header."""
    for start in range(min(look_ahead, len(grid.bands))):
        count = header_band_count(grid, start)
        if count:
            return start, count
    return 0, 0


def repeated_header_count(grid: PageGrid, labels: list[str]) -> int:
    """Bands of a later page's first rows that repeat the table's header (``labels``); 0
    when the page does not start with it. The fewest bands that give the labels: the text
    of a row cut by the page may sit right under the header and read as a sub-header (开 |
    策措施执行情况公开工作 under 工作任务)."""
    start, count = find_header(grid, look_ahead=1)
    for bands in range(1, count + 1):
        if column_labels(grid, start, bands) == labels:
            return start + bands
    return 0


def column_labels(grid: PageGrid, start: int, count: int) -> list[str]:
    ncols = len(grid.slots[0])
    labels: list[str] = []
    for col in range(ncols):
        seen: list[str] = []
        for band in range(start, start + count):
            text = compact(grid.slots[band][col].text)
            if text and text not in seen:
                seen.append(text)
        labels.append("".join(seen))
    return labels


def printed_columns(grid: PageGrid, start: int) -> list[str]:
    """The header cells of the top header band, as printed (spaces removed)."""
    return [compact(cell.text) for cell in grid.band_cells(start) if compact(cell.text)]


def has_unit_column(labels: list[str]) -> bool:
    """A table whose header (the printed ``columns`` of a notice) names a lead or a
    responsible unit column: each of its task rows must then name at least one unit."""
    return any(label_role(compact(label)) in (LEAD, RESPONSIBLE) for label in labels)


def label_role(label: str) -> str:
    if not label:
        return ""
    if "序号" in label or label in ("序", "编号"):
        return SEQ
    if (
        any(k in label for k in ("时限", "完成时间", "时间要求", "时间节点", "期限", "完成时间"))
        or label == "时间"
    ):
        return DEADLINE
    if "牵头" in label or "主责" in label:
        return LEAD
    if any(
        k in label
        for k in (
            "责任",
            "落实",
            "承办",
            "配合",
            "协办",
            "实施",
            "主办",
            "单位",
            "部门",
            "科室",
            "主体",
        )
    ):
        return RESPONSIBLE
    if "任务" in label and "要求" in label:
        return "task_and_requirement"
    if any(k in label for k in ("要求", "内容", "措施", "举措", "目标")):
        return REQUIREMENT
    if any(k in label for k in ("任务", "事项", "类别", "项目", "领域", "分类", "重点", "工作")):
        return CATEGORY
    return OTHER


def column_roles(labels: list[str]) -> ColumnRoles | None:
    """What each column holds; None when no column can hold the requirement text."""
    roles = [label_role(label) for label in labels]
    combined = [i for i, role in enumerate(roles) if role == "task_and_requirement"]
    for i in combined:
        roles[i] = CATEGORY
    if combined and REQUIREMENT not in roles:
        roles[combined[-1]] = REQUIREMENT
    # A column without a label continues the labelled column on its left (a unit column
    # split in two sub-cells) or, left of the text columns, is one more category level.
    for i, role in enumerate(roles):
        if role:
            continue
        left = next((roles[j] for j in range(i - 1, -1, -1) if roles[j]), "")
        roles[i] = left if left in (LEAD, RESPONSIBLE, DEADLINE) else CATEGORY
    requirements = [i for i, role in enumerate(roles) if role == REQUIREMENT]
    if len(requirements) > 1:
        for i in requirements[:-1]:
            roles[i] = CATEGORY
    if not requirements:
        categories = [i for i, role in enumerate(roles) if role == CATEGORY]
        if not categories:
            return None
        roles[categories[-1]] = REQUIREMENT
    requirement = roles.index(REQUIREMENT)
    seq_cols = [i for i, role in enumerate(roles) if role == SEQ]
    return ColumnRoles(
        roles=roles,
        requirement=requirement,
        categories=[i for i, role in enumerate(roles) if role == CATEGORY],
        lead=[i for i, role in enumerate(roles) if role == LEAD],
        responsible=[i for i, role in enumerate(roles) if role == RESPONSIBLE],
        deadline=[i for i, role in enumerate(roles) if role == DEADLINE],
        seq=seq_cols[0] if seq_cols else None,
    )
