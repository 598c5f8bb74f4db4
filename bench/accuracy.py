"""Row-level and metadata accuracy of extraction against expected files.

    uv run python -m bench.accuracy [FIXTURE_DIR ...]
    uv run python -m bench.accuracy --scans [SCAN_FIXTURE_DIR ...]   # OCR figures
    uv run python -m bench.accuracy --prose [PROSE_FIXTURE_DIR ...]  # 工作要点 (prose rows)
    uv run python -m bench.accuracy --sweep [DIR] [--family F] [--steps N]   # page breaks
    uv run python -m bench.accuracy --scans --copier [--seeds tune] [--dpi 200] ...
        # copier scans of typeset PDFs, per dpi and degradation (bench/copier_scans.py)

Every ``<format>/<slug>.*.<format>`` document of a fixture set (pdf, ofd, html, docx, doc,
xlsx, xls; default sets: the corpus, the layout fixtures, the Word/Excel twins in
tests/fixtures/office, and OFD twins of the corpus and layout PDFs written for the run by
tests/fixtures/ofd/make_ofd.py) is extracted and scored against ``expected/<slug>.*``; the summary
gives the row-exact figures per format. Rows are
aligned by requirement text; a row counts only when requirement, section, the three *_text
fields and seq all match (after NFKC and removal of all whitespace).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = (
    ROOT / "tests/fixtures/corpus",
    ROOT / "tests/fixtures/layouts",
    ROOT / "tests/fixtures/office",
)
FORMATS = ("pdf", "ofd", "html", "docx", "doc", "wps", "xlsx", "xls", "et")
# OFD twins are written from the PDFs of these sets (tests/fixtures/ofd/make_ofd.py) into
# a temporary set scored with the others; the styles of OFD writers take turns.
OFD_SOURCE_SETS = (ROOT / "tests/fixtures/corpus", ROOT / "tests/fixtures/layouts")
KEY_FIELDS = (
    "requirement",
    "section",
    "lead_units_text",
    "responsible_units_text",
    "deadline_text",
    "seq",
)
ROW_FIELDS = KEY_FIELDS + (
    "lead_units",
    "responsible_units",
    "cooperating_units",
    "frequencies",
    "deadline_date",
)
UNIT_LIST_FIELDS = ("lead_units", "responsible_units", "cooperating_units")
META_FIELDS = (
    "title",
    "doc_number",
    "issuer",
    "publish_date",
    "year",
    "region",
    "table_title",
    "columns",
    "has_task_table",
    "body",
)


def norm(value: object) -> object:
    """Comparison form: NFKC, no whitespace, recursively through lists and dicts."""
    if value is None:
        return None
    if isinstance(value, str):
        return "".join(unicodedata.normalize("NFKC", value).split()) or None
    if isinstance(value, list):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    return value


@dataclass
class FileScore:
    name: str
    expected_rows: int
    got_rows: int
    exact_rows: int
    field_hits: dict[str, int] = field(default_factory=dict)
    matched_rows: int = 0
    meta_hits: dict[str, bool] = field(default_factory=dict)
    error: str | None = None
    mismatches: list[str] = field(default_factory=list)
    unit_lists_exact: int = 0  # aligned rows whose three unit lists are all exact

    @property
    def precision(self) -> float:
        return self.exact_rows / self.got_rows if self.got_rows else float(self.expected_rows == 0)

    @property
    def recall(self) -> float:
        return (
            self.exact_rows / self.expected_rows
            if self.expected_rows
            else float(self.got_rows == 0)
        )

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def meta_exact(self) -> bool:
        return all(self.meta_hits.values())


def align(got: list[dict], expected: list[dict]) -> list[tuple[int, int]]:
    """Pairs (got index, expected index) matched on requirement text, in document order."""
    a = [str(norm(r.get("requirement"))) for r in got]
    b = [str(norm(r.get("requirement"))) for r in expected]
    pairs = [
        (block.a + i, block.b + i)
        for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        for i in range(block.size)
    ]
    return pairs


def score_file(
    name: str, got_rows: list[dict], got_meta: dict, expected_rows: list[dict], expected_meta: dict
) -> FileScore:
    score = FileScore(name, len(expected_rows), len(got_rows), 0, {f: 0 for f in ROW_FIELDS})
    for gi, ei in align(got_rows, expected_rows):
        score.matched_rows += 1
        got, exp = got_rows[gi], expected_rows[ei]
        for name_ in ROW_FIELDS:
            if norm(got.get(name_)) == norm(exp.get(name_)):
                score.field_hits[name_] += 1
        misses = [f for f in _key_fields(exp) if norm(got.get(f)) != norm(exp.get(f))]
        if misses:
            score.mismatches.append(f"row {ei + 1}: {', '.join(misses)}")
        else:
            score.exact_rows += 1
        if all(norm(got.get(f)) == norm(exp.get(f)) for f in UNIT_LIST_FIELDS):
            score.unit_lists_exact += 1
    for name_ in _meta_fields(expected_meta):
        score.meta_hits[name_] = norm(got_meta.get(name_)) == norm(expected_meta.get(name_))
    return score


def _key_fields(expected_row: dict) -> tuple[str, ...]:
    """The key fields, and the row's layout where the expected file states it (the prose
    fixtures do; the table fixtures predate the field)."""
    return KEY_FIELDS + (("layout",) if "layout" in expected_row else ())


def _meta_fields(expected_meta: dict) -> tuple[str, ...]:
    return META_FIELDS + (("kind",) if "kind" in expected_meta else ())


def fixture_files(fixture_dir: Path) -> list[tuple[Path, Path, Path]]:
    """(document, expected rows, expected meta) for every document of a fixture set."""
    out = []
    for pattern in (f"{fmt}/*.{fmt}" for fmt in FORMATS):
        for path in sorted(fixture_dir.glob(pattern)):
            slug = path.name.split(".")[0]
            rows, meta = (
                fixture_dir / "expected" / f"{slug}.jsonl",
                fixture_dir / "expected" / f"{slug}.meta.json",
            )
            if rows.exists() and meta.exists():
                out.append((path, rows, meta))
    return out


def load_expected(rows_path: Path, meta_path: Path) -> tuple[list[dict], dict]:
    rows = [
        json.loads(line)
        for line in rows_path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return rows, json.loads(meta_path.read_text(encoding="utf-8"))


def _extract(path: Path):  # -> (Extraction, error or None)
    """The file's extraction; a file that failed scores as one with nothing in it."""
    from extract.api import Extraction, extract_file
    from extract.contract import NoticeMeta
    from extract.errors import ExtractionError

    try:
        return extract_file(path), None
    except ExtractionError as error:
        return Extraction(NoticeMeta(notice_id=""), ()), f"{error.kind}: {error.message}"
    except Exception as error:  # a bug of ours on this file: scored, as the pipeline records it
        message = f"parser_error: {type(error).__name__}: {error}"
        return Extraction(NoticeMeta(notice_id=""), ()), message


