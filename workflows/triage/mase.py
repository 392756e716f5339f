"""Referrals held for the next MASE meeting: what the meetings workflow pulls onto an agenda.

A referral is held while its current decision still refers it to MASE and no agenda has listed
it. Listing it records which meeting and when; nothing is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from storage.models import MaseReferral, TriageDecision
from workflows.context import Actor, Context
from workflows.triage.config import OutcomeId


@dataclass(frozen=True)
class HeldReferral:
    mase_referral_id: int
    reference: str
    area_id: str
    referred_by: str
    referred_at: datetime


def held_for_next_agenda(ctx: Context, area_id: str | None = None) -> list[HeldReferral]:
    """Referrals waiting for a MASE agenda, oldest first (system use: callers check access)."""
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
    return [
        HeldReferral(row.id, row.reference, row.area_id, row.referred_by, row.referred_at)
        for row, outcomes in ctx.session.execute(query)
        if OutcomeId.REFER_TO_MASE in outcomes
    ]


def list_on_agenda(
    ctx: Context, actor: Actor | str, mase_referral_ids: list[int], meeting: str
) -> int:
    """Mark held referrals as listed for `meeting`; the number listed (already listed ones stay)."""
    rows = ctx.session.scalars(
        select(MaseReferral).where(
            MaseReferral.id.in_(mase_referral_ids), MaseReferral.listed_for.is_(None)
        )
    ).all()
    for row in rows:
        row.listed_for = meeting
        row.listed_at = ctx.now
        ctx.audit(actor, "mase_listed", row.reference, meeting=meeting, mase_referral_id=row.id)
    return len(rows)
