"""Case references like CSE-2026-00042: per prefix and year, gap-free, issued under a lock."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ReferenceCounter


def next_reference(session: Session, prefix: str, year: int) -> str:
    counter = session.scalar(
        select(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
        .with_for_update()
    )
    if counter is None:
        counter = ReferenceCounter(prefix=prefix, year=year, last_number=0)
        session.add(counter)
    counter.last_number += 1
    session.flush()
    return f"{prefix}-{year}-{counter.last_number:05d}"
