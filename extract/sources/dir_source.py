"""Directory sources: every file of a folder (PDF, HTML), each landed once."""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path

from extract.sources import content_type as ct
from extract.sources.candidate import Candidate
from extract.sources.config import DirSourceConfig
from extract.sources.landing import sha256_hex, store_bytes
from extract.sources.report import FetchedDocument, FetchError, FetchReport, utc_now_iso
from extract.sources.state import FetchState


def discover_dir(
    cfg: DirSourceConfig, state: FetchState, known_sha256: Set[str], report: FetchReport
) -> list[Candidate]:
    if not cfg.path.is_dir():
        return [
            Candidate(
                cfg.id,
                "fault",
                str(cfg.path),
                error_kind="source_down",
                error_message=f"folder {cfg.path} does not exist or is not a folder",
                fetched_at=utc_now_iso(),
            )
        ]
    pattern_iter = cfg.path.rglob(cfg.glob) if cfg.recursive else cfg.path.glob(cfg.glob)
    candidates: list[Candidate] = []
    for path in sorted(pattern_iter):
        # Broken symlinks are kept (they become `unreadable` faults); folders are not files.
        if path.name.startswith(".") or path.is_dir():
            continue
        if _unchanged_and_known(path, state, known_sha256):
            report.count("skipped_known")
            continue
        candidates.append(Candidate(cfg.id, "file", str(path), title=path.name))
    return candidates


def _unchanged_and_known(path: Path, state: FetchState, known_sha256: Set[str]) -> bool:
    """Skip re-reading a file whose size and mtime match a registered version."""
    entry = state.get(str(path))
    try:
        st = path.stat()
    except OSError:
        return False
    return (
        entry.get("size") == st.st_size
        and entry.get("mtime_ns") == st.st_mtime_ns
        and entry.get("sha256") in known_sha256
    )


def fetch_file(
    candidate: Candidate,
    cfg: DirSourceConfig,
    *,
    landing_dir: Path,
    known_sha256: Set[str],
    state: FetchState,
) -> FetchedDocument | None:
    """Land one file; None when its bytes are already registered. Raises FetchError."""
    path = Path(candidate.url)
    try:
        st = path.stat()
        if st.st_size > cfg.max_bytes:
            raise FetchError("too_large", f"{st.st_size} bytes > limit {cfg.max_bytes}: {path}")
        with path.open("rb") as fh:
            # Read one byte past the limit: the file may have grown since stat().
            data = fh.read(cfg.max_bytes + 1)
    except FetchError:
        raise
    except OSError as exc:
        raise FetchError("unreadable", f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > cfg.max_bytes:
        raise FetchError("too_large", f"more than {cfg.max_bytes} bytes: {path}")
    sha = sha256_hex(data)
    state.entries[str(path)] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha}
    if sha in known_sha256:
        return None
    # Unlike a portal's download, a file someone put in the inbox is registered whatever
    # it holds: extraction then records why it failed (empty, not_pdf, corrupt, ...) on the
    # document itself, where the person who dropped it will look.
    kind = ct.sniff(data)
    _, landed = store_bytes(landing_dir, data, kind)
    return FetchedDocument(
        document_id=sha,
        source_id=cfg.id,
        url=str(path),
        fetched_at=utc_now_iso(),
        content_type=kind,
        bytes=len(data),
        landing_path=str(landed),
        original_name=path.name,
    )
