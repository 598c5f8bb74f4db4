"""Error kinds of a file that cannot be extracted, and problems inside one that can."""

from __future__ import annotations

from dataclasses import dataclass

from extract.vocabulary import ErrorKind, NoteKind

ERROR_KINDS: tuple[str, ...] = tuple(ErrorKind)
PROBLEM_KINDS: tuple[str, ...] = tuple(NoteKind)


class ExtractionError(Exception):
    """A file that yields no extraction at all; ``kind`` is one of ``ERROR_KINDS``."""

    def __init__(self, kind: str, message: str) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown extraction error kind {kind!r}")
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message
        self.format: str | None = None  # the file's format, once sniffed

    def __reduce__(self) -> tuple[type, tuple[str, str], dict[str, object]]:
        # Exceptions cross process-pool boundaries; keep every field when pickled.
        return (type(self), (self.kind, self.message), {"format": self.format})


@dataclass(frozen=True)
class Problem:
    """Table content that could not be placed in a task row (reported, never dropped).
    ``kind`` is a ``NoteKind``: a document that loads with problems is noted by its first."""

    kind: str
    page: int
    text: str
    # where on the page (x0, top, x1, bottom; points), when the problem is at a place
    # (an OCR line): the table cell there is named once the table is read
    where: tuple[float, float, float, float] | None = None

    def __post_init__(self) -> None:
        if self.kind not in PROBLEM_KINDS:
            raise ValueError(f"unknown extraction problem kind {self.kind!r}")
