"""Gap-free counters (case references) that two writers can never both be given, and inserts
that tolerate a concurrent writer of the same rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import ReferenceCounter
from storage.session import hold_write_lock


def take_next(session: Session, prefix: str, year: int) -> int:
    """The next number for (prefix, year), its row locked until this transaction ends."""
    hold_write_lock(session, ReferenceCounter.__table__)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(  # the year's first reference: create its counter unless a twin just did
        dialect.insert(ReferenceCounter)
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
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(model).values(rows).on_conflict_do_nothing(index_elements=keys))
