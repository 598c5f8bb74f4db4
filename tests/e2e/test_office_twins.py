"""The pipeline on a folder of Word, Excel and OFD twins of a known notice loads the same task
rows as its PDF twin, and records each document's format (real fetch, extraction,
great-expectations validation and DuckDB load; one warehouse per format, since twins of
one notice would otherwise supersede each other)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline import extracting, fetching, loading
from pipeline.settings import Settings
from tests.fixtures.ofd.make_ofd import make_ofd
from tests.soffice_gate import needs_soffice, require_soffice

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
OFFICE = REPO / "tests" / "fixtures" / "office"
TWINS = {
    "pdf": REPO / "tests/fixtures/layouts/pdf/wp-panzhihua-2017.word.pdf",
    "docx": OFFICE / "docx/wp-panzhihua-2017.sections.docx",
    "doc": OFFICE / "doc/wp-panzhihua-2017.sections.doc",
    "xlsx": OFFICE / "xlsx/att-panzhihua-2017.book.xlsx",
    "xls": OFFICE / "xls/att-panzhihua-2017.book.xls",
}
# Everything a task row holds but its identity (notice and document ids differ by file)
# and its data-quality status (that of its notice, below).
ROW_COLUMNS = (
    "row, seq, section, requirement, lead_units_text, responsible_units_text, deadline_text, "
    "lead_units, responsible_units, cooperating_units, frequencies, deadline_date"
)
# A workbook holds only the table: no notice title or issuer is printed, so on its own (a
# folder source, no notice page to inherit them from) its notice is quarantined for them.
ATTACHMENT_REASONS = {"title_present", "issuer_present"}


def _load_folder(source: Path, tmp: Path) -> Path:
    """fetch → extract → validate → load, as `notices run` does before dbt."""
    folder = tmp / "inbox"
    folder.mkdir()
    # extension-less names: the format comes from the bytes
    shutil.copy(source, folder / "download")
    config = tmp / "sources.yml"
    config.write_text(
        f"sources:\n  - id: twins\n    type: dir\n    path: {folder}\n", encoding="utf-8"
    )
    settings = Settings.from_env(home=tmp / "home")
    settings.ensure_dirs()
    fetching.fetch(settings, config)
    outcomes = extracting.extract_many(settings, extracting.pending_documents(settings), workers=1)
    loading.validate_and_load(settings, outcomes)
    return settings.warehouse_path


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for fmt, source in TWINS.items():
        if needs_soffice(source):
            try:
                require_soffice()
            except pytest.skip.Exception:
                continue  # the doc twin's test reports the skip
        out[fmt] = _load_folder(source, tmp_path_factory.mktemp(fmt))
    return out


def _loaded(path: Path) -> tuple[list[tuple], list[tuple], set[str]]:
    """(task rows, documents' format and status, the notice's dq reasons)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(f"select {ROW_COLUMNS} from raw.task_rows order by row").fetchall()
        documents = con.execute("select format, status, error_kind from raw.documents").fetchall()
        (reasons,) = con.execute("select dq_reasons from raw.notices").fetchone()
    finally:
        con.close()
    return rows, documents, set(reasons or [])


@pytest.mark.parametrize("fmt", ["docx", "doc", "xlsx", "xls"])
def test_office_twin_loads_the_same_task_rows_as_the_pdf(
    warehouses: dict[str, Path], fmt: str
) -> None:
    if needs_soffice(TWINS[fmt]):
        require_soffice()
    pdf_rows, pdf_documents, pdf_reasons = _loaded(warehouses["pdf"])
    rows, documents, reasons = _loaded(warehouses[fmt])
    assert (pdf_documents, pdf_reasons) == ([("pdf", "extracted", None)], set())
    assert len(pdf_rows) == 19
    assert rows == pdf_rows
    if fmt in ("xlsx", "xls"):
        assert documents == [(fmt, "quarantined", None)]
        assert reasons == ATTACHMENT_REASONS
    else:
        assert (documents, reasons) == ([(fmt, "extracted", None)], set())


def test_unsupported_attachment_is_failed_with_its_type_named(tmp_path: Path) -> None:
    source = tmp_path / "notice.gif"
    source.write_bytes(b"GIF89a" + bytes(64))
    con = duckdb.connect(str(_load_folder(source, tmp_path)), read_only=True)
    try:
        documents = con.execute(
            "select format, status, error_kind, error_message from raw.documents"
        ).fetchall()
    finally:
        con.close()
    assert [d[:3] for d in documents] == [("gif", "failed", "unsupported_format")]
    assert "GIF" in documents[0][3]


def test_ofd_twin_loads_the_same_task_rows_as_the_pdf(
    warehouses: dict[str, Path], tmp_path: Path
) -> None:
    source = tmp_path / "notice.ofd"
    source.write_bytes(make_ofd(TWINS["pdf"].read_bytes(), "runs"))
    rows, documents, reasons = _loaded(_load_folder(source, tmp_path))
    pdf_rows, _, pdf_reasons = _loaded(warehouses["pdf"])
    assert len(pdf_rows) == 19
    assert (rows, documents, reasons) == (pdf_rows, [("ofd", "extracted", None)], pdf_reasons)
