"""What a workflow asks to be said: a kind, a recipient by our own id, and the facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class MessageKind(StrEnum):
    """Every message the bot sends; `messages/` renders each for every platform."""

    CONCERN_RECEIPT = "concern_receipt"
    CONCERN_FOR_MASH = "concern_for_mash"
    DELIVERY_FAILED = "delivery_failed"
    # MASH triage
    REFERRAL_CARD = "referral_card"
    REFERRAL_ASSIGNED = "referral_assigned"
    TRIAGE_DEADLINE_REMINDER = "triage_deadline_reminder"
    TRIAGE_DEADLINE_PASSED = "triage_deadline_passed"
    TRIAGE_UNRATED = "triage_unrated"
    RED_OUT_OF_HOURS = "red_out_of_hours"
    INFORMATION_REQUEST = "information_request"
    INFORMATION_REQUEST_CHASE = "information_request_chase"
    INFORMATION_ANSWERED = "information_answered"
    REPORTER_UPDATE = "reporter_update"
    ACTIONS_PROMPT = "actions_prompt"
    ACTIONS_CHASE = "actions_chase"
    ACTIONS_ESCALATION = "actions_escalation"
    ACTIONS_OVERDUE = "actions_overdue"
    ACTIONS_DIGEST = "actions_digest"
    ACTIONS_FORM_OFFER = "actions_form_offer"
    SWEEP_FAILING = "sweep_failing"
    # MASE and MAP meetings
    MEETING_INVITE = "meeting_invite"
    MEETING_REMINDER = "meeting_reminder"
    MINUTES_DUE = "minutes_due"
    MASE_AGENDA = "mase_agenda"
    MAP_DATES_ASKED = "map_dates_asked"
    AUDIT_CHECKPOINT = "audit_checkpoint"
    # Data protection
    BREAK_GLASS_ALERT = "break_glass_alert"
    RETENTION_DUE = "retention_due"
    CLOCK_STALE = "clock_stale"


class RecipientType(StrEnum):
    PERSON = "person"
    CHANNEL = "channel"


@dataclass(frozen=True)
class Recipient:
    type: RecipientType
    id: str

    @classmethod
    def person(cls, person_id: str) -> Recipient:
        return cls(RecipientType.PERSON, person_id)

    @classmethod
    def channel(cls, channel_key: str) -> Recipient:
        return cls(RecipientType.CHANNEL, channel_key)


@dataclass(frozen=True)
class Outgoing:
    """One message to deliver exactly once; `key` makes a repeat of the same step a no-op."""

    kind: MessageKind
    to: Recipient
    key: str
    facts: dict[str, Any] = field(default_factory=dict)
    replaces_key: str | None = None
