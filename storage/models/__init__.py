"""Every table, imported here so that Alembic and `Base.metadata` see them all."""

from storage.models.audit import AuditEvent, AuditHead
from storage.models.concerns import Concern, ConcernDraft, ReferenceCounter
from storage.models.outbox import OutboxMessage, OutboxStatus
from storage.models.people import Identity, PersonRecord

__all__ = [
    "AuditEvent",
    "AuditHead",
    "Concern",
    "ConcernDraft",
    "Identity",
    "OutboxMessage",
    "OutboxStatus",
    "PersonRecord",
    "ReferenceCounter",
]
