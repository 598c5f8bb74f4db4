"""Vocabularies and thresholds the suites check against (docs/extraction_schema.md, frequencies)."""

from extract.vocabulary import Frequency, Layout, NoteKind, NoticeKind

FREQUENCY_LABELS: tuple[str, ...] = tuple(Frequency)
LAYOUTS: tuple[str, ...] = tuple(Layout)
NOTICE_KINDS: tuple[str, ...] = tuple(NoticeKind)

# Issuers of national notices: no region issues them, so they have no adcode (dbt's
# int_notice_levels names the same issuers national).
NATIONAL_ISSUERS: frozenset[str] = frozenset({"国务院", "国务院办公厅"})

# A deadline further than this from the notice year is an extraction error, not a plan.
DEADLINE_YEAR_WINDOW = 2

# A requirement longer than this has almost certainly swallowed neighbouring cells.
MAX_REQUIREMENT_CHARS = 1500

# Share of quarantined rows above which the whole notice is quarantined.
NOTICE_QUARANTINE_SHARE = 0.5

# The dq_reason of a task row without units: the extraction problem kind of the same name.
NO_UNITS: str = NoteKind.NO_UNITS.value
