"""Engines and sessions, built by the application factory and never at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, Table, create_engine, event, false, update
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL and a busy timeout.

    `hide_parameters`: a database error's message must never carry a query's values into a log
    (they may be a child's name, date of birth or what happened).
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, hide_parameters=True, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    # A server that does not answer is said after 10 s, not after the system's TCP timeout.
    connect_args = {"connect_timeout": 10} if url.startswith("postgresql") else {}
    return create_engine(
        url, echo=echo, hide_parameters=True, pool_pre_ping=True, connect_args=connect_args
    )


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
