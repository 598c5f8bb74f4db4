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
    issuer: str | None,
    doc_number: str | None,
    title: str | None,
    year: int | None,
    *,
    document_sha256: str | None = None,
    kind: str | None = None,
) -> str:
    """sha1 (16 hex chars) of issuer, doc number (or the title when there is none) and year.

    A notice that names itself by neither doc number nor title, or that has neither issuer
    nor year to place that name, has no identity of its own: two such files would get the
    same id and one would silently supersede the other. It then takes its identity from
    its bytes (`document_sha256`), so it is one notice per document.

    An interpretation (`kind` "interpretation") often carries its notice's title, issuer
    and year: its id is its own, so loading it never supersedes the notice it explains.
    """
    identity = _key_part(doc_number) or _key_part(title)
    anchored = _key_part(issuer) or _key_part(year)
    if document_sha256 and not (identity and anchored):
        key = "\x1f".join(("document", document_sha256))
    else:
        key = "\x1f".join((_key_part(issuer), identity, _key_part(year)))
    if kind == "interpretation":
        key = "\x1f".join(("interpretation", key))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
