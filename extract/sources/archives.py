"""Archives opened like folders: every member of a .zip, .rar or .7z attachment becomes a
document of its own, stored by sha256 and registered with its parent archive and its
path inside it.

Readers: ZIP with the standard library's ``zipfile`` (names decoded here: GBK bytes
without the UTF-8 flag, as Chinese Windows writes them); RAR and 7z with libarchive's
``bsdtar`` (apt package ``libarchive-tools``), run as a separate process that re-packs
the archive as a tar stream read here with ``tarfile``: the hostile-input decoder runs out
of process under a timeout, and nothing is ever unpacked to disk under a member's name.

Bounds (``ArchiveLimits``, environment ``NOTICES_ARCHIVE_*``): members, total unpacked
bytes, unpacked/packed ratio and nesting depth. Past one of them the whole archive is a
bomb: it is registered failed ``too_large`` and none of its members is stored. Member
names are labels (``member_path``), never paths: a member is stored only under the
sha256 of its bytes.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import struct
import subprocess
import tarfile
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from extract.sources import content_type as ct
from extract.sources.attachments import safe_display_name
from extract.sources.landing import sha256_hex, store_bytes
from extract.sources.report import FetchedDocument
from extract.vocabulary import ErrorKind

ARCHIVE_FORMATS = frozenset({"zip", "rar", "7z"})
ARCHIVE_CONTENT_TYPES = frozenset({ct.ZIP, ct.RAR, ct.SEVEN_Z})
# The ratio bound applies past this many unpacked bytes: small files compress unevenly
# (a page of blank cells is 100:1) and cannot exhaust anything.
RATIO_FLOOR = 10 * 1024 * 1024
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP: the UTF-8 name beside a legacy one


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int = 1000  # files, all nesting levels together
    max_total_bytes: int = 256 * 1024 * 1024  # unpacked, all levels together
    max_ratio: int = 100  # unpacked bytes per packed byte, past RATIO_FLOOR
    max_depth: int = 3  # an archive in an archive in an archive
    timeout_s: float = 120.0  # one bsdtar run

    @classmethod
    def from_env(cls) -> ArchiveLimits:
        return cls(
            max_members=_env_int("NOTICES_ARCHIVE_MAX_MEMBERS", cls.max_members),
            max_total_bytes=_env_int("NOTICES_ARCHIVE_MAX_BYTES", cls.max_total_bytes),
            max_ratio=_env_int("NOTICES_ARCHIVE_MAX_RATIO", cls.max_ratio),
            max_depth=_env_int("NOTICES_ARCHIVE_MAX_DEPTH", cls.max_depth),
            timeout_s=float(os.environ.get("NOTICES_ARCHIVE_TIMEOUT", cls.timeout_s)),
        )


class ArchiveError(Exception):
    """An archive that cannot be opened: ``kind`` is an ErrorKind (too_large, corrupt,
    encrypted, converter_missing)."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Member:
    """One file of an archive: its name inside the archive (a label) and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Entry:
    """A member found while opening an archive tree. ``parent`` is the sha256 of the
    archive holding it; an archive member that could not be opened carries its error."""

    parent: str
    member: Member
    error: ArchiveError | None = None


class _Budget:
    """What is left of the limits while one top-level archive is opened."""

    def __init__(self, limits: ArchiveLimits, packed: int) -> None:
        self.limits = limits
        self.members = limits.max_members
        self.bytes = limits.max_total_bytes
        self.packed = packed

    def take_member(self) -> None:
        self.members -= 1
        if self.members < 0:
            raise ArchiveError(
                ErrorKind.TOO_LARGE,
                f"more than {self.limits.max_members} members (NOTICES_ARCHIVE_MAX_MEMBERS)",
            )

    def take_bytes(self, count: int) -> None:
        self.bytes -= count
        if self.bytes < 0:
            raise ArchiveError(
                ErrorKind.TOO_LARGE,
                f"unpacks to more than {self.limits.max_total_bytes} bytes "
                "(NOTICES_ARCHIVE_MAX_BYTES)",
            )
        unpacked = self.limits.max_total_bytes - self.bytes
        if unpacked > RATIO_FLOOR and unpacked > self.limits.max_ratio * self.packed:
            raise ArchiveError(
                ErrorKind.TOO_LARGE,
                f"{unpacked} bytes unpacked from {self.packed}: more than "
                f"{self.limits.max_ratio} to 1 (NOTICES_ARCHIVE_MAX_RATIO), a zip bomb",
            )


def archive_format(data: bytes) -> str | None:
    from extract.sniff import file_format

    kind = file_format(data)
    return kind if kind in ARCHIVE_FORMATS else None


def open_tree(data: bytes, limits: ArchiveLimits | None = None) -> list[Entry]:
    """Every member of an archive and of the archives inside it (to ``max_depth``), in
    archive order, each with the sha256 of its parent archive. Raises ArchiveError when
    the archive cannot be opened or a bound is passed anywhere in the tree."""
    limits = limits or ArchiveLimits.from_env()
    budget = _Budget(limits, len(data))
    return list(_walk(data, budget, depth=1))


def _walk(data: bytes, budget: _Budget, depth: int) -> Iterator[Entry]:
    parent = sha256_hex(data)
    for member in members(data, budget):
        kind = archive_format(member.data)
        if kind is None:
            yield Entry(parent, member)
        elif depth >= budget.limits.max_depth:
            yield Entry(
                parent,
                member,
                ArchiveError(
                    ErrorKind.TOO_LARGE,
                    f"an archive nested deeper than {budget.limits.max_depth} levels "
                    "(NOTICES_ARCHIVE_MAX_DEPTH): not opened",
                ),
            )
        else:
            try:
                inner = list(_walk(member.data, budget, depth + 1))
            except ArchiveError as error:
                if error.kind == ErrorKind.TOO_LARGE:
                    raise  # a bomb anywhere makes the whole archive one
                yield Entry(parent, member, error)
                continue
            yield Entry(parent, member)
            yield from inner


def members(data: bytes, budget: _Budget) -> list[Member]:
    kind = archive_format(data)
    if kind == "zip":
        return _zip_members(data, budget)
    if kind in ("rar", "7z"):
        return _bsdtar_members(data, budget)
    raise ArchiveError(ErrorKind.UNSUPPORTED_FORMAT, "not a ZIP, RAR or 7z archive")


# ------------------------------------------------------------------ ZIP


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its writer meant it. With the UTF-8 flag (or Info-ZIP's
    Unicode path field) it is UTF-8; without, zipfile decoded the bytes as cp437, which
    maps every byte: recover the bytes and read them as UTF-8 when they are, else as
    GB18030 (the GBK names Chinese Windows writes)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    unicode_path = _unicode_path_extra(info)
    if unicode_path is not None:
        return unicode_path
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _unicode_path_extra(info: zipfile.ZipInfo) -> str | None:
    extra = info.extra
    offset = 0
    while offset + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, offset)
        body = extra[offset + 4 : offset + 4 + size]
        offset += 4 + size
        if field_id == _UNICODE_PATH_EXTRA and len(body) > 5 and body[0] == 1:
            (crc,) = struct.unpack_from("<I", body, 1)
            if crc == zlib.crc32(info.filename.encode("cp437")):
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
    return None


def _zip_members(data: bytes, budget: _Budget) -> list[Member]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ArchiveError(ErrorKind.CORRUPT, f"not a readable ZIP archive: {error}") from None
    with archive:
        # Declared sizes first: a bomb is refused before anything is inflated.
        for _ in infos:
            budget.take_member()
        declared = sum(info.file_size for info in infos)
        if declared > budget.bytes:
            raise ArchiveError(
                ErrorKind.TOO_LARGE,
                f"declares {declared} unpacked bytes, more than the "
                f"{budget.limits.max_total_bytes} allowed (NOTICES_ARCHIVE_MAX_BYTES)",
            )
        out: list[Member] = []
        for info in infos:
            if info.flag_bits & _ENCRYPTED_FLAG:
                raise ArchiveError(
                    ErrorKind.ENCRYPTED, f"the member {zip_member_name(info)!r} is encrypted"
                )
            out.append(Member(zip_member_name(info), _read_zip_member(archive, info, budget)))
        return out


def _read_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """The member's bytes, counted as they inflate: a header that under-declares the
    size is caught at the budget, not trusted."""
    chunks: list[bytes] = []
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(1024 * 1024):
                budget.take_bytes(len(chunk))
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as error:
        raise ArchiveError(
            ErrorKind.CORRUPT, f"cannot unpack {zip_member_name(info)!r}: {error}"
        ) from None
    return b"".join(chunks)


# ------------------------------------------------------------------ RAR and 7z (bsdtar)


def bsdtar_binary() -> str | None:
    return shutil.which(os.environ.get("NOTICES_BSDTAR", "bsdtar"))


def _bsdtar_members(data: bytes, budget: _Budget) -> list[Member]:
    binary = bsdtar_binary()
    if binary is None:
        raise ArchiveError(
            ErrorKind.CONVERTER_MISSING,
            "reading RAR and 7z archives needs bsdtar (apt-get install libarchive-tools)",
        )
    with tempfile.TemporaryDirectory(prefix="notices-archive-") as folder:
        errors = Path(folder) / "stderr"
        with errors.open("wb") as stderr:
            # A RAR goes in through a pipe: libarchive then judges the format by its
            # first bytes. Given a seekable file, its ZIP reader also looks for a central
            # directory near the end, finds the one of a .docx stored uncompressed as the
            # last member, and outbids the RAR reader. A 7z needs seeking (its header is
            # at the end) and outbids the ZIP reader: it is read from a file.
            piped = archive_format(data) == "rar"
            source = Path(folder) / "archive"  # our name: the archive's own is never used
            if not piped:
                source.write_bytes(data)
            process = subprocess.Popen(
                [binary, "-cf", "-", "--format", "pax", "@-" if piped else f"@{source}"],
                stdout=subprocess.PIPE,
                stderr=stderr,
                stdin=subprocess.PIPE if piped else subprocess.DEVNULL,
                cwd=folder,
                # names in the tar stream as UTF-8 (7z and RAR 5 store Unicode names)
                env={**os.environ, "LC_ALL": "C.UTF-8"},
            )
            feeder = threading.Thread(
                target=_feed, args=(process, data if piped else b""), daemon=True
            )
            feeder.start()
            timed_out = threading.Event()

            def give_up() -> None:
                timed_out.set()
                process.kill()

            timer = threading.Timer(budget.limits.timeout_s, give_up)
            timer.start()
            out: list[Member] | None = None
            failure = ""
            try:
                assert process.stdout is not None
                out = _tar_members(process.stdout, budget)
                process.stdout.read()  # the tar stream's end padding
            except tarfile.TarError as error:
                failure = str(error)
            finally:
                if out is None:  # a bound passed or an unreadable stream: stop bsdtar
                    process.kill()
                code = process.wait()
                timer.cancel()
                feeder.join()
                if process.stdout is not None:
                    process.stdout.close()
        message = errors.read_text(encoding="utf-8", errors="replace").strip()
    if timed_out.is_set():
        raise ArchiveError(
            ErrorKind.CORRUPT,
            f"bsdtar gave up after {budget.limits.timeout_s:.0f} s (NOTICES_ARCHIVE_TIMEOUT)",
        )
    if code != 0 or out is None:
        detail = message.splitlines()[-1] if message else failure
        if "encrypt" in message.lower() or "passphrase" in message.lower():
            raise ArchiveError(ErrorKind.ENCRYPTED, f"the archive is encrypted: {detail}")
        raise ArchiveError(ErrorKind.CORRUPT, f"bsdtar cannot read the archive: {detail}")
    return out


def _feed(process: subprocess.Popen[bytes], data: bytes) -> None:
    """Write the archive to bsdtar's stdin (a thread: bsdtar's output is read meanwhile)."""
    if process.stdin is None:
        return
    try:
        process.stdin.write(data)
    except OSError:
        pass  # bsdtar stopped early (a bad archive, or killed at a bound): it says why
    finally:
        with contextlib.suppress(OSError):
            process.stdin.close()


def _tar_members(stream: Any, budget: _Budget) -> list[Member]:
    out: list[Member] = []
    with tarfile.open(fileobj=stream, mode="r|", encoding="utf-8", errors="surrogateescape") as tar:
        for entry in tar:
            if not entry.isfile():
                continue
            budget.take_member()
            budget.take_bytes(entry.size)
            handle = tar.extractfile(entry)
            body = handle.read() if handle is not None else b""
            out.append(Member(_tar_name(entry.name), body))
    return out


def _tar_name(name: str) -> str:
    """bsdtar passes a name it cannot translate (a RAR 4 name in GBK bytes, without
    RAR's Unicode flag) through as raw bytes: read those as GB18030."""
    raw = name.encode("utf-8", errors="surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


# ------------------------------------------------------------------ into the landing store


def display_path(path: str) -> str:
    """A member's path as recorded: forward slashes, no leading slash, control
    characters removed. A label: ``../`` stays visible, it is never resolved."""
    printable = "".join(c if c.isprintable() else " " for c in path.replace("\\", "/"))
    return printable.lstrip("/").strip()[:1024] or "(unnamed)"


def expand_archives(
    documents: Iterable[FetchedDocument], landing_dir: Path, limits: ArchiveLimits | None = None
) -> list[FetchedDocument]:
    """The fetched documents with every archive opened: an archive that opens is followed
    by its members (and theirs), each stored by sha256 in the landing store and carrying
    its parent archive, its member path, the archive's source and notice context, and the
    archive's URL with the member path as its fragment (``…/downfile.jsp?id=9#附件/表.docx``);
    one that does not (a bomb, corrupt, encrypted) carries its error kind instead."""
    limits = limits or ArchiveLimits.from_env()
    out: list[FetchedDocument] = []
    for archive in documents:
        if archive.content_type not in ARCHIVE_CONTENT_TYPES:
            out.append(archive)
            continue
        try:
            entries = open_tree(Path(archive.landing_path).read_bytes(), limits)
        except (ArchiveError, OSError) as error:
            kind, message = (
                (error.kind, error.message)
                if isinstance(error, ArchiveError)
                else (ErrorKind.MISSING_FILE, str(error))
            )
            out.append(replace(archive, error_kind=kind, error_message=message))
            continue
        out.append(replace(archive, error_kind=None, error_message=None))
        out.extend(_member_document(archive, entry, landing_dir) for entry in entries)
    return out


def _member_document(archive: FetchedDocument, entry: Entry, landing_dir: Path) -> FetchedDocument:
    data = entry.member.data
    kind = ct.sniff(data)
    sha, landed = store_bytes(landing_dir, data, kind)
    path = display_path(entry.member.path)
    error_kind: str | None = entry.error.kind if entry.error else None
    error_message = entry.error.message if entry.error else None
    if error_kind is None and kind not in ARCHIVE_CONTENT_TYPES:
        unsupported = ct.unsupported_format(kind, data)
        if unsupported:
            error_kind, error_message = ErrorKind.UNSUPPORTED_FORMAT, unsupported
    return FetchedDocument(
        document_id=sha,
        source_id=archive.source_id,
        # the archive's URL, the member named in its fragment (never sent to a server)
        url=f"{archive.url}#{path}",
        fetched_at=archive.fetched_at,
        content_type=kind,
        bytes=len(data),
        landing_path=str(landed),
        original_name=safe_display_name(path),
        error_kind=error_kind,
        error_message=error_message,
        notice_context=archive.notice_context,
        parent_document_id=entry.parent,
        member_path=path,
    )
