"""Extraction speed against plain pdfplumber, folder parallelism and peak memory.

    uv run python -m bench.extract_speed [--pages 300] [--formats-only]

0. documents/second per format (pdf, ofd, html, docx, doc, xlsx, xls) on the fixture twins
   (OFD: twins of the corpus and layout PDFs written for the run), and
   the LibreOffice conversion seconds per .doc document (measured and printed);
1. pages/second of our extraction (PDFium reader, and pdfplumber's for reference), of plain
   ``page.extract_tables()`` and of the chars-only limit (every character's code point and
   box read through pypdfium2, nothing else) on the same fixture PDFs in one run, best of
   ``--repeat`` passes in CPU seconds (the machine is shared: wall time measures the
   neighbours), with the ratios the issue sets: ours >= 5x plain, ours within 3x of the
   limit; then where our time goes (fonts, characters, paths, table stages);
2. a folder of PDFs extracted with one worker and with all cores;
3. peak RSS of extracting a generated table PDF of ``--pages`` pages (must stay < 1 GB).

    uv run python -m bench.extract_speed --pdf-speed [--repeat 3] [--before CHECKOUT]

1 only, on four sets of text PDFs: the fixtures (corpus and layouts), a sample of the
   scaling corpus (``bench.make_corpus 6 --seed 11``), a held-out sample (``--seed 23``)
   and the Word fixtures exported to PDF by LibreOffice; CPU and wall seconds, best of
   ``--repeat`` passes each; ``--before`` times our extraction as another checkout (e.g.
   main's worktree) has it too, in a child process, against the same plain baseline.

    uv run python -m bench.extract_speed --scans

4. scanned pages (OCR): seconds per page on one and on two processes, peak RSS of a worker;
   and seconds per page on one core of a copier scan at 200 dpi of a word-processor
   notice (the corpus's liangshan-2021.ruled.pdf, grey, tests/fixtures/scans/copier.py),
   against the seconds of its text layer in the same run (``--copier-only`` for this
   figure only; ``--against-min-width 320`` also reads the scan with the recogniser's
   former minimum line width, for the ratio of the two in one run; ``--against-fp32``
   also reads it with the fp32 recogniser alone, NOTICES_OCR_BF16=0 NOTICES_OCR_INT8=0,
   two runs each alternating, and compares the rows; ``--office`` adds a copier scan of
   an office print, a Word table at 12 pt; ``--int8`` reads with the int8 recogniser
   first; ``--before CHECKOUT`` also reads each scan as that checkout's code does, e.g.
   main's worktree, in a child process, two runs each alternating, and compares rows).

    uv run python -m bench.extract_speed --scans --stages [--kernel]

5. where a page's CPU time goes on the same copier scan: each stage's CPU seconds a page
   (less the stages it calls), with the lines, crops and detector runs it was given: the
   lines read once, those read again in fp32, the unread ink's and the seals' re-reads;
   ``--kernel`` counts the kernel's CPU seconds only (fresh memory's page faults).

    uv run python -m bench.extract_speed --scans --stages [--kernel] [--files A.pdf ...]
        [--before CHECKOUT]

   ``--files``: the stage table of those scanned PDFs instead (each read as a new
   document, their pages summed; e.g. Augraphy's kept scans), with this process's peak
   RSS; ``--before``: the same table for that checkout's code too (this bench's clock run
   on it in a child process), two runs each, alternating, the means side by side.
   ``--scans --copier-only --files A.pdf ... [--before CHECKOUT]`` reads those scans
   instead of the bench's and compares their rows with the checkout's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_PDFS = sorted((ROOT / "tests/fixtures/corpus/pdf").glob("*.pdf")) + sorted(
    (ROOT / "tests/fixtures/layouts/pdf").glob("*.pdf")
)


FORMATS = ("pdf", "ofd", "html", "docx", "doc", "xlsx", "xls")
FIXTURE_SETS = [ROOT / "tests/fixtures" / name for name in ("corpus", "layouts", "office")]


def format_speeds(repeat: int) -> None:
    """Documents per second of each format's fixtures, best of ``repeat`` passes; for the
    formats LibreOffice converts, its seconds per document."""
    from extract.api import extract_file
    from tests.fixtures.ofd.make_ofd import write_ofd_twins

    # OFD twins of the corpus and layout PDFs (every writer style in turn), written for the
    # run: the same notices as the PDF line, so the two lines compare readers.
    ofd_set = Path(tempfile.mkdtemp(prefix="bench-ofd-"))
    write_ofd_twins(ofd_set, FIXTURE_SETS[:2])
    print(f"{'format':8} {'docs':>5} {'seconds':>8} {'docs/s':>7} {'convert s/doc':>14}")
    for fmt in FORMATS:
        paths = sorted(p for d in [*FIXTURE_SETS, ofd_set] for p in d.glob(f"{fmt}/*.{fmt}"))
        if not paths:
            continue
        best, convert = float("inf"), 0.0
        for _ in range(repeat):
            start, converted = time.perf_counter(), 0.0
            for path in paths:
                try:
                    converted += extract_file(path).timings.get("convert_seconds", 0.0)
                except Exception as error:  # e.g. converter_missing: say so, go on
                    print(f"{fmt:8} {path.name}: {error}")
                    break
            else:
                elapsed = time.perf_counter() - start
                if elapsed < best:
                    best, convert = elapsed, converted
        if best == float("inf"):
            continue
        per_doc = f"{convert / len(paths):14.2f}" if convert else f"{'-':>14}"
        print(f"{fmt:8} {len(paths):5} {best:8.2f} {len(paths) / best:7.1f} {per_doc}")
    shutil.rmtree(ofd_set, ignore_errors=True)
    print()


def plain_pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def ours(path: Path) -> int:
    from extract.api import extract_file

    return extract_file(path).pages


def ours_pdfplumber(path: Path) -> int:
    """Our extraction with the reference reader (pdfplumber) instead of PDFium."""
    os.environ["NOTICES_PDF_READER"] = "pdfplumber"
    try:
        return ours(path)
    finally:
        del os.environ["NOTICES_PDF_READER"]


def chars_only(path: Path) -> int:
    """The floor of any reader built on PDFium from Python: every character's code point
    and box, one call each, and nothing else (no fonts, no paths, no table); PDFium given
    the box font for the fonts not embedded, as our reader gives it
    (extract/pdf/system_fonts.py), so that the limit stays our floor."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from extract.pdf.system_fonts import without_system_fonts

    box = [ctypes.c_double() for _ in range(4)]
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        with without_system_fonts():
            for index in range(len(pdf)):
                page = pdf[index]
                text_page = page.get_textpage()
                handle = text_page.raw
                for i in range(raw.FPDFText_CountChars(handle)):
                    raw.FPDFText_GetUnicode(handle, i)
                    raw.FPDFText_GetCharBox(handle, i, *box)
                text_page.close()
                page.close()
        return len(pdf)
    finally:
        pdf.close()


