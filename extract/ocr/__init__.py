"""Scanned pages by OCR: render (pypdfium2) → deskew → rules by morphology (OpenCV) →
text lines by RapidOCR → the same page content a text layer gives (`extract.pdf`)."""
