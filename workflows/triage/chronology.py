"""A referral's chronology: every event on it, in time order, from the audit log.

Every change and every look at a referral is an audit event in the same transaction, so the
audit log is the complete, tamper-evident list; records named by an event add what it said
(the reason, the answer, the outcome). Only MASH staff of the referral's area may read it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import (
    AuditEvent,
    InformationAnswer,
    InformationRequest,
    ReferralAssignment,
    ReferralUrgency,
    RiskAssessment,
    TriageDecision,
)
from workflows.context import Actor, Context
from workflows.triage import access
from workflows.triage.access import Loaded
from workflows.triage.answers import ANSWER_KINDS
from workflows.triage.results import Chronology, ChronologyEntry


def read(ctx: Context, actor: Actor, reference: str, *, export: bool = False) -> Chronology:
    """The chronology for MASH staff of the area; reading (or exporting) it is itself recorded."""
    loaded = access.for_mash(ctx, actor, reference, "export_chronology" if export else "chronology")
    ctx.audit(actor, "chronology_exported" if export else "chronology_viewed", loaded.reference)
    events = ctx.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject == loaded.reference)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    entries = [
        ChronologyEntry(
            e.at,
            e.actor_id,
            "mashbot" if e.actor_id == "mashbot" else access.person_name(ctx, e.actor_id),
            e.action,
            _enrich(ctx, loaded, e.action, dict(e.details)),
        )
        for e in events
    ]
    return Chronology(loaded.reference, ctx.partnership.area(loaded.referral.area_id).name, entries)


def _name(ctx: Context, person_id: str | None) -> str | None:
    return access.person_name(ctx, person_id) if person_id else None


def _enrich(ctx: Context, loaded: Loaded, action: str, details: dict[str, Any]) -> dict[str, Any]:
    """Add what the event's record says, in words; unknown actions keep their details."""
    triage = ctx.partnership.triage
    get = ctx.session.get
    facts: dict[str, Any] = dict(details)
    if action == "concern_reported":
        facts["agency_name"] = ctx.partnership.agency(loaded.concern.reporter_agency_id).name
    elif action in ("referral_claimed", "referral_reassigned"):
        row = get(ReferralAssignment, details.get("assignment_id"))
        if row is not None:
            facts.update(owner_name=_name(ctx, row.owner_id), reason=row.reason)
    elif action == "urgency_set":
        row = get(ReferralUrgency, details.get("urgency_id"))
        if row is not None:
            level = triage.rag_level(row.level)
            facts.update(
                level_label=level.label if level else row.level,
                deadline_at=row.deadline_at,
                reason=row.reason,
            )
    elif action in ("information_requested", "information_request_chased"):
        facts["agency_name"] = ctx.partnership.agency(details["agency"]).name
    elif action == "information_request_viewed":
        request = get(InformationRequest, details.get("request_id"))
        if request is not None:
            facts["agency_name"] = ctx.partnership.agency(request.agency_id).name
    elif action == "information_answered":
        row = get(InformationAnswer, details.get("answer_id"))
        facts["agency_name"] = ctx.partnership.agency(details["agency"]).name
        if row is not None:
            facts.update(kind_label=ANSWER_KINDS[row.kind], text=row.text, held_by=row.held_by)
    elif action == "risk_assessed":
        row = get(RiskAssessment, details.get("assessment_id"))
        if row is not None:
            suggested = triage.risk_level(row.suggested_level) if row.suggested_level else None
            level = triage.risk_level(row.level)
            facts.update(
                level_label=level.label if level else row.level,
                suggested_label=suggested.label if suggested else None,
                rationale=row.rationale,
            )
    elif action == "decision_recorded":
        row = get(TriageDecision, details.get("decision_id"))
        if row is not None:
            team = triage.crime_team(row.crime_team) if row.crime_team else None
            facts.update(
                outcome_labels=[triage.outcome_label(o) for o in row.outcomes],
                crime_team_label=team.label if team else None,
                rationale=row.rationale,
                correction_reason=row.correction_reason,
            )
    elif action == "reporter_updated":
        facts["reporter_name"] = _name(ctx, details.get("reporter"))
    return facts
