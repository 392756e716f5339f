"""Opening a concern's identifying details: MASH roles of the concern's area only, always audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import Concern
from workflows.concerns import form
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, NotFound

REFUSAL = (
    "Sorry, you do not have access to the details of {reference}. Only MASH staff for its area "
    "can open them. If you need to know more, call the MASH."
)


def find(ctx: Context, reference: str) -> Concern:
    concern = ctx.session.scalar(select(Concern).where(Concern.reference == reference.strip()))
    if concern is None:
        raise NotFound(
            f"There is no concern with the reference {reference}. Check it and try again."
        )
    return concern


def may_view(actor: Actor, concern: Concern) -> bool:
    return actor.is_mash and actor.covers_area(concern.area_id)


def view(ctx: Context, actor: Actor, reference: str) -> dict[str, Any]:
    """The details as facts for the details view; a refusal is audited as well as a view."""
    concern = find(ctx, reference)
    if not may_view(actor, concern):
        ctx.audit(actor, "details_refused", concern.reference)
        raise AccessDenied(REFUSAL.format(reference=concern.reference))
    ctx.audit(actor, "details_viewed", concern.reference)
    return details_facts(ctx, concern)


def details_facts(ctx: Context, concern: Concern) -> dict[str, Any]:
    screening = ctx.partnership.screening
    labels = {o.value: o.label for o in form.GENDERS + form.FAMILY_AWARE + form.CONSENT}
    return {
        "reference": concern.reference,
        "area_name": ctx.partnership.area(concern.area_id).name,
        "received_at": concern.received_at.isoformat(),
        "immediate_danger": concern.immediate_danger,
        "child_name": concern.child_name,
        "child_dob": concern.child_dob.strftime("%d/%m/%Y") if concern.child_dob else None,
        "child_age": concern.child_age,
        "child_gender": labels.get(concern.child_gender, concern.child_gender),
        "school_or_setting": concern.school_or_setting,
        "what_happened": concern.what_happened,
        "when_happened": concern.when_happened,
        "where_happened": concern.where_happened,
        "others_involved": concern.others_involved,
        "indicators": [
            ind.label for i in concern.indicators if (ind := screening.indicator(i)) is not None
        ],
        "other_indicator": concern.other_indicator,
        "screening_score": concern.screening_score,
        "screening_band": concern.screening_band,
        "family_aware": labels.get(concern.family_aware, concern.family_aware),
        "consent": labels.get(concern.consent, concern.consent),
        "sharing_reason": concern.sharing_reason,
        "reporter_agency": ctx.partnership.agency(concern.reporter_agency_id).name,
        "reporter_role": concern.reporter_role,
        "spoke_to_lead": concern.spoke_to_safeguarding_lead,
        "status": concern.status,
    }
