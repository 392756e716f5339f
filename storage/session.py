"""Engines and sessions, built by the application factory and never at import time."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, false, update
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL and a busy timeout.

    `hide_parameters`: a database error's message must never carry a query's values into a log
    (they may be a child's name, date of birth or what happened).
    """
    if url.startswith("sqlite"):
        engine = _sqlite_engine(url, echo, _SYNCHRONOUS, POOL)
        WriterGate().install(engine)
        return engine
    # A server that does not answer is said after 10 s, not after the system's TCP timeout.
    connect_args = {"connect_timeout": 10} if url.startswith("postgresql") else {}
    return create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        pool_pre_ping=True,
        connect_args=connect_args,
        **POOL,
    )


def _sqlite_engine(url: str, echo: bool, synchronous: str, pool: dict[str, int]) -> Engine:
    """An engine on a SQLite database with foreign keys, WAL, a busy timeout and `synchronous`."""
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args={"timeout": 30},
        **({} if ":memory:" in url else pool),
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if ":memory:" not in url:
            cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: every commit waits until the write-ahead log is on disk (a power cut loses
        # nothing committed); `throwaway_write`'s connections say NORMAL.
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    return engine


# Connections kept open for reuse: as many as requests a burst works at once (Slack's listener
# turns and Starlette's threads). With SQLAlchemy's default five, a burst of twenty form steps
# opened and closed a connection for most requests (on PostgreSQL a new server process and its
# authentication each time; on SQLite the file and its PRAGMAs).
POOL = {"pool_size": 20, "max_overflow": 20}


_SYNCHRONOUS = "FULL"
_GATES: weakref.WeakKeyDictionary[Engine, WriterGate] = weakref.WeakKeyDictionary()
_WRITES = ("insert", "update", "delete", "replace")
_HOLDS = "mashbot_writer_gate"


class WriterGate:
    """SQLite: this process's writers take turns on a lock before SQLite's own.

    SQLite lets one connection write at a time; the others wait in its busy handler, which
    sleeps in growing steps (up to 100 ms) and so leaves the database idle while threads sleep:
    under a burst of form submissions that made most of the slow tail. Here a connection takes
    the gate at its first write and gives it back when its transaction ends, so the next writer
    of this process starts at once. Other processes (replicas, the CLI) still meet SQLite's own
    lock and busy timeout; a thread already writing on another connection is not made to wait
    for itself.
    """

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._owner: int | None = None

    def install(self, engine: Engine) -> None:
        _GATES[engine] = self
        event.listen(engine, "before_cursor_execute", self._before_execute)
        for name in ("commit", "rollback"):
            event.listen(engine, name, lambda connection: self._release(connection.info))
        event.listen(engine.pool, "checkin", lambda _dbapi, record: self._release(record.info))

    def _before_execute(self, connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        info = connection.info
        if info.get(_HOLDS) or not statement.lstrip()[:7].lower().startswith(_WRITES):
            return
        if self._owner == threading.get_ident():
            return  # this thread writes on another connection already: SQLite decides
        if self._lock.acquire(timeout=self.timeout):
            self._owner = threading.get_ident()
            info[_HOLDS] = True

    def _release(self, info: dict) -> None:
        if info.pop(_HOLDS, False):
            self._owner = None
            self._lock.release()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error (and re-raise it)."""
    with factory() as session, session.begin():
        yield session


def hold_write_lock(session: Session, table: Table) -> None:
    """On SQLite, take the database's write lock now, before a read that a write depends on.

    SQLite has no row locks, and its driver begins a transaction only at the first write, so a
    read-then-write (claim the next outbox rows, issue the next reference) could race another
    process. A write that changes nothing takes the lock; PostgreSQL needs none of this, as its
    callers lock rows with SELECT ... FOR UPDATE.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    key = next(iter(table.primary_key.columns))
    session.execute(update(table).where(false()).values({key: key}))


@contextmanager
def single_statement(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for work that is one statement (a claim, a batch marked sent): commit on
    success, roll back on error, like `transaction`.

    On PostgreSQL the statement runs in autocommit, as its own transaction (atomic alone): no
    BEGIN and COMMIT round trips. SQLite keeps a transaction, since a claim must take the write
    lock before its read (`hold_write_lock`).
    """
    with factory() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        session.commit()


@contextmanager
def throwaway_write(engine: Engine) -> Iterator[Connection]:
    """A connection for one statement writing rows that a power cut may take but a crash of
    mashbot never does (the keys of Slack requests already in hand): committed on success.

    On SQLite each commit otherwise waits for the disk (some milliseconds) while holding the
    database's only write lock, so a burst of claims queued behind one another. Here the
    statement runs on a connection of its own small pool that commits with synchronous=NORMAL
    (the write reaches the operating system, which survives mashbot stopping; the next commit
    that waits for the disk takes it along), taking this process's writer gate like every
    other write. On PostgreSQL, whose commits wait for the disk together, the statement runs in
    autocommit: no BEGIN and COMMIT round trips. A safeguarding record is never written here.
    """
    if engine.dialect.name != "sqlite":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            yield connection
        return
    with _throwaway_engine(engine).begin() as connection:
        yield connection


_THROWAWAY: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()
_THROWAWAY_MADE = threading.Lock()


def _throwaway_engine(engine: Engine) -> Engine:
    """`engine`'s companion for throwaway writes (made on first use, disposed with it); an
    in-memory database, which no second engine can see and no disk holds up, is its own."""
    if engine.url.database in (None, "", ":memory:"):
        return engine
    with _THROWAWAY_MADE:
        found = _THROWAWAY.get(engine)
        if found is None:
            found = _sqlite_engine(
                engine.url.render_as_string(hide_password=False),
                engine.echo,
                "NORMAL",
                {"pool_size": 5, "max_overflow": 15},
            )
            _GATES[engine].install(found)  # one gate for the database in this process
            event.listen(engine, "engine_disposed", lambda _engine: found.dispose())
            _THROWAWAY[engine] = found
    return found
