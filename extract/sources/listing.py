"""Listing pages: the links they carry and the next page.

Pagination on Chinese portals comes as a 下一页 link, as a 尾页 link with the
index_N.html scheme, or as TRS's `createPageHTML(total, current, "index", "html")`
script. jcms (大汉) portals keep the list inside <script type="text/xml"> records as
CDATA, which an HTML parser does not look into, so those chunks are parsed as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

_NEXT_TEXTS = ("下一页", "下页", "后一页", "next", "›", ">", "»")
_LAST_TEXTS = ("尾页", "末页", "最后一页", "last")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_TRS_PAGER = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_NUMBERED = re.compile(r"^(?P<stem>.*?)(?:_(?P<n>\d+))?\.(?P<ext>s?html?)$")


@dataclass(frozen=True)
class Link:
    url: str
    title: str

    def to_list(self) -> list[str]:
        return [self.url, self.title]


@dataclass(frozen=True)
class ListingPage:
    links: list[Link]
    next_url: str | None


def clean_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _is_followable(href: str) -> bool:
    href = href.strip().lower()
    return bool(href) and not href.startswith(("javascript:", "mailto:", "#", "tel:"))


def page_links(html: str, base_url: str) -> list[Link]:
    """Every followable <a> of the page (and of CDATA records), absolute, in order."""
    chunks = [html, *_CDATA.findall(html)]
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()
    for chunk in chunks:
        soup = BeautifulSoup(chunk, "lxml")
        for a in soup.find_all("a", href=True):
            href = str(a["href"])
            if not _is_followable(href):
                continue
            # A title attribute holds the full title where the text is truncated (…).
            title = clean_text(str(a.get("title") or "")) or clean_text(a.get_text(" "))
            url = urljoin(base_url, href.strip()).split("#", 1)[0]
            if (url, title) not in seen:
                seen.add((url, title))
                links.append(Link(url, title))
    return links


def parse_listing(html: str, base_url: str) -> ListingPage:
    links = page_links(html, base_url)
    nav_texts = _NEXT_TEXTS + _LAST_TEXTS + ("首页", "上一页", "上页", "前一页")
    content = [ln for ln in links if ln.title.lower() not in nav_texts]
    return ListingPage(links=content, next_url=_next_page(html, base_url, links))


def _next_page(html: str, base_url: str, links: list[Link]) -> str | None:
    for link in links:
        if link.title.lower() in _NEXT_TEXTS and link.url != base_url:
            return link.url
    trs = _TRS_PAGER.search(html)
    if trs:
        total, current, stem, ext = int(trs[1]), int(trs[2]), trs[3], trs[4]
        if current + 1 < total:
            return urljoin(base_url, f"{stem}_{current + 1}.{ext}")
        return None
    for link in links:
        if link.title.lower() in _LAST_TEXTS:
            return _next_numbered(base_url, link.url)
    return None


def _next_numbered(current_url: str, last_url: str) -> str | None:
    """index.html → index_2.html → … up to the 尾页 target."""
    cur_path = urlsplit(current_url).path.rsplit("/", 1)
    last_path = urlsplit(last_url).path.rsplit("/", 1)
    if len(cur_path) != 2 or len(last_path) != 2 or cur_path[0] != last_path[0]:
        return None
    cur, last = _NUMBERED.match(cur_path[1]), _NUMBERED.match(last_path[1])
    if not cur or not last or cur["stem"] != last["stem"] or last["n"] is None:
        return None
    current_n = int(cur["n"]) if cur["n"] else 1
    if current_n >= int(last["n"]):
        return None
    return urljoin(current_url, f"{cur['stem']}_{current_n + 1}.{cur['ext']}")
