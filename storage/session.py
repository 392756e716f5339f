"""Engines and sessions, built by the application factory and never at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, Table, create_engine, event, false, update
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from storage import sqlite


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL and a busy timeout.

    `hide_parameters`: a database error's message must never carry a query's values into a log
    (they may be a child's name, date of birth or what happened).
    """
    if url.startswith("sqlite"):
        return sqlite.make_engine(url, echo, POOL)
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


# Connections kept open for reuse: as many as requests a burst works at once (Slack's listener
# turns and Starlette's threads). With SQLAlchemy's default five, a burst of twenty form steps
# opened and closed a connection for most requests (on PostgreSQL a new server process and its
# authentication each time; on SQLite the file and its PRAGMAs).
POOL = {"pool_size": 20, "max_overflow": 20}


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


class NeedsDatabase(Exception):  # noqa: N818 - reads as what happened
    """Work given an unconnected session used it: do it again with a real one."""


class UnconnectedSession(Session):
    """A session that refuses to be used: its first query, write, flush or connection raises
    NeedsDatabase, before a connection is taken from the pool. It still names its engine
    (`get_bind`), which is how the data key is found.

    For work that may be done where waiting on the database must not happen (an event loop),
    and is done again elsewhere if it turns out to need the database."""


@event.listens_for(UnconnectedSession, "after_transaction_create")
def _refuse(session: Session, transaction: SessionTransaction) -> None:
    # Every use of a session begins its transaction first (SQLAlchemy's autobegin).
    if transaction.parent is None:
        raise NeedsDatabase


def make_unconnected_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, class_=UnconnectedSession, expire_on_commit=False)


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
    with sqlite.throwaway_engine(engine).begin() as connection:
        yield connection
