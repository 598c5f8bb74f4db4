"""Layout fuzzer: one notice PDF per seed, in a table layout drawn at random, with its truth.

    uv run python -m bench.layout_fuzz SEED [SEED ...] --out DIR [--check]
    uv run python -m bench.layout_fuzz 400 599 --range --summary --out DIR   # exact by rules

Each notice gets a real county from the `administrative_divisions` seed, front matter (issuer, doc
number, title, body, signature date) and a task table whose rows are real rows of the
expected extraction files (`tests/fixtures/*/expected/*.jsonl`), re-addressed to the
county. The layout varies the way government notices do (see `Layout`): merged or
repeated category, unit and deadline cells; header once or on every page; column orders
and header synonyms; one or two narrow category columns; full-width group headings;
fully ruled, horizontal rules only, or no rules at all; portrait or landscape; font size
9–12; rows allowed to break across pages; a 序号 column, or row numbers in an unlabelled
column right of 工作任务; category columns narrow enough that labels wrap on full lines
(merged cells cut at page breaks split their text mid-word); a rule missing under a
category cell at a page end. `--summary` prints files exact and the row-exact share per
layout family (rules × merged or repeated cells) and per column order. The truth is written next to the
PDF (`<stem>.truth.json`): the meta title/issuer/year/adcode and, per task row, the
structural fields (seq, section, requirement, the three *_text fields) after fill-down.

The font is reportlab's built-in Adobe CID font STSong-Light: no font file is needed and
pdfplumber extracts the text exactly, so the fuzzer runs anywhere.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from bench.accuracy import norm

REPO = Path(__file__).resolve().parents[1]
EXPECTED_DIRS = [REPO / "tests/fixtures/corpus/expected", REPO / "tests/fixtures/layouts/expected"]
REGIONS_CSV = REPO / "dbt_project/seeds/administrative_divisions.csv"
FONT = "STSong-Light"
SOURCE_PLACES = ["宁阳县", "梁山县", "攀枝花市", "寿光市", "宁阳", "梁山", "攀枝花", "寿光"]
NUMERALS = "一二三四五六七八九十"
_LEVEL_ONE = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*")

# Column orders seen in notices; "cat" expands to one or two narrow category columns.
ORDERS: dict[str, tuple[str, ...]] = {
    "task-req-lead-resp-deadline": ("cat", "req", "lead", "resp", "deadline"),
    "seq-task-req-lead-deadline": ("seq", "cat", "req", "lead", "deadline"),
    "task-lead-resp-req": ("cat", "lead", "resp", "req"),
    "seq-task-req-resp-deadline": ("seq", "cat", "req", "resp", "deadline"),
    "taskreq-lead-resp": ("cat", "req", "lead", "resp"),  # 工作任务及要求 over cat + req
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号",),
    "cat": ("工作任务", "重点任务", "任务类别"),
    "req": ("具体要求", "工作要求"),
    "lead": ("牵头单位", "牵头部门", "牵头落实单位"),
    "resp": ("责任单位", "责任科室"),
    "deadline": ("完成时限", "时限要求", "完成时间"),
}


@dataclass(frozen=True)
class Layout:
    order: str = "task-req-lead-resp-deadline"
    labels: tuple[tuple[str, str], ...] = ()  # (role, printed label)
    category_levels: int = 1
    merge_categories: bool = True  # else the category text is repeated on every row
    merge_units: bool = False  # unit and deadline cells merged when equal to the row above
    repeat_merged_text: bool = False  # a merged cell cut by a page break reprints its text
    header_every_page: bool = True
    headings: bool = False  # full-width group heading rows (一、…)
    rules: str = "full"  # full | horizontal | none
    landscape: bool = True
    font_size: float = 10.0
    split_rows: bool = False  # Word's "allow row to break across pages"
    page_numbers: bool = True
    # Drawn from a stream of their own (see `choose_layout`), so that the seeds above keep
    # their layouts and rows:
    number_label: bool = True  # False: the row numbers stand unlabelled right of 工作任务
    category_chars: float = 0.0  # width of a category column in characters (0: the default)
    open_page_end: bool = False  # no rule under a category cell that ends at a page end

    def label(self, role: str) -> str:
        return dict(self.labels).get(role, SYNONYMS[role][0])


def choose_layout(rng: random.Random, extra: random.Random | None = None) -> Layout:
    """A layout drawn from ``rng``; the later variations come from ``extra`` (left at their
    defaults without it)."""
    order = rng.choice(sorted(ORDERS))
    labels = tuple((role, rng.choice(SYNONYMS[role])) for role in SYNONYMS)
    if order == "taskreq-lead-resp":
        labels = tuple((r, "工作任务及要求" if r == "cat" else lab) for r, lab in labels)
    return Layout(
        order=order,
        labels=labels,
        category_levels=rng.choice((1, 2)),
        merge_categories=rng.random() < 0.6,
        merge_units=rng.random() < 0.4,
        repeat_merged_text=rng.random() < 0.3,
        header_every_page=rng.random() < 0.6,
        headings=rng.random() < 0.5,
        rules=rng.choice(("full", "full", "horizontal")),
        landscape=rng.random() < 0.6,
        font_size=float(rng.choice((9, 9.5, 10, 10.5, 11, 12))),
        split_rows=rng.random() < 0.5,
        page_numbers=rng.random() < 0.7,
        **(_later_variations(extra) if extra is not None else {}),
    )


def _later_variations(rng: random.Random) -> dict[str, Any]:
    """Conditions found on notices outside the project (issue 11): unlabelled number
    columns, category columns narrow enough that labels wrap on full lines (a cut label and
    a whole one look alike), and a rule missing under a category cell at a page end."""
    return {
        "number_label": rng.random() < 0.6,
        "category_chars": rng.choice((0.0, 0.0, 4.0, 5.0, 5.5)),
        "open_page_end": rng.random() < 0.3,
    }


# ---------------------------------------------------------------------------- content


@dataclass(frozen=True)
class SourceRow:
    section: tuple[str, ...]
    requirement: str
    lead: str
    responsible: str
    deadline: str


@dataclass
class TaskRow:
    """One task row as printed, and its truth."""

    heading: str | None
    categories: tuple[str, ...]
    requirement: str
    lead: str
    responsible: str
    deadline: str
    seq: str | None = None


def load_source_rows() -> list[list[SourceRow]]:
    """Real rows, one list per distinct notice (layout fixtures repeat corpus notices)."""
    notices: list[list[SourceRow]] = []
    seen: set[str] = set()
    for folder in EXPECTED_DIRS:
        for path in sorted(folder.glob("*.jsonl")):
            rows = [
                json.loads(line)
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
            if not rows or rows[0]["requirement"] in seen:
                continue
            seen.update(r["requirement"] for r in rows)
            notices.append(
                [
                    SourceRow(
                        tuple(r["section"]),
                        r["requirement"],
                        r["lead_units_text"] or "",
                        r["responsible_units_text"] or "",
                        r["deadline_text"] or "",
                    )
                    for r in rows
                ]
            )
    if not notices:
        raise SystemExit("no expected rows found under tests/fixtures/*/expected")
    return notices


def load_counties() -> list[dict[str, str]]:
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["level"] == "county"]


def readdress(text: str, county: str) -> str:
    for place in SOURCE_PLACES:
        text = text.replace(place, county if len(place) > 2 else county[:-1])
    return text


def _split_section(section: tuple[str, ...], layout: Layout) -> tuple[str | None, tuple[str, ...]]:
    """(heading, category path) of a source row for this layout, or (None, ()) if unusable."""
    levels = layout.category_levels
    if layout.headings:
        if len(section) < levels + 1:
            return None, ()
        return section[0], section[1:][-levels:]
    if len(section) < levels:
        return None, ()
    return None, section[-levels:]


def sample_rows(
    sources: list[list[SourceRow]], layout: Layout, n: int, rng: random.Random, county: str
) -> list[TaskRow]:
    """Contiguous runs of real rows, so category groups stay as long as real ones."""
    rows: list[TaskRow] = []
    usable = [[r for r in notice if _split_section(r.section, layout)[1]] for notice in sources]
    usable = [notice for notice in usable if notice]
    while len(rows) < n:
        notice = rng.choice(usable)
        start = rng.randrange(len(notice))
        for source in notice[start : start + rng.randint(3, 15)]:
            heading, categories = _split_section(source.section, layout)
            rows.append(
                TaskRow(
                    heading=readdress(heading, county) if heading else None,
                    categories=tuple(readdress(c, county) for c in categories),
                    requirement=readdress(source.requirement, county),
                    lead=readdress(source.lead, county),
                    responsible=readdress(source.responsible, county),
                    deadline=source.deadline,
                )
            )
    rows = rows[:n]
    _number_headings(rows)
    for number, row in enumerate(rows, start=1):
        row.seq = str(number)
    return rows


def _number_headings(rows: list[TaskRow]) -> None:
    """Headings printed 一、二、… in order (a heading text sampled twice gets a new number)."""
    count, previous = 0, None
    for row in rows:
        if row.heading is None:
            continue
        if row.heading != previous:
            count += 1
        previous = row.heading
        row.heading = f"{_numeral(count)}、{_LEVEL_ONE.sub('', row.heading)}"


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def truth_rows(rows: list[TaskRow], layout: Layout) -> list[dict[str, Any]]:
    roles = columns_of(layout)
    has = {c.role for c in roles}
    return [
        {
            "seq": row.seq if "seq" in has else None,
            "section": ([row.heading] if row.heading else []) + list(row.categories),
            "requirement": row.requirement,
            "lead_units_text": (row.lead or None) if "lead" in has else None,
            "responsible_units_text": (row.responsible or None) if "resp" in has else None,
            "deadline_text": (row.deadline or None) if "deadline" in has else None,
        }
        for row in rows
    ]


# ---------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Column:
    role: str  # seq | cat1 | cat2 | req | lead | resp | deadline
    width: float


def columns_of(layout: Layout, table_width: float = 0.0) -> list[Column]:
    """Columns left to right; widths (points) fill ``table_width`` when it is given."""
    s = layout.font_size
    chars = {"seq": 2.6, "cat1": 6.5, "cat2": 6.5, "lead": 7.5, "resp": 7.5, "deadline": 5.5}
    if layout.category_levels == 2:
        chars["cat1"] = chars["cat2"] = 3.6
    if layout.category_chars:
        chars["cat1"] = chars["cat2"] = layout.category_chars
    roles: list[str] = []
    for role in ORDERS[layout.order]:
        if role == "cat":
            roles.extend(["cat1", "cat2"][: layout.category_levels])
        elif role != "seq" or layout.number_label:
            roles.append(role)
    if "seq" in ORDERS[layout.order] and not layout.number_label:
        # an unlabelled number column right of the category columns, under their header
        last_category = max(i for i, role in enumerate(roles) if role in ("cat1", "cat2"))
        roles.insert(last_category + 1, "seq")
    fixed = sum(chars[r] * s + 8 for r in roles if r != "req")
    req = table_width - fixed
    if table_width and req < 12 * s:
        shrink = (fixed - (table_width - 12 * s)) / fixed
        return [
            Column(r, 12 * s if r == "req" else (chars[r] * s + 8) * (1 - shrink)) for r in roles
        ]
    return [Column(r, req if r == "req" else chars[r] * s + 8) for r in roles]


def header_groups(layout: Layout, columns: list[Column]) -> list[tuple[int, int, str]]:
    """(first column, last column, label) of each header cell."""
    groups: list[tuple[int, int, str]] = []
    for index, column in enumerate(columns):
        role = "cat" if column.role in ("cat1", "cat2") else column.role
        if role == "seq" and not layout.number_label:
            role = "cat"
        if layout.order == "taskreq-lead-resp" and role == "req":
            role = "cat"
        if groups and role == "cat" and groups[-1][2] == layout.label("cat"):
            groups[-1] = (groups[-1][0], index, groups[-1][2])
        else:
            groups.append((index, index, layout.label(role)))
    return groups


def wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if line and pdfmetrics.stringWidth(line + char, FONT, size) > width:
                lines.append(line)
                line = char
            else:
                line += char
        lines.append(line)
    return [line for line in lines if line] or []


@dataclass
class Block:
    """A cell of the body: one column (or all, for a heading) over rows r0..r1."""

    col0: int
    col1: int
    r0: int
    r1: int
    lines: list[str]
    centred: bool = False


@dataclass
class Segment:
    """The part of body row ``row`` drawn on ``page`` from y (top-down) over height h."""

    row: int
    page: int
    y: float
    h: float
    lines: dict[int, tuple[int, int]] = field(default_factory=dict)  # col -> line range
    last_part: bool = True


class TableDrawer:
    """Paginates and draws the table; body rows are task rows and heading rows."""

    def __init__(self, layout: Layout, rows: list[TaskRow], width: float) -> None:
        self.layout = layout
        self.size = layout.font_size
        self.leading = round(layout.font_size * 1.35, 2)
        self.pad = 3.0
        self.columns = columns_of(layout, width)
        self.xs = [0.0]
        for column in self.columns:
            self.xs.append(self.xs[-1] + column.width)
        self.blocks, self.kinds = self._blocks(rows)
        self.heights = [self._natural_height(r) for r in range(len(self.kinds))]
        self.segments: list[Segment] = []

    # -- content to blocks
    def _cell_text(self, row: TaskRow, role: str) -> str:
        return {
            "seq": row.seq or "",
            "cat1": row.categories[0],
            "cat2": row.categories[-1],
            "req": row.requirement,
            "lead": row.lead,
            "resp": row.responsible,
            "deadline": row.deadline,
        }[role]

    def _blocks(self, rows: list[TaskRow]) -> tuple[list[Block], list[str]]:
        blocks: list[Block] = []
        kinds: list[str] = []
        open_blocks: dict[int, tuple[Block, tuple[str, ...]]] = {}
        previous_heading: str | None = None
        for row in rows:
            if row.heading and row.heading != previous_heading:
                r = len(kinds)
                kinds.append("heading")
                width = self.xs[-1] - 2 * self.pad
                blocks.append(
                    Block(0, len(self.columns) - 1, r, r, wrap(row.heading, width, self.size))
                )
                open_blocks.clear()
            previous_heading = row.heading
            r = len(kinds)
            kinds.append("task")
            for col, column in enumerate(self.columns):
                text = self._cell_text(row, column.role)
                key = self._merge_key(row, column.role, text)
                current = open_blocks.get(col)
                if key is not None and current is not None and current[1] == key:
                    current[0].r1 = r
                    continue
                width = column.width - 2 * self.pad
                block = Block(col, col, r, r, wrap(text, width, self.size), column.role == "seq")
                blocks.append(block)
                if key is None:
                    open_blocks.pop(col, None)
                else:
                    open_blocks[col] = (block, key)
        return blocks, kinds

    def _merge_key(self, row: TaskRow, role: str, text: str) -> tuple[str, ...] | None:
        path = (row.heading or "",) + row.categories
        if role == "cat1" and self.layout.merge_categories:
            return path[:2]
        if role == "cat2" and self.layout.merge_categories:
            return path
        if role in ("lead", "resp", "deadline") and self.layout.merge_units and text:
            return (*path, text)
        return None

    def _natural_height(self, r: int) -> float:
        lines = max((len(b.lines) for b in self.blocks if b.r0 == r and b.r1 == r), default=1)
        return max(lines, 1) * self.leading + 2 * self.pad

    # -- pagination
    def header_height(self) -> float:
        lines = 1
        for c0, c1, label in header_groups(self.layout, self.columns):
            width = self.xs[c1 + 1] - self.xs[c0] - 2 * self.pad
            lines = max(lines, len(wrap(label, width, self.size)))
        return lines * self.leading + 2 * self.pad

    def paginate(self, first_top: float, top: float, bottom: float) -> list[Segment]:
        """Segments of every body row; grows rows until each merged cell's text fits."""
        for _ in range(200):
            segments = self._paginate_once(first_top, top, bottom)
            grown = False
            for block in self.blocks:
                if block.r0 == block.r1:
                    continue
                capacity = sum(self._capacity(p) for p in self._pieces(block, segments))
                if capacity < len(block.lines):
                    self.heights[block.r1] += (len(block.lines) - capacity) * self.leading
                    grown = True
            if not grown:
                self.segments = segments
                return segments
        raise RuntimeError("merged cells do not fit")

    def _paginate_once(self, first_top: float, top: float, bottom: float) -> list[Segment]:
        segments: list[Segment] = []
        page = 0
        header = self.header_height()
        y = first_top + header
        for r, kind in enumerate(self.kinds):
            h = self.heights[r]
            single = [b for b in self.blocks if b.r0 == b.r1 == r]
            done = {b.col0: 0 for b in single}
            while True:
                available = bottom - y
                if h <= available + 0.01:
                    lines = {b.col0: (done[b.col0], len(b.lines)) for b in single}
                    segments.append(Segment(r, page, y, h, lines))
                    y += h
                    break
                fits = math.floor((available - 2 * self.pad) / self.leading + 1e-6)
                at_top = (
                    y
                    <= (top if page else first_top)
                    + (header if self._header_on(page) else 0)
                    + 0.01
                )
                if self.layout.split_rows and kind == "task" and fits >= 1 and not at_top:
                    lines = {
                        b.col0: (done[b.col0], min(len(b.lines), done[b.col0] + fits))
                        for b in single
                    }
                    segments.append(Segment(r, page, y, available, lines, last_part=False))
                    done = {col: end for col, (_, end) in lines.items()}
                    rest = max((len(b.lines) - done[b.col0] for b in single), default=0)
                    h = max(
                        rest * self.leading + 2 * self.pad,
                        h - available,
                        self.leading + 2 * self.pad,
                    )
                elif at_top:
                    raise RuntimeError(f"row {r} is taller than a page")
                page += 1
                y = top + (header if self._header_on(page) else 0)
        return segments

    def _header_on(self, page: int) -> bool:
        return page == 0 or self.layout.header_every_page

    def _pieces(self, block: Block, segments: list[Segment]) -> list[list[Segment]]:
        pieces: list[list[Segment]] = []
        for segment in segments:
            if block.r0 <= segment.row <= block.r1:
                if pieces and pieces[-1][-1].page == segment.page:
                    pieces[-1].append(segment)
                else:
                    pieces.append([segment])
        return pieces

    def _capacity(self, piece: list[Segment]) -> int:
        height = sum(s.h for s in piece)
        return math.floor((height - 2 * self.pad) / self.leading + 1e-6)