def score_document(path: Path, rows_path: Path, meta_path: Path) -> FileScore:
    expected_rows, expected_meta = load_expected(rows_path, meta_path)
    extraction, error = _extract(path)
    score = score_file(path.name, extraction.rows, extraction.meta, expected_rows, expected_meta)
    score.error = error
    return score


def _summary(scores: list[FileScore]) -> str:
    exp = sum(s.expected_rows for s in scores)
    got = sum(s.got_rows for s in scores)
    exact = sum(s.exact_rows for s in scores)
    p = exact / got if got else 1.0
    r = exact / exp if exp else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    failed = sum(1 for s in scores if s.error)
    return (
        f"{len(scores):3} files: rows expected {exp}, extracted {got}, exact {exact}; "
        f"P {p:.1%} R {r:.1%} F1 {f1:.1%}; meta exact {sum(s.meta_exact for s in scores)}"
        + (f"; {failed} failed" if failed else "")
    )


def main(argv: list[str]) -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        sets = [Path(a) for a in argv]
        if not sets:
            from tests.fixtures.ofd.make_ofd import write_ofd_twins

            write_ofd_twins(Path(tmp), list(OFD_SOURCE_SETS))
            sets = [d for d in DEFAULT_SETS if d.exists()] + [Path(tmp)]
        scores = [score_document(*files) for d in sets for files in fixture_files(d)]
    return _report(scores)


