"""An OFD package (GB/T 33190): a ZIP of XML parts, followed from ``OFD.xml`` to the pages.

``OFD.xml`` → ``DocBody/DocRoot`` (the document's ``Document.xml``) → its ``Pages`` and
``CommonData`` (page area, template pages, ``PublicRes``/``DocumentRes`` with the fonts).
Every part is read with a size cap (an OFD is a ZIP: a part may be a bomb) and parsed by
lxml without entities or network access. Member names are only looked up in the
archive, never used as paths on disk.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from extract.errors import ExtractionError

NS = "http://www.ofdspec.org/2016"
# One XML part larger than this is refused: a page's Content.xml of a dense table is a
# few MB; a part of hundreds of MB is a bomb, not a notice.
MAX_PART_BYTES = 64 * 1024 * 1024
# All XML parts of one package together (pages are parsed one at a time, but a package of
# 2,000 pages of 64 MB each is a bomb, not a notice).
MAX_TOTAL_BYTES = 512 * 1024 * 1024

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True
)


@dataclass(frozen=True)
class Box:
    """A rectangle ``x y w h`` (millimetres, y down)."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Font:
    font_id: str
    name: str
    family: str | None


@dataclass(frozen=True)
class TemplateRef:
    template_id: str
    z_order: str  # "Background" (under the page's layers) or "Foreground"


@dataclass(frozen=True)
class PagePart:
    """One page: its Content.xml, its area, the templates it is drawn on."""

    number: int  # 1-based, in the order of Document.xml's Pages
    content: etree._Element
    area: Box
    templates: tuple[TemplateRef, ...]


@dataclass(frozen=True)
class PageRef:
    """Where a page's Content.xml is; it is parsed when the page is read, one page at a
    time (a document of many dense pages is never held in memory whole)."""

    number: int  # 1-based, in the order of Document.xml's Pages
    part: str


@dataclass(frozen=True)
class OfdDocument:
    pages: tuple[PageRef, ...]
    page_area: Box  # CommonData/PageArea, for pages without an Area of their own
    templates: dict[str, etree._Element]  # template page ID → its Content.xml root
    fonts: dict[str, Font]
    # image resources (MultiMedia of Type Image): ID → the part holding the picture
    media: dict[str, str] = field(default_factory=dict)


def local(element: etree._Element) -> str:
    """An element's name without its namespace (writers differ on the ofd: prefix)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local(child) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    found = children(element, name)
    return found[0] if found else None


def child_text(element: etree._Element, name: str) -> str | None:
    found = child(element, name)
    return (found.text or "").strip() if found is not None else None


def parse_box(text: str | None) -> Box | None:
    if not text:
        return None
    try:
        values = [float(v) for v in text.split()]
    except ValueError:
        return None
    return Box(*values[:4]) if len(values) >= 4 else None


class Package:
    """The parts of an OFD ZIP, by their names inside the archive."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ExtractionError("corrupt", f"not a readable OFD package: {error}") from None
        # Names are compared without a leading slash and case-sensitively, as the
        # package's own references are written.
        self._infos = {info.filename.lstrip("/"): info for info in infos}
        self._read = 0  # XML bytes unpacked so far (MAX_TOTAL_BYTES)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def blob(self, name: str, limit: int) -> bytes | None:
        """The bytes of a part (a picture), None when absent or larger than ``limit``."""
        info = self._infos.get(name.lstrip("/"))
        if info is None or info.file_size > limit:
            return None
        try:
            with self._zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
            return None
        return data if len(data) <= limit else None

    def xml(self, name: str) -> etree._Element:
        info = self._infos.get(name.lstrip("/"))
        if info is None:
            raise ExtractionError("corrupt", f"the OFD package has no part {name!r}")
        if info.file_size > MAX_PART_BYTES:
            raise ExtractionError(
                "too_large",
                f"the OFD part {name!r} unpacks to {info.file_size} bytes, more than "
                f"{MAX_PART_BYTES}",
            )
        try:
            with self._zip.open(info) as handle:
                data = handle.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as error:
            # RuntimeError: an encrypted member
            raise ExtractionError("corrupt", f"cannot unpack {name!r}: {error}") from None
        if len(data) > MAX_PART_BYTES:
            raise ExtractionError("too_large", f"the OFD part {name!r} is larger than declared")
        self._read += len(data)
        if self._read > MAX_TOTAL_BYTES:
            raise ExtractionError(
                "too_large", f"the OFD's XML parts unpack to more than {MAX_TOTAL_BYTES} bytes"
            )
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as error:
            raise ExtractionError("corrupt", f"{name!r} is not well-formed XML: {error}") from None


