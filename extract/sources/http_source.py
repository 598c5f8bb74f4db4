"""Portal sources: listing pages → matching notice pages → the notice and its attachments.

Every page and file is fetched with a conditional request when a 304 answer would
leave nothing to do; listing and notice pages keep their parsed links in the state
so that an unchanged portal costs one small request per page and downloads nothing.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.sources import content_type as ct
from extract.sources.attachments import (
    filename_from_disposition,
    find_attachments,
    is_attachment_url,
    is_notice_document,
    name_from_url,
    safe_display_name,
)
from extract.sources.candidate import Candidate
from extract.sources.charset import decode_html
from extract.sources.config import HttpSourceConfig
from extract.sources.http_client import (
    HttpResult,
    SourceClient,
    conditional_headers,
    host_allowed,
)
from extract.sources.landing import sha256_hex, store_bytes
from extract.sources.listing import Link, parse_listing
from extract.sources.notice_context import capture, is_real_title, with_source_region
from extract.sources.report import FetchedDocument, FetchError, utc_now_iso
from extract.sources.state import FetchState
from extract.vocabulary import TRANSIENT_FAULT_KINDS


@dataclass(frozen=True)
class PageBody:
    """A notice page downloaded during discovery, kept so it is not downloaded twice."""

    body: bytes
    headers: dict[str, str]


PageCache = MutableMapping[str, PageBody]


def _fault(cfg: HttpSourceConfig, url: str, err: FetchError) -> Candidate:
    return Candidate(
        cfg.id,
        "fault",
        url,
        error_kind=err.kind,
        error_message=err.message,
        fetched_at=utc_now_iso(),
    )


def _foreign_link(cfg: HttpSourceConfig, link: Link, where: str) -> Candidate:
    return _fault(
        cfg,
        link.url,
        FetchError(
            "foreign_link",
            f"{where} links to {link.url} ({link.title!r}), outside allowed hosts "
            f"{list(cfg.allowed_hosts)}; add the host to allowed_hosts to fetch it",
        ),
    )


def discover_http(
    cfg: HttpSourceConfig,
    client: SourceClient,
    state: FetchState,
    known_sha256: Set[str],
    page_cache: PageCache,
) -> list[Candidate]:
    candidates: list[Candidate] = []
    notices: dict[str, str] = {}
    regex = cfg.title_regex()
    url: str | None = cfg.index_url
    visited: set[str] = set()
    while url and len(visited) < cfg.max_index_pages and url not in visited:
        visited.add(url)
        listing_url = url
        try:
            links, url = _listing(listing_url, client, state)
        except FetchError as err:
            candidates.append(_fault(cfg, listing_url, err))
            break
        for link in links:
            if not regex.search(link.title) or link.url in notices:
                continue
            if host_allowed(link.url, cfg.allowed_hosts):
                notices[link.url] = link.title
            else:
                candidates.append(_foreign_link(cfg, link, "the listing"))

    if len(notices) > cfg.max_notices:
        candidates.append(_listing_cut(cfg, len(notices)))
    queued: set[str] = set()
    for notice_url, title in list(notices.items())[: cfg.max_notices]:
        if is_attachment_url(notice_url):
            # The listing links straight to a file: no notice page in between; the link
            # text is all that is known of its notice.
            queued.add(notice_url)
            context = {"title": title} if is_real_title(title) else None
            candidates.append(
                Candidate(cfg.id, "attachment", notice_url, title, cfg.index_url, context=context)
            )
            continue
        try:
            is_document, sha, attachments, context = _notice_page(
                notice_url, client, state, known_sha256, page_cache, regex=regex, title=title
            )
        except FetchError as err:
            candidates.append(_fault(cfg, notice_url, err))
            continue
        if is_document and sha not in known_sha256:
            candidates.append(Candidate(cfg.id, "page", notice_url, title))
        for att in attachments:
            if att.url in queued:
                continue
            queued.add(att.url)
            if host_allowed(att.url, cfg.allowed_hosts):
                candidates.append(
                    Candidate(cfg.id, "attachment", att.url, att.title, notice_url, context=context)
                )
            else:
                candidates.append(_foreign_link(cfg, att, f"notice page {notice_url}"))
    return candidates


def _listing_cut(cfg: HttpSourceConfig, matching: int) -> Candidate:
    left = matching - cfg.max_notices
    return _fault(
        cfg,
        cfg.index_url,
        FetchError(
            "listing_cut",
            f"{matching} matching links, {cfg.max_notices} fetched (max_notices): "
            f"{left} links left; raise max_notices to fetch them",
        ),
    )


def _validators(result: HttpResult | dict[str, str]) -> dict[str, str]:
    headers = result.headers if isinstance(result, HttpResult) else result
    out = {}
    if "etag" in headers:
        out["etag"] = headers["etag"]
    if "last-modified" in headers:
        out["last_modified"] = headers["last-modified"]
    return out


def _listing(url: str, client: SourceClient, state: FetchState) -> tuple[list[Link], str | None]:
    entry = state.get(url)
    cached = "links" in entry
    result = client.get(url, headers=conditional_headers(entry) if cached else None)
    if result.not_modified and cached:
        return [Link(u, t) for u, t in entry["links"]], entry.get("next_url")
    html = decode_html(result.body, result.headers.get("content-type"))
    page = parse_listing(html, result.url)
    state.entries[url] = {
        **_validators(result),
        "kind": "listing",
        "links": [ln.to_list() for ln in page.links],
        "next_url": page.next_url,
        "fetched_at": utc_now_iso(),
    }
    return page.links, page.next_url


def _notice_page(
    url: str,
    client: SourceClient,
    state: FetchState,
    known_sha256: Set[str],
    page_cache: PageCache,
    *,
    regex: re.Pattern[str],
    title: str | None = None,
) -> tuple[bool, str, list[Link], dict[str, Any] | None]:
    """(is the page itself a document, its sha256, its attachment links, what the page
    says of its notice for the attachments to inherit)."""
    entry = state.get(url)
    # A 304 is only useful when the links are cached and the page, if it is a
    # document, is registered: otherwise its bytes are needed anyway.
    usable = "attachments" in entry and (
        not entry.get("is_document") or entry.get("sha256") in known_sha256
    )
    result = client.get(url, headers=conditional_headers(entry) if usable else None)
    if result.not_modified and usable:
        links = [Link(u, t) for u, t in entry["attachments"]]
        return bool(entry.get("is_document")), str(entry.get("sha256")), links, entry.get("context")
    kind = ct.sniff(result.body)
    if kind == ct.HTML:
        html = decode_html(result.body, result.headers.get("content-type"))
        attachments = find_attachments(html, result.url)
        is_document = is_notice_document(html, attachments, regex)
        context = capture(result.body, link_title=title) if attachments else None
    else:
        attachments, is_document = [], True  # the link led straight to a file
        context = None
    sha = sha256_hex(result.body)
    state.entries[url] = {
        **_validators(result),
        "kind": "page",
        "attachments": [a.to_list() for a in attachments],
        "is_document": is_document,
        "sha256": sha,
        "content_type": kind,
        "context": context,
        "fetched_at": utc_now_iso(),
    }
    if is_document:
        page_cache[url] = PageBody(result.body, result.headers)
    return is_document, sha, attachments, context


def fetch_http(
    candidate: Candidate,
    cfg: HttpSourceConfig,
    client: SourceClient,
    *,
    landing_dir: Path,
    known_sha256: Set[str],
    state: FetchState,
    page_cache: PageCache,
) -> FetchedDocument | None:
    """Fetch one page or attachment; None when unchanged or already registered."""
    url = candidate.url
    entry = state.get(url)
    fetched_at = utc_now_iso()
    if candidate.kind == "page":
        cached = page_cache.pop(url, None)
        if cached is None:
            result = client.get(url)
            cached = PageBody(result.body, result.headers)
            entry = {**entry, **_validators(result), "sha256": sha256_hex(result.body)}
            state.entries[url] = entry
        body, headers = cached.body, cached.headers
    else:
        try:
            fetched = _attachment(url, cfg, client, state, known_sha256)
        except FetchError as err:
            _remember_fault(state, url, err, cfg)
            raise
        if fetched is None:
            return None
        body, headers = fetched

    name = _original_name(candidate, headers)
    sha = sha256_hex(body)
    if sha in known_sha256:
        return None
    kind = ct.sniff(body)
    if kind == ct.HTML and candidate.kind == "attachment":
        try:
            _check_not_error_page(headers.get("content-type", ""), url)
        except FetchError as err:
            _remember_fault(state, url, FetchError(err.kind, err.message, headers=headers), cfg)
            raise
    _, landed = store_bytes(landing_dir, body, kind)
    unsupported = ct.unsupported_format(kind, body)
    return FetchedDocument(
        document_id=sha,
        source_id=cfg.id,
        url=url,
        fetched_at=fetched_at,
        content_type=kind,
        bytes=len(body),
        landing_path=str(landed),
        original_name=name,
        error_kind="unsupported_format" if unsupported else None,
        error_message=unsupported,
        notice_context=with_source_region(candidate.context, cfg.region_adcode),
    )


def _attachment(
    url: str,
    cfg: HttpSourceConfig,
    client: SourceClient,
    state: FetchState,
    known_sha256: Set[str],
) -> tuple[bytes, dict[str, str]] | None:
    """The bytes and headers of an attachment; None when the registered version is
    unchanged. A remembered fault is asked about, not downloaded again."""
    entry = state.get(url)
    memory = entry.get("fault")
    result = None
    if isinstance(memory, dict) and _still_applies(memory, cfg):
        result = _recheck_fault(url, memory, entry, client)
    if result is None:
        usable = entry.get("sha256") in known_sha256
        result = client.get(
            url,
            headers=conditional_headers(entry) if usable else None,
            # Known bytes at a URL without validators: the same length is the same file.
            unchanged_length=entry.get("length") if usable and not _validators(entry) else None,
        )
        if (result.not_modified or result.skipped) and usable:
            return None
    state.entries[url] = {
        **_validators(result),
        "kind": "attachment",
        "sha256": sha256_hex(result.body),
        "length": len(result.body),
        "content_type": ct.sniff(result.body),
        "fetched_at": utc_now_iso(),
    }
    return result.body, result.headers


def _still_applies(memory: dict[str, Any], cfg: HttpSourceConfig) -> bool:
    # A file refused as too large deserves a new try once the limit is raised.
    return not (memory.get("kind") == "too_large" and cfg.max_bytes > memory.get("limit", 0))


def _recheck_fault(
    url: str, memory: dict[str, Any], entry: dict[str, Any], client: SourceClient
) -> HttpResult | None:
    """Raise the remembered fault again unless the server says the file changed.

    With validators: a conditional request (a 304 is the same fault). With a length: a
    request whose body is not read when the length is the same. With neither (a file
    streamed past the size limit): no request at all.
    """
    again = FetchError(
        memory["kind"], f"{memory['message']} (unchanged since {memory.get('since')})"
    )
    validators, length = conditional_headers(entry), memory.get("length")
    if not validators and length is None:
        client.report.count("faults_skipped")
        raise again
    result = client.get(url, headers=validators or None, unchanged_length=length)
    if result.not_modified or result.skipped:
        client.report.count("faults_not_downloaded")
        raise again
    return result  # changed on the server: this answer is the new file


def _remember_fault(state: FetchState, url: str, err: FetchError, cfg: HttpSourceConfig) -> None:
    """Keep a final fault with the answer's validators so that the next run asks
    conditionally or skips it; a transient one (timeout, 5xx) is simply tried again."""
    if err.kind in TRANSIENT_FAULT_KINDS:
        return
    previous = state.get(url).get("fault") or {}
    if not err.headers and previous.get("kind") == err.kind:
        return  # the remembered fault itself, raised again: nothing new to keep
    declared = err.headers.get("content-length", "")
    state.entries[url] = {
        **_validators(err.headers),
        "kind": "attachment",
        "fault": {
            "kind": err.kind,
            "message": err.message,
            "length": int(declared) if declared.isdigit() else None,
            "limit": cfg.max_bytes,
            "since": previous.get("since") or utc_now_iso(),
        },
    }


def _original_name(candidate: Candidate, headers: dict[str, str]) -> str | None:
    name = filename_from_disposition(headers.get("content-disposition"))
    if name is None and candidate.kind == "attachment":
        name = name_from_url(candidate.url) or candidate.title
    if name is None:
        name = candidate.title
    return safe_display_name(name)


def _check_not_error_page(declared: str, url: str) -> None:
    """An attachment that turns out to be HTML while declared as something else is the
    portal's error page, not a notice."""
    declared_type = declared.split(";", 1)[0].strip().lower() or "(none)"
    if declared_type != ct.HTML:
        raise FetchError(
            "bad_content_type",
            f"declared {declared_type} but the bytes are an HTML page (an error page?): {url}",
        )
