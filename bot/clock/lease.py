"""The clock's lease: one row saying who schedules until when, renewed by its holder.

A leader that stops renewing — killed, or frozen (SIGSTOP, a stuck VM) while its connections
stay open — loses the lease when it expires, and a standby takes it with the next token. Every
sweep checks, in its own transaction and just before committing, that the lease still carries
its leader's token and has not expired (a fencing token), so a leader that wakes after losing the
lease commits nothing. Times are the database's on PostgreSQL (one clock for every replica).

A process may also freeze inside a transaction on the lease row (between a renewal's UPDATE and
its COMMIT, say), keeping the row locked. So on PostgreSQL every such transaction is guarded:
the server ends a session left idle in one for a third of a lease, which frees its locks, and
no process waits longer than that for the row. A frozen replica never keeps the clock.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, DateTime, func, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import ClockLease

NAME = "clock"


class LostLease(Exception):
    """This process no longer holds the clock lease: its sweep must not commit."""


def new_holder() -> str:
    """A name for this process in the lease, for people reading the table or /healthz."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def database_now(session: Session) -> datetime:
    if session.get_bind().dialect.name == "postgresql":
        return session.scalar(text("SELECT clock_timestamp()"))
    return datetime.now(UTC)


def statement_now(session: Session) -> ColumnElement[datetime] | datetime:
    """The database's clock as the statement runs, on PostgreSQL (after any wait for a lock)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.clock_timestamp(type_=DateTime(timezone=True))
    return datetime.now(UTC)


@contextmanager
def lease_transaction(sessions: sessionmaker[Session], seconds: float) -> Iterator[Session]:
    """A short transaction on the lease row, guarded for a third of a lease (see the module)."""
    with sessions.begin() as session:
        guard(session, seconds / 3)
        yield session


def lock_busy(error: OperationalError) -> bool:
    """Whether `error` is PostgreSQL's lock_timeout: another process holds the row."""
    return getattr(error.orig, "sqlstate", None) == "55P03"


def acquire(sessions: sessionmaker[Session], holder: str, seconds: float) -> int | None:
    """Take the lease if it is free or has lapsed; the new fencing token, or None."""
    try:
        with lease_transaction(sessions, seconds) as session:
            row = session.scalar(
                select(ClockLease).where(ClockLease.name == NAME).with_for_update()
            )
            now = database_now(session)  # read once the row is ours, not before a wait for it
            if row is None:
                row = ClockLease(name=NAME, holder=holder, token=0, expires_at=now, renewed_at=now)
                session.add(row)
            elif row.holder != holder and row.expires_at > now:
                return None
            row.token += 1
            row.holder = holder
            row.expires_at = now + timedelta(seconds=seconds)
            row.renewed_at = now
            session.flush()
            return row.token
    except IntegrityError:  # another process made the row first: it leads
        return None
    except OperationalError as error:
        if lock_busy(error):  # held past the guard: by a leader renewing, or a frozen process
            return None
        raise


def renew(sessions: sessionmaker[Session], holder: str, token: int, seconds: float) -> bool:
    """Extend the lease while it is still ours and unexpired; False once it is lost.

    One statement, timed by the database as it runs: a renewal that had to wait for the row,
    or whose process froze before sending it, cannot extend a lease that lapsed meanwhile.
    """
    with lease_transaction(sessions, seconds) as session:
        now = statement_now(session)
        result = session.execute(
            update(ClockLease)
            .where(
                ClockLease.name == NAME,
                ClockLease.holder == holder,
                ClockLease.token == token,
                ClockLease.expires_at > now,
            )
            .values(expires_at=now + timedelta(seconds=seconds), renewed_at=now)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def release(sessions: sessionmaker[Session], holder: str, token: int, seconds: float) -> None:
    """Let a standby take over at once (a clean stop), if the lease is still ours."""
    with lease_transaction(sessions, seconds) as session:
        session.execute(
            update(ClockLease)
            .where(ClockLease.name == NAME, ClockLease.holder == holder, ClockLease.token == token)
            .values(expires_at=statement_now(session))
        )


def check(session: Session, holder: str, token: int) -> None:
    """In a sweep's transaction: raise LostLease unless the lease is still ours and unexpired.

    The row is read FOR SHARE, so no standby can take the lease between this check and the
    commit: it waits for the commit, then finds the lease lapsed or renewed.
    """
    row = session.scalar(
        select(ClockLease)
        .where(ClockLease.name == NAME)
        .with_for_update(read=True)
        .execution_options(populate_existing=True)
    )
    if row is None or row.holder != holder or row.token != token:
        raise LostLease(f"the clock lease is now held by {row.holder if row else 'nobody'}")
    if row.expires_at <= database_now(session):
        raise LostLease("the clock lease expired before this sweep could commit")


def guard(session: Session, seconds: float) -> None:
    """On PostgreSQL, bound how long a frozen transaction keeps its locks, or waits for others'."""
    if session.get_bind().dialect.name != "postgresql":
        return
    millis = max(1000, int(seconds * 1000))
    session.execute(text(f"SET LOCAL idle_in_transaction_session_timeout = {millis}"))
    session.execute(text(f"SET LOCAL lock_timeout = {millis}"))


@dataclass(frozen=True)
class Fence:
    """What a leader's sweeps carry: who leads, with which token, for how long a lease lasts."""

    holder: str
    token: int
    seconds: float

    def begin(self, session: Session) -> None:
        guard(session, self.seconds)

    def check(self, session: Session) -> None:
        check(session, self.holder, self.token)

    def still_held(self, sessions: sessionmaker[Session]) -> bool:
        """Whether the lease is still ours (false also when the database cannot say)."""
        try:
            with lease_transaction(sessions, self.seconds) as session:
                check(session, self.holder, self.token)
        except Exception:  # noqa: BLE001 - lost, expired or unreachable: not ours to act on
            return False
        return True
