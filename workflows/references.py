"""Case references like CSE-2026-00042: per prefix and year, gap-free, never issued twice."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage.counters import take_next


def next_reference(session: Session, prefix: str, year: int) -> str:
    return f"{prefix}-{year}-{take_next(session, prefix, year):05d}"
