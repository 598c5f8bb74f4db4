"""Notice pages: their attachment links (附件), whether the page is itself the notice,
and the file name a download announces in Content-Disposition."""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from urllib.parse import parse_qs, unquote_to_bytes, urlsplit

from bs4 import BeautifulSoup

from extract.sources.listing import Link, clean_text, page_links

ATTACHMENT_EXTENSIONS = (
    ".pdf",
    ".doc",
    ".docx",
    ".wps",
    ".xls",
    ".xlsx",
    ".et",
    ".zip",
    ".rar",
    ".7z",
    ".ofd",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".tif",
    ".tiff",
    ".bmp",
)
_DOWNLOAD_PATH = re.compile(r"download|downfile|attach|/files?/|fujian|getfile", re.I)
_TASK_TABLE_WORDS = ("序号", "任务", "要求", "内容", "单位", "部门", "科室", "时限", "时间")


def _has_attachment_extension(text: str) -> bool:
    return text.lower().rstrip().endswith(ATTACHMENT_EXTENSIONS)


def is_attachment_url(url: str) -> bool:
    parts = urlsplit(url)
    if _has_attachment_extension(parts.path):
        return True
    if _DOWNLOAD_PATH.search(parts.path):
        return True
    # downfile.jsp?filename=abc.pdf and the like carry the name in the query.
    return any(_has_attachment_extension(v) for vs in parse_qs(parts.query).values() for v in vs)


def find_attachments(html: str, base_url: str) -> list[Link]:
    found: list[Link] = []
    seen: set[str] = set()
    for link in page_links(html, base_url):
        if link.url in seen or link.url == base_url:
            continue
        if (
            is_attachment_url(link.url)
            or _has_attachment_extension(link.title)
            or link.title.startswith("附件")
        ):
            seen.add(link.url)
            found.append(link)
    return found


# Site furniture, never a table: logos, banners, buttons, QR codes (二维码, ewm), the
# accessibility (无障碍, wza) and error-report (纠错, jiucuo) badges, spacers and icons.
_CHROME_IMAGE = re.compile(
    r"logo|icon|banner|btn|button|qr|ewm|erweima|share|print|close|arrow|spacer|blank|"
    r"wza|jiucuo|dzjg|zfwz|gh\.png|beian|police|weixin|weibo|/bg|_bg|bg_|dot\.|line\.",
    re.I,
)
_CHROME_CONTAINER = re.compile(r"head|nav|menu|foot|top|bottom|banner|share|sidebar", re.I)
# Pictures narrower or lower than this (the width/height attributes, in pixels) are
# icons or decorations; a table pasted as a picture is several hundred pixels wide.
MIN_PICTURE_PIXELS = 150


def body_images(html: str, base_url: str) -> list[Link]:
    """The pictures in a notice page's body (<img>): a table pasted as a screenshot or a
    scan is fetched like an attachment and read by OCR. Site furniture (logos, buttons,
    QR codes, anything in a header, menu or footer) and small images are left out."""
    from urllib.parse import urljoin

    soup = BeautifulSoup(html, "lxml")
    found: list[Link] = []
    seen: set[str] = set()
    for number, image in enumerate(soup.find_all("img"), 1):
        src = str(image.get("src") or "").strip()
        if not src or src.startswith("data:"):
            continue
        url = urljoin(base_url, src)
        if url in seen or _CHROME_IMAGE.search(src) or src.lower().endswith((".gif", ".svg")):
            continue
        if any(_small(image.get(side)) for side in ("width", "height")):
            continue
        if any(_is_chrome(parent) for parent in image.parents):
            continue
        seen.add(url)
        alt = clean_text(str(image.get("alt") or image.get("title") or ""))
        found.append(Link(url, alt or f"正文图片{number}"))
    return found


def _small(value: object) -> bool:
    match = re.match(r"\s*(\d+)", str(value or ""))
    return match is not None and int(match.group(1)) < MIN_PICTURE_PIXELS


def _is_chrome(element: object) -> bool:
    name = getattr(element, "name", None)
    if name in ("header", "nav", "footer"):
        return True
    get = getattr(element, "get", None)
    if get is None:
        return False
    marks = " ".join([str(get("id") or ""), *[str(c) for c in get("class") or []]])
    return bool(marks.strip()) and bool(_CHROME_CONTAINER.search(marks))


