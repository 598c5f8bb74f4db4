"""Vocabularies and thresholds the suites check against (EXTRACTION_SCHEMA.md, frequencies)."""

from extract.vocabulary import Frequency, Layout, NoticeKind

FREQUENCY_LABELS: tuple[str, ...] = tuple(Frequency)
LAYOUTS: tuple[str, ...] = tuple(Layout)
NOTICE_KINDS: tuple[str, ...] = tuple(NoticeKind)

# A deadline further than this from the notice year is an extraction error, not a plan.
DEADLINE_YEAR_WINDOW = 2

# A requirement longer than this has almost certainly swallowed neighbouring cells.
MAX_REQUIREMENT_CHARS = 1500

# Share of quarantined rows above which the whole notice is quarantined.
NOTICE_QUARANTINE_SHARE = 0.5
