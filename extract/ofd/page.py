"""One OFD page (its template pages and its own layers) → the page model: chars with boxes
and rule segments in points, y down, as a PDF page gives them (extract/page/content.py).

Text is read from ``TextObject``/``TextCode`` only: images (``ImageObject``, a seal pasted
on the page) are never text, and annotations and signatures (``Annots/``, ``Signs/``,
where OFD keeps stamps) are not part of a page's content at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree

from extract.ofd.geometry import (
    MM_TO_PT,
    Matrix,
    glyph_width,
    parse_deltas,
    parse_matrix,
    parse_path,
)
from extract.ofd.package import OfdDocument, PagePart, children, local, parse_box
from extract.page.content import Char, PageContent, line_edge, page_content

# A glyph's box around its baseline, in ems: 0.86 above, 0.14 below (the ascent and
# descent of the CJK fonts notices are set in); the box is one em tall, as pdfminer
# makes a PDF char's.
DESCENT = 0.14
# A path thinner than this (points) is one rule, whatever its outline (a filled rect
# drawn as a line); as the PDF reader treats thin rects.
THIN = 2.0
# Segments within this (points) of horizontal or vertical count as such.
AXIS_TOLERANCE = 0.5


@dataclass(frozen=True, slots=True)
class _Drawn:
    """What the objects of a page yield before they become a PageContent."""

    chars: tuple[Char, ...]
    edges: tuple[dict[str, Any], ...]
    images: bool


def read_ofd_page(document: OfdDocument, page: PagePart) -> PageContent:
    """Background templates, the page's layers, foreground templates, in drawing order."""
    background = [
        document.templates[t.template_id]
        for t in page.templates
        if t.template_id in document.templates and t.z_order != "Foreground"
    ]
    foreground = [
        document.templates[t.template_id]
        for t in page.templates
        if t.template_id in document.templates and t.z_order == "Foreground"
    ]
    chars: list[Char] = []
    edges: list[dict[str, Any]] = []
    images = False
    for content in (*background, page.content, *foreground):
        drawn = _draw(_objects(content))
        chars.extend(drawn.chars)
        edges.extend(drawn.edges)
        images = images or drawn.images
    chars.sort(key=lambda c: (c.top, c.x0))
    width, height = page.area.w * MM_TO_PT, page.area.h * MM_TO_PT
    return page_content(page.number, width, height, chars, edges, has_images=images)


def page_picture(document: OfdDocument, page: PagePart) -> str | None:
    """The resource ID of the picture covering most of the page (at least half of it),
    in its templates or layers: the scan of an OFD made from paper."""
    roots = [
        document.templates[t.template_id]
        for t in page.templates
        if t.template_id in document.templates
    ]
    best: tuple[float, str] | None = None
    for root in (*roots, page.content):
        for element in _objects(root):
            if local(element) != "ImageObject" or element.get("Visible", "true") == "false":
                continue
            box = parse_box(element.get("Boundary"))
            resource = element.get("ResourceID")
            if box is None or not resource:
                continue
            area = box.w * box.h
            if best is None or area > best[0]:
                best = (area, resource)
    if best is None or best[0] < 0.5 * page.area.w * page.area.h:
        return None
    return best[1]


def _objects(content_root: etree._Element) -> Iterator[etree._Element]:
    """The graphic objects of a page or template Content.xml, through nested PageBlocks."""
    for content in children(content_root, "Content"):
        for layer in children(content, "Layer"):
            yield from _block(layer)


def _block(block: etree._Element) -> Iterator[etree._Element]:
    for element in block:
        if local(element) == "PageBlock":
            yield from _block(element)
        else:
            yield element


def _draw(objects: Iterator[etree._Element]) -> _Drawn:
    chars: list[Char] = []
    edges: list[dict[str, Any]] = []
    images = False
    for element in objects:
        if element.get("Visible", "true") == "false":
            continue
        name = local(element)
        if name == "TextObject":
            chars.extend(text_chars(element))
        elif name == "PathObject":
            edges.extend(path_edges(element))
        elif name == "ImageObject":
            images = True
    return _Drawn(tuple(chars), tuple(edges), images)


def _placement(element: etree._Element) -> Matrix | None:
    """Object space → page space: the CTM, then the Boundary's origin. None without a
    Boundary (a required attribute: the object cannot be placed)."""
    boundary = parse_box(element.get("Boundary"))
    if boundary is None:
        return None
    return parse_matrix(element.get("CTM")).then_translate(boundary.x, boundary.y)


