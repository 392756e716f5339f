"""What every workflow step is given: a session, the partnership, the time, who and from where."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage import outbox
from workflows import audit, routing
from workflows.outgoing import Outgoing
from workflows.partnership import MASH_ROLES, Partnership, Role


@dataclass(frozen=True)
class Actor:
    """The person acting, by mashbot id, with what the partnership file lets them do."""

    person_id: str
    name: str
    agency_id: str | None = None
    roles: frozenset[Role] = frozenset()
    areas: frozenset[str] = frozenset()
    language: str | None = None  # their own choice; None: the partnership's `language`

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_mash(self) -> bool:
        return bool(self.roles & MASH_ROLES)

    def covers_area(self, area_id: str) -> bool:
        """MASH roles cover their listed areas; an empty list means every area."""
        return not self.areas or area_id in self.areas


@dataclass
class Context:
    """One unit of work: changes, outbox rows and audit events commit or roll back together."""

    session: Session
    partnership: Partnership
    now: datetime
    entry_point: str
    audit_log: audit.AuditLogSetup
    sent: list[Outgoing] = field(default_factory=list)

    def today(self) -> date:
        """The partnership's own date now (not UTC's: they differ after midnight in summer)."""
        return self.now.astimezone(ZoneInfo(self.partnership.timezone)).date()

    def send(self, message: Outgoing) -> None:
        """Queue a message in the outbox, in this transaction; a repeated key is ignored.

        One row per platform the recipient is reached on (see `routing`).
        """
        added = False
        for platform in routing.platforms_for(self.session, self.partnership, message.to):
            added |= outbox.enqueue(
                self.session,
                key=routing.keyed(self.partnership, message.key, platform),
                kind=message.kind.value,
                recipient_type=message.to.type.value,
                recipient_id=message.to.id,
                facts=message.facts,
                now=self.now,
                replaces_key=message.replaces_key
                and routing.keyed(self.partnership, message.replaces_key, platform),
                platform=platform,
            )
        if added:
            self.sent.append(message)

    def audit(self, actor: Actor | str, action: str, subject: str | None, **details: Any) -> None:
        actor_id = actor if isinstance(actor, str) else actor.person_id
        audit.record(
            self.session,
            self.audit_log.keys,
            at=self.now,
            actor_id=actor_id,
            action=action,
            subject=subject,
            entry_point=self.entry_point,
            details=details,
        )
