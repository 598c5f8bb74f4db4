"""Pictures that are a notice's pages (a table pasted into a Word file as a picture, an
OFD made from a scan) read by OCR as one scanned notice, through the OCR reader's entry
point (extract.ocr.image.read_image)."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from extract.table.document import ReadDocument

# Formats OCR reads (JPEG, PNG, TIFF, and BMP once converted); a picture may also be a
# vector drawing (EMF/WMF in Word), never a scan.
SCAN_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"BM")


def read_pictures(pictures: list[bytes]) -> ReadDocument | None:
    """The pictures read by OCR as the pages of one scanned notice (a table pasted as two
    pictures continues from the first to the second, as across scanned pages)."""
    from extract.ocr.image import read_image

    if len(pictures) == 1 and not pictures[0].startswith(b"BM"):
        return read_image(pictures[0])
    frames: list[Image.Image] = []
    for data in pictures:
        try:
            with Image.open(io.BytesIO(data)) as image:
                frames.append(image.convert("L"))
        except (UnidentifiedImageError, OSError, ValueError):
            continue
    if not frames:
        return None
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    return read_image(buffer.getvalue())
