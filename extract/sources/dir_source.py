"""Directory sources: every file of a folder, each landed once, nothing outside it.

A folder is someone's inbox, so it is read with suspicion: a symbolic link is not
followed unless the source allows links that resolve inside the folder
(`follow_links: inside`); FIFOs, sockets and devices are never opened; a folder whose
name matches the glob (`x.pdf/`) is not silently passed over. Every entry that matches
and is not loaded becomes a fault with its kind, so nothing a source lists is lost
without a record.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Set
from pathlib import Path, PurePath

from extract.sources import content_type as ct
from extract.sources.candidate import Candidate
from extract.sources.config import DirSourceConfig
from extract.sources.landing import sha256_hex, store_bytes
from extract.sources.notice_context import with_source_region
from extract.sources.report import FetchedDocument, FetchError, FetchReport, utc_now_iso
from extract.sources.state import FetchState

_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _fault(cfg: DirSourceConfig, path: Path | str, kind: str, message: str) -> Candidate:
    return Candidate(
        cfg.id,
        "fault",
        str(path),
        error_kind=kind,
        error_message=message,
        fetched_at=utc_now_iso(),
    )


def _entries(cfg: DirSourceConfig) -> Iterator[tuple[Path, os.stat_result]]:
    """(path, lstat) of every entry matching the glob, links never followed, sorted."""
    root = cfg.path
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        # Links to folders are listed with the folders and never descended into.
        links = [d for d in dirs if (Path(folder) / d).is_symlink()]
        names = sorted(files + links) if cfg.recursive else sorted(files + dirs)
        for name in names:
            path = Path(folder) / name
            if PurePath(os.path.relpath(path, root)).match(cfg.glob):
                try:
                    yield path, path.lstat()
                except OSError:
                    continue  # gone since the listing
        if not cfg.recursive:
            return


def _inside(path: Path, root: Path) -> Path | None:
    """The file a link resolves to when it is inside `root`, else None."""
    target = Path(os.path.realpath(path))
    real_root = Path(os.path.realpath(root))
    return target if target.is_relative_to(real_root) and target != real_root else None


def _refusal(cfg: DirSourceConfig, path: Path, st: os.stat_result) -> Candidate | None:
    """A fault for an entry that is not a regular file to read, else None."""
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        if cfg.follow_links == "inside" and _inside(path, cfg.path) is not None:
            return None
        why = (
            "resolves outside the folder or to nothing"
            if cfg.follow_links == "inside"
            else "not followed (set follow_links: inside to read links within the folder)"
        )
        return _fault(cfg, path, "symlink", f"a symbolic link, {why}: {path}")
    if stat.S_ISDIR(mode):
        return _fault(
            cfg,
            path,
            "not_a_file",
            f"a folder, not a file (set recursive: true to read what it holds): {path}",
        )
    for test, what in _SPECIAL:
        if test(mode):
            return _fault(cfg, path, "special_file", f"{what}, not a regular file: {path}")
    return None


def discover_dir(
    cfg: DirSourceConfig, state: FetchState, known_sha256: Set[str], report: FetchReport
) -> list[Candidate]:
    if not cfg.path.is_dir():
        return [
            _fault(
                cfg,
                cfg.path,
                "source_down",
                f"folder {cfg.path} does not exist or is not a folder",
            )
        ]
    candidates: list[Candidate] = []
    for path, st in _entries(cfg):
        if path.name.startswith("."):
            report.count("skipped_hidden")  # editors' and our own temp files
            continue
        refusal = _refusal(cfg, path, st)
        if refusal is not None:
            candidates.append(refusal)
            continue
        if _unchanged_and_known(path, st, state, known_sha256):
            report.count("skipped_known")
            continue
        candidates.append(Candidate(cfg.id, "file", str(path), title=path.name))
    return candidates


def _unchanged_and_known(
    path: Path, st: os.stat_result, state: FetchState, known_sha256: Set[str]
) -> bool:
    """Skip re-reading a file whose size and mtime match a registered version."""
    entry = state.get(str(path))
    return (
        entry.get("size") == st.st_size
        and entry.get("mtime_ns") == st.st_mtime_ns
        and entry.get("sha256") in known_sha256
    )


def _open_regular(path: Path, cfg: DirSourceConfig) -> tuple[int, os.stat_result]:
    """An open descriptor of the regular file at `path` (or, where allowed, of the file
    a link inside the folder resolves to). Checked on the descriptor itself, so a file
    swapped for a link or a FIFO after discovery is refused, never followed or waited on.
    """
    target = path
    if cfg.follow_links == "inside" and path.is_symlink():
        inside = _inside(path, cfg.path)
        if inside is None:
            raise FetchError("symlink", f"a symbolic link resolving outside the folder: {path}")
        target = inside
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FetchError("symlink", f"a symbolic link, not followed: {path}") from exc
        raise FetchError("unreadable", f"cannot read {path}: {exc.strerror or exc}") from exc
    st = os.fstat(fd)
    refusal = _refusal(cfg, path, st)
    if refusal is not None:
        os.close(fd)
        raise FetchError(str(refusal.error_kind), str(refusal.error_message))
    return fd, st


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
    fd, st = _open_regular(path, cfg)
    try:
        if st.st_size > cfg.max_bytes:
            raise FetchError("too_large", f"{st.st_size} bytes > limit {cfg.max_bytes}: {path}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            # Read one byte past the limit: the file may have grown since fstat().
            data = fh.read(cfg.max_bytes + 1)
    except OSError as exc:
        raise FetchError("unreadable", f"cannot read {path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
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
    unsupported = ct.unsupported_format(kind, data)
    return FetchedDocument(
        document_id=sha,
        source_id=cfg.id,
        url=str(path),
        fetched_at=utc_now_iso(),
        content_type=kind,
        bytes=len(data),
        landing_path=str(landed),
        original_name=path.name,
        error_kind="unsupported_format" if unsupported else None,
        error_message=unsupported,
        notice_context=with_source_region(None, cfg.region_adcode),
    )