class NoticeCanvas:
    """Front matter, then the table, on pages of one orientation."""

    margin = 42.0

    def __init__(self, path: Path, layout: Layout) -> None:
        size = landscape(A4) if layout.landscape else portrait(A4)
        self.canvas = Canvas(str(path), pagesize=size, invariant=1)
        self.width, self.height = size
        self.layout = layout
        self.page = 1

    def text(self, x: float, y: float, text: str, size: float, align: str = "left") -> None:
        """Draw at top-down ``y`` (the text's top)."""
        self.canvas.setFont(FONT, size)
        baseline = self.height - y - 0.88 * size
        draw = {
            "left": self.canvas.drawString,
            "centre": self.canvas.drawCentredString,
            "right": self.canvas.drawRightString,
        }[align]
        draw(x, baseline, text)

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.canvas.line(x0, self.height - y0, x1, self.height - y1)

    def new_page(self) -> None:
        if self.layout.page_numbers:
            self.text(self.width / 2, self.height - 30, f"— {self.page} —", 10, "centre")
        self.canvas.showPage()
        self.page += 1

    def front_matter(self, meta: dict[str, Any], number: int) -> None:
        county, year, issuer = meta["county"], meta["year"], meta["issuer"]
        y = 70.0
        self.text(self.width / 2, y, f"{issuer}文件", 22, "centre")
        y += 44
        self.text(self.width / 2, y, meta["doc_number"], 12, "centre")
        y += 40
        for line in wrap(meta["title"], self.width - 200, 15):
            self.text(self.width / 2, y, line, 15, "centre")
            y += 22
        body = [
            "各乡镇人民政府（街道办事处），县政府各部门：",
            f"《{year}年{county}政务公开工作任务分解表》已经县政府同意，现印发给你们，请认真贯彻落实。",
        ]
        for paragraph in body:
            for index, line in enumerate(wrap(paragraph, self.width - 2 * self.margin - 24, 12)):
                y += 20
                self.text(self.margin + (24 if index == 0 else 0), y, line, 12)
        y += 44
        self.text(self.width - 100, y, issuer, 12, "right")
        self.text(self.width - 100, y + 20, meta["date_printed"], 12, "right")
        self.new_page()
        del number

    def table(self, drawer: TableDrawer, title: str) -> int:
        """Draw the table from a fresh page; returns the number of table pages."""
        self.text(self.width / 2, 40, title, 14, "centre")
        table_width = drawer.xs[-1]
        x0 = (self.width - table_width) / 2
        first_top, top, bottom = 66.0, self.margin, self.height - self.margin - 6
        segments = drawer.paginate(first_top, top, bottom)
        pages = segments[-1].page + 1 if segments else 1
        for page in range(pages):
            on_page = [s for s in segments if s.page == page]
            y = first_top if page == 0 else top
            if drawer._header_on(page):
                self._header(drawer, x0, y)
            for block in drawer.blocks:
                self._block(drawer, block, x0, on_page)
            if page + 1 < pages:
                self.new_page()
        return pages

    def _header(self, drawer: TableDrawer, x0: float, y: float) -> None:
        h = drawer.header_height()
        for c0, c1, label in header_groups(drawer.layout, drawer.columns):
            left, right = x0 + drawer.xs[c0], x0 + drawer.xs[c1 + 1]
            lines = wrap(label, right - left - 2 * drawer.pad, drawer.size)
            first = y + (h - len(lines) * drawer.leading) / 2
            for n, line in enumerate(lines):
                self.text(
                    (left + right) / 2, first + n * drawer.leading + 1, line, drawer.size, "centre"
                )
            self._box(left, right, y, y + h, top=True, bottom=True)

    def _block(self, drawer: TableDrawer, block: Block, x0: float, on_page: list[Segment]) -> None:
        left, right = x0 + drawer.xs[block.col0], x0 + drawer.xs[block.col1 + 1]
        mine = [s for s in on_page if block.r0 <= s.row <= block.r1]
        if not mine:
            return
        y0, y1 = mine[0].y, mine[-1].y + mine[-1].h
        if block.r0 == block.r1:
            start, end = mine[0].lines.get(block.col0, (0, len(block.lines)))
            lines = block.lines[start:end]
        else:
            lines = self._merged_lines(drawer, block, mine)
        for n, line in enumerate(lines):
            y = y0 + drawer.pad + n * drawer.leading + 1
            if block.centred:
                self.text((left + right) / 2, y, line, drawer.size, "centre")
            else:
                self.text(left + drawer.pad, y, line, drawer.size)
        category = drawer.columns[block.col0].role in ("cat1", "cat2") and block.col0 == block.col1
        page_end = mine[-1] is on_page[-1] and on_page[-1].page < drawer.segments[-1].page
        open_end = drawer.layout.open_page_end and category and page_end
        self._box(left, right, y0, y1, top=True, bottom=not open_end)

    def _merged_lines(self, drawer: TableDrawer, block: Block, mine: list[Segment]) -> list[str]:
        """Lines of a merged cell in its piece on this page: they flow piece to piece; a
        piece after the text ran out reprints it when the layout says so and it fits."""
        segments = [s for s in drawer.segments if block.r0 <= s.row <= block.r1]
        pieces = drawer._pieces(block, segments)
        start = 0
        for piece in pieces:
            capacity = drawer._capacity(piece)
            end = min(len(block.lines), start + capacity)
            if piece[0] is mine[0]:
                if start >= len(block.lines) and drawer.layout.repeat_merged_text:
                    return block.lines if capacity >= len(block.lines) else []
                return block.lines[start:end]
            start = end
        return []

    def _box(
        self, left: float, right: float, y0: float, y1: float, *, top: bool, bottom: bool
    ) -> None:
        rules = self.layout.rules
        if rules == "none":
            return
        if top:
            self.line(left, y0, right, y0)
        if bottom:
            self.line(left, y1, right, y1)
        if rules == "full":
            self.line(left, y0, left, y1)
            self.line(right, y0, right, y1)

    def save(self) -> None:
        if self.layout.page_numbers:
            self.text(self.width / 2, self.height - 30, f"— {self.page} —", 10, "centre")
        self.canvas.save()


