"""Excel .xlsx → blocks (openpyxl: cached values, merged ranges as spans)."""

from __future__ import annotations

import io
import warnings

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from extract.errors import ExtractionError
from extract.office.package import check_package
from extract.office.sheet import Merge, Sheet, cell_text, check_size, read_sheet, workbook_blocks
from extract.table.document import ReadDocument


def read_xlsx(data: bytes) -> ReadDocument:
    check_package(data, ".xlsx")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown extensions, data validation, styles
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises KeyError, ValueError, lxml errors...
        raise ExtractionError(
            "corrupt", f"cannot read the workbook: {type(error).__name__}: {error}"[:200]
        ) from None
    sheets = [_sheet(ws) for ws in book.worksheets]
    return ReadDocument(blocks=workbook_blocks(sheets), pages=len(sheets))


def _sheet(ws: Worksheet) -> Sheet:
    check_size(ws.max_row, ws.max_column, ws.title)
    values = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    merges: list[Merge] = [
        (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
    ]
    return read_sheet(ws.title, values, merges)
