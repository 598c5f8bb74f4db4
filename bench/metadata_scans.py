"""Metadata of scanned notices, field by field: the metadata tuning set.

    python -m bench.metadata_scans [--seed 22000] [--files SUBSTRING,...] [--shard K/N]
        [--scans DIR] [--out FILE]

Each typeset input that is not a REPORT file (``bench.copier_scans.WIDE``: the TUNE
files, the other layout fixtures, the office fixtures' prints), a few of
``bench.office_prints``' variants of the non-REPORT office .docx and .xlsx, and new
notices written here by python-docx (``NEW``: other titles, 文号, issuers, regions and
dates, some with a 序号 column) and printed by LibreOffice has the pages the metadata
is read from scanned: its first page, its seal page (the page the copier stamps over the
signing date, else its last lines) and its table title's page; the other pages keep
their text layer. Two scans a file:

- the copier (tests/fixtures/scans/copier.py) at 200 dpi grey, its draw from a seed of
  ``--seed`` or more (20000+: 100–999, 5150 and 9000–9999 are the held-out and TUNE
  seeds), with the seal forced over the signing date;
- the second scanner's process (poppler + Pillow, `bench.independent_scans`) at 150, 200
  or 300 dpi by turn, with no seal, a grey seal or (in colour) a red seal by turn.

Each field (title, 文号, issuer, date, year, region, table title, body) is compared with
the file's expected metadata (for the new notices: their text layer's, which must equal
what was written) and each miss is counted apart as **empty** (nothing read; a
``low_confidence`` problem should say so) or **wrong** (a guess). ``--out`` writes one
JSON line per scan for comparing two checkouts. Every input here was made by this
project's code (tenth round, issue 24 part y).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import tempfile
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageEnhance, ImageFilter

from bench.accuracy import _extract, load_expected, norm
from bench.copier_scans import OFFICE, WIDE, typeset_pdf
from tests.fixtures.scans.copier import (
    Mode,
    _add_image_page,
    _page_lines,
    _seal_place,
    _stamp_seal,
    draw,
    scan_pdf,
)

FIELDS = ("title", "doc_number", "issuer", "publish_date", "year", "region", "table_title", "body")
# office prints (bench.office_prints) of the office fixtures that are not REPORT files
PRINTS = (
    ("wp-ningyang-2017.nested.docx", "pt12"),
    ("wp-ningyang-2017.nested.docx", "hei12"),
    ("wp-shouguang-2019.pagebreak.docx", "gongwen-table12"),
    ("wp-shouguang-2019.pagebreak.docx", "pt13"),
    ("wp-panzhihua-2017.autonum.docx", "gongwen-table10.5"),
    ("att-panzhihua-2017.attachment.docx", "hei12"),
)
SECOND_SCANNER = (
    (150, "none"),
    (200, "grey"),
    (300, "red"),
    (200, "red"),
    (300, "none"),
    (150, "grey"),
)


# -- new notices: the layout fixtures' tables under other front matter --------------------


def _new_notices() -> list[tuple[str, object]]:
    """(slug, WpFixture) of notices whose front matter no fixture has."""
    from tests.fixtures.layouts.wordproc.wp_notices import FIXTURES

    def base(slug: str, variant: str = "word") -> object:
        return next(f for f in FIXTURES if f.notice.slug == slug and f.variant == variant)

    para = (
        "为深入贯彻落实国务院办公厅和省政府办公厅关于全面推进政务公开工作的部署，"
        "进一步提升政务公开标准化规范化水平，现将{t}印发给你们，请结合实际认真贯彻执行。",
        "各单位要切实加强组织领导，明确分管负责同志和具体承办人员，于每季度末前将工作进展"
        "情况报送{short}政务公开办公室。",
    )
    specs = [
        # slug, base fixture, issuer, 文号, year, date as printed, iso date, region dict
        (
            "new-sishui-2022",
            base("wp-liangshan-2021"),
            "泗水县人民政府办公室",
            "泗政办发〔2022〕8号",
            2022,
            "2022年4月28日",
            "2022-04-28",
        ),
        (
            "new-miyi-2020",
            base("wp-seqcol-panzhihua-2017"),
            "米易县人民政府办公室",
            "米府办发〔2020〕15号",
            2020,
            "二〇二〇年九月二十一日",
            "2020-09-21",
        ),
        (
            "new-feicheng-2018",
            base("wp-ningyang-2017"),
            "肥城市人民政府办公室",
            "肥政办字〔2018〕22号",
            2018,
            "二〇一八年十月十日",
            "2018-10-10",
        ),
        (
            "new-xichang-2023",
            base("wp-remarks-liangshan-2021"),
            "西昌市人民政府办公室",
            "西府办发〔2023〕31号",
            2023,
            "2023年12月1日",
            "2023-12-01",
        ),
        (
            "new-zoucheng-2016",
            base("wp-shaded-ningyang-2017"),
            "邹城市人民政府办公室",
            "邹政办发〔2016〕6号",
            2016,
            "2016年3月31日",
            "2016-03-31",
        ),
        (
            "new-renhe-2019",
            base("wp-panzhihua-2017"),
            "攀枝花市仁和区人民政府办公室",
            "攀仁府办发〔2019〕27号",
            2019,
            "二〇一九年五月二十日",
            "2019-05-20",
        ),
        (
            "new-pingyi-2024",
            base("wp-seqcol-panzhihua-2017"),
            "平邑县人民政府办公室",
            "平政办发〔2024〕3号",
            2024,
            "2024年1月30日",
            "2024-01-30",
        ),
    ]
    out = []
    for slug, fixture, issuer, number, year, date_text, iso in specs:
        place = issuer.removesuffix("人民政府办公室")
        table_title = f"{year}年{place}政务公开工作任务分解表"
        title = f"{issuer}关于印发{table_title}的通知"
        notice = replace(
            fixture.notice,  # type: ignore[attr-defined]
            slug=slug,
            red_head=f"{issuer}文件" if slug[-1] != "0" else None,
            doc_number=number,
            title=title,
            salutation=f"各乡镇人民政府（街道办事处），{place}政府各部门，各有关单位：",
            paragraphs=[
                para[0].format(t=f"《{table_title}》"),
                para[1].format(short=place.removesuffix("县").removesuffix("市")),
            ],
            attachment_line=f"附件：{table_title}",
            issuer=issuer,
            date_text=date_text,
            publish_date=iso,
            year=year,
            attachment_label="附件",
            table_title=table_title,
        )
        out.append((slug, replace(fixture, notice=notice)))  # type: ignore[type-var]
    return out


def _write_new(work: Path) -> list[tuple[str, Path, dict[str, Any]]]:
    """(name, text PDF, expected metadata) of the new notices, printed by LibreOffice;
    expected = the text layer's reading, checked against what was written."""
    from tests.fixtures.layouts.wordproc.make_wordproc import soffice_convert
    from tests.fixtures.office.make_office import word_document

    out = []
    sources = []
    for slug, fixture in _new_notices():
        path = work / f"{slug}.docx"
        if not path.exists():
            word_document(fixture).save(str(path))  # type: ignore[arg-type]
        sources.append((slug, fixture, path))
    missing = [p for _s, _f, p in sources if not p.with_suffix(".pdf").exists()]
    if missing:
        soffice_convert(missing, "pdf", work)
    for slug, fixture, path in sources:
        pdf = path.with_suffix(".pdf")
        meta = dict(_extract(pdf)[0].meta)
        notice = fixture.notice  # type: ignore[attr-defined]
        for name in ("title", "doc_number", "issuer", "publish_date", "table_title"):
            if norm(meta.get(name)) != norm(getattr(notice, name)):
                print(
                    f"  !! {slug} text layer {name} {meta.get(name)!r} != {getattr(notice, name)!r}"
                )
        out.append((slug, pdf, meta))
    return out


