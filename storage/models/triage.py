"""MASH triage: a referral's current state, and the append-only history behind it.

`Referral` carries only the current state for quick queries (owner, deadline, status). Every
change is a new history row naming who, when and why, and a correction points to the row it
replaces: nothing here is edited or deleted in place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.crypto import EncryptedJSON, EncryptedText


class Referral(Base):
    """A concern as the MASH works it; one per concern, opened when the concern is sent."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), unique=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    area_id: Mapped[str] = mapped_column(String(80), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open | decided
    opened_at: Mapped[datetime]
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"), index=True)
    owner_since: Mapped[datetime | None]
    rag_level: Mapped[str | None] = mapped_column(String(40))
    deadline_at: Mapped[datetime | None] = mapped_column(index=True)
    remind_at: Mapped[datetime | None] = mapped_column(index=True)
    escalate_at: Mapped[datetime | None] = mapped_column(index=True)
    decided_at: Mapped[datetime | None]
    # What the clock has already said, so its sweep reads only referrals with something due.
    unrated_alerted_at: Mapped[datetime | None]
    reminded_for_deadline: Mapped[datetime | None]
    escalated_for_deadline: Mapped[datetime | None]
    # A legal hold stops retention deleting or anonymising it; set and lifted with a reason.
    legal_hold_since: Mapped[datetime | None]
    legal_hold_by: Mapped[str | None] = mapped_column(String(80))
    legal_hold_reason: Mapped[str | None] = mapped_column(Text)
    # Set when retention anonymised its history (rationales, reasons); the row stays for figures.
    anonymised_at: Mapped[datetime | None]


class ReferralAssignment(Base):
    """Who owns a referral from when: a claim, or a decision maker's reassignment with a reason."""

    __tablename__ = "referral_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(20))  # claim | reassign
    assigned_by: Mapped[str] = mapped_column(ForeignKey("people.id"))
    at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("referral_assignments.id"))


class ReferralUrgency(Base):
    """A RAG rating and the deadline it gave; a re-rating is a new row replacing the last."""

    __tablename__ = "referral_urgencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    level: Mapped[str] = mapped_column(String(40))
    deadline_at: Mapped[datetime]
    remind_at: Mapped[datetime | None]
    escalate_at: Mapped[datetime]
    set_by: Mapped[str] = mapped_column(ForeignKey("people.id"))
    set_at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("referral_urgencies.id"))


class InformationRequest(Base):
    """What the MASH asked one agency, on what lawful basis, by when, with what detail shared."""

    __tablename__ = "information_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    agency_id: Mapped[str] = mapped_column(String(80), index=True)
    question: Mapped[str] = mapped_column(EncryptedText("information_requests.question"))
    lawful_basis: Mapped[str] = mapped_column(Text)
    search_details: Mapped[dict[str, Any]] = mapped_column(
        EncryptedJSON("information_requests.search_details"), default=dict
    )
    due_at: Mapped[datetime] = mapped_column(index=True)
    chase_at: Mapped[datetime] = mapped_column(index=True)
    sent_by: Mapped[str] = mapped_column(ForeignKey("people.id"))
    sent_at: Mapped[datetime]
    sent_to: Mapped[str] = mapped_column(String(20))  # leads | channel
    answered_at: Mapped[datetime | None] = mapped_column(index=True)
    anonymised_at: Mapped[datetime | None]  # retention removed the question, details and answers


class InformationAnswer(Base):
    """An agency's answer: information held, nothing known, or confidential information exists."""

    __tablename__ = "information_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("information_requests.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # held | nothing_known | confidential
    text: Mapped[str | None] = mapped_column(EncryptedText("information_answers.text"))
    held_by: Mapped[str | None] = mapped_column(EncryptedText("information_answers.held_by"))
    answered_by: Mapped[str] = mapped_column(ForeignKey("people.id"))
    answered_at: Mapped[datetime]
    late: Mapped[bool] = mapped_column(default=False)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("information_answers.id"))


class InformationRequestChase(Base):
    """A chase sent for an overdue request; numbered so each is sent once."""

    __tablename__ = "information_request_chases"
    __table_args__ = (UniqueConstraint("request_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("information_requests.id"), index=True)
    number: Mapped[int]
    at: Mapped[datetime]


class RiskAssessment(Base):
    """The level a decision maker recorded, what the screening suggested, and why they differ."""

    __tablename__ = "risk_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    screening_score: Mapped[int]
    screening_band: Mapped[str] = mapped_column(String(40))
    suggested_level: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(40))
    rationale: Mapped[str | None] = mapped_column(EncryptedText("risk_assessments.rationale"))
    assessed_by: Mapped[str] = mapped_column(ForeignKey("people.id"))
    assessed_at: Mapped[datetime]
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("risk_assessments.id"))


class TriageDecision(Base):
    """The MASH decision: outcomes, who decided, when and why; a correction replaces it."""

    __tablename__ = "triage_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    outcomes: Mapped[list[Any]] = mapped_column(default=list)
    crime_team: Mapped[str | None] = mapped_column(String(40))
    rationale: Mapped[str] = mapped_column(EncryptedText("triage_decisions.rationale"))
    risk_assessment_id: Mapped[int] = mapped_column(ForeignKey("risk_assessments.id"))
    decided_by: Mapped[str] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime]
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("triage_decisions.id"))
    correction_reason: Mapped[str | None] = mapped_column(Text)


class MaseReferral(Base):
    """A referral held for the next MASE agenda; the meetings workflow lists it on one."""

    __tablename__ = "mase_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("triage_decisions.id"), unique=True)
    reference: Mapped[str] = mapped_column(String(40), index=True)
    area_id: Mapped[str] = mapped_column(String(80), index=True)
    referred_by: Mapped[str] = mapped_column(ForeignKey("people.id"))
    referred_at: Mapped[datetime]
    listed_for: Mapped[str | None] = mapped_column(String(80), index=True)
    listed_at: Mapped[datetime | None]
