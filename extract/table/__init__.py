"""The format-neutral table model: grid of cells → header → body rows → stitching →
logical rows. Readers (extract/pdf, extract/html_page, extract/office, extract/ocr) build
the grid; nothing here knows a file format."""
