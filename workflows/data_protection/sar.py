"""Subject access: everything held about one child, for the DPO to review and redact.

The child is found by a referral's reference or by name and date of birth; every concern with
the same child match key (storage/crypto.py) is theirs, and nothing else is read.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, or_, select

from storage import crypto
from storage.models import (
    AuditEvent,
    Concern,
    InformationAnswer,
    InformationRequest,
    MaseReferral,
    Referral,
    ReferralAssignment,
    ReferralUrgency,
    RiskAssessment,
    TriageDecision,
)
from workflows.context import Actor, Context
from workflows.data_protection.results import SubjectAccess
from workflows.errors import AccessDenied, NotFound, Reason
from workflows.partnership import Role
from workflows.triage.access import person_name

HISTORY = (
    ("assignments", ReferralAssignment),
    ("ratings", ReferralUrgency),
    ("risk_assessments", RiskAssessment),
    ("decisions", TriageDecision),
    ("mase_referrals", MaseReferral),
)


def _plain(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attr in inspect(row).mapper.column_attrs:
        value = getattr(row, attr.key)
        out[attr.key] = value.isoformat() if isinstance(value, date | datetime) else value
    return out


def _matches(ctx: Context, reference: str | None, name: str | None, dob: date | None) -> list[str]:
    cipher = crypto.cipher_of(ctx.session.get_bind())
    if reference:
        concern = ctx.session.scalar(
            select(Concern).where(Concern.reference == reference.strip().upper())
        )
        if concern is None:
            raise NotFound(Reason.SAR_NOTHING_FOUND)
        if concern.anonymised_at is not None or concern.child_match is None:
            return [f"reference:{concern.reference}"]
        return cipher.child_matches(concern.child_name, concern.child_dob)
    if not name:
        raise NotFound(Reason.SAR_NEEDS_CHILD)
    return cipher.child_matches(name, dob)


def export(
    ctx: Context,
    actor: Actor,
    reference: str | None = None,
    *,
    name: str | None = None,
    dob: date | None = None,
) -> SubjectAccess:
    """Every record about the child (DPO only); each case exported is audited by reference."""
    if not actor.has(Role.DPO):
        ctx.audit(actor, "access_refused", None, wanted="sar_export", reason=Reason.DPO_ONLY.value)
        raise AccessDenied(Reason.DPO_ONLY, doing="export a subject access request")
    keys = _matches(ctx, reference, name, dob)
    by_reference = [k.split(":", 1)[1] for k in keys if k.startswith("reference:")]
    concerns = ctx.session.scalars(
        select(Concern)
        .where(or_(Concern.child_match.in_(keys), Concern.reference.in_(by_reference)))
        .order_by(Concern.received_at)
    ).all()
    if not concerns:
        raise NotFound(Reason.SAR_NOTHING_FOUND)
    result = SubjectAccess(made_at=ctx.now, made_by=actor.person_id)
    for concern in concerns:
        result.cases.append(_case(ctx, concern))
    for ref in result.references:
        ctx.audit(actor, "sar_exported", ref)
    return result


def _case(ctx: Context, concern: Concern) -> dict[str, Any]:
    case: dict[str, Any] = {"reference": concern.reference, "concern": _plain(concern)}
    case["concern"].pop("child_match", None)
    case["concern"]["reporter_name"] = person_name(ctx, concern.reporter_id)
    referral = ctx.session.scalar(select(Referral).where(Referral.concern_id == concern.id))
    case["referral"] = _plain(referral) if referral else None
    if referral is not None:
        for label, model in HISTORY:
            rows = ctx.session.scalars(
                select(model).where(model.referral_id == referral.id).order_by(model.id)
            )
            case[label] = [_plain(r) for r in rows]
        requests = []
        for request in ctx.session.scalars(
            select(InformationRequest)
            .where(InformationRequest.referral_id == referral.id)
            .order_by(InformationRequest.id)
        ):
            item = _plain(request)
            item["answers"] = [
                _plain(a)
                for a in ctx.session.scalars(
                    select(InformationAnswer)
                    .where(InformationAnswer.request_id == request.id)
                    .order_by(InformationAnswer.id)
                )
            ]
            requests.append(item)
        case["information_requests"] = requests
    case["access_log"] = [
        {
            "at": event.at.isoformat(),
            "who": person_name(ctx, event.actor_id),
            "what": event.action,
            "via": event.entry_point,
            "reason": (event.details or {}).get("reason"),
        }
        for event in ctx.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.subject == concern.reference)
            .order_by(AuditEvent.id)
        )
    ]
    return case