def resolve(base: str, reference: str) -> str:
    """A reference inside the package: absolute (``/Doc_0/...``) from the root, relative
    from the folder of the part that names it (``base``)."""
    reference = reference.strip().replace("\\", "/")
    if reference.startswith("/"):
        return posixpath.normpath(reference.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), reference))


def read_package(package: Package, max_pages: int) -> OfdDocument:
    """The first document of the package: its pages, template pages and fonts."""
    root = package.xml("OFD.xml")
    body = child(root, "DocBody")
    doc_root = child_text(body, "DocRoot") if body is not None else None
    if not doc_root:
        raise ExtractionError("corrupt", "OFD.xml names no DocBody/DocRoot")
    document_name = resolve("OFD.xml", doc_root)
    document = package.xml(document_name)
    if child(document, "Encryptions") is not None or child(root, "Encryptions") is not None:
        raise ExtractionError("encrypted", "the OFD document is encrypted")
    common = child(document, "CommonData")
    page_area = _page_area(common)
    fonts: dict[str, Font] = {}
    media: dict[str, str] = {}
    templates: dict[str, etree._Element] = {}
    if common is not None:
        for res_name in ("PublicRes", "DocumentRes"):
            for res in children(common, res_name):
                if res.text and res.text.strip():
                    res_path = resolve(document_name, res.text)
                    res_root = package.xml(res_path)
                    fonts.update(_fonts(res_root))
                    media.update(_media(res_root, res_path))
        for template in children(common, "TemplatePage"):
            base_loc = template.get("BaseLoc")
            if template.get("ID") and base_loc:
                templates[template.get("ID", "")] = package.xml(resolve(document_name, base_loc))
    pages_element = child(document, "Pages")
    page_refs = children(pages_element, "Page") if pages_element is not None else []
    if len(page_refs) > max_pages:
        raise ExtractionError(
            "too_large", f"{len(page_refs)} pages, more than the limit of {max_pages}"
        )
    pages: list[PageRef] = []
    for number, ref in enumerate(page_refs, start=1):
        base_loc = ref.get("BaseLoc")
        if not base_loc:
            raise ExtractionError("corrupt", f"page {number} of the OFD has no BaseLoc")
        pages.append(PageRef(number, resolve(document_name, base_loc)))
    return OfdDocument(
        pages=tuple(pages), page_area=page_area, templates=templates, fonts=fonts, media=media
    )


def load_page(package: Package, document: OfdDocument, ref: PageRef) -> PagePart:
    """A page's Content.xml parsed, with its area and the templates it is drawn on."""
    content = package.xml(ref.part)
    own_area = child(content, "Area")
    return PagePart(
        number=ref.number,
        content=content,
        area=_page_area(own_area) if own_area is not None else document.page_area,
        templates=tuple(
            TemplateRef(t.get("TemplateID", ""), t.get("ZOrder", "Background"))
            for t in children(content, "Template")
        ),
    )


# A4 portrait, the page area when a document declares none.
_A4 = Box(0.0, 0.0, 210.0, 297.0)


def _page_area(element: etree._Element | None) -> Box:
    if element is None:
        return _A4
    area = child(element, "PageArea") if local(element) != "Area" else element
    if area is None:
        return _A4
    return parse_box(child_text(area, "PhysicalBox")) or _A4


def _fonts(res: etree._Element) -> dict[str, Font]:
    """The fonts a resource file (PublicRes.xml, DocumentRes.xml) declares, by ID."""
    fonts: dict[str, Font] = {}
    for group in children(res, "Fonts"):
        for font in children(group, "Font"):
            font_id = font.get("ID")
            if font_id:
                fonts[font_id] = Font(font_id, font.get("FontName", ""), font.get("FamilyName"))
    return fonts


def _media(res: etree._Element, res_path: str) -> dict[str, str]:
    """The pictures a resource file declares: ID → part name. Media files are relative
    to the resource file's BaseLoc folder (itself relative to the resource file)."""
    base = res.get("BaseLoc", "")
    folder = resolve(res_path, base + "/x") if base else res_path
    media: dict[str, str] = {}
    for group in children(res, "MultiMedias"):
        for item in children(group, "MultiMedia"):
            name = child_text(item, "MediaFile")
            if item.get("ID") and name and item.get("Type", "Image") == "Image":
                media[item.get("ID", "")] = resolve(folder, name)
    return media
