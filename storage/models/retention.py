"""Retention: the dry-run reports made to the DPO, each applied at most once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class RetentionReport(Base):
    """What a dry run found past retention (references only); `apply` acts on a report, never blind."""

    __tablename__ = "retention_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    made_at: Mapped[datetime] = mapped_column(index=True)
    made_by: Mapped[str] = mapped_column(String(80))
    items: Mapped[list[Any]] = mapped_column(default=list)
    applied_at: Mapped[datetime | None]
    applied_by: Mapped[str | None] = mapped_column(String(80))