def notice_meta(
    region: dict[str, str], year: int, number: int, ambiguous: bool = False
) -> dict[str, Any]:
    """Front matter of a notice; a county name shared by several prefectures (郊区) is
    printed with its prefecture, as such notices do."""
    county = region["county"]
    place = region["prefecture"] + county if ambiguous else county
    issuer = f"{place}人民政府办公室"
    month, day = 1 + number % 12, 1 + number % 28
    return {
        "title": f"{issuer}关于印发{year}年{place}政务公开工作任务分解表的通知",
        "issuer": issuer,
        "doc_number": f"{county[0]}政办字〔{year}〕{number}号",
        "year": year,
        "adcode": region["adcode"],
        "county": county,
        "publish_date": f"{year}-{month:02d}-{day:02d}",
        "date_printed": f"{year}年{month}月{day}日",
        "table_title": f"{year}年{place}政务公开工作任务分解表",
    }


_SOURCES: list[list[SourceRow]] = []
_COUNTIES: list[dict[str, str]] = []


def make_notice(
    path: Path,
    seed: int,
    *,
    rows: int | None = None,
    region: dict[str, str] | None = None,
    year: int | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Render one fuzzed notice to ``path`` and return its truth (also in <stem>.truth.json).

    ``overrides`` fix fields of the drawn `Layout` (tests cover each variation this way);
    ``region`` (a county of the divisions seed) and ``year`` fix the notice's county and
    year (the national corpus: every county, ten years each), drawn otherwise.
    """
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    if not _SOURCES:
        _SOURCES.extend(load_source_rows())
        _COUNTIES.extend(load_counties())
    rng = random.Random(seed)
    layout = replace(choose_layout(rng, random.Random(f"later-{seed}")), **overrides)
    # drawn even when fixed, so the rest of the notice is the seed's either way
    drawn_region, drawn_year = rng.choice(_COUNTIES), rng.randint(2017, 2025)
    region = region or drawn_region
    year = year or drawn_year
    number = rng.randint(1, 60)
    shared = sum(1 for c in _COUNTIES if c["county"] == region["county"]) > 1
    meta = notice_meta(region, year, number, shared)
    task_rows = sample_rows(_SOURCES, layout, rows or rng.randint(20, 45), rng, meta["county"])
    canvas = NoticeCanvas(path, layout)
    canvas.front_matter(meta, number)
    drawer = TableDrawer(layout, task_rows, canvas.width - 2 * canvas.margin)
    table_pages = canvas.table(drawer, meta["table_title"])
    canvas.save()
    truth = {
        "file": path.name,
        "seed": seed,
        "layout": asdict(layout),
        "meta": {
            k: meta[k] for k in ("title", "issuer", "doc_number", "year", "adcode", "publish_date")
        },
        "pages": 1 + table_pages,
        "split_rows": sum(1 for s in drawer.segments if not s.last_part),  # type: ignore[attr-defined]
        "rows": truth_rows(task_rows, layout),
    }
    path.with_suffix(".truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return truth


STRUCTURAL = (
    "seq",
    "section",
    "requirement",
    "lead_units_text",
    "responsible_units_text",
    "deadline_text",
)


def mismatches(
    truth: dict[str, Any], meta: dict[str, Any], rows: list[dict[str, Any]]
) -> list[str]:
    """Every difference between the truth and an extraction (empty when row-exact)."""
    out: list[str] = []
    for key in ("title", "issuer", "year"):
        if norm(meta.get(key)) != norm(truth["meta"][key]):
            out.append(f"meta {key}: {meta.get(key)!r} != {truth['meta'][key]!r}")
    adcode = (meta.get("region") or {}).get("adcode")
    if adcode != truth["meta"]["adcode"]:
        out.append(f"meta adcode: {adcode!r} != {truth['meta']['adcode']!r}")
    expected = truth["rows"]
    if len(rows) != len(expected):
        out.append(f"rows: {len(rows)} extracted, {len(expected)} expected")
    for index, (want, got) in enumerate(zip(expected, rows, strict=False), start=1):
        for key in STRUCTURAL:
            if norm(got.get(key)) != norm(want[key]):
                out.append(f"row {index} {key}: {got.get(key)!r} != {want[key]!r}")
                break
        if len(out) > 12:
            break
    return out


def check_seed(out: Path, seed: int, rows: int | None, overrides: dict[str, Any]) -> dict[str, Any]:
    """Render one seed, extract it and compare: the truth's layout, the mismatches and the
    rows extracted exactly (aligned on the requirement text, as bench/accuracy.py does)."""
    from bench.accuracy import score_file
    from extract.api import extract_file

    truth = make_notice(out / f"fuzz-{seed:05d}.pdf", seed, rows=rows, **overrides)
    exact, extracted = 0, 0
    try:
        got = extract_file(out / truth["file"])
        problems = mismatches(truth, got.meta, got.rows)
        exact = score_file(truth["file"], got.rows, {}, truth["rows"], {}).exact_rows
        extracted = len(got.rows)
    except Exception as error:  # the summary counts a crash as a miss, with its reason
        problems = [f"{type(error).__name__}: {error}"]
    return {"truth": truth, "problems": problems, "exact": exact, "extracted": extracted}


def family(layout: dict[str, Any]) -> str:
    """The layout family of a drawn layout: its rules and how it prints merged cells."""
    merged = "merged" if layout["merge_categories"] else "repeated"
    return f"{layout['rules']}/{merged}"


def _summary(args: argparse.Namespace, overrides: dict[str, Any]) -> None:
    """Exact files and row-exact share per layout family and per column order (and the
    seeds that are not exact), on all cores."""
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    check = partial(check_seed, args.out, rows=args.rows, overrides=overrides)
    tallies: dict[str, list[int]] = {}  # files exact, files, rows exact, rows expected, extracted
    misses: list[str] = []
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for seed, result in zip(args.seeds, pool.map(check, args.seeds), strict=True):
            layout = result["truth"]["layout"]
            name = family(layout)
            for key in (f"family {name}", f"order  {layout['order']}", "all"):
                tally = tallies.setdefault(key, [0, 0, 0, 0, 0])
                tally[0] += not result["problems"]
                tally[1] += 1
                tally[2] += result["exact"]
                tally[3] += len(result["truth"]["rows"])
                tally[4] += result["extracted"]
            if result["problems"]:
                misses.append(f"{seed} ({name}): {result['problems'][0][:120]}")
    for line in misses:
        print("  not exact:", line)
    print(f"{'':40} {'files exact':>12} {'rows exact':>16} {'P':>7} {'R':>7} {'F1':>7}")
    for key, (files_ok, files, exact, expected, extracted) in sorted(tallies.items()):
        p = exact / extracted if extracted else 1.0
        r = exact / expected if expected else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"{key:40} {files_ok:>5} / {files:<5} {exact:>7} / {expected:<7} "
            f"{p:7.2%} {r:7.2%} {f1:7.2%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=int, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--check", action="store_true", help="extract each file and compare")
    parser.add_argument(
        "--range", action="store_true", help="SEEDS are FIRST LAST: every seed from FIRST to LAST"
    )
    parser.add_argument(
        "--summary", action="store_true", help="extract and compare; print exact files by rules"
    )
    parser.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--rules", choices=("full", "horizontal", "none"), default=None)
    args = parser.parse_args()
    if args.range:
        first, last = args.seeds
        args.seeds = list(range(first, last + 1))
    overrides: dict[str, Any] = {"rules": args.rules} if args.rules else {}
    args.out.mkdir(parents=True, exist_ok=True)
    if args.summary:
        _summary(args, overrides)
        return
    for seed in args.seeds:
        if args.check:
            result = check_seed(args.out, seed, args.rows, overrides)
            truth, problems = result["truth"], result["problems"]
        else:
            truth = make_notice(
                args.out / f"fuzz-{seed:05d}.pdf", seed, rows=args.rows, **overrides
            )
        print(
            f"{truth['file']}: {len(truth['rows'])} rows, {truth['pages']} pages, "
            f"{truth['split_rows']} split rows"
        )
        if args.check:
            print("  layout:", {k: v for k, v in truth["layout"].items() if k != "labels"})
            print("  " + ("exact" if not problems else "\n  ".join(problems)))


if __name__ == "__main__":
    main()