def _report(scores: list[FileScore]) -> int:
    print(f"{'file':44} {'exp':>4} {'got':>4} {'exact':>5} {'P':>6} {'R':>6} {'F1':>6}  meta")
    for s in scores:
        meta = (
            "exact"
            if s.meta_exact
            else "miss: " + ",".join(k for k, v in s.meta_hits.items() if not v)
        )
        print(
            f"{s.name:44} {s.expected_rows:4} {s.got_rows:4} {s.exact_rows:5} {s.precision:6.1%} {s.recall:6.1%} {s.f1:6.1%}  {s.error or meta}"
        )
        for line in s.mismatches[:5]:
            print(f"    {line}")
    print()
    for fmt in FORMATS:
        chosen = [s for s in scores if s.name.endswith(f".{fmt}")]
        if chosen:
            print(f"{fmt:5} {_summary(chosen)}")
    print(f"all   {_summary(scores)}")
    matched = sum(s.matched_rows for s in scores)
    print("per-field accuracy on rows aligned by requirement:")
    for name in ROW_FIELDS:
        hits = sum(s.field_hits.get(name, 0) for s in scores)
        print(f"  {name:24} {hits / matched if matched else 0:7.1%}")
    print("metadata accuracy:")
    for name in META_FIELDS:
        hits = sum(1 for s in scores if s.meta_hits.get(name))
        print(f"  {name:24} {hits / len(scores) if scores else 0:7.1%}")
    return 0 if all(s.f1 == 1.0 and s.meta_exact for s in scores) else 1


# ---------------------------------------------------------------------------------------
# Scans (OCR): rows are aligned by similar requirement text, since OCR may misread a
# character; a row is found when aligned, exact when every key field matches, and the
# character error rate measures how far the texts of aligned rows are from the expected.

UNIT_TEXT_FIELDS = ("lead_units_text", "responsible_units_text")
MIN_ROW_SIMILARITY = 0.6


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _text(value: object) -> str:
    normed = norm(value)
    return normed if isinstance(normed, str) else ""


def fuzzy_align(got: list[dict], expected: list[dict]) -> list[tuple[int, int]]:
    """Pairs (got index, expected index) in document order maximising the summed
    similarity of requirement texts, pairs below MIN_ROW_SIMILARITY left out."""
    a = [_text(r.get("requirement")) for r in got]
    b = [_text(r.get("requirement")) for r in expected]
    n, m = len(a), len(b)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            ratio = SequenceMatcher(None, a[i], b[j], autojunk=False).ratio()
            take = best[i + 1][j + 1] + ratio if ratio >= MIN_ROW_SIMILARITY else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs = []
    i = j = 0
    while i < n and j < m:
        ratio = SequenceMatcher(None, a[i], b[j], autojunk=False).ratio()
        if ratio >= MIN_ROW_SIMILARITY and best[i][j] == best[i + 1][j + 1] + ratio:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass
class ScanScore:
    name: str
    expected_rows: int = 0
    got_rows: int = 0
    found_rows: int = 0  # aligned
    exact_rows: int = 0  # aligned and every key field equal
    requirement_edits: int = 0
    requirement_chars: int = 0
    unit_edits: int = 0
    unit_chars: int = 0
    unit_lists_exact: int = 0
    meta_hits: dict[str, bool] = field(default_factory=dict)
    problems: int = 0
    error: str | None = None
    mismatches: list[str] = field(default_factory=list)

    def add(self, other: ScanScore) -> None:
        for name in [
            "expected_rows",
            "got_rows",
            "found_rows",
            "exact_rows",
            "requirement_edits",
            "requirement_chars",
            "unit_edits",
            "unit_chars",
            "unit_lists_exact",
            "problems",
        ]:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _f1(hits: int, got: int, expected: int) -> float:
        p = hits / got if got else float(expected == 0)
        r = hits / expected if expected else float(got == 0)
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def precision(self) -> float:
        return self.found_rows / self.got_rows if self.got_rows else float(not self.expected_rows)

    @property
    def recall(self) -> float:
        return (
            self.found_rows / self.expected_rows if self.expected_rows else float(not self.got_rows)
        )

    @property
    def row_f1(self) -> float:
        return self._f1(self.found_rows, self.got_rows, self.expected_rows)

    @property
    def exact_f1(self) -> float:
        return self._f1(self.exact_rows, self.got_rows, self.expected_rows)

    @property
    def requirement_cer(self) -> float:
        return self.requirement_edits / self.requirement_chars if self.requirement_chars else 0.0

    @property
    def unit_cer(self) -> float:
        return self.unit_edits / self.unit_chars if self.unit_chars else 0.0

    @property
    def unit_lists_rate(self) -> float:
        return self.unit_lists_exact / self.found_rows if self.found_rows else 0.0


