"""Gap-free counters (case references) that two writers can never both be given, and inserts
that tolerate a concurrent writer of the same rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ReferenceCounter
from storage.session import hold_write_lock


def dialect_insert(dialect_name: str) -> Any:
    """The `insert` of the database's own dialect (PostgreSQL's or SQLite's), for ON CONFLICT.

    Imported when first asked for, not at the top: PostgreSQL's dialect costs a process on
    SQLite a few MB it would never use.
    """
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def take_next(session: Session, prefix: str, year: int) -> int:
    """The next number for (prefix, year), its row locked until this transaction ends."""
    hold_write_lock(session, ReferenceCounter.__table__)
    insert = dialect_insert(session.get_bind().dialect.name)
    session.execute(  # the year's first reference: create its counter unless a twin just did
        insert(ReferenceCounter)
        .values(prefix=prefix, year=year, last_number=0)
        .on_conflict_do_nothing(index_elements=["prefix", "year"])
    )
    counter = session.scalar(
        select(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert counter is not None  # inserted above, by us or by a twin that has committed
    counter.last_number += 1
    session.flush()
    return counter.last_number


def insert_missing(
    session: Session, model: type[Any], rows: list[dict[str, Any]], keys: list[str]
) -> None:
    """Insert the rows whose `keys` are not taken yet; a concurrent writer's twin is left alone."""
    if not rows:
        return
    insert = dialect_insert(session.get_bind().dialect.name)
    session.execute(insert(model).values(rows).on_conflict_do_nothing(index_elements=keys))
