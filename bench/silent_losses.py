"""Rows lost on scans, and whether a problem names them ("nothing lost, nothing silent").

    uv run python -m bench.silent_losses --set independent --dpi 150 [--cache DIR]
    uv run python -m bench.silent_losses --set copier --seeds tune --dpi 200
    uv run python -m bench.silent_losses --set copier --seeds 20000 --force faint-rules,shadow
    uv run python -m bench.silent_losses --set calc | restyled

For every scan of the chosen set (the same scans, seeds and files as `bench.independent_scans`,
`bench.copier_scans`, `bench.calc_scans` and `bench.restyled_scans` make), the rows expected,
extracted and found (aligned with an expected row), the rows lost (expected, not found) and
the ``missing_rows`` problems the extraction raised. A scan is *flagged* when it has a
``missing_rows`` problem; the figures printed are how many scans lost rows, how many were
flagged, and how many of the flagged ones really lost rows (precision).

``--cache DIR`` keeps each page's OCR (pickled, keyed by the page image's bytes), so that the
table stages and the net can be measured again without the recogniser: the cache is only
valid while the OCR of a page (`extract/ocr/`) is unchanged; delete it after such a change.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import shutil
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.accuracy import load_expected, score_scan


@dataclass(frozen=True)
class Scan:
    name: str
    pdf: Path
    rows: Path
    meta: Path


def cached_ocr(cache: Path) -> None:
    """Every page's OCR read from ``cache`` when the same image was read before."""
    import extract.ocr.scanned as scanned

    real: Callable[..., Any] = getattr(scanned, "ocr_page")  # noqa: B009 (patched below)
    cache.mkdir(parents=True, exist_ok=True)

    def ocr_page(gray: Any, number: int, width: float, height: float, settings: Any) -> Any:
        key = hashlib.sha256(gray.tobytes())
        key.update(repr((gray.shape, number, width, height, settings)).encode())
        path = cache / f"{key.hexdigest()[:32]}.pickle"
        if path.exists():
            return pickle.loads(path.read_bytes())
        found = real(gray, number, width, height, settings)
        path.write_bytes(pickle.dumps(found))
        return found

    setattr(scanned, "ocr_page", ocr_page)  # noqa: B010 (the reader's name for it)


def independent_scans(dpis: list[int], keep: Path, work: Path) -> Iterator[Scan]:
    from bench.copier_scans import REPORT, typeset_pdf
    from bench.independent_scans import SEED, scan

    for fixture_set, relative in REPORT:
        slug = Path(relative).name.split(".")[0]
        pdf = typeset_pdf(fixture_set, relative, work)
        for dpi in dpis:
            seed = SEED + zlib.crc32(f"{relative}|{dpi}|grey".encode()) % 1000
            name = f"{pdf.stem}.{dpi}.grey.s{seed}"
            target = keep / f"independent.{name}.pdf"
            if not target.exists():
                scan(pdf, dpi, "grey", seed, target, work)
            expected = fixture_set / "expected"
            yield Scan(name, target, expected / f"{slug}.jsonl", expected / f"{slug}.meta.json")


def copier_scans(
    dpis: list[int], seeds: str, force: tuple[str, ...], keep: Path, work: Path
) -> Iterator[Scan]:
    from bench.copier_scans import cases, seed_choice
    from tests.fixtures.scans.copier import scan_pdf

    files, seed = seed_choice(seeds)
    for case in cases(files, tuple(dpis), ("grey",), seed, work, force):
        target = keep / f"copier.{case.name}.pdf"
        if not target.exists():
            target.write_bytes(scan_pdf(case.source.read_bytes(), case.degradation, case.seed))
        yield Scan(case.name, target, case.expected_rows, case.expected_meta)


def calc_scans(
    dpis: list[int], modes: list[str], files: list[str], keep: Path, work: Path
) -> Iterator[Scan]:
    from bench.calc_scans import seed_of
    from bench.independent_scans import scan
    from bench.restyled_scans import scan as hard_scan
    from tests.fixtures.office.make_calc_tuning import WORKBOOKS, print_book

    for book in (b for b in WORKBOOKS if not files or b.slug in files):
        pdf = print_book(book, keep)
        for dpi, mode in ((d, m) for d in dpis for m in modes):
            seed = seed_of(book.slug, dpi, mode)
            name = f"{book.slug}.{dpi}.{mode}.s{seed}"
            target = keep / f"calc.{name}.pdf"
            if not target.exists() and mode == "hard":  # the restyled bench's harder hand
                hard_scan(pdf, dpi, seed, target, work)
            elif not target.exists():
                scan(pdf, dpi, mode, seed, target, work)
            yield Scan(name, target, keep / f"{book.slug}.jsonl", keep / f"{book.slug}.meta.json")


