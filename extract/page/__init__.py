"""The page model of fixed-layout formats and the table finder over it.

PDF (extract/pdf/), scanned pages (extract/ocr/) and OFD pages are read into
`content.PageContent` (chars with boxes, rule segments); everything here works on that
model only: lines and paragraphs, the table's area, its columns, the grid of each page.
Each stage is a small pure function over plain data, in the spirit of pdfplumber's
table.py, so that every stage can be tested alone.
"""
