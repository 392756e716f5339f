"""People by mashbot id, and the one table that maps chat-platform identities to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class PersonRecord(Base):
    """Someone who has used the bot: from the partnership file, or a reporter it did not list."""

    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    agency_id: Mapped[str | None] = mapped_column(String(80))
    from_partnership_file: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    # The language the person chose (`/mash language cy`); none means the partnership's.
    language: Mapped[str | None] = mapped_column(String(16), default=None)


class Identity(Base):
    """A platform's id for a person (Slack user, Teams user, console email)."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "workspace", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(80), default="")
    external_id: Mapped[str] = mapped_column(String(320))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
