"""What triage steps and views return: plain data, free of storage, for messages/ to word.

Workflows build these; `messages.triage_text` words them and `messages.screens.triage` describes their screens, so the
renderers never import storage (the import contracts forbid it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class MaseStage(StrEnum):
    """A referral's way to the MASE meeting."""

    HELD = "held"  # waiting for the next agenda
    WITHDRAWN = "withdrawn"  # a corrected decision no longer refers it
    LISTED = "listed"  # on a meeting's agenda


@dataclass(frozen=True)
class MaseState:
    stage: MaseStage
    meeting: str | None = None


@dataclass(frozen=True)
class ClaimResult:
    """Who has the referral now; `won` is False when someone else claimed it first."""

    reference: str
    won: bool
    owner_id: str
    owner_name: str
    already_yours: bool = False


@dataclass(frozen=True)
class UrgencySet:
    reference: str
    level_label: str
    deadline: datetime
    overdue: bool


@dataclass(frozen=True)
class SentRequest:
    request_id: int
    agency_name: str
    due_at: datetime
    sent_to: str  # "channel" or "leads"


@dataclass(frozen=True)
class Answered:
    request_id: int
    reference: str
    agency_name: str
    kind_label: str
    late: bool
    replaced: bool


@dataclass(frozen=True)
class Suggestion:
    """What the screening tool suggests; `raised_for_age` when the age floor lifted it."""

    level_id: str | None
    level_label: str | None
    band: str
    score: int
    raised_for_age: bool = False


@dataclass(frozen=True)
class Assessed:
    reference: str
    level_label: str
    suggested_label: str | None
    override: bool


@dataclass(frozen=True)
class Decided:
    reference: str
    outcome_labels: list[str]
    crime_team_label: str | None
    mase_held: bool
    corrected: bool
    on_time: bool | None


@dataclass(frozen=True)
class QueueRow:
    reference: str
    area_name: str
    received_at: datetime
    immediate_danger: bool
    rag_label: str | None
    deadline_at: datetime | None
    overdue: bool
    owner_name: str | None
    requests_waiting: int
    requests_overdue: int


@dataclass(frozen=True)
class RequestLine:
    request_id: int
    agency_name: str
    sent_at: datetime
    due_at: datetime
    state: str  # waiting | overdue | answered | answered late
    answer_label: str | None
    answer_text: str | None
    held_by: str | None
    chases: int


@dataclass(frozen=True)
class AssessmentLine:
    level_label: str
    suggested_label: str | None
    rationale: str | None
    by_name: str
    at: datetime


@dataclass(frozen=True)
class DecisionLine:
    outcome_labels: list[str]
    crime_team_label: str | None
    rationale: str
    by_name: str
    at: datetime
    correction_reason: str | None


@dataclass(frozen=True)
class CaseView:
    reference: str
    area_name: str
    received_at: datetime
    agency_name: str
    immediate_danger: bool
    screening_band: str
    screening_score: int
    status: str
    owner_name: str | None
    rag_label: str | None
    deadline_at: datetime | None
    overdue: bool
    decided_at: datetime | None
    requests: list[RequestLine]
    suggestion: Suggestion
    assessment: AssessmentLine | None
    decision: DecisionLine | None
    mase: MaseState | None


@dataclass(frozen=True)
class ChronologyEntry:
    at: datetime
    actor_id: str
    actor_name: str
    action: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Chronology:
    reference: str
    area_name: str
    entries: list[ChronologyEntry]
