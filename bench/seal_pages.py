"""Metadata under a grey seal: the seal page of every tuning input, scanned alone.

    python -m bench.seal_pages [--seed 21000] [--draws 2] [--modes grey] [--files SUBSTRING,...]

For each typeset input that is not a REPORT file (``bench.copier_scans.WIDE``: the TUNE
files, the other layout fixtures' Word and LibreOffice exports, the office prints), the
page the copier stamps its seal on (over the signing date where a page has one) is
scanned alone by tests/fixtures/scans/copier.py with the seal forced and the copier's
hardest corner for a seal: blurred (0.7–1.0 px) and brightened (+15…+35), greyish ink
(contrast 0.75–0.9), so that the text's thin strokes are as light as the seal's grey. The
other pages keep their text layer. Each scan's metadata (title, 文号, issuer, date,
region, body) is compared with the expected file's; the misses are printed with what was
read. Seeds start at ``--seed`` (20000 or more: 100–999, 5150 and 9000–9999 are the
copier's TUNE and REPORT seeds) — new tuning inputs (ninth round, issue 24 part v).
"""

from __future__ import annotations

import sys
import tempfile
import zlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from bench.accuracy import META_FIELDS, _extract, load_expected, norm
from bench.copier_scans import WIDE, typeset_pdf
from tests.fixtures.scans.copier import Degradation, Mode, _page_lines, _seal_place, draw, scan_pdf


def seal_page(pdf: bytes) -> tuple[int, bool]:
    """(1-based page the copier stamps its seal on, whether it falls on a signing date)."""
    source = pdfium.PdfDocument(pdf)
    try:
        texts = [_page_lines(source[i]) for i in range(len(source))]
        index, _at = _seal_place(texts, source)
        on_date = any(
            all(c in text for c in "年月日") and len(text) <= 20 for text, _box in texts[index]
        )
        return index + 1, on_date
    finally:
        source.close()


def hard_seal(seed: int, mode: Mode, issuer: str) -> Degradation:
    """The copier's draw from ``seed`` with the seal forced, blurred and brightened."""
    rng = np.random.default_rng(seed + 1)
    return replace(
        draw(seed, 200, mode, issuer),
        seal=True,
        blur=round(float(rng.uniform(0.7, 1.0)), 2),
        brightness=round(float(rng.uniform(15.0, 35.0)), 1),
        contrast=round(float(rng.uniform(0.75, 0.9)), 2),
    )


def main(argv: list[str]) -> int:
    options = dict(zip(argv[::2], argv[1::2], strict=False))
    base = int(options.get("--seed", "21000"))
    if base < 20000:
        raise SystemExit("new tuning seeds start at 20000 (100-9999 are in use)")
    draws = int(options.get("--draws", "2"))
    modes: list[Mode] = [m for m in options.get("--modes", "grey").split(",")]  # type: ignore[misc]
    wanted = [w for w in options.get("--files", "").split(",") if w]
    files = [f for f in WIDE if not wanted or any(w in f[1] for w in wanted)]
    hits = {name: 0 for name in META_FIELDS}
    total = exact = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for fixture_set, relative in files:
            pdf = typeset_pdf(fixture_set, relative, work).read_bytes()
            slug = Path(relative).name.split(".")[0]
            rows = fixture_set / "expected" / f"{slug}.jsonl"
            meta_path = fixture_set / "expected" / f"{slug}.meta.json"
            if not meta_path.is_file():
                continue
            expected = load_expected(rows, meta_path)[1]
            page, on_date = seal_page(pdf)
            for mode in modes:
                for k in range(draws):
                    seed = base + zlib.crc32(f"{relative}|{mode}|{k}".encode()) % 1000
                    degradation = hard_seal(seed, mode, expected.get("issuer") or "人民政府办公室")
                    scanned = work / f"{Path(relative).stem}.s{seed}.pdf"
                    scanned.write_bytes(scan_pdf(pdf, degradation, seed, pages=(page,)))
                    extraction, error = _extract(scanned)
                    got = extraction.meta
                    misses = [n for n in META_FIELDS if norm(got.get(n)) != norm(expected.get(n))]
                    total += 1
                    exact += not misses
                    for n in META_FIELDS:
                        hits[n] += n not in misses
                    where = "date" if on_date else "last lines"
                    print(
                        f"{Path(relative).stem:40} p{page} {mode} s{seed} ({where}, blur "
                        f"{degradation.blur}, +{degradation.brightness}, contrast "
                        f"{degradation.contrast}): "
                        + ("exact" if not misses else "miss " + ",".join(misses))
                        + (f" {error}" if error else ""),
                        flush=True,
                    )
                    for n in misses:
                        if n != "body":
                            print(f"    {n}: got {got.get(n)!r} want {expected.get(n)!r}")
    print(f"\nmetadata exact {exact} of {total}")
    print("  " + ", ".join(f"{n} {hits[n]}/{total}" for n in META_FIELDS))
    return 0 if exact == total else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