def _write_prints(work: Path) -> list[tuple[str, Path, dict[str, Any]]]:
    from bench.office_prints import WORD, word_print

    out = []
    for source, variant_name in PRINTS:
        variant = next(v for v in WORD if v.name == variant_name)
        pdf = work / f"{Path(source).stem}.{variant_name}.pdf"
        if not pdf.exists():
            made = word_print(OFFICE / "docx" / source, variant, work)
            if made != pdf:
                made.rename(pdf)
        slug = source.split(".")[0]
        meta = load_expected(
            OFFICE / "expected" / f"{slug}.jsonl", OFFICE / "expected" / f"{slug}.meta.json"
        )[1]
        out.append((f"{slug}.{variant_name}", pdf, meta))
    return out


def inputs(work: Path) -> list[tuple[str, Path, dict[str, Any]]]:
    out = []
    for fixture_set, relative in WIDE:
        slug = Path(relative).name.split(".")[0]
        meta_path = fixture_set / "expected" / f"{slug}.meta.json"
        if not meta_path.is_file():
            continue
        pdf = work / (Path(relative).stem + ".pdf")
        if not pdf.exists():
            made = typeset_pdf(fixture_set, relative, work)
            pdf = made
        out.append((Path(relative).stem, pdf, json.loads(meta_path.read_text(encoding="utf-8"))))
    return out + _write_prints(work) + _write_new(work)


