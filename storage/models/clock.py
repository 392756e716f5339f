"""How each clock sweep last went, so a failing one is retried, counted and shown to a person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class SweepRun(Base):
    __tablename__ = "sweep_runs"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    last_started_at: Mapped[datetime | None]
    last_ok_at: Mapped[datetime | None]
    last_failed_at: Mapped[datetime | None]
    failing_since: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    total_failures: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class ClockLease(Base):
    """Who runs the clock until when: renewed by the leader, taken by a standby when it lapses.

    `token` grows by one at every change of holder; a sweep commits only while the lease still
    carries the token its leader was given (a fencing token), so a leader that was frozen and
    lost the lease cannot commit when it wakes.
    """

    __tablename__ = "clock_lease"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    token: Mapped[int]
    expires_at: Mapped[datetime]
    renewed_at: Mapped[datetime]
    stale_alerted_for: Mapped[datetime | None]  # the last sweep time admins were told about
