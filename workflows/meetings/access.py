"""Who may do what with meetings: chairs, deputies and admins run them; members read agendas.

Refusals are audited and raised as a reason with what was wanted; `messages/problems.py` words
them for each platform.
"""

from __future__ import annotations

from typing import Any, NoReturn

from storage.models import Meeting, MeetingSeries
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, Reason, Task
from workflows.partnership import Role

NOT_CHAIR = Reason.MEETING_CHAIRS_ONLY  # schedule, edit a series, post an agenda, record minutes
NOT_MEMBER = Reason.MEETING_MEMBERS_ONLY  # see an agenda or download the full document


def _runs(actor: Actor, chair_id: str | None, deputy_id: str | None) -> bool:
    return (
        actor.has(Role.ADMIN)
        or actor.has(Role.MASE_CHAIR)
        or actor.person_id in {chair_id, deputy_id}
    )


def may_run_series(actor: Actor, series: MeetingSeries | None) -> bool:
    """Chairs and deputies (of the series or by role) and admins run MASE meetings."""
    if series is None:
        return actor.has(Role.ADMIN) or actor.has(Role.MASE_CHAIR)
    return _runs(actor, series.chair_id, series.deputy_id)


def may_read_series(actor: Actor, series: MeetingSeries) -> bool:
    return may_run_series(actor, series) or actor.person_id in series.members


def may_run_meeting(actor: Actor, meeting: Meeting) -> bool:
    return _runs(actor, meeting.chair_id, meeting.deputy_id)


def may_read_meeting(actor: Actor, meeting: Meeting, series: MeetingSeries | None) -> bool:
    if may_run_meeting(actor, meeting) or actor.person_id in meeting.invitees:
        return True
    return series is not None and may_read_series(actor, series)


def refuse(
    ctx: Context, actor: Actor, subject: str | None, wanted: str, reason: Reason, **facts: Any
) -> NoReturn:
    """Audit the refusal (the unit of work keeps it) and raise it for the person to read."""
    ctx.audit(actor, "meeting_refused", subject, wanted=wanted, reason=reason.value)
    raise AccessDenied(reason, task=Task(wanted), **facts)