def page_title(html: str) -> str:
    soup = BeautifulSoup(html, "lxml")
    parts = [soup.title.get_text(" ") if soup.title else ""]
    parts += [h.get_text(" ") for h in soup.find_all(["h1", "h2"])[:3]]
    return clean_text(" ".join(parts))


def has_task_table(html: str) -> bool:
    """A <table> with several rows whose header words look like a task table, not layout."""
    soup = BeautifulSoup(html, "lxml")
    for table in soup.find_all("table"):
        rows = table.find_all("tr")
        if len(rows) < 2:
            continue
        head = clean_text(" ".join(r.get_text(" ") for r in rows[:3]))
        if sum(word in head for word in _TASK_TABLE_WORDS) >= 3:
            return True
    return False


def is_notice_document(html: str, attachments: list[Link], title_regex: re.Pattern[str]) -> bool:
    """The page carries the notice when it has the table inline, or when it has no
    attachment and its own title matches (a notice published as a page, table or not).
    A page that only wraps attachments is not stored: its notice is in the files."""
    if has_task_table(html):
        return True
    return not attachments and bool(title_regex.search(page_title(html)))


# -- Content-Disposition -------------------------------------------------------------

_EXT_VALUE = re.compile(r"filename\*\s*=\s*([^;]+)", re.I)
_PLAIN_VALUE = re.compile(r"filename\s*=\s*(\"(?:[^\"\\]|\\.)*\"|[^;]+)", re.I)


def _decode_bytes(raw: bytes, charset: str | None = None) -> str:
    candidates = [charset] if charset else []
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("gb18030", errors="replace")


def filename_from_disposition(header: str | None) -> str | None:
    """The file name announced by a Content-Disposition header, decoded.

    Handles RFC 5987 (filename*=UTF-8''%E4%BB%BB...), percent-encoded UTF-8 or GBK in
    a plain filename= (what most Chinese portals send), RFC 2047 (=?UTF-8?B?...?=) and
    raw GBK/UTF-8 bytes, which an HTTP client hands over as latin-1 text.
    """
    if not header:
        return None
    ext = _EXT_VALUE.search(header)
    if ext:
        value = ext.group(1).strip().strip('"')
        charset, _, rest = value.partition("'")
        _lang, _, encoded = rest.partition("'")
        if encoded:
            return _decode_bytes(unquote_to_bytes(encoded), charset.strip() or None)
    plain = _PLAIN_VALUE.search(header)
    if not plain:
        return None
    value = plain.group(1).strip()
    if value.startswith('"') and value.endswith('"'):
        value = re.sub(r"\\(.)", r"\1", value[1:-1])
    if "=?" in value and "?=" in value:
        try:
            return str(make_header(decode_header(value)))
        except (UnicodeDecodeError, LookupError, ValueError):
            pass
    if re.search(r"%[0-9A-Fa-f]{2}", value):
        return _decode_bytes(unquote_to_bytes(value))
    try:
        return _decode_bytes(value.encode("latin-1"))
    except UnicodeEncodeError:
        return value


def safe_display_name(name: str | None) -> str | None:
    """A server-given name reduced to something fit to display; never used as a path.

    A hostile or odd name never costs the file (it is stored by sha256 whatever it is
    called): control characters are dropped and only the last part of a path is kept,
    so `../../../../tmp/x.pdf` displays as `x.pdf` and a Windows-style full path
    (C:\\Users\\...\\表.pdf, sent by old upload forms) as `表.pdf`. None when nothing
    readable is left.
    """
    if name is None:
        return None
    printable = "".join(c if c.isprintable() else " " for c in name)
    parts = [p.strip() for p in re.split(r"[\\/]+", printable)]
    base = next((p for p in reversed(parts) if p.strip(". ")), "")
    return base[:255] or None


def name_from_url(url: str) -> str | None:
    """A readable name from a download URL's filename= parameter or its last segment."""
    parts = urlsplit(url)
    for key, values in parse_qs(parts.query).items():
        if key.lower() in ("filename", "name", "file") and values:
            return values[0]
    last = parts.path.rsplit("/", 1)[-1]
    return _decode_bytes(unquote_to_bytes(last)) if last else None