def score_scan(
    name: str,
    got_rows: list[dict],
    got_meta: dict,
    expected_rows: list[dict],
    expected_meta: dict,
    problems: int = 0,
) -> ScanScore:
    score = ScanScore(name, len(expected_rows), len(got_rows), problems=problems)
    for gi, ei in fuzzy_align(got_rows, expected_rows):
        got, exp = got_rows[gi], expected_rows[ei]
        score.found_rows += 1
        misses = [f for f in KEY_FIELDS if norm(got.get(f)) != norm(exp.get(f))]
        if misses:
            score.mismatches.append(f"row {ei + 1}: {', '.join(misses)}")
        else:
            score.exact_rows += 1
        want = _text(exp.get("requirement"))
        score.requirement_edits += edit_distance(_text(got.get("requirement")), want)
        score.requirement_chars += len(want)
        for unit_field in UNIT_TEXT_FIELDS:
            want = _text(exp.get(unit_field))
            score.unit_edits += edit_distance(_text(got.get(unit_field)), want)
            score.unit_chars += len(want)
        if all(norm(got.get(f)) == norm(exp.get(f)) for f in UNIT_LIST_FIELDS):
            score.unit_lists_exact += 1
    for name_ in META_FIELDS:
        score.meta_hits[name_] = norm(got_meta.get(name_)) == norm(expected_meta.get(name_))
    return score


def score_scan_document(path: Path, rows_path: Path, meta_path: Path) -> ScanScore:
    expected_rows, expected_meta = load_expected(rows_path, meta_path)
    extraction, error = _extract(path)
    score = score_scan(
        path.name,
        extraction.rows,
        extraction.meta,
        expected_rows,
        expected_meta,
        problems=len(extraction.problems),
    )
    score.error = error
    return score


def print_scan_scores(scores: list[ScanScore]) -> ScanScore:
    """Per-file and overall figures; returns the overall score."""
    print(
        f"{'scan':44} {'exp':>4} {'got':>4} {'found':>5} {'exact':>5} {'rowF1':>6} "
        f"{'exactF1':>7} {'reqCER':>7} {'unitCER':>7} {'units=':>6} {'probs':>5}  meta"
    )
    total = ScanScore("all")
    for s in scores:
        total.add(s)
        meta = (
            "exact"
            if all(s.meta_hits.values())
            else "miss: " + ",".join(k for k, v in s.meta_hits.items() if not v)
        )
        print(
            f"{s.name:44} {s.expected_rows:4} {s.got_rows:4} {s.found_rows:5} {s.exact_rows:5} "
            f"{s.row_f1:6.1%} {s.exact_f1:7.1%} {s.requirement_cer:7.2%} {s.unit_cer:7.2%} "
            f"{s.unit_lists_rate:6.1%} {s.problems:5}  {s.error or meta}"
        )
        for line in s.mismatches[:5]:
            print(f"    {line}")
    print(
        f"\nall {len(scores)} scans: rows expected {total.expected_rows}, extracted "
        f"{total.got_rows}, found {total.found_rows}, exact {total.exact_rows}; "
        f"row P {total.precision:.1%} R {total.recall:.1%} F1 {total.row_f1:.1%}; "
        f"row-exact F1 {total.exact_f1:.1%}"
    )
    print(
        f"character error rate over aligned rows: requirement {total.requirement_cer:.2%}, "
        f"unit texts {total.unit_cer:.2%}; unit lists exact on {total.unit_lists_rate:.1%} of rows"
    )
    print("scan metadata accuracy:")
    for name in META_FIELDS:
        hits = sum(1 for s in scores if s.meta_hits.get(name))
        print(f"  {name:24} {hits / len(scores) if scores else 0:7.1%}")
    return total


