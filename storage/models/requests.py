"""Platform requests already in hand, so a retry reaching any replica is dropped."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class SeenRequest(Base):
    """A Slack request already in hand, by its event or trigger id, shared by every replica."""

    __tablename__ = "slack_seen_requests"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)
