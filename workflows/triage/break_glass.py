"""Break-glass: a MASH worker outside a case's area may open it only with a reason, and the
area's MASH managers (its decision makers) are told at once; the view is marked in the audit log.

The reason arrives as a command argument or a console prompt for now; a form from the screen
model can supply the same `reason` later without changing this module.
"""

from __future__ import annotations

from workflows.context import Actor, Context
from workflows.errors import AccessDenied, Reason
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.partnership import Role
from workflows.triage import access

MIN_REASON = 10
BREAK_GLASS = "break_glass_view"


def open_for_viewing(
    ctx: Context, actor: Actor, reference: str, wanted: str, reason: str | None
) -> access.Loaded:
    """The referral for a look: in-area MASH as usual, out-of-area MASH only with a reason.

    Without a reason, a MASH worker hears the same for another area's referral as for one
    that does not exist, and how to open it in an emergency.
    """
    typed = access.normalise(reference)
    loaded = access.lookup(ctx, typed)
    out_of_area = loaded is None or not actor.covers_area(loaded.referral.area_id)
    given = (reason or "").strip()
    if not actor.is_mash or not out_of_area:
        return access.for_mash(ctx, actor, reference, wanted)
    if len(given) < MIN_REASON:
        subject = loaded.reference if loaded else None
        extra = {} if loaded else {"reference": typed}
        why = Reason.BREAK_GLASS_NEEDS_REASON
        ctx.audit(actor, "access_refused", subject, wanted=wanted, reason=why.value, **extra)
        raise AccessDenied(why, ref=typed)
    if loaded is None:
        access.refuse_miss(ctx, actor, typed, wanted)
    area = ctx.partnership.area(loaded.referral.area_id)
    reason = given
    ctx.audit(actor, BREAK_GLASS, loaded.reference, wanted=wanted, reason=reason)
    managers = ctx.partnership.people_with(Role.MASH_DECISION_MAKER, area.id)
    for manager in managers:
        ctx.send(
            Outgoing(
                MessageKind.BREAK_GLASS_ALERT,
                Recipient.person(manager.id),
                key=f"break-glass:{loaded.reference}:{actor.person_id}:{ctx.now.isoformat()}"
                f":{manager.id}",
                facts={
                    "reference": loaded.reference,
                    "area_name": area.name,
                    "viewer_name": actor.name,
                    "reason": reason,
                    "at": ctx.now.isoformat(),
                },
            )
        )
    return loaded
