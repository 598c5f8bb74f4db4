"""Decode HTML pages by their declared charset, or a detected one.

Chinese portals mostly serve GB2312/GBK; GB18030 is a strict superset of both, so it
decodes pages that declare either but use characters outside GB2312 (e.g. 镕, 堃).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}


def _normalise(name: str) -> str | None:
    name = name.strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type_header: str | None) -> str | None:
    if content_type_header:
        match = _HEADER_CHARSET.search(content_type_header)
        if match and (name := _normalise(match.group(1))):
            return name
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        return _normalise(meta.group(1).decode("ascii", "ignore"))
    return None


def decode_html(data: bytes, content_type_header: str | None = None) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    declared = declared_charset(data, content_type_header)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration lies (not rare): fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding:
        name = _normalise(best.encoding) or best.encoding
        return data.decode(name, errors="replace")
    return data.decode("gb18030", errors="replace")