def text_chars(element: etree._Element) -> list[Char]:
    """The characters of one TextObject with their boxes in points.

    Each ``TextCode`` places its first glyph's origin (on the baseline) at ``X``/``Y``;
    the next glyphs move by ``DeltaX``/``DeltaY`` (``g`` shorthand expanded); a glyph
    without a delta moves by its own estimated width. Vertical or rotated text is left
    out, as the PDF reader leaves out chars that are not upright."""
    boundary = parse_box(element.get("Boundary"))
    placement = _placement(element)
    if boundary is None or placement is None or not placement.upright:
        return []
    if element.get("ReadDirection", "0") != "0" or element.get("CharDirection", "0") != "0":
        return []
    try:
        size = float(element.get("Size", ""))
    except ValueError:
        return []
    if size <= 0:
        return []
    out: list[Char] = []
    x = y = 0.0
    for code in children(element, "TextCode"):
        text = code.text or ""
        x = _float(code.get("X"), x)
        y = _float(code.get("Y"), y)
        dx, dy = parse_deltas(code.get("DeltaX")), parse_deltas(code.get("DeltaY"))
        gx, gy = x, y
        glyphs = list(text)
        for i, glyph in enumerate(glyphs):
            advance = dx[i] if i < len(dx) else glyph_width(glyph) * size
            if glyph.strip():
                width = _width(glyph, advance if i < len(dx) else None, size)
                out.append(_char(placement, gx, gy, width, size, glyph))
            gx += advance
            gy += dy[i] if i < len(dy) else 0.0
    if out:
        out[-1] = _ends_at_boundary(out[-1], (boundary.x + boundary.w) * MM_TO_PT)
    return out


def _width(glyph: str, advance: float | None, size: float) -> float:
    """A glyph's width from its offset to the next glyph: a CJK glyph fills it up to an
    em (justified text moves further); a Latin glyph or digit fills it unless that is
    nearly an em (then a space, not drawn, follows it: 0.5 em is taken)."""
    estimated = glyph_width(glyph) * size
    if advance is None or advance <= 0:
        return estimated
    if estimated >= size:
        return min(advance, size)
    return advance if advance < 0.95 * size else estimated


def _ends_at_boundary(char: Char, right: float) -> Char:
    """The last glyph of an object has no offset to the next: writers that write one
    object per glyph (or per run) make its Boundary end where the glyph does, so that
    edge is its width when it is a plausible one (a third of an em to 1.2 em)."""
    if char.x0 + 0.3 * char.size <= right <= char.x0 + 1.2 * char.size:
        return replace(char, x1=right)
    return char


def _float(text: str | None, default: float) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def _char(placement: Matrix, x: float, y: float, width: float, size: float, text: str) -> Char:
    corners = [
        placement.apply(px, py)
        for px in (x, x + width)
        for py in (y - (1 - DESCENT) * size, y + DESCENT * size)
    ]
    xs = [p[0] for p in corners]
    ys = [p[1] for p in corners]
    return Char(
        min(xs) * MM_TO_PT,
        max(xs) * MM_TO_PT,
        min(ys) * MM_TO_PT,
        max(ys) * MM_TO_PT,
        text,
        round(size * placement.scale * MM_TO_PT, 1),
    )


def path_edges(element: etree._Element) -> list[dict[str, Any]]:
    """Rule segments of one PathObject, in points.

    A straight subpath thinner than ``THIN`` is one rule (a line, or a filled bar); any
    other straight subpath gives its horizontal and vertical sides (a rectangle, a grid
    drawn as one path). Curves and arcs (seals, logos, glyph outlines) give none, as the
    PDF reader takes no rules from curves."""
    placement = _placement(element)
    if placement is None:
        return []
    data = next((c.text for c in children(element, "AbbreviatedData")), None)
    edges: list[dict[str, Any]] = []
    for subpath in parse_path(data):
        if subpath.curved:
            continue
        points = [_to_pt(placement.apply(px, py)) for px, py in subpath.points]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if max(xs) - min(xs) <= THIN or max(ys) - min(ys) <= THIN:
            edges.append(line_edge(min(xs), max(xs), min(ys), max(ys)))
            continue
        segments = list(zip(points, points[1:], strict=False))
        if subpath.closed:
            segments.append((points[-1], points[0]))
        for (x0, y0), (x1, y1) in segments:
            if abs(y1 - y0) <= AXIS_TOLERANCE or abs(x1 - x0) <= AXIS_TOLERANCE:
                edges.append(line_edge(min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)))
    return edges


def _to_pt(point: tuple[float, float]) -> tuple[float, float]:
    return point[0] * MM_TO_PT, point[1] * MM_TO_PT