# `ours` as another checkout has it, timed in a child process as `timed_both` times it
_OURS_ELSEWHERE = """
import json, sys, time
from pathlib import Path
from extract.api import extract_file
repeat, paths = int(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
best_cpu = best_wall = float("inf")
for _ in range(repeat):
    start, wall = time.process_time(), time.perf_counter()
    pages = sum(extract_file(path).pages for path in paths)
    best_cpu = min(best_cpu, time.process_time() - start)
    best_wall = min(best_wall, time.perf_counter() - wall)
print(json.dumps([pages, best_cpu, best_wall]))
"""


def ours_in(checkout: Path, paths: list[Path], repeat: int) -> tuple[int, float, float]:
    """(pages, best CPU seconds, best wall seconds) of our extraction as the code of
    ``checkout`` (e.g. main's worktree) has it, with this interpreter and its packages, in
    a child process: the before of a change, measured in the same run as its after."""
    pages, cpu, wall = _run_in(checkout, _OURS_ELSEWHERE, [str(repeat), *map(str, paths)])
    return int(pages), float(cpu), float(wall)


def _run_in(checkout: Path, script: str, args: list[str]) -> Any:
    """The JSON on the last line ``script`` prints, run with this interpreter and its
    packages on the code of ``checkout``, in a child process."""
    found = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout.resolve())},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def timed(function, paths: list[Path], repeat: int) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """(pages, best CPU seconds of ``repeat`` passes)."""
    pages, cpu, _ = timed_both(function, paths, repeat)
    return pages, cpu


def timed_both(function, paths: list[Path], repeat: int) -> tuple[int, float, float]:  # type: ignore[no-untyped-def]
    """(pages, best CPU seconds, best wall seconds of ``repeat`` passes)."""
    best_cpu = best_wall = float("inf")
    pages = 0
    for _ in range(repeat):
        start, wall = time.process_time(), time.perf_counter()
        pages = sum(function(path) for path in paths)
        best_cpu = min(best_cpu, time.process_time() - start)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return pages, best_cpu, best_wall


