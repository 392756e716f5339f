"""A Red referral while the MASH is closed goes at once to the area's emergency duty team.

Red means a child may be at immediate risk; out of hours the emergency duty team (EDT) acts, so it
is told at once, with the MASH number and what to do, and so is the MASH channel. The message
carries the reference, area, urgency and reporting agency only: never the child.
"""

from __future__ import annotations

from datetime import datetime

from workflows.context import Context
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.triage.access import Loaded
from workflows.triage.timescales import rag_facts
from workflows.triage_settings import RagLevel
from workflows.working_time import calendar_for

SYSTEM = "mashbot"


def alert_if_closed(ctx: Context, loaded: Loaded, level: RagLevel, deadline: datetime) -> bool:
    """Tell the EDT and the MASH when a worked-through (Red) rating lands out of hours."""
    if not level.worked_through or calendar_for(ctx.partnership).is_working_time(ctx.now):
        return False
    concern = loaded.concern
    area = ctx.partnership.area(concern.area_id)
    contact = area.out_of_hours_contact
    facts = {
        "reference": loaded.reference,
        "area_name": area.name,
        **rag_facts(level),
        "agency_name": ctx.partnership.agency(concern.reporter_agency_id).name,
        "received_at": concern.received_at.isoformat(),
        "deadline_at": deadline.isoformat(),
        "mash_phone": area.mash_phone,
        "out_of_hours_phone": area.out_of_hours_phone,
        "emergency_number": ctx.partnership.emergency_number,
        "contact_name": contact.name if contact else None,
    }
    targets: list[tuple[Recipient, bool]] = []
    if contact is not None:
        to = (
            Recipient.channel(contact.channel)
            if contact.channel
            else Recipient.person(str(contact.person))
        )
        targets.append((to, False))
    targets.append((Recipient.channel(concern.mash_channel), True))
    for to, for_mash in targets:
        ctx.send(
            Outgoing(
                MessageKind.RED_OUT_OF_HOURS,
                to,
                key=f"referral:{loaded.reference}:out-of-hours:{to.type.value}:{to.id}",
                facts=facts | {"for_mash": for_mash},
            )
        )
    ctx.audit(
        SYSTEM,
        "out_of_hours_alerted",
        loaded.reference,
        to=[to.id for to, _ in targets],
        level=level.id,
    )
    return True
