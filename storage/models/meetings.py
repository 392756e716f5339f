"""MASE series, meeting instances (MASE and MAP), reminders sent and versioned minutes.

Minutes are append-only: a correction is a new version pointing to the one it replaces, so the
earlier text is kept. A meeting's invite keeps one UID; each change raises its SEQUENCE.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.crypto import EncryptedJSON, EncryptedText


class MeetingSeries(Base):
    """A recurring MASE meeting for one area (or the whole partnership when `area_id` is NULL)."""

    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    area_id: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(Text)  # an RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU
    first_date: Mapped[date]
    starts: Mapped[str] = mapped_column(String(5))  # local wall-clock "10:00"
    ends: Mapped[str] = mapped_column(String(5))
    location: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str | None] = mapped_column(String(500))
    chair_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    deputy_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    minute_taker_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    members: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | ended
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(80))


class Meeting(Base):
    """One meeting: a MASE instance of a series, or a MAP for one child (by referral reference)."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # mase | map
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id"), index=True)
    reference: Mapped[str | None] = mapped_column(String(40), index=True)  # MAP: the child's
    title: Mapped[str] = mapped_column(String(200))
    planned_date: Mapped[date]  # the rule's date, before any bank-holiday move
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str | None] = mapped_column(String(500))
    chair_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    deputy_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    minute_taker_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    invitees: Mapped[list[Any]] = mapped_column(default=list)
    parent_carer_invited: Mapped[bool] = mapped_column(default=False)
    parent_carer_note: Mapped[str | None] = mapped_column(
        EncryptedText("meetings.parent_carer_note")
    )
    status: Mapped[str] = mapped_column(String(20), default="scheduled", index=True)
    # A MAP whose date is still being found: the chair's candidate slots (UTC ISO pairs).
    options: Mapped[list[Any]] = mapped_column(default=list)
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("action_plans.id"))
    review_of_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    minutes_due_date: Mapped[date | None]
    next_wake_at: Mapped[datetime | None] = mapped_column(index=True)
    graph_event_id: Mapped[str | None] = mapped_column(String(300))
    graph_join_url: Mapped[str | None] = mapped_column(Text)
    graph_sequence: Mapped[int | None]
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime]


class MeetingReminder(Base):
    """A reminder sent (before the meeting, or for its minutes), written with its outbox row."""

    __tablename__ = "meeting_reminders"
    __table_args__ = (UniqueConstraint("meeting_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    step: Mapped[str] = mapped_column(String(40))
    sent_at: Mapped[datetime]
    outbox_key: Mapped[str] = mapped_column(String(200))


class MeetingMinutes(Base):
    """One version of a meeting's minutes: per child the summary, agreed risk and actions."""

    __tablename__ = "meeting_minutes"
    __table_args__ = (UniqueConstraint("meeting_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    version: Mapped[int]
    # Per child the summary, risk and actions, and the notes: a child's narrative, so encrypted.
    items: Mapped[list[Any]] = mapped_column(EncryptedJSON("meeting_minutes.items"), default=list)
    notes: Mapped[str] = mapped_column(EncryptedText("meeting_minutes.notes"), default="")
    recorded_by: Mapped[str] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[datetime]
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_minutes.id"))
    correction_reason: Mapped[str | None] = mapped_column(
        EncryptedText("meeting_minutes.correction_reason")
    )
    anonymised_at: Mapped[datetime | None]  # retention removed the text; references stay


class MeetingAnswer(Base):
    """An invitee's answer to a proposed MAP's dates; a changed answer is a new row (latest wins)."""

    __tablename__ = "meeting_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    available: Mapped[list[Any]] = mapped_column(default=list)  # option numbers, from 1
    at: Mapped[datetime]
