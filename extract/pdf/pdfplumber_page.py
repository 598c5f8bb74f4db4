"""Read one PDF page with pdfplumber (pdfminer's layout) into the page model, and release
the page right after."""

from __future__ import annotations

from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTImage, LTLine, LTRect
from pdfplumber.page import Page

from extract.page.content import Char, Edge, PageContent, line_or_rect_edges, page_content


def read_page(page: Page) -> PageContent:
    """Chars and merged rules of a page; the page's parsed objects are freed afterwards.

    Reads pdfminer's layout objects directly instead of ``page.chars``/``page.edges``: those
    turn every object into a dict of ~30 attributes, a quarter of the page's parse time.
    """
    try:
        mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
        height = float(page.height)
        chars: list[Char] = []
        edges: list[Edge] = []
        images = False
        stack: list[Any] = list(page.layout)
        while stack:
            obj = stack.pop()
            if isinstance(obj, LTChar):
                text = obj.get_text()
                if obj.upright and text.strip():
                    chars.append(
                        Char(
                            obj.x0 + mb_x0,
                            obj.x1 + mb_x0,
                            height - obj.y1 + mb_top,
                            height - obj.y0 + mb_top,
                            text,
                            round(obj.size, 1),
                        )
                    )
            elif isinstance(obj, LTRect | LTLine):
                edges.extend(
                    line_or_rect_edges(
                        obj.x0 + mb_x0,
                        obj.x1 + mb_x0,
                        height - obj.y1 + mb_top,
                        height - obj.y0 + mb_top,
                        isinstance(obj, LTLine),
                    )
                )
            elif isinstance(obj, LTImage):
                images = True
            elif isinstance(obj, LTContainer):
                stack.extend(obj)
        chars.sort(key=lambda c: (c.top, c.x0))
        return page_content(
            page.page_number, float(page.width), height, chars, edges, has_images=images
        )
    finally:
        page.close()
