"""The step keeper: many form steps in one transaction, tried again on failure, all written on
stop, and a failure logged without a word of what was typed."""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

import pytest

from bot import keeping
from bot.keeping import StepKeeper
from workflows.forms import Carried, Keep


class Transactions:
    """A stand-in for `Mashbot.unit_of_work`: counts transactions; fails the first `fail`."""

    def __init__(self, fail: int = 0) -> None:
        self.fail = fail
        self.begun = 0
        self.committed: list[list[str]] = []
        self.pending: list[str] = []

    @contextmanager
    def __call__(self, entry_point: str):  # noqa: ANN204
        self.begun += 1
        self.pending = []
        yield "ctx"
        if self.fail:
            self.fail -= 1
            raise ConnectionError("database unreachable: child_name='Ava Invented'")
        self.committed.append(self.pending)

    def write(self, ctx: object, keeps: list[Keep]) -> None:
        assert ctx == "ctx"
        self.pending.extend(k.key for k in keeps)


def a_keep(key: str) -> Keep:
    return Keep("ben.teacher", key, Carried({"child_name": "Ava Invented"}, "child", 1))


@pytest.fixture(autouse=True)
def no_pauses(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(keeping, "PAUSES", (0.0, 0.0, 0.0))


def test_keeps_waiting_together_are_written_in_one_transaction() -> None:
    database = Transactions()
    entered, release = threading.Event(), threading.Event()

    def slow_write(ctx: object, keeps: list[Keep]) -> None:
        entered.set()
        release.wait(5)
        database.write(ctx, keeps)

    keeper = StepKeeper(database)
    keeper.put(slow_write, a_keep("first"))
    assert entered.wait(5)
    for n in range(5):  # put while the first is being written
        keeper.put(database.write, a_keep(f"k{n}"))
    release.set()
    keeper.wait()
    assert database.committed == [["first"], ["k0", "k1", "k2", "k3", "k4"]]
    keeper.stop()


def test_a_failed_write_is_tried_again() -> None:
    database = Transactions(fail=2)
    keeper = StepKeeper(database)
    keeper.put(database.write, a_keep("k1"))
    keeper.wait()
    assert database.begun == 3 and database.committed == [["k1"]]
    keeper.stop()


def test_a_write_given_up_says_so_without_what_was_typed(caplog) -> None:  # noqa: ANN001
    database = Transactions(fail=10)
    keeper = StepKeeper(database)
    with caplog.at_level(logging.WARNING, logger="mashbot.keeping"):
        keeper.put(database.write, a_keep("k1"))
        keeper.wait()
    assert database.begun == 1 + len(keeping.PAUSES) and database.committed == []
    assert "could not write 1 form steps (ConnectionError)" in caplog.text
    assert "Ava" not in caplog.text and "child_name" not in caplog.text
    keeper.stop()


def test_a_stop_writes_what_is_waiting_and_later_keeps_are_written_at_once() -> None:
    database = Transactions()
    keeper = StepKeeper(database)
    for n in range(3):
        keeper.put(database.write, a_keep(f"k{n}"))
    keeper.stop()
    assert sum(database.committed, []) == ["k0", "k1", "k2"]
    keeper.put(database.write, a_keep("late"))  # no thread now: written by the caller
    assert database.committed[-1] == ["late"]


def test_a_burst_of_keeps_wakes_the_keeper_once_not_once_a_keep() -> None:
    """Under a burst every form step puts a keep: a keeper waiting on the queue for each was a
    thread hand-over per step, paid by the requests waiting for the interpreter lock."""
    database = Transactions()
    keeper = StepKeeper(database)
    woken: list[object] = []  # what each wait on the queue returned with
    real_get = keeper._queue.get

    def get(block: bool = True, timeout: float | None = None):  # noqa: ANN202
        taken = real_get(block, timeout)
        if block:
            woken.append(taken)
        return taken

    keeper._queue.get = get  # type: ignore[method-assign]
    for n in range(20):
        keeper.put(database.write, a_keep(f"k{n}"))
    keeper.wait()
    assert database.committed == [[f"k{n}" for n in range(20)]]
    assert len(woken) == 1  # for the first keep; the other 19 taken without waiting
    keeper.stop()
