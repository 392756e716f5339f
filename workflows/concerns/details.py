"""Opening a concern's identifying details: MASH roles of the concern's area only, always audited."""

from __future__ import annotations

from typing import Any

from storage.models import Concern
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, Reason
from workflows.triage import access
from workflows.triage.status import reporter_statuses


def may_view(actor: Actor, loaded: access.Loaded) -> bool:
    """Triage's rule (access.for_mash): MASH staff covering the referral's area."""
    return actor.is_mash and actor.covers_area(loaded.referral.area_id)


def view(ctx: Context, actor: Actor, reference: str) -> dict[str, Any]:
    """The details as facts for the details view; a refusal (or a miss) is audited as well as
    a view, and says the same whether the concern exists or not (unless you reported it)."""
    typed = access.normalise(reference)
    loaded = access.lookup(ctx, typed)
    if loaded is None or not may_view(actor, loaded):
        subject = loaded.reference if loaded is not None else None
        ctx.audit(actor, "details_refused", subject, reference=typed)
        if loaded is not None and loaded.concern.reporter_id == actor.person_id:
            raise AccessDenied(Reason.DETAILS_REPORTER, ref=loaded.reference)
        raise AccessDenied(Reason.DETAILS_NOT_FOUND, ref=typed)
    ctx.audit(actor, "details_viewed", loaded.reference)
    return details_facts(ctx, loaded.concern)


def details_facts(ctx: Context, concern: Concern) -> dict[str, Any]:
    screening = ctx.partnership.screening
    return {
        "reference": concern.reference,
        "area_name": ctx.partnership.area(concern.area_id).name,
        "received_at": concern.received_at.isoformat(),
        "immediate_danger": concern.immediate_danger,
        "child_name": concern.child_name,
        "child_dob": concern.child_dob.strftime("%d/%m/%Y") if concern.child_dob else None,
        "child_age": concern.child_age,
        "child_gender": concern.child_gender,
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
        "family_aware": concern.family_aware,
        "consent": concern.consent,
        "sharing_reason": concern.sharing_reason,
        "reporter_agency": ctx.partnership.agency(concern.reporter_agency_id).name,
        "reporter_role": concern.reporter_role,
        "spoke_to_lead": concern.spoke_to_safeguarding_lead,
        # The referral's progress (Concern.status stays "received" once triage takes over).
        "status": reporter_statuses(ctx.session, [concern.id]).get(concern.id, concern.status),
    }
