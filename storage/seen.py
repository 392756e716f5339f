"""Requests already in hand, by key, in the database: what every replica and a restart share."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Executable, bindparam, delete, select
from sqlalchemy.orm import Session, sessionmaker

from storage.counters import dialect_insert
from storage.models import SeenRequest
from storage.session import throwaway_write


def claim(sessions: sessionmaker[Session], key: str, now: datetime) -> bool:
    """True for the one caller, on any replica, that records `key` first.

    One statement on a plain connection: no ORM session, as it runs for every request; and its
    commit does not wait for the disk (losing a key to a power cut lets one retry through).
    """
    engine = sessions.kw["bind"]
    with throwaway_write(engine) as connection:
        result = connection.execute(_claim_statement(engine.dialect.name), {"k": key, "at": now})
        return result.first() is not None


@cache
def _claim_statement(dialect_name: str) -> Executable:
    """INSERT … ON CONFLICT DO NOTHING RETURNING key, built once per dialect (building it was a
    fifth of a claim's time)."""
    table = SeenRequest.__table__
    return (
        dialect_insert(dialect_name)(table)
        .values(key=bindparam("k"), seen_at=bindparam("at"))
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.key)
    )


def release(sessions: sessionmaker[Session], key: str) -> None:
    """Forget `key`, so that a retry of a request that failed does the work."""
    with sessions.begin() as session:
        session.execute(delete(SeenRequest).where(SeenRequest.key == key))


def held(sessions: sessionmaker[Session], key: str) -> bool:
    with sessions() as session:
        return session.scalar(select(SeenRequest.key).where(SeenRequest.key == key)) is not None


def prune(sessions: sessionmaker[Session], before: datetime) -> int:
    """Drop keys older than any retry can be; how many."""
    with sessions.begin() as session:
        result = session.execute(delete(SeenRequest).where(SeenRequest.seen_at < before))
        return result.rowcount  # type: ignore[attr-defined]
