"""Concerns as reported, their drafts, and the per-year reference counter."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.crypto import EncryptedDate, EncryptedJSON, EncryptedText, FieldCipher, cipher_of

# Stored for the child's name, when or where it happened, when the reporter said they do not
# know: an answer in its own right, never an empty string (and never matched as a name).
NOT_KNOWN = "not known"


class ConcernDraft(Base):
    """A half-finished concern: every answer typed so far survives a closed form."""

    __tablename__ = "concern_drafts"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    reporter_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    step: Mapped[str] = mapped_column(String(40))
    # Every typed answer, the child's details included: encrypted as one value.
    answers: Mapped[dict[str, Any]] = mapped_column(
        EncryptedJSON("concern_drafts.answers"), default=dict
    )
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_reference: Mapped[str | None] = mapped_column(String(40))
    discarded_at: Mapped[datetime | None]
    # How many times the draft has been kept: a keep written late (after the answer went to
    # Slack, workflows/form_carry.py) never replaces a later one.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")


class Concern(Base):
    """A submitted concern: the safeguarding record; never edited in place."""

    __tablename__ = "concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("concern_drafts.id"), unique=True)
    reporter_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    reporter_agency_id: Mapped[str] = mapped_column(String(80))
    reporter_role: Mapped[str] = mapped_column(String(200))
    spoke_to_safeguarding_lead: Mapped[bool]
    area_id: Mapped[str] = mapped_column(String(80), index=True)
    mash_channel: Mapped[str] = mapped_column(String(80))
    immediate_danger: Mapped[bool]
    exploitation_type: Mapped[str] = mapped_column(String(40), default="CSE")
    # Identifying details: shown only on demand, to MASH roles, and every view is audited.
    child_name: Mapped[str] = mapped_column(EncryptedText("concerns.child_name"))  # or NOT_KNOWN
    # How the reporter described a child whose name they do not know (or besides the name).
    child_description: Mapped[str | None] = mapped_column(
        EncryptedText("concerns.child_description")
    )
    child_dob: Mapped[date | None] = mapped_column(EncryptedDate("concerns.child_dob"))
    # A keyed hash of the normalised name and date of birth: "is this child known?" (crypto.py).
    child_match: Mapped[str | None] = mapped_column(String(64), index=True)
    child_age: Mapped[int | None]
    child_gender: Mapped[str] = mapped_column(String(40))
    school_or_setting: Mapped[str | None] = mapped_column(
        EncryptedText("concerns.school_or_setting")
    )
    what_happened: Mapped[str] = mapped_column(EncryptedText("concerns.what_happened"))
    when_happened: Mapped[str] = mapped_column(EncryptedText("concerns.when_happened"))
    where_happened: Mapped[str] = mapped_column(EncryptedText("concerns.where_happened"))
    others_involved: Mapped[str | None] = mapped_column(EncryptedText("concerns.others_involved"))
    indicators: Mapped[list[Any]] = mapped_column(default=list)
    other_indicator: Mapped[str | None] = mapped_column(EncryptedText("concerns.other_indicator"))
    screening_score: Mapped[int]
    screening_band: Mapped[str] = mapped_column(String(40))
    family_aware: Mapped[str] = mapped_column(String(20))
    consent: Mapped[str] = mapped_column(String(40))
    sharing_reason: Mapped[str | None] = mapped_column(EncryptedText("concerns.sharing_reason"))
    status: Mapped[str] = mapped_column(String(40), default="received", index=True)
    received_at: Mapped[datetime] = mapped_column(index=True)
    # Set when retention anonymised it: the row stays (figures count it), the details are gone.
    anonymised_at: Mapped[datetime | None]


class ReferenceCounter(Base):
    """The last number issued per prefix and year; locked while a reference is issued."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


@event.listens_for(Concern, "before_insert")
def _child_match(_mapper: object, connection: Connection, concern: Concern) -> None:
    """Every concern gets its child's match key as it is stored; workflows never compute it."""
    concern.child_match = child_match_of(cipher_of(connection), concern)


def child_match_of(cipher: FieldCipher, concern: Concern) -> str | None:
    """The match key, or None when there is no name to match (not known, or anonymised)."""
    if concern.anonymised_at is not None or concern.child_name.strip().casefold() == NOT_KNOWN:
        return None
    return cipher.child_match(concern.child_name, concern.child_dob)