def scan_main(argv: list[str]) -> int:
    """``--scans [DIR ...]``: score scan fixture sets (default: the scans made from the
    layout fixtures by tests/fixtures/scans/make_scans.py, written to a temp folder)."""
    import tempfile

    from tests.fixtures.scans.make_scans import write_scans

    if argv[:1] == ["--copier"]:
        from bench.copier_scans import copier_main

        return copier_main(argv[1:])

    with tempfile.TemporaryDirectory() as tmp:
        sets = [Path(a) for a in argv]
        if not sets:
            write_scans(Path(tmp))
            sets = [Path(tmp)]
        scores = [score_scan_document(*files) for d in sets for files in fixture_files(d)]
        total = print_scan_scores(scores)
    return 0 if total.row_f1 >= 0.98 and total.requirement_cer <= 0.01 else 1


# ---------------------------------------------------------------------------------------
# Prose notices (工作要点): rows aligned by requirement as above; a row is exact when every
# key field and its layout match; unit lists exact when the three role lists all match.
# Interpretations count their rows (there must be none).

PROSE_SETS = (
    ("tuned on", ROOT / "tests/fixtures/prose/tune"),
    ("held out (two fixes after its first run)", ROOT / "tests/fixtures/prose/heldout"),
    ("never seen before this run", ROOT / "tests/fixtures/prose/unseen"),
)


def prose_summary(scores: list[FileScore]) -> str:
    exp = sum(s.expected_rows for s in scores)
    got = sum(s.got_rows for s in scores)
    exact = sum(s.exact_rows for s in scores)
    matched = sum(s.matched_rows for s in scores)
    units = sum(s.unit_lists_exact for s in scores)
    p = exact / got if got else 1.0
    r = exact / exp if exp else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return (
        f"{len(scores):3} files: rows expected {exp}, extracted {got}, exact {exact}; "
        f"row F1 {f1:.1%}; unit lists exact {units}/{matched} "
        f"({units / matched if matched else 1.0:.1%}); "
        f"meta exact {sum(s.meta_exact for s in scores)}/{len(scores)}"
    )


def prose_main(argv: list[str]) -> int:
    """``--prose [DIR ...]``: prose fixtures, the tuned-on and held-out sets apart."""
    sets = [(Path(a).name, Path(a)) for a in argv] or list(PROSE_SETS)
    ok = True
    for label, folder in sets:
        scores = [score_document(*files) for files in fixture_files(folder)]
        print(f"== {label}: {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}")
        for s in scores:
            meta = (
                "exact"
                if s.meta_exact
                else "miss: " + ",".join(k for k, v in s.meta_hits.items() if not v)
            )
            print(
                f"  {s.name:40} {s.expected_rows:4} {s.got_rows:4} {s.exact_rows:5} "
                f"{s.f1:6.1%} units {s.unit_lists_exact}/{s.matched_rows}  {s.error or meta}"
            )
            for line in s.mismatches[:5]:
                print(f"      {line}")
        for fmt in FORMATS:
            chosen = [s for s in scores if s.name.endswith(f".{fmt}")]
            if chosen:
                print(f"  {fmt:5} {prose_summary(chosen)}")
        notices = [s for s in scores if s.expected_rows]
        interpretations = [s for s in scores if not s.expected_rows]
        print(f"  notices {prose_summary(notices)}")
        print(
            f"  interpretations: {len(interpretations)} files, "
            f"{sum(s.got_rows for s in interpretations)} rows extracted (expected 0)"
        )
        ok = ok and all(s.got_rows == 0 for s in interpretations)


