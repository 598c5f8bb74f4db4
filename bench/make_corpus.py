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
import random
from pathlib import Path

from bench.layout_fuzz import make_notice

ROWS_PER_PAGE_ESTIMATE = 5


def _layout_name(layout: dict) -> str:
    merged = "merged" if layout["merge_categories"] else "repeated"
    return f"{merged}/{layout['rules']}/{layout['order']}"


def _make_one(path: Path, notice_seed: int, attempts: int = 5) -> dict:
    """One notice; a layout the fuzzer cannot draw (a row taller than a page in a narrow
    column) is replaced by the next layout of a derived seed, still deterministic."""
    for attempt in range(attempts):
        derived = notice_seed + attempt * 7_777_777
        pages = random.Random(derived).randint(5, 40)
        try:
            return make_notice(path, derived, rows=pages * ROWS_PER_PAGE_ESTIMATE)
        except RuntimeError as error:
            last = error
    raise RuntimeError(f"no drawable layout for seed {notice_seed}: {last}")


def make_corpus(n: int, out_dir: Path, seed: int = 7) -> list[dict]:
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = []
    for i in range(n):
        path = out_dir / f"notice-{i:05d}.pdf"
        truth = _make_one(path, seed * 1_000_003 + i)
        named = out_dir / f"notice-{i:05d}-{truth['meta']['adcode']}-{truth['meta']['year']}.pdf"
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
    args = parser.parse_args()
    manifest = make_corpus(args.n, args.out, args.seed)
    print(f"{len(manifest)} notices, {sum(m['rows'] for m in manifest)} task rows → {args.out}")


if __name__ == "__main__":
    main()