# -- the scans ------------------------------------------------------------------------


def scanned_pages(pdf: bytes, table_title: str | None) -> tuple[tuple[int, ...], int]:
    """(1-based pages to scan: the first, the seal page and the table title's page, the
    pages the metadata is read from; the seal page, 1-based)."""
    source = pdfium.PdfDocument(pdf)
    try:
        count = len(source)
        texts = [_page_lines(source[i]) for i in range(count)]
        seal_index, _at = _seal_place(texts, source)
        key = norm(table_title or "")
        titled = [
            i + 1
            for i in range(count)
            if isinstance(key, str) and key[:8] in str(norm("".join(t for t, _b in texts[i])))
        ]
        return tuple(sorted({1, seal_index + 1, *titled[:1]})), seal_index + 1
    finally:
        source.close()


def second_scanner(
    pdf: bytes, dpi: int, seal: str, seed: int, issuer: str, table_title: str | None, work: Path
) -> bytes:
    """`bench.independent_scans`' scan (poppler, Pillow's rotation, blur 0.4, +8%, JPEG 70)
    of the chosen pages, a seal stamped over the signing date first (``grey``: the page
    then made grey; ``red``: kept in colour)."""
    pages, _seal_page = scanned_pages(pdf, table_title)
    source = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    texts = [_page_lines(source[i]) for i in range(len(source))]
    seal_index, seal_at = _seal_place(texts, source)
    path = work / f"second-{seed}.pdf"
    path.write_bytes(pdf)
    degradation = replace(draw(seed, dpi, "grey", issuer), dpi=dpi, jpeg_quality=95)
    try:
        for index in range(len(source)):
            if index + 1 not in pages:
                out.import_pages(source, [index])
                continue
            width, height = source[index].get_size()
            prefix = work / f"p{seed}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    str(dpi),
                    "-f",
                    str(index + 1),
                    "-l",
                    str(index + 1),
                    "-png",
                    str(path),
                    str(prefix),
                ],
                check=True,
                capture_output=True,
            )
            png = next(work.glob(f"p{seed}*.png"))
            image = np.array(Image.open(png).convert("RGB"))
            png.unlink()
            if seal != "none" and index == seal_index and seal_at is not None:
                scale = dpi / 72
                _stamp_seal(image, (seal_at[0] * scale, seal_at[1] * scale), degradation, nrng)
            page = Image.fromarray(image)
            if seal != "red":
                page = page.convert("L")
            limit = 0.6 if dpi <= 150 else 1.0
            page = page.rotate(
                rng.uniform(-limit, limit),
                resample=Image.Resampling.BICUBIC,
                fillcolor=255 if page.mode == "L" else (255, 255, 255),
            )
            page = page.filter(ImageFilter.GaussianBlur(0.4))
            page = ImageEnhance.Brightness(page).enhance(1.08)
            buffer = io.BytesIO()
            page.save(buffer, "JPEG", quality=70)
            pixels = np.array(Image.open(io.BytesIO(buffer.getvalue())))
            mode: Mode = "colour" if seal == "red" else "grey"
            _add_image_page(out, pixels, replace(degradation, mode=mode), width, height)
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()
        source.close()
        path.unlink()


