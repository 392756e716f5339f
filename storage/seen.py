"""Requests already in hand, by key, in the database: what every replica and a restart share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from storage.models import SeenRequest


def claim(sessions: sessionmaker[Session], key: str, now: datetime) -> bool:
    """True for the one caller, on any replica, that records `key` first.

    One statement on a plain connection: no ORM session, as it runs for every request.
    """
    engine = sessions.kw["bind"]
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    table = SeenRequest.__table__
    with engine.begin() as connection:
        result = connection.execute(
            dialect.insert(table)
            .values(key=key, seen_at=now)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(table.c.key)
        )
        return result.first() is not None


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