def restyled_scans(keep: Path, work: Path) -> Iterator[Scan]:
    from bench.restyled_scans import FILES, OFFICE, SEED, scan, typeset

    for relative in FILES:
        slug = Path(relative).name.split(".")[0]
        seed = SEED + zlib.crc32(f"{relative}|200".encode()) % 1000
        name = f"{Path(relative).stem}.200.restyled.s{seed}"
        target = keep / f"restyled.{name}.pdf"
        if not target.exists():
            scan(typeset(relative, work), 200, seed, target, work)
        expected = OFFICE / "expected"
        yield Scan(name, target, expected / f"{slug}.jsonl", expected / f"{slug}.meta.json")


def print_scans(
    dpis: list[int], seed: int, only: list[str], keep: Path, work: Path
) -> Iterator[Scan]:
    """The office prints (`bench.office_prints`: the Word fixtures at other sizes and as 公文,
    the workbooks printed other ways) scanned by the second scanner's process
    (`bench.independent_scans.scan`, grey) with seeds from ``seed`` (20000 or more)."""
    from bench.independent_scans import scan
    from bench.office_prints import (
        CALC,
        OFFICE,
        WORD,
        CalcVariant,
        WordVariant,
        calc_print,
        word_print,
    )

    if seed < 20000:
        raise SystemExit("new tuning seeds start at 20000 (100-9999 are in use)")
    made: list[tuple[str, Path, WordVariant | CalcVariant]]
    made = [(w.name, s, w) for w in WORD for s in sorted((OFFICE / "docx").glob("*.docx"))]
    made += [(c.name, s, c) for c in CALC for s in sorted((OFFICE / "xlsx").glob("*.xlsx"))]
    for name, source, variant in made:
        if only and name not in only:
            continue
        pdf = keep / f"{source.stem}.{name}.pdf"
        if not pdf.exists() and isinstance(variant, CalcVariant):
            pdf = calc_print(source, variant, keep)
        elif not pdf.exists() and isinstance(variant, WordVariant):
            pdf = word_print(source, variant, keep)
        slug = source.name.split(".")[0]
        expected = OFFICE / "expected"
        for dpi in dpis:
            number = seed + zlib.crc32(f"{pdf.name}|{dpi}|grey".encode()) % 1000
            scan_name = f"{pdf.stem}.{dpi}.grey.s{number}"
            target = keep / f"prints.{scan_name}.pdf"
            if not target.exists():
                scan(pdf, dpi, "grey", number, target, work)
            yield Scan(
                scan_name, target, expected / f"{slug}.jsonl", expected / f"{slug}.meta.json"
            )


def fixture_documents() -> Iterator[Scan]:
    """Every fixture with expected output (text PDFs, OFD, Word, Excel, web pages, the
    page-break sweep's and prose sets, the shared corpus): the net must be quiet on them."""
    from bench.accuracy import DEFAULT_SETS, ROOT, fixture_files

    sets = [
        *DEFAULT_SETS,
        ROOT / "tests/fixtures/pagebreak",
        ROOT / "tests/fixtures/prose/tune",
        ROOT / "tests/fixtures/prose/heldout",
        ROOT / "tests/fixtures/prose/unseen",
        ROOT.parent.parent / "shared/corpus",
        Path("/work/shared/corpus"),
    ]
    seen: set[Path] = set()
    for folder in sets:
        if not folder.exists() or folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        for document, rows, meta in fixture_files(folder):
            yield Scan(f"{folder.name}/{document.name}", document, rows, meta)


@dataclass
class Outcome:
    name: str
    expected: int
    got: int
    found: int
    flagged: list[str]  # the missing_rows problems (and a failed file's error)
    named_otherwise: list[str]  # other problems that name table content not placed
    exact: int = 0
    diffs: tuple[str, ...] = ()  # each lost or inexact row against its expected row

    @property
    def lost(self) -> int:
        return self.expected - self.found


NAMING_KINDS = ("unplaced_rows", "misaligned_rows")


def measure(scan: Scan) -> Outcome:
    from bench.accuracy import _extract
    from extract.vocabulary import NoteKind

    expected_rows, expected_meta = load_expected(scan.rows, scan.meta)
    extraction, error = _extract(scan.pdf)
    score = score_scan(scan.name, extraction.rows, extraction.meta, expected_rows, expected_meta)
    flagged = [
        f"p{p.page}: {p.text}" for p in extraction.problems if p.kind == NoteKind.MISSING_ROWS
    ]
    if error:
        flagged.append(error)  # a failed file is not silent
    others = [f"p{p.page}: {p.kind}" for p in extraction.problems if p.kind in NAMING_KINDS]
    return Outcome(
        scan.name,
        len(expected_rows),
        len(extraction.rows),
        score.found_rows,
        flagged,
        others,
        score.exact_rows,
        tuple(row_diffs(extraction.rows, expected_rows)),
    )


