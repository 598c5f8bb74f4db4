"""Stable notice ids: the same notice gets the same id in every run and parser version."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def _key_part(value: object) -> str:
    if value is None:
        return ""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", str(value)))


def notice_id(
    issuer: str | None, doc_number: str | None, title: str | None, year: int | None
) -> str:
    """sha1 (16 hex chars) of issuer, doc number (or the title when there is none) and year."""
    identity = _key_part(doc_number) or _key_part(title)
    key = "\x1f".join((_key_part(issuer), identity, _key_part(year)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
