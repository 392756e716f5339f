"""A referral's MASH card kept current, and who hears about a referral.

The MASH card is updated in place (a new outbox row replacing the first card's key) whenever
its owner, urgency or status changes. Channels carry references, never children: the card has
the reference, area, agency, urgency and owner only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import Concern, ReferralUrgency
from workflows.context import Context
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.partnership import Role
from workflows.triage.access import Loaded, person_name


def card_key(reference: str) -> str:
    """The outbox key of the first MASH card, which every update replaces in place."""
    return f"concern:{reference}:mash-card"


def card_facts(ctx: Context, loaded: Loaded) -> dict[str, Any]:
    """The first card's facts plus urgency, owner and status: still no child details."""
    referral, concern = loaded.referral, loaded.concern
    facts = mash_card_facts(
        concern,
        ctx.partnership.area(concern.area_id).name,
        ctx.partnership.agency(concern.reporter_agency_id).name,
    )
    level = ctx.partnership.triage.rag_level(referral.rag_level) if referral.rag_level else None
    facts.update(
        status=referral.status,
        owner_name=person_name(ctx, referral.owner_id) if referral.owner_id else None,
        rag_label=level.label if level else None,
        deadline_at=referral.deadline_at.isoformat() if referral.deadline_at else None,
        decided_at=referral.decided_at.isoformat() if referral.decided_at else None,
    )
    return facts


def refresh_card(ctx: Context, loaded: Loaded, change: str) -> None:
    """Queue the MASH card's update in place; `change` names the change so each is sent once."""
    ctx.send(
        Outgoing(
            MessageKind.REFERRAL_CARD,
            Recipient.channel(loaded.concern.mash_channel),
            key=f"{card_key(loaded.reference)}:{change}",
            facts=card_facts(ctx, loaded),
            replaces_key=card_key(loaded.reference),
        )
    )


def decision_makers(ctx: Context, area_id: str) -> list[Recipient]:
    """The area's MASH decision makers, or its MASH channel when the file lists none."""
    people = ctx.partnership.people_with(Role.MASH_DECISION_MAKER, area_id)
    if people:
        return [Recipient.person(p.id) for p in people]
    return [Recipient.channel(ctx.partnership.mash_channel_for(area_id))]


def current_urgency(ctx: Context, referral_id: int) -> ReferralUrgency | None:
    return ctx.session.scalar(
        select(ReferralUrgency)
        .where(ReferralUrgency.referral_id == referral_id)
        .order_by(ReferralUrgency.id.desc())
        .limit(1)
    )


def mash_card_facts(concern: Concern, area_name: str, agency_name: str) -> dict:
    """The minimum a channel may carry: never a name, a date of birth or the narrative."""
    return {
        "reference": concern.reference,
        "area_name": area_name,
        "agency_name": agency_name,
        "received_at": concern.received_at.isoformat(),
        "immediate_danger": concern.immediate_danger,
        "indicator_count": len(concern.indicators) + (1 if concern.other_indicator else 0),
        "screening_band": concern.screening_band,
        "exploitation_type": concern.exploitation_type,
        "status": concern.status,
    }
