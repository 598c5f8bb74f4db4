"""Guards shared by the readers of zipped Office files (.docx, .xlsx)."""

from __future__ import annotations

import io
import zipfile

from extract.errors import ExtractionError

# A real notice's document.xml or sheet is a few MB at most; a zip bomb expands to GBs.
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024


def check_package(data: bytes, label: str) -> None:
    """Raise ``corrupt`` for a broken archive, ``too_large`` for one that expands too far."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            if unzipped > MAX_UNZIPPED_BYTES:
                raise ExtractionError(
                    "too_large",
                    f"the {label} expands to {unzipped} bytes, more than {MAX_UNZIPPED_BYTES}",
                )
            broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ExtractionError("corrupt", f"cannot open the {label} archive: {error}") from None
    if broken is not None:
        raise ExtractionError("corrupt", f"the {label} archive member {broken} is damaged")
