"""Storage guarantees: no query values in error messages, one writer at a time where it matters."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from storage.session import make_engine, throwaway_write
from storage.sqlite import GatedConnection
from tests.support import INVENTED_CHILD


def test_database_errors_never_carry_the_values(bot) -> None:
    with pytest.raises(DBAPIError) as error, bot.sessions() as session:
        session.execute(
            text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": INVENTED_CHILD}
        )
    assert INVENTED_CHILD not in str(error.value)


def test_references_are_unique_when_many_are_issued_at_once(bot) -> None:
    from workflows.references import next_reference

    issued: list[str] = []
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            for _ in range(5):
                with bot.unit_of_work("test") as ctx:
                    issued.append(next_reference(ctx.session, "CSE", 2031))
        except BaseException as failure:  # noqa: BLE001 - collected and asserted below
            errors.append(failure)

    threads = [threading.Thread(target=issue) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(issued) == [f"CSE-2031-{n:05d}" for n in range(1, 31)]


def test_sqlite_writers_of_one_process_take_turns_and_always_hand_the_turn_on(tmp_path) -> None:
    """The writer gate: a second writer waits for the first's commit (never in SQLite's busy
    sleeps), and every way a transaction ends (commit, rollback, a session closed) frees it."""
    engine = make_engine(f"sqlite:///{tmp_path}/gate.db")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    sessions = sessionmaker(engine)
    order: list[str] = []
    first_wrote, second_started = threading.Event(), threading.Event()

    def first() -> None:
        with sessions.begin() as session:
            session.execute(text("INSERT INTO t VALUES (1)"))
            first_wrote.set()
            second_started.wait(5)
            threading.Event().wait(0.2)  # the second writer is at the gate by now
            order.append("first commits")

    def second() -> None:
        first_wrote.wait(5)
        second_started.set()
        with sessions.begin() as session:
            session.execute(text("INSERT INTO t VALUES (2)"))
            order.append("second wrote")

    threads = [threading.Thread(target=f) for f in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert order == ["first commits", "second wrote"]

    with sessions() as session:  # rolled back
        session.execute(text("INSERT INTO t VALUES (3)"))
        session.rollback()
    with sessions() as session:  # closed without commit or rollback
        session.execute(text("DELETE FROM t WHERE n = 1"))
    done = threading.Event()

    def writes_again() -> None:
        with sessions.begin() as session:
            session.execute(text("INSERT INTO t VALUES (4)"))
        done.set()

    threading.Thread(target=writes_again).start()
    assert done.wait(5), "a transaction's end left the gate closed"
    with sessions() as session:
        assert sorted(session.scalars(text("SELECT n FROM t"))) == [1, 2, 4]
    engine.dispose()


def test_the_next_sqlite_writer_is_let_in_once_the_commit_has_returned(
    tmp_path, monkeypatch
) -> None:
    """Not at SQLAlchemy's commit event, which comes before the driver's commit: a writer let in
    then met SQLite's lock while the commit waited for the disk, and slept in its busy handler."""
    engine = make_engine(f"sqlite:///{tmp_path}/turns.db")
    sessions = sessionmaker(engine)
    with sessions.begin() as session:
        session.execute(text("CREATE TABLE t (n INTEGER)"))
    slow_commit = GatedConnection.commit

    def commit_waiting_for_a_slow_disk(self: GatedConnection) -> None:
        if threading.current_thread().name == "first":
            time.sleep(0.3)
        slow_commit(self)

    monkeypatch.setattr(GatedConnection, "commit", commit_waiting_for_a_slow_disk)
    moments: dict[str, float] = {}
    event.listen(  # after the gate's own listener: the moment a writer is let in
        engine,
        "before_cursor_execute",
        lambda *_: moments.setdefault(threading.current_thread().name, time.monotonic()),
    )
    first_wrote = threading.Event()

    def first() -> None:
        with sessions.begin() as session:
            session.execute(text("INSERT INTO t VALUES (1)"))
            first_wrote.set()
        moments["first committed"] = time.monotonic()

    def second() -> None:
        first_wrote.wait(5)
        with sessions.begin() as session:
            session.execute(text("INSERT INTO t VALUES (2)"))

    threads = [threading.Thread(target=f, name=f.__name__) for f in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert moments["second"] >= moments["first committed"] - 0.01, moments
    with sessions() as session:
        assert sorted(session.scalars(text("SELECT n FROM t"))) == [1, 2]
    engine.dispose()


def test_a_throwaway_write_is_kept_and_the_commits_after_it_wait_for_the_disk(tmp_path) -> None:
    """The retry guard's keys commit without waiting for the disk, on connections of their own;
    every other connection waits for the disk, whether the throwaway work succeeded or failed."""
    engine = make_engine(f"sqlite:///{tmp_path}/keys.db")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE keys (key TEXT PRIMARY KEY)")

    with throwaway_write(engine) as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        connection.exec_driver_sql("INSERT INTO keys VALUES ('first')")
    with pytest.raises(DBAPIError), throwaway_write(engine) as connection:
        connection.exec_driver_sql("INSERT INTO keys VALUES ('second')")
        connection.exec_driver_sql("INSERT INTO keys VALUES ('first')")  # a duplicate: fails

    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        kept = connection.exec_driver_sql("SELECT key FROM keys").scalars().all()
    assert kept == ["first"]  # committed; the failed transaction left nothing
    with throwaway_write(engine) as connection:
        companion = connection.engine
    assert companion is not engine and companion.pool.checkedin() > 0
    engine.dispose()
    assert companion.pool.checkedin() == 0  # disposed with the engine it serves
