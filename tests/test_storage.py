"""Storage guarantees: no query values in error messages, one writer at a time where it matters."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from storage.session import make_engine, throwaway_write
from storage.sqlite import GatedConnection, WalSync
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
        assert connection.connection.dbapi_connection.wal_sync is None  # nor waits for a flush
        connection.exec_driver_sql("INSERT INTO keys VALUES ('first')")
    with pytest.raises(DBAPIError), throwaway_write(engine) as connection:
        connection.exec_driver_sql("INSERT INTO keys VALUES ('second')")
        connection.exec_driver_sql("INSERT INTO keys VALUES ('first')")  # a duplicate: fails

    with engine.connect() as connection:
        assert isinstance(connection.connection.dbapi_connection.wal_sync, WalSync)
        kept = connection.exec_driver_sql("SELECT key FROM keys").scalars().all()
    assert kept == ["first"]  # committed; the failed transaction left nothing
    with throwaway_write(engine) as connection:
        companion = connection.engine
    assert companion is not engine and companion.pool.checkedin() > 0
    engine.dispose()
    assert companion.pool.checkedin() == 0  # disposed with the engine it serves


class Flushes:
    """WalSync's flushes of the log, recorded (and slowed, like a disk) instead of made."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, seconds: float = 0.0) -> None:
        self.spans: list[tuple[float, float]] = []
        self.failing: OSError | None = None
        flush = WalSync._flush

        def recorded(sync: WalSync) -> None:
            start = time.monotonic()
            if self.failing is not None:
                raise self.failing
            flush(sync)  # the real one too: the file must be there to be flushed
            time.sleep(seconds)
            self.spans.append((start, time.monotonic()))

        monkeypatch.setattr(WalSync, "_flush", recorded)


def test_a_sqlite_commit_returns_once_a_flush_of_the_log_begun_after_it_has_ended(
    tmp_path, monkeypatch
) -> None:
    """Commits write the log without waiting (NORMAL) and then wait for a flush of it that began
    after them, as FULL would; a transaction that wrote nothing waits for none."""
    flushes = Flushes(monkeypatch)
    engine = make_engine(f"sqlite:///{tmp_path}/durable.db")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    flushes.spans.clear()
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        committing = time.monotonic()
    returned = time.monotonic()
    assert len(flushes.spans) == 1
    start, end = flushes.spans[0]
    assert committing <= start <= end <= returned
    with engine.begin() as connection:  # reads only
        assert connection.exec_driver_sql("SELECT n FROM t").scalars().all() == [1]
    assert len(flushes.spans) == 1
    engine.dispose()


def test_sqlite_commits_made_at_once_share_flushes_and_each_waits_for_one_after_it(
    tmp_path, monkeypatch
) -> None:
    """The point of `WalSync`: twelve writers committing together need fewer flushes than
    commits, and none returns before a flush that began after its commit has ended."""
    flushes = Flushes(monkeypatch, seconds=0.02)
    engine = make_engine(f"sqlite:///{tmp_path}/group.db")
    sessions = sessionmaker(engine)
    with sessions.begin() as session:
        session.execute(text("CREATE TABLE t (n INTEGER)"))
    waits: list[tuple[float, float]] = []
    wait = WalSync.wait

    def timed(sync: WalSync) -> None:
        called = time.monotonic()
        wait(sync)
        waits.append((called, time.monotonic()))

    monkeypatch.setattr(WalSync, "wait", timed)
    start = threading.Barrier(12)

    def write(n: int) -> None:
        start.wait(5)
        with sessions.begin() as session:
            session.execute(text("INSERT INTO t VALUES (:n)"), {"n": n})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(waits) == 12
    assert len(flushes.spans) < 12, flushes.spans
    for called, returned in waits:
        assert any(called <= begun and ended <= returned for begun, ended in flushes.spans)
    with sessions() as session:
        assert sorted(session.scalars(text("SELECT n FROM t"))) == list(range(12))
    engine.dispose()


def test_after_a_failed_flush_of_the_log_no_commit_says_it_is_kept(tmp_path, monkeypatch) -> None:
    """What a failed flush left on disk is unknown (Linux may drop the pages it could not
    write): that commit and every one after it fail, as PostgreSQL stops, rather than tell a
    person their record is kept."""
    flushes = Flushes(monkeypatch)
    engine = make_engine(f"sqlite:///{tmp_path}/broken.db")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    flushes.failing = OSError(5, "Input/output error")
    with (
        pytest.raises(DBAPIError, match="could not be written to disk"),
        engine.begin() as connection,
    ):
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
    flushes.failing = None  # the disk answers again: what it holds is still unknown
    with (
        pytest.raises(DBAPIError, match="could not be written to disk"),
        engine.begin() as connection,
    ):
        connection.exec_driver_sql("INSERT INTO t VALUES (2)")
    engine.dispose()


def test_a_unit_of_work_without_the_database_refuses_its_first_use_before_connecting(
    bot,  # noqa: ANN001
) -> None:
    """Reads, writes and connections alike stop at once, no connection taken from the pool;
    the data key is still found through the session's engine, and a real unit of work is not
    touched by any of it."""
    from storage.crypto import cipher_of
    from storage.models import ConcernDraft, Meeting
    from storage.session import NeedsDatabase

    taken: list[object] = []

    def checkout(*_: object) -> None:
        taken.append(1)

    event.listen(bot.engine, "checkout", checkout)
    try:
        uses = {
            "read": lambda s: s.get(Meeting, 1),
            "query": lambda s: s.execute(text("SELECT 1")),
            "write": lambda s: s.add(ConcernDraft(id="d-1", reporter_id="ben.carter")),
            "connection": lambda s: s.connection(),
        }
        for name, use in uses.items():
            with bot.without_database("test") as ctx:
                assert cipher_of(ctx.session.get_bind()) is not None
                with pytest.raises(NeedsDatabase):
                    use(ctx.session)
            assert taken == [], name
    finally:
        event.remove(bot.engine, "checkout", checkout)
    with bot.unit_of_work("test") as ctx:
        assert ctx.session.execute(text("SELECT 1")).scalar() == 1
