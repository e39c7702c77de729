"""Credits are decided in one place: reserve what work costs, then charge or release it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from nemo_notebook.engine.credits import EXPORT_COST, CreditBook
from nemo_notebook.engine.errors import EngineError, OutOfCredits
from nemo_notebook.engine.store import Store


@dataclass(frozen=True)
class Work:
    cost: int


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "engine.sqlite3")
    yield store
    store.close()


def test_a_reservation_freezes_credits_until_it_is_charged(store: Store) -> None:
    book = CreditBook(store, quota=10)
    reservation = book.reserve_turn("ann", Work(4))
    assert (book.balance("ann").available, book.balance("ann").frozen) == (6, 4)
    book.charge(reservation)
    assert (book.balance("ann").available, book.balance("ann").frozen) == (6, 0)


def test_a_released_reservation_gives_everything_back_once(store: Store) -> None:
    book = CreditBook(store, quota=10)
    first, second = book.reserve_turn("ann", Work(3)), book.reserve_turn("ann", Work(3))
    first.release()
    first.release()
    assert book.balance("ann").frozen == 3
    second.release()
    assert book.available("ann") == 10


def test_work_that_costs_more_than_is_left_is_refused_with_what_it_needs(store: Store) -> None:
    book = CreditBook(store, quota=5)
    book.reserve_turn("ann", Work(4))
    with pytest.raises(OutOfCredits, match="this needs 2 credits and 1 are left") as info:
        book.reserve_turn("ann", Work(2))
    assert isinstance(info.value, EngineError) and (info.value.needed, info.value.available) == (2, 1)
    assert book.balance("ann").frozen == 4


def test_exports_are_free_even_with_nothing_left(store: Store) -> None:
    book = CreditBook(store, quota=0)
    assert EXPORT_COST == 0
    book.charge(book.reserve_export("ann"))
    assert book.available("ann") == 0


def test_an_unlimited_book_never_refuses(store: Store) -> None:
    book = CreditBook(store, quota=None)
    book.reserve_turn("ann", Work(10**6))
    assert book.available("ann") is None and book.balance("ann").unlimited
