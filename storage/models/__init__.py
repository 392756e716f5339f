"""Every table, imported here so that Alembic and `Base.metadata` see them all."""

from storage.models.actions import (
    ActionPlan,
    ActionRag,
    ActionUpdate,
    ChaseSnooze,
    PlanAction,
    SentChase,
)
from storage.models.audit import AuditEvent, AuditHead
from storage.models.clock import ClockLease, SweepRun
from storage.models.concerns import Concern, ConcernDraft, ReferenceCounter
from storage.models.meetings import (
    Meeting,
    MeetingAnswer,
    MeetingMinutes,
    MeetingReminder,
    MeetingSeries,
)
from storage.models.outbox import OutboxMessage, OutboxStatus
from storage.models.people import Identity, PersonRecord
from storage.models.requests import SeenRequest
from storage.models.retention import RetentionReport
from storage.models.teams import TeamsConversation
from storage.models.triage import (
    InformationAnswer,
    InformationRequest,
    InformationRequestChase,
    MaseReferral,
    Referral,
    ReferralAssignment,
    ReferralUrgency,
    RiskAssessment,
    TriageDecision,
)

__all__ = [
    "ActionPlan",
    "ActionRag",
    "ActionUpdate",
    "ChaseSnooze",
    "PlanAction",
    "SentChase",
    "SweepRun",
    "ClockLease",
    "SeenRequest",
    "AuditEvent",
    "AuditHead",
    "Concern",
    "ConcernDraft",
    "Identity",
    "Meeting",
    "MeetingAnswer",
    "MeetingMinutes",
    "MeetingReminder",
    "MeetingSeries",
    "OutboxMessage",
    "OutboxStatus",
    "PersonRecord",
    "ReferenceCounter",
    "RetentionReport",
    "InformationAnswer",
    "InformationRequest",
    "InformationRequestChase",
    "MaseReferral",
    "Referral",
    "ReferralAssignment",
    "ReferralUrgency",
    "RiskAssessment",
    "TeamsConversation",
    "TriageDecision",
]
