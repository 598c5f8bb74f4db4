"""Batches keep any backlog under the mapping limit, in order, nothing lost or doubled."""

from __future__ import annotations

import pytest

from pipeline.batches import batch_size_for, capped, into_batches


@pytest.mark.parametrize(
    ("count", "preferred", "limit"),
    [(0, 20, 1024), (7, 3, 2), (10_000, 20, 1024), (100_000, 20, 1024)],
)
def test_batches_stay_under_the_limit_and_keep_every_item(
    count: int, preferred: int, limit: int
) -> None:
    items = list(range(count))
    batches = into_batches(items, preferred, limit)
    assert len(batches) <= limit
    assert [i for batch in batches for i in batch] == items
    assert all(len(batch) <= batch_size_for(count, preferred, limit) for batch in batches)


def test_the_preferred_size_holds_while_the_limit_allows() -> None:
    assert [len(b) for b in into_batches(list(range(45)), 20, 1024)] == [20, 20, 5]


def test_capped_lists_say_how_many_were_left_out() -> None:
    assert capped(list("abcde"), 3) == (["a", "b", "c"], 2)
    assert capped(list("ab"), 3) == (["a", "b"], 0)
