"""Make N realistic notice PDFs for benchmarks, deterministic from a seed.

    python bench/make_corpus.py 100 --out /tmp/corpus [--seed 7]

Each notice gets a real region from the `dim_region` seed, a year, a front matter
(issuer, doc number, title, salutation, body, signature date) and a task table of 5–40
pages whose rows are real rows from the expected extraction files (ours and the
corpus'), re-addressed to the new county. Two table layouts alternate: category cells
merged vertically (and split at page breaks, as word processors export them) and
category cells repeated on every row; full-width group headings separate the groups.
The font is reportlab's built-in Adobe CID font STSong-Light, so no font file is needed
and pdfplumber extracts the text exactly. `manifest.json` lists each file with the
number of task rows it carries, so a benchmark can check nothing was lost.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

REPO = Path(__file__).resolve().parents[1]
EXPECTED_DIRS = [REPO / "tests/fixtures/corpus/expected", REPO / "tests/fixtures/layouts/expected"]
REGIONS_CSV = REPO / "dbt_project/seeds/dim_region.csv"
FONT = "STSong-Light"
HEADER = ["工作任务", "具体要求", "牵头单位", "责任单位", "完成时限"]
WIDTHS = [120, 330, 120, 120, 80]  # points; landscape A4 leaves 842 - 2*36 = 770
ROWS_PER_PAGE_ESTIMATE = 6
SOURCE_PLACES = ["宁阳县", "梁山县", "攀枝花市", "寿光市", "宁阳", "梁山", "攀枝花", "寿光"]


@dataclass(frozen=True)
class TaskRow:
    heading: str
    category: str
    requirement: str
    lead: str
    responsible: str
    deadline: str


def _load_rows() -> list[TaskRow]:
    rows: list[TaskRow] = []
    for folder in EXPECTED_DIRS:
        for path in sorted(folder.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                r = json.loads(line)
                section = r["section"] or ["工作任务"]
                rows.append(
                    TaskRow(
                        heading=section[0],
                        category=section[-1],
                        requirement=r["requirement"],
                        lead=r["lead_units_text"] or "",
                        responsible=r["responsible_units_text"] or "",
                        deadline=r["deadline_text"] or "",
                    )
                )
    if not rows:
        raise SystemExit("no expected rows found under tests/fixtures/*/expected")
    return rows


def _load_counties() -> list[dict[str, str]]:
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        counties = [r for r in csv.DictReader(handle) if r["level"] == "county"]
    return counties or [
        {"adcode": "370921", "province": "山东省", "prefecture": "泰安市", "county": "宁阳县"}
    ]


def _readdress(text: str, county: str) -> str:
    for place in SOURCE_PLACES:
        text = text.replace(place, county if len(place) > 2 else county[:-1])
    return text


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if pdfmetrics.stringWidth(line + char, FONT, size) > width:
                lines.append(line)
                line = char
            else:
                line += char
        lines.append(line)
    return lines or [""]


class NoticeRenderer:
    """Draws one notice: front matter, then a fully ruled table with page breaks."""

    size = 9.0
    leading = 11.5
    margin = 36.0

    def __init__(self, path: Path, merged: bool) -> None:
        self.canvas = Canvas(str(path), pagesize=landscape(A4))
        self.width, self.height = landscape(A4)
        self.merged = merged
        self.pages = 0

    def front_matter(self, region: dict[str, str], year: int, number: int) -> str:
        county = region["county"]
        issuer = f"{county}人民政府办公室"
        title = f"{issuer}关于印发{year}年{county}政务公开工作任务分解表的通知"
        c = self.canvas
        y = self.height - 80
        c.setFont(FONT, 22)
        c.drawCentredString(self.width / 2, y, f"{issuer}文件")
        c.setFont(FONT, 12)
        y -= 40
        c.drawCentredString(self.width / 2, y, f"{county[0]}政办字〔{year}〕{number}号")
        y -= 36
        c.setFont(FONT, 15)
        for line in _wrap(title, self.width - 200, 15):
            c.drawCentredString(self.width / 2, y, line)
            y -= 22
        c.setFont(FONT, 12)
        body = [
            "各乡镇人民政府（街道办事处），县政府各部门：",
            f"《{year}年{county}政务公开工作任务分解表》已经县政府同意，现印发给你们，请认真贯彻落实。",
        ]
        for paragraph in body:
            for line in _wrap(paragraph, self.width - 2 * self.margin - 48, 12):
                y -= 20
                c.drawString(self.margin + 24, y, line)
        y -= 40
        c.drawRightString(self.width - 100, y, issuer)
        c.drawRightString(self.width - 100, y - 20, f"{year}年3月{1 + number % 28}日")
        self._new_page()
        c.setFont(FONT, 14)
        c.drawCentredString(
            self.width / 2, self.height - 50, f"{year}年{county}政务公开工作任务分解表"
        )
        return title

    def _new_page(self) -> None:
        self.canvas.showPage()
        self.pages += 1

    def _row_lines(self, cells: list[str]) -> list[list[str]]:
        return [_wrap(text, w - 6, self.size) for text, w in zip(cells, WIDTHS, strict=True)]

    def _draw_cells(self, top: float, cells: list[list[str]], height: float, skip_top: set[int]):
        c = self.canvas
        x = self.margin
        c.setFont(FONT, self.size)
        for index, (lines, w) in enumerate(zip(cells, WIDTHS, strict=True)):
            if index not in skip_top:
                c.line(x, top, x + w, top)
            c.line(x, top, x, top - height)
            for n, line in enumerate(lines):
                c.drawString(x + 3, top - (n + 1) * self.leading, line)
            x += w
        c.line(x, top, x, top - height)

    def table(self, rows: list[TaskRow]) -> None:
        top = self.height - 70
        bottom_limit = self.margin
        previous: TaskRow | None = None
        fresh_page = True
        total = sum(WIDTHS)
        for row in rows:
            if previous is None or row.heading != previous.heading:
                if top - 2 * self.leading < bottom_limit:
                    self._close_page(top)
                    top, fresh_page = self._continue_page(), True
                if fresh_page:
                    top = self._header(top)
                    fresh_page = False
                self.canvas.line(self.margin, top, self.margin + total, top)
                self.canvas.line(self.margin, top, self.margin, top - 1.6 * self.leading)
                self.canvas.line(
                    self.margin + total, top, self.margin + total, top - 1.6 * self.leading
                )
                self.canvas.drawString(self.margin + 3, top - 1.2 * self.leading, row.heading)
                top -= 1.6 * self.leading
                previous = None
            same_group = previous is not None and previous.category == row.category
            category = "" if (self.merged and same_group) else row.category
            cells = self._row_lines(
                [category, row.requirement, row.lead, row.responsible, row.deadline]
            )
            height = max(len(lines) for lines in cells) * self.leading + 4
            if top - height < bottom_limit or fresh_page:
                if not fresh_page:
                    self._close_page(top)
                    top = self._continue_page()
                top = self._header(top)
                fresh_page = False
            skip = {0} if (self.merged and same_group) else set()
            self._draw_cells(top, cells, height, skip)
            top -= height
            previous = row
        self._close_page(top)

    def _header(self, top: float) -> float:
        cells = [[h] for h in HEADER]
        height = self.leading + 6
        self._draw_cells(top, cells, height, set())
        return top - height

    def _close_page(self, top: float) -> None:
        self.canvas.line(self.margin, top, self.margin + sum(WIDTHS), top)

    def _continue_page(self) -> float:
        self._new_page()
        return self.height - self.margin

    def save(self) -> None:
        self.canvas.save()


def _sample_rows(pool: list[TaskRow], n: int, rng: random.Random, county: str) -> list[TaskRow]:
    """Contiguous runs of real rows, so category groups stay as long as real ones."""
    rows: list[TaskRow] = []
    while len(rows) < n:
        start = rng.randrange(len(pool))
        for row in pool[start : start + rng.randint(3, 15)]:
            rows.append(
                TaskRow(
                    heading=row.heading,
                    category=row.category,
                    requirement=_readdress(row.requirement, county),
                    lead=_readdress(row.lead, county),
                    responsible=_readdress(row.responsible, county),
                    deadline=row.deadline,
                )
            )
    return rows[:n]


def notices(n: int, seed: int) -> Iterator[tuple[int, dict[str, str], int, int, bool]]:
    """(index, region, year, pages wanted, merged layout) for each notice, deterministically."""
    counties = _load_counties()
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        yield i, rng.choice(counties), rng.randint(2017, 2025), rng.randint(5, 40), i % 2 == 0


def make_corpus(n: int, out_dir: Path, seed: int = 7) -> list[dict]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out_dir.mkdir(parents=True, exist_ok=True)
    pool = _load_rows()
    manifest = []
    for i, region, year, pages, merged in notices(n, seed):
        rng = random.Random(seed * 7_919 + i)
        rows = _sample_rows(pool, pages * ROWS_PER_PAGE_ESTIMATE, rng, region["county"])
        path = out_dir / f"notice-{i:05d}-{region['adcode']}-{year}.pdf"
        renderer = NoticeRenderer(path, merged=merged)
        renderer.front_matter(region, year, i + 1)
        renderer.table(rows)
        renderer.save()
        manifest.append(
            {
                "file": path.name,
                "adcode": region["adcode"],
                "year": year,
                "rows": len(rows),
                "pages": renderer.pages + 1,
                "layout": "merged" if merged else "repeated",
            }
        )
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    manifest = make_corpus(args.n, args.out, args.seed)
    print(f"{len(manifest)} notices, {sum(m['rows'] for m in manifest)} task rows → {args.out}")


if __name__ == "__main__":
    main()
