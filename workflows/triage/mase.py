"""Referrals held for the next MASE meeting: what the meetings workflow pulls onto an agenda.

A referral is held while its current decision still refers it to MASE and no agenda has listed
it. Listing it records which meeting and when; nothing is deleted. Only the MASE chair and MASH
staff see the held list or list referrals, and each only for the areas they cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from storage.models import MaseReferral, TriageDecision
from workflows.context import Actor, Context
from workflows.errors import Reason
from workflows.partnership import Role
from workflows.triage import access
from workflows.triage_settings import OutcomeId


@dataclass(frozen=True)
class HeldReferral:
    mase_referral_id: int
    reference: str
    area_id: str
    referred_by: str
    referred_at: datetime


def _require_mase_or_mash(ctx: Context, actor: Actor, wanted: str) -> None:
    if not (actor.has(Role.MASE_CHAIR) or actor.is_mash):
        access.refuse(ctx, actor, None, wanted, Reason.MASE_ONLY)


def held_for_next_agenda(
    ctx: Context, actor: Actor, area_id: str | None = None
) -> list[HeldReferral]:
    """Referrals waiting for a MASE agenda in the areas `actor` covers, oldest first (audited)."""
    _require_mase_or_mash(ctx, actor, "view_mase_held")
    if area_id is not None and not actor.covers_area(area_id):
        area = ctx.partnership.area(area_id).name
        access.refuse(
            ctx,
            actor,
            None,
            "view_mase_held",
            Reason.MASE_AREA_NOT_COVERED,
            area=area,
        )
    latest = (
        select(TriageDecision.referral_id, func.max(TriageDecision.id).label("decision_id"))
        .group_by(TriageDecision.referral_id)
        .subquery()
    )
    query = (
        select(MaseReferral, TriageDecision.outcomes)
        .join(latest, latest.c.referral_id == MaseReferral.referral_id)
        .join(TriageDecision, TriageDecision.id == latest.c.decision_id)
        .where(MaseReferral.listed_for.is_(None))
        .order_by(MaseReferral.referred_at, MaseReferral.id)
    )
    if area_id is not None:
        query = query.where(MaseReferral.area_id == area_id)
    elif actor.areas:
        query = query.where(MaseReferral.area_id.in_(sorted(actor.areas)))
    held = [
        HeldReferral(row.id, row.reference, row.area_id, row.referred_by, row.referred_at)
        for row, outcomes in ctx.session.execute(query)
        if OutcomeId.REFER_TO_MASE in outcomes
    ]
    ctx.audit(actor, "mase_held_viewed", None, references=[h.reference for h in held])
    return held


def list_on_agenda(ctx: Context, actor: Actor, mase_referral_ids: list[int], meeting: str) -> int:
    """Mark held referrals as listed for `meeting`; the number listed (already listed ones stay).

    Every referral is checked before any is listed, so a refusal lists none of them.
    """
    _require_mase_or_mash(ctx, actor, "list_for_mase")
    rows = ctx.session.scalars(
        select(MaseReferral).where(
            MaseReferral.id.in_(mase_referral_ids), MaseReferral.listed_for.is_(None)
        )
    ).all()
    for row in rows:
        if not actor.covers_area(row.area_id):
            area = ctx.partnership.area(row.area_id).name
            access.refuse(
                ctx,
                actor,
                row.reference,
                "list_for_mase",
                Reason.MASE_LIST_NOT_COVERED,
                ref=row.reference,
                area=area,
            )
    for row in rows:
        row.listed_for = meeting
        row.listed_at = ctx.now
        ctx.audit(actor, "mase_listed", row.reference, meeting=meeting, mase_referral_id=row.id)
    return len(rows)
