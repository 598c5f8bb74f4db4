"""OFD twins read against their PDF twins: row-exact share per OFD writer style.

    uv run python -m bench.ofd_twins PDF [PDF ...]
    uv run python -m bench.ofd_twins --fuzz 700 739      # layout_fuzz notices (held out)

Every PDF is written as an OFD in each writer style of tests/fixtures/ofd/make_ofd.py
(per-char objects, DeltaX runs with the g shorthand, rules on a template page, a scaling
CTM, a seal) and both are extracted; a row counts when it equals the PDF twin's row of
the same index in every field but the notice id. The figure the OFD reader is held to:
row-exact >= 0.99 on notices it was never tuned on.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def _rows(extraction) -> list[dict]:  # type: ignore[no-untyped-def]
    return [{k: v for k, v in row.items() if k != "notice_id"} for row in extraction.rows]


def score(pdfs: list[Path]) -> int:
    from extract.api import extract_bytes, extract_file
    from extract.errors import ExtractionError
    from tests.fixtures.ofd.make_ofd import STYLES, make_ofd

    totals = {style: [0, 0] for style in STYLES}  # exact, expected
    files_exact = {style: 0 for style in STYLES}
    for pdf in pdfs:
        try:
            twin = _rows(extract_file(pdf))
        except ExtractionError as error:
            print(f"{pdf.name}: the PDF fails ({error.kind}); skipped")
            continue
        for style in STYLES:
            try:
                got = _rows(extract_bytes(make_ofd(pdf.read_bytes(), style), name="x.ofd"))
            except ExtractionError as error:
                got = []
                print(f"{pdf.name} {style}: {error.kind}: {error.message}")
            exact = sum(1 for a, b in zip(got, twin, strict=False) if a == b)
            if len(got) != len(twin):
                exact = min(exact, len(twin) - abs(len(got) - len(twin)))
            totals[style][0] += max(exact, 0)
            totals[style][1] += len(twin)
            files_exact[style] += got == twin
            if got != twin:
                print(f"{pdf.name} {style}: {exact}/{len(twin)} rows exact")
    print(f"\n{'style':9} {'files exact':>12} {'rows exact':>11} {'of':>6} {'share':>7}")
    all_exact = all_rows = 0
    for style, (exact, rows) in totals.items():
        all_exact += exact
        all_rows += rows
        share = exact / rows if rows else 1.0
        print(f"{style:9} {files_exact[style]:6}/{len(pdfs):<5} {exact:11} {rows:6} {share:7.2%}")
    share = all_exact / all_rows if all_rows else 1.0
    print(
        f"{'all':9} {sum(files_exact.values()):6}/{len(pdfs) * len(STYLES):<5} {all_exact:11} {all_rows:6} {share:7.2%}"
    )
    return 0 if share >= 0.99 else 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["--fuzz"]:
        import subprocess

        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, "-m", "bench.layout_fuzz", argv[1], argv[2], "--range"]
                + ["--out", tmp],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            return score(sorted(Path(tmp).glob("*.pdf")))
    return score([Path(a) for a in argv])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
