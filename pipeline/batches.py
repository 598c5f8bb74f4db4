"""Batches that keep a backlog of any size under Airflow's mapping limit.

Airflow refuses to map a task over more than `[core] max_map_length` values (1,024 by
default). The ingest DAG maps over batches of documents instead of documents: batches
hold `preferred` items each, and grow when the backlog is so large that even then there
would be more batches than the limit, so 10,000 new documents take one run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

DEFAULT_BATCH_SIZE = 20
"""Documents per mapped fetch/extract task: small enough to spread over the workers,
large enough that ten thousand documents do not make ten thousand task instances."""


def batch_size_for(count: int, preferred: int, max_batches: int) -> int:
    """`preferred`, or more when `count` items would otherwise need over `max_batches`."""
    if preferred < 1 or max_batches < 1:
        raise ValueError("batch size and the number of batches must be at least 1")
    return max(preferred, math.ceil(count / max_batches))


def into_batches(items: Sequence[T], preferred: int, max_batches: int) -> list[list[T]]:
    """`items` in order, cut into at most `max_batches` batches of at least `preferred`."""
    size = batch_size_for(len(items), preferred, max_batches)
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def capped(items: Sequence[T], limit: int) -> tuple[list[T], int]:
    """The first `limit` items and how many were left over (for per-item task lists that
    must stay under the mapping limit too)."""
    return list(items[:limit]), max(0, len(items) - limit)