def pdf_sets(folder: Path) -> dict[str, list[Path]]:
    """The three sets the reading-speed figures are given on (docs/scaling.md): the
    fixtures, a scaling-corpus sample and LibreOffice exports of the Word fixtures; the
    last two are made in ``folder`` for the run."""
    from bench.make_corpus import make_corpus
    from extract.office.convert import soffice_path

    make_corpus(6, folder / "scale", seed=11)
    make_corpus(6, folder / "held", seed=23)
    sources = sorted((ROOT / "tests/fixtures/office/docx").glob("*.docx"))
    subprocess.run(
        [str(soffice_path()), f"-env:UserInstallation={(folder / 'profile').as_uri()}"]
        + ["--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(folder / "lo")]
        + [str(s) for s in sources],
        check=True,
        capture_output=True,
        timeout=600,
        env={**os.environ, "HOME": str(folder)},
    )
    return {
        "fixtures (corpus + layouts)": FIXTURE_PDFS,
        "scaling sample (seed 11)": sorted((folder / "scale").glob("*.pdf")),
        "held-out sample (seed 23)": sorted((folder / "held").glob("*.pdf")),
        "LibreOffice exports": sorted((folder / "lo").glob("*.pdf")),
    }


def pdf_speed(repeat: int, before: Path | None = None) -> None:
    """Ours, plain extract_tables() and the chars-only limit on each set, in one run: pages/s
    in CPU and in wall seconds, and the two ratios the issue sets; with ``before`` (another
    checkout, e.g. main's worktree), ours as that code has it too, and its ratio to plain."""
    readers = {
        "plain": plain_pdfplumber,
        "limit": chars_only,
        "ours": ours,
        "ours (pdfplumber reader)": ours_pdfplumber,
    }
    names = [*readers, *(["ours before"] if before else [])]
    with tempfile.TemporaryDirectory() as tmp:
        sets = pdf_sets(Path(tmp))
        print(f"{'set':28} {'pages':>5} " + " ".join(f"{n:>24}" for n in names))
        print(f"{'':34} " + " ".join(f"{'p/s CPU':>12}{'p/s wall':>12}" for _ in names))
        for name, paths in sets.items():
            found = {n: timed_both(f, paths, repeat) for n, f in readers.items()}
            if before:
                found["ours before"] = ours_in(before, paths, repeat)
            cpu = {n: pages / c for n, (pages, c, _) in found.items()}
            wall = {n: pages / w for n, (pages, _, w) in found.items()}
            pages = found["ours"][0]
            print(
                f"{name:28} {pages:5} " + " ".join(f"{cpu[n]:12.1f}{wall[n]:12.1f}" for n in names)
            )
            if before:
                print(
                    f"{'':28} before: ours / plain {cpu['ours before'] / cpu['plain']:.2f} CPU, "
                    f"{wall['ours before'] / wall['plain']:.2f} wall; ours / ours before "
                    f"{cpu['ours'] / cpu['ours before']:.2f} CPU"
                )
            print(
                f"{'':28} ours / plain {cpu['ours'] / cpu['plain']:.2f} CPU, "
                f"{wall['ours'] / wall['plain']:.2f} wall (target >= 5); limit / ours "
                f"{cpu['limit'] / cpu['ours']:.2f} CPU, {wall['limit'] / wall['ours']:.2f} wall "
                "(target <= 3)"
            )
        for name, paths in sets.items():
            where_time_goes(paths, name)
        print(f"load average {os.getloadavg()[0]:.1f}")


def where_time_goes(paths: list[Path], name: str = "fixtures") -> None:
    """CPU seconds of each part of our PDF extraction over ``paths``: PDFium's page and
    text-page loads (the chars-only limit pays them too), the fonts' metrics, characters,
    paths, rules, the table stages (finding the table, grids, cells), the rows (assembling
    the table, prose, metadata, the rows and their fields) and their JSON."""
    import gc
    import json

    import pypdfium2 as pdfium

    from extract.api import _metadata, _rows
    from extract.limits import Limits
    from extract.page.content import line_or_rect_edges, rules_from_edges
    from extract.page.layout import document_from_contents
    from extract.pdf import pdfium_page
    from extract.pdf.document import read_pages_pdfium
    from extract.pdf.font_metrics import document_fonts
    from extract.pdf.system_fonts import without_system_fonts
    from extract.prose.document import read_prose
    from extract.table.document import assemble

    parts = dict.fromkeys(
        (
            "page load",
            "text-page load",
            "fonts",
            "characters",
            "paths",
            "rules",
            "table",
            "rows",
            "JSON",
        ),
        0.0,
    )
    # the cycle collector paused, as extraction pauses it (extract/pdf/document.py), and
    # the pages freed before it resumes: its walks are no part's
    gc.disable()
    # the box font in place of the system fonts, as the reader reads
    with without_system_fonts():
        for path in paths:
            data = path.read_bytes()
            clock = time.process_time()
            fonts = pdfium_page.PdfiumFonts(document_fonts(data))
            parts["fonts"] += time.process_time() - clock
            pdf = pdfium.PdfDocument(data)
            for index in range(len(pdf)):
                clock = time.process_time()
                page = pdf[index]
                parts["page load"] += time.process_time() - clock
                clock = time.process_time()
                text_page = page.get_textpage()
                parts["text-page load"] += time.process_time() - clock
                clock = time.process_time()
                pdfium_page._chars(text_page, index + 1, page.get_height(), fonts)
                parts["characters"] += time.process_time() - clock
                clock = time.process_time()
                out = pdfium_page._PathOut()
                edges = [
                    edge
                    for kind, obj, matrix in pdfium_page._objects(page)
                    if kind == pdfium_page.raw.FPDF_PAGEOBJ_PATH
                    for shape in pdfium_page._path_shapes(obj, matrix, page.get_height(), out)
                    for edge in line_or_rect_edges(*shape)
                ]
                parts["paths"] += time.process_time() - clock
                clock = time.process_time()
                rules_from_edges(edges)
                parts["rules"] += time.process_time() - clock
                text_page.close()
                page.close()
            pdf.close()
            contents = read_pages_pdfium(data, Limits())
            clock = time.process_time()
            document = document_from_contents(contents, [])
            parts["table"] += time.process_time() - clock
            clock = time.process_time()
            table = assemble(document)
            prose = read_prose(table.paragraphs)
            found = _metadata(table, prose)
            rows = _rows(table, prose, notice_id="", year=found.get("year"))
            parts["rows"] += time.process_time() - clock
            clock = time.process_time()
            "".join(json.dumps(row.to_json(), ensure_ascii=False) + "\n" for row in rows)
            parts["JSON"] += time.process_time() - clock
            del contents, document
    gc.enable()
    total = sum(parts.values())
    print(
        f"where our time goes on the {name} (CPU s): "
        + ", ".join(
            f"{part} {seconds:.3f} ({seconds / total:.0%})" for part, seconds in parts.items()
        )
    )


def make_table_pdf(path: Path, pages: int) -> None:
    """A ruled task table over ``pages`` pages (header repeated, merged category cells)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = landscape(A4)
    xs = [50, 150, 260, 370, width - 50]
    page = canvas.Canvas(str(path), pagesize=(width, height))
    for number in range(pages):
        top = height - 60
        rows = 12
        row_h = (top - 60) / (rows + 1)
        page.setFont("STSong-Light", 10)
        for i, label in enumerate(["工作任务", "牵头单位", "责任单位", "具体要求"]):
            page.drawString(xs[i] + 4, top - 14, label)
        for r in range(rows + 2):
            y = top - r * row_h
            start = xs[0] if r in (0, 1, rows + 1) or r % 4 == 1 else xs[1]
            page.line(start, y, xs[-1], y)
        for x in xs:
            page.line(x, top, x, top - (rows + 1) * row_h)
        for r in range(rows):
            y = top - (r + 1) * row_h - 14
            if r % 4 == 0:
                page.drawString(xs[0] + 4, y, f"（{r // 4 + 1}）类别{number}")
            page.drawString(xs[1] + 4, y, "县发改局牵头")
            page.drawString(xs[2] + 4, y, "各乡镇（街道）")
            page.drawString(xs[3] + 4, y, f"第{number + 1}页第{r + 1}项公开有关信息，及时发布。")
        page.showPage()
    page.save()


def _peak_child(path: str) -> tuple[int, int]:
    from extract.api import extract_file
    from extract.limits import Limits

    extraction = extract_file(Path(path), limits=Limits(max_pages=100_000))
    return len(extraction.rows), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--formats-only", action="store_true", help="only the per-format figures")
    args = parser.parse_args()

    format_speeds(args.repeat)
    if args.formats_only:
        return 0

    runs = {
        "pdfplumber extract_tables()": timed(plain_pdfplumber, FIXTURE_PDFS, args.repeat),
        "chars-only limit (pypdfium2)": timed(chars_only, FIXTURE_PDFS, args.repeat),
        "notices extract (ours)": timed(ours, FIXTURE_PDFS, args.repeat),
        "ours, pdfplumber reader": timed(ours_pdfplumber, FIXTURE_PDFS, args.repeat),
    }
    print(f"{'':32} {'pages':>6} {'CPU s':>8} {'pages/s':>8}")
    for name, (pages, seconds) in runs.items():
        print(f"{name:32} {pages:6} {seconds:8.2f} {pages / seconds:8.1f}")
    speed = {name: pages / seconds for name, (pages, seconds) in runs.items()}
    ratio = speed["notices extract (ours)"] / speed["pdfplumber extract_tables()"]
    limit = speed["chars-only limit (pypdfium2)"] / speed["notices extract (ours)"]
    print(
        f"ours / plain = {ratio:.2f} (target >= 5); limit / ours = {limit:.2f} (target <= 3); "
        f"ours / ours with pdfplumber = "
        f"{speed['notices extract (ours)'] / speed['ours, pdfplumber reader']:.2f}"
    )
    where_time_goes(FIXTURE_PDFS)

    from extract.cli_extract import extract_paths

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for copy in range(4):
            for path in FIXTURE_PDFS:
                shutil.copy(path, folder / f"{copy}-{path.name}")
        files = sorted(folder.iterdir())
        cores = os.cpu_count() or 1
        timings = {}
        for workers in sorted({1, cores}):
            start = time.perf_counter()
            with open(os.devnull, "w") as sink:
                stdout, sys.stdout = sys.stdout, sink
                try:
                    extract_paths(files, Path(tmp) / f"out{workers}", workers)
                finally:
                    sys.stdout = stdout
            timings[workers] = time.perf_counter() - start
        print(
            f"\nfolder of {len(files)} PDFs: "
            + ", ".join(f"{w} worker(s) {s:.2f}s" for w, s in timings.items())
            + f" (speed-up x{timings[1] / timings[cores]:.2f} on {cores} cores)"
        )

        big = Path(tmp) / "big.pdf"
        make_table_pdf(big, args.pages)
        with ProcessPoolExecutor(max_workers=1) as pool:
            rows, peak_kb = pool.submit(_peak_child, str(big)).result()
        peak_mb = peak_kb / 1024
        print(
            f"\n{args.pages}-page table PDF: {rows} rows, peak RSS {peak_mb:.0f} MB ({'ok' if peak_mb < 1024 else 'TOO MUCH'}, must be < 1024 MB)"
        )
    return 0 if ratio >= 1.0 and peak_mb < 1024 else 1


# ---------------------------------------------------------------------------------------
# Scanned pages (OCR): seconds per page on one and on two processes, and peak memory.


def _ocr_worker_warm() -> None:
    """Load the OCR models once in a worker, so timings are of pages, not of start-up."""
    from extract.ocr.engine import check_models
    from extract.ocr.settings import OcrSettings

    check_models(OcrSettings.from_env().threads)


def _ocr_extract(path: str) -> tuple[int, float, int]:
    """(pages, CPU seconds, peak RSS in kB of this worker) of extracting one scan."""
    from extract.api import extract_file

    before = resource.getrusage(resource.RUSAGE_SELF)
    pages = extract_file(Path(path)).pages
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return pages, cpu, after.ru_maxrss


def scan_figures(copies: int = 2) -> tuple[float, float, float]:
    """Print and return (s/page on 1 process, s/page on 2 processes, peak MB of a worker)
    for a fully scanned 4-page notice (tests/fixtures/scans/make_scans.py), extracted
    ``copies`` times per process count."""
    from tests.fixtures.scans.make_scans import Scan, make_scan

    scan = Scan("hrules-liangshan-2021.hrules.pdf", "scan", None, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / scan.name
        path.write_bytes(make_scan(scan))
        figures: dict[int, float] = {}
        cpu: dict[int, float] = {}
        peak_kb = 0
        for workers in (1, 2):
            with ProcessPoolExecutor(max_workers=workers) as pool:
                list(pool.map(_warm_and_wait, [workers] * workers))
                start = time.perf_counter()
                results = list(pool.map(_ocr_extract, [str(path)] * (copies * workers)))
                wall = time.perf_counter() - start
            pages = sum(r[0] for r in results)
            figures[workers] = wall / pages
            cpu[workers] = sum(r[1] for r in results) / pages
            peak_kb = max([peak_kb] + [r[2] for r in results])
    peak_mb = peak_kb / 1024
    threads = os.environ.get("NOTICES_OCR_THREADS", "1")
    print(
        f"\nscanned pages (OCR, {threads} thread(s) a process, {os.cpu_count()} cores): "
        f"{figures[1]:.2f} s/page on 1 process, {figures[2]:.2f} s/page on 2 processes "
        f"(x{figures[1] / figures[2]:.2f}); CPU {cpu[1]:.2f} s/page on 1 process, "
        f"{cpu[2]:.2f} on 2 (load average now {os.getloadavg()[0]:.1f}); "
        f"peak RSS of a worker {peak_mb:.0f} MB "
        f"({'ok' if peak_mb < 1536 else 'TOO MUCH'}, must be < 1536 MB)"
    )
    return figures[1], figures[2], peak_mb


def _warm_and_wait(workers: int) -> None:
    # Each worker warms its own models; the short sleep lets every worker take one call.
    _ocr_worker_warm()
    time.sleep(0.5 * (workers > 1))


def _scan_cases(office: bool) -> list[tuple[str, bytes, bytes]]:
    """(label, text-layer PDF, its copier scan at 200 dpi grey) of the bench's notice and,
    with ``office``, of an office print (a Word table at 12 pt typeset by LibreOffice,
    bench/office_prints.py's variant pt12: denser than the corpus's tables)."""
    from tests.fixtures.scans.copier import draw, scan_pdf

    chosen = [
        (
            "liangshan-2021.ruled.pdf",
            ROOT / "tests/fixtures/corpus/pdf/liangshan-2021.ruled.pdf",
            "梁山县人民政府办公室",
        )
    ]
    if office:
        print_pdf = ROOT / "tests/fixtures/office/pdf/att-panzhihua-2017.pt12.pdf"
        chosen.append(("office print att-panzhihua-2017.pt12.pdf", print_pdf, "人民政府办公室"))
    out = []
    for label, source, issuer in chosen:
        data = source.read_bytes()
        out.append((label, data, scan_pdf(data, draw(9418, 200, "grey", issuer), 9418)))
    return out


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _kernel_cpu() -> float:
    """This process's CPU seconds in the kernel alone (page faults: zeroing fresh memory)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


def _read_scan(scan: bytes, env: dict[str, str]) -> tuple[float, int, list[dict[str, Any]]]:
    """(CPU seconds, pages, rows) of extracting ``scan`` with ``env`` set in this process."""
    from extract.api import extract_bytes
    from extract.ocr import engine

    kept = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    # OpenVINO keeps what it prepared for each batch shape it has seen: a scan read again
    # in the same process would find its shapes ready, as no new document does. Compiled
    # anew (outside the clock), each reading starts as a fresh worker's first document.
    engine._bf16_recogniser.cache_clear()
    engine._bf16_detector.cache_clear()
    _ocr_worker_warm()
    try:
        start = _cpu()
        extraction = extract_bytes(scan, name="scan.pdf")
        return _cpu() - start, extraction.pages, extraction.rows
    finally:
        for key, value in kept.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


_SCAN_ELSEWHERE = """
import json, os, resource, sys
from pathlib import Path
from extract.api import extract_file
from extract.ocr.engine import check_models
check_models(int(os.environ.get("NOTICES_OCR_THREADS", "1")))
usage = resource.getrusage(resource.RUSAGE_SELF)
start = usage.ru_utime + usage.ru_stime
extraction = extract_file(Path(sys.argv[1]))
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime - start
print(json.dumps([extraction.pages, cpu, extraction.rows]))
"""


def scan_in(checkout: Path, scan: bytes) -> tuple[float, list[dict[str, Any]]]:
    """(CPU seconds a page, rows) of extracting ``scan`` as the code of ``checkout`` (e.g.
    main's worktree) has it, with this interpreter and its packages, in a child process
    (its models loaded before the clock starts): the before of a change, in the same run."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scan.pdf"
        path.write_bytes(scan)
        pages, cpu, rows = _run_in(checkout, _SCAN_ELSEWHERE, [str(path)])
    return float(cpu) / int(pages), list(rows)


def copier_figures(
    against_min_width: int = 0,
    against_fp32: bool = False,
    office: bool = False,
    int8: bool = False,
    before: Path | None = None,
    files: list[Path] | None = None,
) -> float:
    """Print and return CPU seconds per page of one process (one onnxruntime thread)
    extracting a 200-dpi greyscale copier scan of an office-typeset notice (and of an
    office print, with ``office``), read as the settings say (``int8``: the int8
    recogniser first); with ``against_min_width``, also the same scan read with that
    recogniser minimum width; with ``against_fp32``, also read by the fp32 recogniser
    alone (NOTICES_OCR_BF16=0, NOTICES_OCR_INT8=0, main's reading before bf16), twice
    each, alternating, in the same process: the ratio is the change whatever the load,
    and the rows of the two readings are compared; with ``before``, also read by the code
    of that checkout in a child process, before and after this process's own reading.
    With ``files`` (``--files``), those scanned PDFs are read instead (no text layer)."""
    from extract.api import extract_bytes

    first = {"NOTICES_OCR_INT8": "1"} if int8 else {}
    fp32 = {"NOTICES_OCR_BF16": "0", "NOTICES_OCR_INT8": "0"}
    _ocr_worker_warm()
    figure = 0.0
    cases = [(path.name, b"", path.read_bytes()) for path in files or []] or _scan_cases(office)
    for label, data, scan in cases:
        start = _cpu()
        text_pages = extract_bytes(data, name="text.pdf").pages if data else 0
        text_cpu = (_cpu() - start) / text_pages if text_pages else float("nan")
        wall = time.perf_counter()
        seconds, pages, rows = _read_scan(scan, first)
        wall_seconds = (time.perf_counter() - wall) / pages
        seconds /= pages
        figure = figure or seconds
        print(
            f"{'' if files else 'copier scan of '}{label}{'' if files else ' at 200 dpi, grey'}, {pages} pages: {seconds:.2f} CPU "
            f"s/page on one core ({wall_seconds:.2f} s/page wall, load average "
            f"{os.getloadavg()[0]:.1f}); its text layer {text_cpu:.3f} s/page "
            f"(x{seconds / text_cpu:.0f}); target <= 3 s/page: "
            f"{'ok' if seconds <= 3.0 else 'TOO SLOW'}",
            flush=True,
        )
        if before is not None:
            main_cpu, main_rows = scan_in(before, scan)
            again, _, _ = _read_scan(scan, first)
            main_cpu2, _ = scan_in(before, scan)
            ours, theirs = (seconds + again / pages) / 2, (main_cpu + main_cpu2) / 2
            print(
                f"  the same scan read by {before}: {theirs:.2f} CPU s/page; here {ours:.2f} "
                f"(x{ours / theirs:.2f}; mean of two runs each, alternating); rows "
                f"{'the same' if main_rows == rows else 'DIFFERENT'}",
                flush=True,
            )
        if against_fp32:
            before_cpu, _, before_rows = _read_scan(scan, fp32)
            again, _, again_rows = _read_scan(scan, first)
            before2, _, _ = _read_scan(scan, fp32)
            ours, fp32s = (seconds + again / pages) / 2, (before_cpu + before2) / 2 / pages
            same = rows == before_rows == again_rows
            print(
                f"  the same scan read by the fp32 recogniser alone: {fp32s:.2f} CPU s/page; "
                f"as set {ours:.2f} (x{ours / fp32s:.2f}; mean of two runs each, "
                f"alternating); rows {'the same' if same else 'DIFFERENT'} "
                f"({len(rows)} rows)",
                flush=True,
            )
    if against_min_width:
        # The same scan read with the recogniser's former minimum width (RapidOCR's 320
        # px), in the same process: the ratio is the change, whatever the machine's load.
        from extract.ocr import engine

        _, _, scan = _scan_cases(False)[0]
        kept = engine.REC_MIN_WIDTH
        seconds, pages, _ = _read_scan(scan, first)
        engine.REC_MIN_WIDTH = against_min_width
        engine._engine.cache_clear()
        engine._bf16_recogniser.cache_clear()  # its copy holds the minimum width too
        _ocr_worker_warm()
        wide, _, _ = _read_scan(scan, first)
        engine.REC_MIN_WIDTH = kept
        engine._engine.cache_clear()
        engine._bf16_recogniser.cache_clear()
        print(
            f"  the same scan with the recogniser's minimum width {against_min_width} px: "
            f"{wide / pages:.2f} CPU s/page; with {kept} px {seconds / pages:.2f} "
            f"(x{seconds / wide:.2f})"
        )
    return figure


# ---------------------------------------------------------------------------------------
# Where a scanned page's CPU time goes, stage by stage, with what each stage read.

# (module, function, stage): each function's time, less that of the stages it calls, is
# its stage's; a recogniser's reading (``engine._read``) inside the page's recognition is
# split by kind (first reading, fp32 again).
_STAGES = (
    ("extract.ocr.page", "grey_without_seals", "seals taken out, grey (seal.py)"),
    ("extract.ocr.page", "deskew", "deskew"),
    ("extract.ocr.page", "detect", "detector, page"),
    ("extract.ocr.lines", "detect_exact", "detector, second looks (detect_exact)"),
    ("extract.ocr.page", "rule_ink", "rule ink (adaptive threshold)"),
    ("extract.ocr.page", "find_rules", "rules (find_rules)"),
    ("extract.ocr.page", "carried_through_faint", "faint rules carried"),
    ("extract.ocr.page", "faint_row_rules", "faint row rules"),
    ("extract.ocr.page", "text_lines", "lines (text_lines, less second looks)"),
    ("extract.ocr.page", "recognise", "recogniser: crops padded (engine.recognise)"),
    ("extract.ocr.page", "grey_seals_thin_strokes_kept", "seals' thin strokes kept"),
    ("extract.ocr.page", "surer_under_seals", "lines under seals found"),
    ("extract.ocr.under_seal", "recognise", "recogniser, lines under seals again (fp32)"),
    ("extract.ocr.page", "with_unread_ink_read", "unread ink found"),
    ("extract.ocr.unread_ink", "recognise", "recogniser, unread ink read (fp32, 3 margins)"),
    ("extract.ocr.page", "without_rule_stubs", "rule stubs taken out"),
    ("extract.ocr.page", "_line_chars", "characters placed"),
)
_FIRST = "recogniser, first reading (each line once)"
_AGAIN = "recogniser, fp32 again (lines torn in the first reading)"


class _StageClock:
    """CPU seconds of each stage exclusive of the stages it calls, and how many items
    (lines, crops, runs) each stage was given."""

    def __init__(self, now: Any = _cpu) -> None:
        self.now = now  # the clock: CPU seconds, or the kernel's share of them
        self.seconds: dict[str, float] = {}
        self.items: dict[str, int] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[list[Any]] = []  # [stage, start, seconds of its callees]

    def timed(self, stage: str, function: Any, count: Any = None) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            self._stack.append([stage, self.now(), 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                name, start, inner = self._stack.pop()
                spent = self.now() - start
                self.seconds[name] = self.seconds.get(name, 0.0) + spent - inner
                self.calls[name] = self.calls.get(name, 0) + 1
                if count is not None:
                    self.items[name] = self.items.get(name, 0) + count(*args, **kwargs)
                if self._stack:
                    self._stack[-1][2] += spent

        return run

    def inside(self) -> str:
        return str(self._stack[-1][0]) if self._stack else ""


def stage_figures(
    env: dict[str, str] | None = None, kernel: bool = False, files: list[Path] | None = None
) -> dict[str, float]:
    """Print and return CPU seconds per page of each stage of reading the bench's copier
    scan, or the scanned PDFs ``files`` (``--files``: each compiled anew, their pages
    summed), in one process, the recogniser compiled anew as for a new document, with the
    lines, crops and detector runs each stage was given: what is read twice, and its cost.
    With ``kernel``, the kernel's CPU seconds only (``--stages --kernel``): fresh memory's
    page faults, which a new document's first batches of each new width pay in OpenVINO."""
    import importlib
    from contextlib import ExitStack
    from unittest import mock

    from extract.api import extract_bytes
    from extract.ocr import engine

    scans = [path.read_bytes() for path in files] if files else [_scan_cases(False)[0][2]]
    now = _kernel_cpu if kernel else _cpu
    clock = _StageClock(now)
    first_read = clock.timed(_FIRST, engine._read, lambda rec, padded, *a, **k: len(padded))
    again_read = clock.timed(_AGAIN, engine._read, lambda rec, padded, *a, **k: len(padded))
    plain_read = engine._read

    def read(
        rec: Any,
        padded: list[Any],
        pads: list[int],
        width: float = 0.0,
        sure: float = 0.0,
        **more: Any,
    ) -> Any:
        # only the page's own recognition is split by kind; the re-reads of unread ink
        # and of lines under seals are their callers' stages
        if clock.inside() != "recogniser: crops padded (engine.recognise)":
            return plain_read(rec, padded, pads, width, sure, **more)
        reader = again_read if width else first_read
        return reader(rec, padded, pads, width, sure, **more)

    # crops given to the recogniser (those asked for, where a caller says which)
    crops = {
        "recognise": lambda crops, *a, **k: (
            len(crops) if k.get("wanted") is None else sum(k["wanted"])
        )
    }
    kept = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    with ExitStack() as patches:
        for module, name, stage in _STAGES:
            owner = importlib.import_module(module)
            wrapped = clock.timed(stage, getattr(owner, name), crops.get(name))
            patches.enter_context(mock.patch.object(owner, name, wrapped))
        patches.enter_context(mock.patch.object(engine, "_read", read))
        pages, total = 0, 0.0
        for scan in scans:
            engine._bf16_recogniser.cache_clear()
            engine._bf16_detector.cache_clear()
            _ocr_worker_warm()
            start = now()
            pages += extract_bytes(scan, name="scan.pdf").pages
            total += now() - start
    for key, value in kept.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    figures = {stage: seconds / pages for stage, seconds in clock.seconds.items()}
    figures[_REST] = (total - sum(clock.seconds.values())) / pages
    what = f"{len(scans)} scans" if files else "the bench's copier scan"
    print(
        f"where a page's {'kernel ' if kernel else ''}CPU time goes: {what}, {pages} pages, "
        f"{total / pages:.2f} CPU s/page (load average {os.getloadavg()[0]:.1f}; peak RSS "
        f"of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )
    print(f"{'stage':58} {'s/page':>7} {'share':>6} {'calls':>6} {'items':>6}")
    for stage, seconds in sorted(figures.items(), key=lambda item: -item[1]):
        items = clock.items.get(stage)
        print(
            f"{stage:58} {seconds:7.3f} {seconds * pages / total:6.1%} "
            f"{clock.calls.get(stage, 0):6} {'' if items is None else items:>6}"
        )
    return figures


_REST = "the rest (render, table stages, metadata)"
_STAGES_ELSEWHERE = """
import json, runpy, sys
from pathlib import Path
bench = runpy.run_path(sys.argv[1], run_name="bench_elsewhere")
files = [Path(p) for p in sys.argv[3:]]
print(json.dumps(bench["stage_figures"](kernel=sys.argv[2] == "kernel", files=files or None)))
"""


def stages_against(before: Path, kernel: bool, files: list[Path] | None) -> None:
    """The stage table of this checkout and of ``before`` (e.g. main's worktree), each
    read by this bench's own clock in a child process on that checkout's code, two runs
    each, alternating, the means side by side: where a change's time went, in one run."""
    args = [str(Path(__file__).resolve()), "kernel" if kernel else "cpu"]
    args += [str(path.resolve()) for path in files or []]
    runs: dict[str, list[dict[str, float]]] = {"before": [], "here": []}
    # Both sides in fresh child processes, alike: with this checkout read in the bench's
    # own process, one page of main's code against the same code read x0.74 (detector
    # 1.18 against 0.34 s/page); both in children, x1.05 (docs/ocr_accuracy.md, part aj).
    for _ in range(2):
        runs["before"].append(_run_in(before, _STAGES_ELSEWHERE, args))
        runs["here"].append(_run_in(ROOT, _STAGES_ELSEWHERE, args))
    means = {
        side: {
            stage: sum(run.get(stage, 0.0) for run in found) / len(found)
            for stage in {stage for run in found for stage in run}
        }
        for side, found in runs.items()
    }
    stages = sorted(
        set(means["before"]) | set(means["here"]), key=lambda k: -means["here"].get(k, 0)
    )
    print(
        f"{'kernel ' if kernel else ''}CPU s/page by stage, {before} against this checkout "
        f"(mean of two runs each, alternating; load average {os.getloadavg()[0]:.1f})"
    )
    print(f"{'stage':58} {'before':>7} {'here':>7} {'ratio':>6}")
    for stage in [*stages, "total"]:
        if stage == "total":
            old, new = sum(means["before"].values()), sum(means["here"].values())
        else:
            old, new = means["before"].get(stage, 0.0), means["here"].get(stage, 0.0)
        ratio = f"x{new / old:.2f}" if old else ""
        print(f"{stage:58} {old:7.3f} {new:7.3f} {ratio:>6}")


if __name__ == "__main__":
    if "--pdf-speed" in sys.argv[1:]:
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
        before = Path(sys.argv[sys.argv.index("--before") + 1]) if "--before" in sys.argv else None
        pdf_speed(repeat, before)
        raise SystemExit(0)
    if "--scans" in sys.argv[1:]:
        os.environ.setdefault("NOTICES_OCR_THREADS", "1")
        # --files A.pdf B.pdf ...: these scans instead of the bench's (up to the next option)
        given = sys.argv[sys.argv.index("--files") + 1 :] if "--files" in sys.argv else []
        files = [
            Path(arg)
            for arg in given[
                : next((i for i, a in enumerate(given) if a.startswith("--")), len(given))
            ]
        ]
        if "--stages" in sys.argv[1:]:
            if "--before" in sys.argv:
                stages_against(
                    Path(sys.argv[sys.argv.index("--before") + 1]),
                    "--kernel" in sys.argv[1:],
                    files or None,
                )
            else:
                stage_figures(kernel="--kernel" in sys.argv[1:], files=files or None)
            raise SystemExit(0)
        against = sys.argv.index("--against-min-width") if "--against-min-width" in sys.argv else 0
        copier_figures(
            against_min_width=int(sys.argv[against + 1]) if against else 0,
            against_fp32="--against-fp32" in sys.argv[1:],
            office="--office" in sys.argv[1:],
            int8="--int8" in sys.argv[1:],
            before=Path(sys.argv[sys.argv.index("--before") + 1])
            if "--before" in sys.argv
            else None,
            files=files or None,
        )
        if "--copier-only" not in sys.argv[1:]:
            scan_figures()
        raise SystemExit(0)
    raise SystemExit(main())
