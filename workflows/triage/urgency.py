"""Setting a referral's urgency (RAG): the decision deadline follows from the partnership file.

The clock runs from when the MASH received the referral, so re-rating moves the deadline but never
restarts it. A re-rating is a new row pointing to the old one, with the reason it changed.
"""

from __future__ import annotations

from storage.models import ReferralUrgency
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, Task
from workflows.forms import FieldProblem
from workflows.triage import access, out_of_hours, referrals
from workflows.triage.results import UrgencySet
from workflows.triage.timescales import timescale_for
from workflows.working_time import calendar_for


def set_urgency(
    ctx: Context, actor: Actor, reference: str, level_id: str, reason: str | None = None
) -> UrgencySet:
    """Rate the referral; a change of rating must say why."""
    loaded = access.for_owner(ctx, actor, reference, "set_urgency", Task.SET_URGENCY, lock=True)
    referral = loaded.referral
    triage = ctx.partnership.triage
    level = triage.rag_level(level_id or "")
    reason = (reason or "").strip() or None
    previous = referrals.current_urgency(ctx, referral.id)
    if level is None:
        choices = ", ".join(r.label for r in triage.rag)
        raise InvalidInput({"level": FieldProblem.rule("choose_level", choices=choices)})
    if referral.status == "decided":
        raise InvalidInput({"level": FieldProblem.rule("urgency_decided", ref=loaded.reference)})
    if previous is not None and previous.level == level.id:
        raise InvalidInput(
            {"level": FieldProblem.rule("urgency_same", ref=loaded.reference, level=level.label)}
        )
    if previous is not None and reason is None:
        raise InvalidInput({"reason": FieldProblem.rule("urgency_reason")})
    timescale = timescale_for(level, loaded.concern.received_at, calendar_for(ctx.partnership))
    row = ReferralUrgency(
        referral_id=referral.id,
        level=level.id,
        deadline_at=timescale.deadline,
        remind_at=timescale.remind_at,
        escalate_at=timescale.escalate_at,
        set_by=actor.person_id,
        set_at=ctx.now,
        reason=reason,
        replaces_id=previous.id if previous else None,
    )
    ctx.session.add(row)
    referral.rag_level = level.id
    referral.deadline_at = timescale.deadline
    referral.remind_at = timescale.remind_at
    referral.escalate_at = timescale.escalate_at
    ctx.session.flush()
    ctx.audit(
        actor,
        "urgency_set",
        loaded.reference,
        urgency_id=row.id,
        level=level.id,
        previous=previous.level if previous else None,
        deadline=timescale.deadline.isoformat(),
    )
    referrals.refresh_card(ctx, loaded, f"urgency-{row.id}")
    out_of_hours.alert_if_closed(ctx, loaded, level, timescale.deadline)
    return UrgencySet(
        loaded.reference, level.label, timescale.deadline, timescale.deadline <= ctx.now
    )
