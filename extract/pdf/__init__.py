"""Reading a PDF into the page model (extract/page/): the text layer through pdfplumber,
scanned pages through OCR (extract/ocr/)."""