def scans(
    name: str, pdf: Path, meta: dict[str, Any], base: int, turn: int, cache: Path
) -> list[tuple[str, Path]]:
    """(label, scanned PDF) of the file's two scans, made once into ``cache``."""
    data = pdf.read_bytes()
    pages, _seal_page = scanned_pages(data, meta.get("table_title"))
    issuer = meta.get("issuer") or "人民政府办公室"
    seed = base + zlib.crc32(name.encode()) % 1000
    out = []
    label = f"copier200-grey-seal-s{seed}"
    path = cache / f"{name}.{label}.pdf"
    if not path.exists():
        path.write_bytes(
            scan_pdf(data, replace(draw(seed, 200, "grey", issuer), seal=True), seed, pages)
        )
    out.append((label, path))
    dpi, seal = SECOND_SCANNER[turn % len(SECOND_SCANNER)]
    label = f"second{dpi}-{seal}-s{seed}"
    path = cache / f"{name}.{label}.pdf"
    if not path.exists():
        path.write_bytes(
            second_scanner(data, dpi, seal, seed, issuer, meta.get("table_title"), cache)
        )
    out.append((label, path))
    return out


def compare(got: dict[str, Any], expected: dict[str, Any]) -> dict[str, str]:
    """field -> "empty" or "wrong" for each field missed."""
    out = {}
    for name in FIELDS:
        if norm(got.get(name)) == norm(expected.get(name)):
            continue
        out[name] = "empty" if norm(got.get(name)) in (None, [], {}) else "wrong"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=22000)
    parser.add_argument("--files", default="")
    parser.add_argument("--shard", default="1/1")
    parser.add_argument("--scans", default="", help="keep inputs and scans in this folder")
    parser.add_argument("--out", default="", help="one JSON line per scan")
    args = parser.parse_args(argv)
    if args.seed < 20000:
        raise SystemExit("new tuning seeds start at 20000 (100-9999 are in use)")
    k, n = (int(v) for v in args.shard.split("/"))
    work = Path(args.scans or tempfile.mkdtemp(prefix="metadata-scans-"))
    work.mkdir(parents=True, exist_ok=True)
    wanted = [w for w in args.files.split(",") if w]
    every = inputs(work)
    chosen = [
        (turn, item)
        for turn, item in enumerate(every)
        if (not wanted or any(w in item[0] for w in wanted)) and turn % n == k - 1
    ]
    counts: dict[str, dict[str, int]] = {f: {"empty": 0, "wrong": 0} for f in FIELDS}
    total = exact = 0
    lines = []
    for turn, (name, pdf, meta) in chosen:
        for label, scanned in scans(name, pdf, meta, args.seed, turn, work):
            extraction, error = _extract(scanned)
            got = dict(extraction.meta)
            misses = compare(got, meta)
            low = [p.text for p in extraction.problems if "could not be read" in p.text]
            total += 1
            exact += not misses
            for field_name, how in misses.items():
                counts[field_name][how] += 1
            print(
                f"{name:42} {label:28} "
                + (
                    "exact"
                    if not misses
                    else "miss " + ",".join(f"{f}({h})" for f, h in misses.items())
                )
                + (f" {error}" if error else ""),
                flush=True,
            )
            for field_name in misses:
                if field_name != "body":
                    print(
                        f"    {field_name}: got {got.get(field_name)!r} want {meta.get(field_name)!r}"
                    )
                else:
                    print(f"    body: got {str(got.get('body'))[:160]!r}")
            for message in low:
                print(f"    low_confidence: {message}")
            lines.append(
                {
                    "file": name,
                    "scan": label,
                    "misses": misses,
                    "got": {f: got.get(f) for f in FIELDS if f in misses},
                    "low": low,
                }
            )
    if args.out:
        Path(args.out).write_text(
            "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
        )
    print(f"\nmetadata exact {exact} of {total} scans")
    print("field        wrong  empty")
    for name in FIELDS:
        print(f"{name:12} {counts[name]['wrong']:5}  {counts[name]['empty']:5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
