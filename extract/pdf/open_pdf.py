"""Open a PDF and turn every way it can fail into one ExtractionError kind."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.pdf import PDF

from extract.errors import ExtractionError
from extract.limits import Limits


def _kind_of(error: BaseException) -> str:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, PDFPasswordIncorrect | PDFEncryptionError):
            return "encrypted"
        name = type(seen).__name__.lower()
        if "password" in name or "encrypt" in name:
            return "encrypted"
        seen = (
            seen.__cause__
            or seen.__context__
            or (seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None)
        )
    return "corrupt"


@contextmanager
def open_pdf(data: bytes, limits: Limits) -> Iterator[PDF]:
    """The opened PDF; raises ``encrypted``, ``corrupt`` or ``too_large``."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = len(pdf.pages)
    except ExtractionError:
        raise
    except (PSException, Exception) as error:  # pdfminer raises many unrelated types
        kind = _kind_of(error)
        detail = (
            str(error).strip().splitlines()[0][:160] if str(error).strip() else type(error).__name__
        )
        raise ExtractionError(kind, f"cannot open the PDF: {detail}") from None
    try:
        if pages == 0:
            raise ExtractionError("corrupt", "the PDF has no pages")
        if pages > limits.max_pages:
            raise ExtractionError(
                "too_large", f"{pages} pages, more than the limit of {limits.max_pages}"
            )
        yield pdf
    finally:
        pdf.close()
