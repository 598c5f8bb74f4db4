"""Vocabularies and thresholds the suites check against (EXTRACTION_SCHEMA.md, frequencies)."""

from extract.vocabulary import Frequency, NoteKind

FREQUENCY_LABELS: tuple[str, ...] = tuple(Frequency)

# A deadline further than this from the notice year is an extraction error, not a plan.
DEADLINE_YEAR_WINDOW = 2

# A requirement longer than this has almost certainly swallowed neighbouring cells.
MAX_REQUIREMENT_CHARS = 1500

# Share of quarantined rows above which the whole notice is quarantined.
NOTICE_QUARANTINE_SHARE = 0.5

# The dq_reason of a task row without units: the extraction problem kind of the same name.
NO_UNITS: str = NoteKind.NO_UNITS.value
