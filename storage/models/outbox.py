"""Outbound messages, written in the same transaction as the change that caused them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.crypto import EncryptedJSON


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry: shown to a person, never dropped


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(60))
    # The chat platform this row goes out on ("slack", "teams"); each dispatcher claims its own.
    platform: Mapped[str] = mapped_column(String(20), default="slack", server_default="slack")
    recipient_type: Mapped[str] = mapped_column(String(20))
    recipient_id: Mapped[str] = mapped_column(String(120))
    # A request to an agency's lead carries the child's search details: encrypted like the rest.
    facts: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON("outbox.facts"), default=dict)
    replaces_key: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    # Of `attempts`, how many the platform answered "slow down" (429): those are not failures.
    rate_limited: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_to: Mapped[dict[str, Any] | None] = mapped_column(default=None)
