"""Opening a concern's details: MASH roles of the concern's area see the whole record, its
reporter sees what they sent and its status; every opening and every refusal is audited."""

from __future__ import annotations

from typing import Any

from storage.models import Concern
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, Reason
from workflows.triage import access
from workflows.triage.status import reporter_statuses

# What the reporter reads of their own concern: what they sent, never the MASH's work on it
# (screening, urgency, owner, notes, other agencies' answers) beyond a status word.
REPORTER_KEYS = (
    "reference",
    "area_name",
    "received_at",
    "immediate_danger",
    "child_name",
    "child_description",
    "child_dob",
    "child_age",
    "child_gender",
    "school_or_setting",
    "what_happened",
    "when_happened",
    "where_happened",
    "others_involved",
    "indicators",
    "other_indicator",
    "family_aware",
    "consent",
    "sharing_reason",
    "reporter_agency",
    "reporter_role",
    "spoke_to_lead",
    "status",
)


def may_view(actor: Actor, loaded: access.Loaded) -> bool:
    """Triage's rule (access.for_mash): MASH staff covering the referral's area."""
    return actor.is_mash and actor.covers_area(loaded.referral.area_id)


def is_reporter(actor: Actor, loaded: access.Loaded) -> bool:
    return loaded.concern.reporter_id == actor.person_id


def view(ctx: Context, actor: Actor, reference: str) -> dict[str, Any]:
    """The details as facts for the details view (`own` is true for the reporter's own view).

    MASH staff of the area get the whole record; the person who reported it gets what they
    sent and its status, audited as a view of their own concern, not as a refusal. Anyone else
    is refused, audited, with the same answer whether the concern exists or not."""
    typed = access.normalise(reference)
    loaded = access.lookup(ctx, typed)
    if loaded is not None and may_view(actor, loaded):
        ctx.audit(actor, "details_viewed", loaded.reference)
        return {**details_facts(ctx, loaded.concern), "own": False}
    if loaded is not None and is_reporter(actor, loaded):
        ctx.audit(actor, "own_concern_viewed", loaded.reference)
        return own_facts(ctx, loaded.concern)
    ctx.audit(actor, "details_refused", loaded.reference if loaded else None, reference=typed)
    raise AccessDenied(Reason.DETAILS_NOT_FOUND, ref=typed)


def own_facts(ctx: Context, concern: Concern) -> dict[str, Any]:
    """What the reporter sent, its status and whom to call: nothing the MASH added."""
    everything = details_facts(ctx, concern)
    area = ctx.partnership.area(concern.area_id)
    return {
        **{key: everything[key] for key in REPORTER_KEYS},
        "own": True,
        "mash_phone": area.mash_phone,
        "emergency_number": ctx.partnership.emergency_number,
    }


def details_facts(ctx: Context, concern: Concern) -> dict[str, Any]:
    screening = ctx.partnership.screening
    return {
        "reference": concern.reference,
        "area_name": ctx.partnership.area(concern.area_id).name,
        "received_at": concern.received_at.isoformat(),
        "immediate_danger": concern.immediate_danger,
        "child_name": concern.child_name,
        "child_description": concern.child_description,
        "child_dob": concern.child_dob.isoformat() if concern.child_dob else None,
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
