"""Make N realistic notice PDFs for benchmarks, deterministic from a seed.

    python -m bench.make_corpus 100 --out /tmp/corpus [--seed 7]

Each notice is drawn by the layout fuzzer (`bench/layout_fuzz.py`): a real county from the
`administrative_divisions` seed, a year, front matter, and a task table of real rows (from the expected
extraction files) re-addressed to the county, in a layout drawn from the notice's seed
(merged or repeated cells, header once or on every page, column orders and synonyms, one or
two category columns, group headings, full or horizontal rules, portrait or landscape,
font size 9–12, rows split across pages, a 序号 column). `manifest.json` lists each file
with the number of task rows it carries, so a benchmark can check nothing was lost; each
PDF's `<stem>.truth.json` holds its exact expected rows and metadata.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path
from typing import Any

from bench.layout_fuzz import load_counties, make_notice

ROWS_PER_PAGE_ESTIMATE = 5


def _layout_name(layout: dict) -> str:
    merged = "merged" if layout["merge_categories"] else "repeated"
    return f"{merged}/{layout['rules']}/{layout['order']}"


def _make_one(path: Path, notice_seed: int, attempts: int = 5, **fixed: Any) -> dict:
    """One notice; a layout the fuzzer cannot draw (a row taller than a page in a narrow
    column) is replaced by the next layout of a derived seed, still deterministic."""
    for attempt in range(attempts):
        derived = notice_seed + attempt * 7_777_777
        pages = random.Random(derived).randint(5, 40)
        try:
            return make_notice(path, derived, rows=pages * ROWS_PER_PAGE_ESTIMATE, **fixed)
        except RuntimeError as error:
            last = error
    raise RuntimeError(f"no drawable layout for seed {notice_seed}: {last}")


NATIONAL_YEARS = tuple(range(2016, 2026))  # ten years of yearly notices per county


def national_plan(n: int, skip: int = 0) -> list[tuple[dict[str, str], int]]:
    """(county, year) of notices `skip` … `skip + n` of the national corpus: every county of
    the divisions seed, ten years each (2,972 × 10 = 29,720 notices). Counties are taken
    spread over the whole country (a fixed stride through the seed, not Beijing first),
    each with its ten years, so any prefix is a sample of the nation."""
    counties = load_counties()
    total = len(counties) * len(NATIONAL_YEARS)
    if skip + n > total:
        raise ValueError(f"the national corpus has {total} notices, not {skip + n}")
    stride = _golden_stride(len(counties))
    order = [counties[(i * stride) % len(counties)] for i in range(len(counties))]
    plan = [(county, year) for county in order for year in NATIONAL_YEARS]
    return plan[skip : skip + n]


def _golden_stride(n: int) -> int:
    """A step near n / golden ratio with no factor in common with n: i -> i * step mod n
    visits every county once, and consecutive picks land far apart in the seed's order
    (province by province), the way the golden angle spreads points on a circle."""
    step = round(n * 0.6180339887)
    while math.gcd(step, n) != 1:
        step += 1
    return step


def national_size() -> int:
    return len(load_counties()) * len(NATIONAL_YEARS)


def make_corpus(
    n: int, out_dir: Path, seed: int = 7, *, national: bool = False, skip: int = 0
) -> list[dict]:
    """`n` notices into `out_dir`; national: notices `skip`… of `national_plan` (counties
    and years fixed, the rest drawn from the seed), else counties and years drawn too."""
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = national_plan(n, skip) if national else None
    manifest = []
    for i in range(n):
        path = out_dir / f"notice-{skip + i:05d}.pdf"
        fixed = {"region": plan[i][0], "year": plan[i][1]} if plan else {}
        truth = _make_one(path, seed * 1_000_003 + skip + i, **fixed)
        named = (
            out_dir / f"notice-{skip + i:05d}-{truth['meta']['adcode']}-{truth['meta']['year']}.pdf"
        )
        path.replace(named)
        path.with_suffix(".truth.json").replace(named.with_suffix(".truth.json"))
        manifest.append(
            {
                "file": named.name,
                "adcode": truth["meta"]["adcode"],
                "year": truth["meta"]["year"],
                "rows": len(truth["rows"]),
                "pages": truth["pages"],
                "layout": _layout_name(truth["layout"]),
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
    parser.add_argument(
        "--national",
        action="store_true",
        help="counties and years of the national corpus (every county, ten years each)",
    )
    parser.add_argument("--skip", type=int, default=0, help="national: start at this notice")
    args = parser.parse_args()
    manifest = make_corpus(args.n, args.out, args.seed, national=args.national, skip=args.skip)
    print(f"{len(manifest)} notices, {sum(m['rows'] for m in manifest)} task rows → {args.out}")


if __name__ == "__main__":
    main()
