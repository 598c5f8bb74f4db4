"""Excel .xls (and WPS's .et, the same BIFF8 format) → blocks, with python-calamine.

calamine reads BIFF8 and exposes its merged ranges, so no LibreOffice conversion is
needed for Excel (a conversion would cost a second or more per file and a dependency)."""

from __future__ import annotations

import io

from python_calamine import CalamineWorkbook

from extract.errors import ExtractionError
from extract.office.sheet import Merge, Sheet, cell_text, check_size, read_sheet, workbook_blocks
from extract.table.document import ReadDocument


def read_xls(data: bytes) -> ReadDocument:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [_sheet(book, index, name) for index, name in enumerate(book.sheet_names)]
    except ExtractionError:
        raise
    except Exception as error:  # calamine raises its own errors for damaged BIFF records
        raise ExtractionError(
            "corrupt", f"cannot read the workbook: {type(error).__name__}: {error}"[:200]
        ) from None
    return ReadDocument(blocks=workbook_blocks(sheets), pages=len(sheets))


def _sheet(book: CalamineWorkbook, index: int, name: str) -> Sheet:
    sheet = book.get_sheet_by_index(index)
    check_size(sheet.total_height, sheet.total_width, name)
    values = [[cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    merges: list[Merge] = [
        (r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])
    ]
    return read_sheet(name, values, merges)
