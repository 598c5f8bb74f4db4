"""The landing store: every file once, named by the sha256 of its bytes.

Names given by a server or a folder are never used as paths; a stored file is never
rewritten, so whatever the warehouse already points at stays intact.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from extract.sources.content_type import extension_for


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def landing_path_for(landing_dir: Path, sha256: str, content_type: str) -> Path:
    return landing_dir / sha256[:2] / f"{sha256}{extension_for(content_type)}"


def store_bytes(landing_dir: Path, data: bytes, content_type: str) -> tuple[str, Path]:
    """Store `data` under its sha256; return (sha256, path). Idempotent and atomic."""
    sha = sha256_hex(data)
    target = landing_path_for(landing_dir, sha, content_type)
    if target.exists() and target.stat().st_size == len(data):
        return sha, target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Temp file in the same folder so that the rename is atomic: a reader sees either
    # no file or the whole file, never a partial one.
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o444)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return sha, target