def row_diffs(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> Iterator[str]:
    """Every expected row not found (``lost``) or found with a key field differing
    (``field: got != expected``), for counting the causes by hand (``--diff``)."""
    from bench.accuracy import KEY_FIELDS, fuzzy_align, norm

    pairs = dict((e, g) for g, e in fuzzy_align(got, expected))
    for e, row in enumerate(expected):
        if e not in pairs:
            yield f"row {e + 1} lost: {norm(row.get('requirement'))}"
            continue
        other = got[pairs[e]]
        for name in KEY_FIELDS:
            if norm(other.get(name)) != norm(row.get(name)):
                yield f"row {e + 1} {name}: {norm(other.get(name))} != {norm(row.get(name))}"


def report(outcomes: list[Outcome], diff: bool = False) -> None:
    print(
        f"{'scan':52} {'exp':>4} {'got':>4} {'found':>5} {'exact':>5} {'lost':>4} "
        f"{'flags':>5} {'other':>5}"
    )
    for o in outcomes:
        print(
            f"{o.name:52} {o.expected:4} {o.got:4} {o.found:5} {o.exact:5} {o.lost:4} "
            f"{len(o.flagged):5} {len(o.named_otherwise):5}"
        )
        for line in o.flagged:
            print(f"    {line[:150]}")
        for line in o.diffs if diff else ():
            print(f"    - {line[:200]}")
    lost = [o for o in outcomes if o.lost > 0]
    flagged = [o for o in outcomes if o.flagged]
    true = [o for o in flagged if o.lost > 0]
    silent = [o for o in lost if not o.flagged and not o.named_otherwise]
    print(
        f"\nrows exact {sum(o.exact for o in outcomes)} of {sum(o.expected for o in outcomes)}; "
        f"{len(outcomes)} scans: {len(lost)} lost rows ({sum(o.lost for o in lost)} rows); "
        f"missing_rows flagged {len(flagged)}, {len(true)} of them really lost rows; "
        f"lost with no missing_rows: {len(lost) - len(true)}, of which with no problem "
        f"naming table content at all (unplaced_rows, misaligned_rows): {len(silent)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set",
        default="independent",
        help="independent, copier, calc, restyled, fixtures, prints",
    )
    parser.add_argument("--dpi", default="200")
    parser.add_argument("--modes", default="grey", help="calc: grey, bitonal, hard")
    parser.add_argument("--files", default="", help="calc: workbook slugs; prints: variant names")
    parser.add_argument(
        "--seeds",
        default="report",
        help="copier: tune, report or a new base seed (20000+); prints: a base seed (20000+)",
    )
    parser.add_argument("--force", default="", help="copier: faint-rules,shadow")
    parser.add_argument("--keep", default="", help="a folder to keep the scans in")
    parser.add_argument("--cache", default="", help="a folder to keep each page's OCR in")
    parser.add_argument("--diff", action="store_true", help="print each lost or inexact row")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed for this bench")
    if args.cache:
        cached_ocr(Path(args.cache))
    dpis = [int(d) for d in args.dpi.split(",")]
    with tempfile.TemporaryDirectory(prefix="silent-losses-") as tmp:
        work = Path(tmp)
        keep = Path(args.keep) if args.keep else work
        keep.mkdir(parents=True, exist_ok=True)
        scans: Iterator[Scan]
        if args.set == "independent":
            scans = independent_scans(dpis, keep, work)
        elif args.set == "copier":
            force = tuple(f for f in args.force.split(",") if f)
            scans = copier_scans(dpis, args.seeds, force, keep, work)
        elif args.set == "prints":
            only = [v for v in args.files.split(",") if v]
            scans = print_scans(dpis, int(args.seeds), only, keep, work)
        elif args.set == "fixtures":
            scans = fixture_documents()
        elif args.set == "calc":
            scans = calc_scans(
                dpis, args.modes.split(","), [f for f in args.files.split(",") if f], keep, work
            )
        else:
            scans = restyled_scans(keep, work)
        outcomes = []
        for scan in scans:
            outcomes.append(measure(scan))
            print(f"{scan.name}: lost {outcomes[-1].lost}", flush=True)
    print()
    report(outcomes, args.diff)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
