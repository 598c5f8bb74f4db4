"""The PDF table pipeline: page content → page grid → stitched table → logical rows.

Each stage is a small pure function over plain data (see the module of each stage), in the
spirit of pdfplumber's own table.py, so that every stage can be tested alone.
"""