# The page-break sweep: word-processor exports of each table style with the table's start
# moved down the first page in small steps (tests/fixtures/pagebreak/sweep.py), so that
# every row boundary and merged cell meets a page break. Rules are tuned on the even steps
# of some families; the figures that count are those of the steps and families not tuned on.


def sweep_main(argv: list[str]) -> int:
    """``--sweep [DIR] [--family NAME ...] [--steps N]``: generate the sweep into DIR (a
    temporary folder when not given; an existing DIR with PDFs is scored as it is) and print
    per family the files, page-break positions, rows, rows cut by a page, and row-exact F1
    and per-field accuracy on the tuned and the held-out documents."""
    import argparse
    import tempfile

    from tests.fixtures.layouts.wordproc.make_wordproc import rows_split_across_pages
    from tests.fixtures.pagebreak.sweep import FAMILIES, STEP_PT, STEPS, is_tuned, write_sweep

    parser = argparse.ArgumentParser(prog="bench.accuracy --sweep")
    parser.add_argument("dir", nargs="?", type=Path)
    parser.add_argument("--family", action="append")
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.dir or Path(tmp)
        families = args.family or list(FAMILIES)
        if not list((out / "pdf").glob("*.sweep.pdf")):
            write_sweep(out, families, range(args.steps))
        by_family: dict[str, list[tuple[int, FileScore, int]]] = {}
        for path, rows_path, meta_path in fixture_files(out):
            family, _, step_text = path.name.split(".")[0].rpartition("-")
            if not step_text.isdigit():
                continue  # not a sweep step (<family>-<step>)
            step = int(step_text)
            if family not in families or step >= args.steps:
                continue
            expected_rows, _ = load_expected(rows_path, meta_path)
            cut = rows_split_across_pages(path, [r["requirement"] for r in expected_rows])
            score = score_document(path, rows_path, meta_path)
            by_family.setdefault(family, []).append((step, score, len(cut)))
            if args.verbose and (score.f1 < 1.0 or score.error):
                print(f"{path.name}: F1 {score.f1:.3f} {score.error or ''}")
                for line in score.mismatches[:8]:
                    print(f"    {line}")
    print(
        f"{'family':11} {'set':8} {'files':>5} {'offsets pt':>12} {'rows':>5} {'cut':>4} "
        f"{'exact':>5} {'row F1':>7} {'worst field':>24}"
    )
    ok = True
    for family, results in by_family.items():
        for label, tuned in (("tuned", True), ("held-out", False)):
            chosen = [(s, sc, c) for s, sc, c in results if is_tuned(family, s) == tuned]
            if not chosen:
                continue
            scores = [sc for _, sc, _ in chosen]
            exp = sum(s.expected_rows for s in scores)
            got = sum(s.got_rows for s in scores)
            exact = sum(s.exact_rows for s in scores)
            p = exact / got if got else 1.0
            r = exact / exp if exp else 1.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            matched = sum(s.matched_rows for s in scores)
            fields = {
                name: sum(s.field_hits.get(name, 0) for s in scores) / matched if matched else 0.0
                for name in ROW_FIELDS
            }
            worst = min(fields, key=lambda k: fields[k])
            steps = [s for s, _, _ in chosen]
            offsets = f"{min(steps) * STEP_PT:.0f}-{max(steps) * STEP_PT:.0f}"
            print(
                f"{family:11} {label:8} {len(scores):5} {offsets:>12} {exp:5} "
                f"{sum(c for _, _, c in chosen):4} {exact:5} {f1:7.3f} "
                f"{worst:>17} {fields[worst]:.3f}"
            )
            if not tuned:
                ok = ok and f1 >= 0.995 and min(fields.values()) >= 0.99
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--sweep"]:
        raise SystemExit(sweep_main(sys.argv[2:]))
    if sys.argv[1:2] == ["--scans"]:
        raise SystemExit(scan_main(sys.argv[2:]))
    if sys.argv[1:2] == ["--prose"]:
        raise SystemExit(prose_main(sys.argv[2:]))
    raise SystemExit(main(sys.argv[1:]))
